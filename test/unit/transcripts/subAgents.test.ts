// The sub-agents a transcript's header lists: the first ones in tree order (children oldest first, each followed by
// its own), at most SUB_AGENTS_SHOWN of them, then how many more; the same list whatever order the server sent them in.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { subAgentsOf, SUB_AGENTS_SHOWN } from '../../../src/features/transcripts/subAgents';
import { renderTranscript } from '../../../src/features/transcripts/transcriptMarkdown';
import { SessionStore } from '../../../src/store/sessionStore';

function storeOf(sessions: Array<{ id: string; parent?: string; created: number }>): SessionStore {
  const store = new SessionStore();
  store.apply({ type: 'session.upsert', info: { id: 'root', title: 'r', directory: '/w', time: { created: 0, updated: 0 } } });
  for (const { id, parent, created } of sessions)
    store.apply({
      type: 'session.upsert',
      info: { id, parentID: parent ?? 'root', title: id, directory: '/w', time: { created, updated: created } },
    });
  return store;
}

describe('sub-agents listed in a transcript', () => {
  test('tree order: each child oldest first, followed by its own children', () => {
    const store = storeOf([
      { id: 'b', created: 2 },
      { id: 'a', created: 1 },
      { id: 'a2', parent: 'a', created: 4 },
      { id: 'a1', parent: 'a', created: 3 },
      { id: 'a1x', parent: 'a1', created: 5 },
    ]);
    const { shown, total } = subAgentsOf(store, 'root');
    assert.deepEqual(
      shown.map((s) => `${s.sessionId}:${s.depth}`),
      ['a:1', 'a1:2', 'a1x:3', 'a2:2', 'b:1'],
    );
    assert.equal(total, 5);
  });

  test('100 000 children: the oldest SUB_AGENTS_SHOWN listed in order (sent newest first), the rest counted', () => {
    const n = 100_000;
    const sessions = [];
    for (let i = n - 1; i >= 0; i--) sessions.push({ id: `c${String(i).padStart(6, '0')}`, created: i });
    const store = storeOf(sessions);
    const { shown, total } = subAgentsOf(store, 'root');
    assert.equal(total, n);
    assert.equal(shown.length, SUB_AGENTS_SHOWN);
    assert.deepEqual(
      shown.map((s) => s.sessionId),
      Array.from({ length: SUB_AGENTS_SHOWN }, (_, i) => `c${String(i).padStart(6, '0')}`),
    );
  });

  test('the cap holds across levels: a deep first child fills the list before its later siblings', () => {
    const sessions = [
      { id: 'x', created: 1 },
      { id: 'y', created: 2 },
    ];
    for (let i = 0; i < 10; i++) sessions.push({ id: `x${i}`, parent: 'x', created: 10 + i } as never);
    const { shown, total } = subAgentsOf(storeOf(sessions), 'root', 4);
    assert.deepEqual(
      shown.map((s) => s.sessionId),
      ['x', 'x0', 'x1', 'x2'],
    );
    assert.equal(total, 12);
  });

  test('the header lists what is shown and says how many more there are', () => {
    const { text, children } = renderTranscript(
      {
        title: 'T',
        server: 's',
        directory: '/w',
        sessionId: 'root',
        descendants: [{ sessionId: 'c1', depth: 1 }],
        descendantCount: 100_000,
      },
      [],
    );
    assert.equal(children.length, 1);
    assert.match(text, /_…and 99,999 more sub-agents \(the Sessions view lists every one\)\._/);
  });
});
