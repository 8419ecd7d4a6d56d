// What a root session needs from you (store/attention.ts): waiting while anything in it waits for an answer;
// unread once a run in it (its own, or a sub-agent's: they roll up) ended after you last looked — your own look,
// or on OpenCode 2 the server's `time.viewed` against `time.idle` (packages/schema/src/session.ts@1066927).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SessionInfo } from '../../src/store/events';
import { rootAttention, rootOf } from '../../src/store/attention';
import { SessionStore } from '../../src/store/sessionStore';

function store(...infos: Array<Partial<SessionInfo> & { id: string }>): SessionStore {
  const s = new SessionStore();
  for (const info of infos)
    s.apply({
      type: 'session.upsert',
      info: { title: info.id, directory: '/w', ...info, time: { created: 1, updated: 100, ...info.time } },
    });
  return s;
}

describe('attention of a root session', () => {
  test('1.x: read until something ends after the look; a sub-agent’s end rolls up into its root', () => {
    const s = store({ id: 'root' }, { id: 'child', parentID: 'root', time: { created: 1, updated: 100 } });
    assert.equal(rootAttention(s, 'root', undefined), undefined, 'never looked at, never seen running: read');
    assert.equal(rootAttention(s, 'root', 150), undefined, 'looked at after its last activity');
    s.apply({
      type: 'session.upsert',
      info: { id: 'child', parentID: 'root', title: 'c', directory: '/w', time: { created: 1, updated: 200 } },
    });
    assert.equal(rootAttention(s, 'root', 150), 'unread', 'the sub-agent ran after the look');
    assert.equal(rootOf(s, 'child'), 'root');
  });

  test('waiting wins, and a running session is neither waiting nor unread until it ends', () => {
    const s = store({ id: 'root' }, { id: 'child', parentID: 'root' });
    s.apply({ type: 'session.status', sessionID: 'root', status: { type: 'busy' } });
    assert.equal(rootAttention(s, 'root', 50), undefined);
    s.apply({
      type: 'request.asked',
      request: { kind: 'permission', id: 'per_1', sessionID: 'child', permission: 'bash', patterns: ['x'], always: [], metadata: {} },
    });
    assert.equal(rootAttention(s, 'root', 50), 'waiting', 'a sub-agent waits: its root waits');
    s.apply({ type: 'request.closed', sessionID: 'child', id: 'per_1' });
    s.apply({ type: 'session.status', sessionID: 'root', status: { type: 'idle' } });
    assert.equal(rootAttention(s, 'root', 50), 'unread');
  });

  test('OpenCode 2: the server’s time.idle against time.viewed decides, whoever viewed it', () => {
    const ended = store({ id: 'r', time: { created: 1, updated: 100, idle: 90 } });
    assert.equal(rootAttention(ended, 'r', undefined), 'unread', 'ended and never viewed by any client');
    const viewed = store({ id: 'r', time: { created: 1, updated: 100, idle: 90, viewed: 90 } });
    assert.equal(rootAttention(viewed, 'r', undefined), undefined, 'another client viewed that run');
    const later = store({ id: 'r', time: { created: 1, updated: 300, idle: 200, viewed: 90 } });
    assert.equal(rootAttention(later, 'r', undefined), 'unread', 'a later run ended after that view');
    assert.equal(rootAttention(later, 'r', 250), undefined, 'looked at here since');
  });

  test('archived sessions are never unread', () => {
    const s = store({ id: 'r', time: { created: 1, updated: 100, idle: 90, archived: 95 } });
    assert.equal(rootAttention(s, 'r', undefined), undefined);
  });
});
