// The active session from each frame's report: a frame is news only when the target is another or it was
// touched; the most recently active session is kept from the sessions changed, not a scan of every session.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ActiveFollow, type FrameChange } from '../../../src/store/activeFollow';
import { parseEvent } from '../../../src/client/v1/events';
import { SessionStore } from '../../../src/store/sessionStore';
import { SpendWatch } from '../../../src/store/spendMoved';
import type { StoreChange } from '../../../src/store/storeChange';

interface Server {
  config: { id: string };
  sessions: SessionStore;
}

const server = (id: string): Server => ({ config: { id }, sessions: new SessionStore() });

function event(type: string, id: string, updated: number, cost = 0, parentID?: string) {
  return parseEvent({
    directory: '/w',
    payload: {
      type,
      properties: {
        sessionID: id,
        info: {
          id,
          parentID,
          title: `S ${id}`,
          directory: '/w',
          cost,
          tokens: { input: 0, output: 0, reasoning: 0, cache: { read: 0, write: 0 } },
          time: { created: 1, updated },
        },
      },
    },
  })!;
}

/** One frame: each event applied to its server's store, the changes as the sessions model hands them over. */
function frame(events: Array<[Server, ReturnType<typeof event>]>, servers = false): FrameChange<Server> {
  const sessions = new Map<Server, StoreChange>();
  for (const [s, e] of events) {
    const change = s.sessions.apply(e);
    const known = sessions.get(s);
    if (!known) sessions.set(s, change);
    else {
      for (const id of change.changed) known.changed.add(id);
      for (const id of change.removed) known.removed.add(id);
      for (const p of change.structure) known.structure.add(p);
    }
  }
  return { sessions, states: new Set(), servers };
}

const deleted = (id: string) =>
  parseEvent({
    directory: '/w',
    payload: {
      type: 'session.deleted',
      properties: { sessionID: id, info: { id, title: '', directory: '/w', time: { created: 1, updated: 1 } } },
    },
  })!;

describe('ActiveFollow', () => {
  test('no pick: the most recently active session on any server, kept from what frames report changed', () => {
    const a = server('a');
    const b = server('b');
    const follow = new ActiveFollow(() => [a, b], undefined);
    const first = frame(
      [
        [a, event('session.created', 'a1', 1000)],
        [b, event('session.created', 'b1', 2000)],
      ],
      true,
    );
    assert.equal(follow.frame(first)?.target?.record.info.id, 'b1');
    // a1 moves on long after b1 ended: it is the newest now (followed sessions stay only while live or recent).
    const news = follow.frame(frame([[a, event('session.updated', 'a1', 5000)]]));
    assert.equal(news?.target?.record.info.id, 'a1');
    assert.equal(news?.target?.connection, a);
  });

  test('a frame that touches only other sessions is no news; one that touches the target is', () => {
    const a = server('a');
    const follow = new ActiveFollow(() => [a], { serverId: 'a', sessionId: 'shown' });
    follow.frame(
      frame(
        [
          [a, event('session.created', 'shown', 1000)],
          [a, event('session.created', 'busy', 2000)],
        ],
        true,
      ),
    );
    for (let k = 0; k < 50; k++)
      assert.equal(follow.frame(frame([[a, event('session.updated', 'busy', 3000 + k)]])), undefined, 'a neighbour streams');
    const touched = follow.frame(frame([[a, event('session.updated', 'shown', 9000, 0.5)]]));
    assert.equal(touched?.target?.record.info.id, 'shown');
    assert.equal(touched?.target?.picked, true);
  });

  test("a sub-agent's spending reaches its parent's view (ancestors are reported changed)", () => {
    const a = server('a');
    const follow = new ActiveFollow(() => [a], { serverId: 'a', sessionId: 'root' });
    follow.frame(
      frame(
        [
          [a, event('session.created', 'root', 1000)],
          [a, event('session.created', 'child', 1000, 0, 'root')],
        ],
        true,
      ),
    );
    assert.equal(follow.frame(frame([[a, event('session.updated', 'child', 2000, 0.25, 'root')]]))?.target?.record.info.id, 'root');
  });

  test('the picked session removed: back to the newest, and that is news', () => {
    const a = server('a');
    const follow = new ActiveFollow(() => [a], { serverId: 'a', sessionId: 'p' });
    follow.frame(
      frame(
        [
          [a, event('session.created', 'p', 1000)],
          [a, event('session.created', 'q', 500)],
        ],
        true,
      ),
    );
    const news = follow.frame(frame([[a, deleted('p')]]));
    assert.equal(news?.target?.record.info.id, 'q');
    assert.equal(news?.target?.picked, false);
  });

  test('the newest removed: the next newest (the one case that scans again)', () => {
    const a = server('a');
    const follow = new ActiveFollow(() => [a], undefined);
    follow.frame(
      frame(
        [
          [a, event('session.created', 'old', 1000)],
          [a, event('session.created', 'new', 2000)],
        ],
        true,
      ),
    );
    assert.equal(follow.get()?.record.info.id, 'new');
    assert.equal(follow.frame(frame([[a, deleted('new')]]))?.target?.record.info.id, 'old');
  });
});

describe('SpendWatch', () => {
  test('moves when a changed session spent or one was removed, not when only its row changed', () => {
    const a = server('a');
    const watch = new SpendWatch<Server>();
    assert.equal(watch.moved(frame([[a, event('session.created', 's', 1000)]]).sessions), false, 'new, nothing spent');
    assert.equal(watch.moved(frame([[a, event('session.updated', 's', 2000)]]).sessions), false, 'activity, no spending');
    assert.equal(watch.moved(frame([[a, event('session.updated', 's', 3000, 0.1)]]).sessions), true, 'spent');
    assert.equal(watch.moved(frame([[a, event('session.updated', 's', 4000, 0.1)]]).sessions), false, 'the same figures again');
    assert.equal(watch.moved(frame([[a, event('session.created', 't', 4000, 2)]]).sessions), true, 'a new session that had spent');
    assert.equal(watch.moved(frame([[a, deleted('t')]]).sessions), true, 'removed');
  });

  test('what had spent before the watch started is counted already: its row changing is no spending', () => {
    const a = server('a');
    frame([[a, event('session.created', 'old', 1000, 3)]]);
    const watch = new SpendWatch([a]);
    assert.equal(watch.moved(frame([[a, event('session.updated', 'old', 2000, 3)]]).sessions), false);
    assert.equal(watch.moved(frame([[a, event('session.updated', 'old', 3000, 4)]]).sessions), true);
  });
});
