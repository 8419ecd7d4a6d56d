// The one extension point for what marks a session (src/app/sessions/sessionDecorations.ts): a session's marks in
// the order the providers were registered, every root once under its first mark for the badge, each provider's
// change heard while the decorations live, and what a provider holds disposed with them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Emitter } from '../../../src/base/emitter';
import type { ServerConnection } from '../../../src/client/serverConnection';
import { SessionDecorations, type MarkGroup, type SessionDecorationProvider } from '../../../src/app/sessions/sessionDecorations';
import type { SessionRef } from '../../../src/store/sessionRef';

const server = { config: { id: 'srv' } } as ServerConnection;

function provider(group: MarkGroup, marked: string[]): SessionDecorationProvider & { changed: Emitter<readonly SessionRef[]> } {
  const changed = new Emitter<readonly SessionRef[]>();
  return {
    changed,
    onDidChange: changed.event,
    decorate: (_c, id) => (marked.includes(id) ? { group, words: `${group} ${id}`, described: group !== 'unread' } : undefined),
    roots: () => marked.map((sessionId) => ({ connection: server, sessionId, group })),
  };
}

describe('SessionDecorations', () => {
  test('a session reads its marks in the order the providers were registered; the badge reads each root once', () => {
    const decorations = new SessionDecorations();
    decorations.register(provider('paused', ['A']));
    decorations.register(provider('waiting', ['A', 'B']));
    decorations.register(provider('unread', ['C']));
    assert.deepEqual(
      decorations.of(server, 'A').map((m) => m.words),
      ['paused A', 'waiting A'],
    );
    assert.deepEqual(decorations.of(server, 'D'), []);
    assert.deepEqual(
      decorations.roots().map((r) => [r.sessionId, r.group]),
      [
        ['A', 'paused'],
        ['B', 'waiting'],
        ['C', 'unread'],
      ],
    );
    assert.deepEqual(
      decorations.roots('waiting').map((r) => r.sessionId),
      ['A', 'B'],
    );
    decorations.dispose();
  });

  test('what a provider says changed is heard; disposed, the decorations dispose what providers hold', () => {
    const decorations = new SessionDecorations();
    let held = true;
    const paused = { ...provider('paused', ['A']), dispose: () => (held = false) };
    decorations.register(paused);
    const heard: string[] = [];
    decorations.onDidChange((refs) => heard.push(...refs.map((r) => r.sessionId)));
    paused.changed.fire([{ serverId: 'srv', sessionId: 'A' }]);
    assert.deepEqual(heard, ['A']);
    decorations.dispose();
    paused.changed.fire([{ serverId: 'srv', sessionId: 'B' }]);
    assert.deepEqual(heard, ['A']);
    assert.equal(held, false);
  });
});
