// What the budget guard reads of the stores: busy sessions only, each with its tree's root and the tree's
// spend (root and every descendant once), where the root is too, across servers with the same session ids.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BudgetGuard } from '../../../src/store/budgetGuard';
import { guardedSessions } from '../../../src/store/guardedSessions';
import { sessionKey } from '../../../src/store/sessionKey';
import { SessionStore } from '../../../src/store/sessionStore';
import { busy, feed, sessionEvent, sessionInfo } from '../helpers/factories';

function store(): SessionStore {
  const s = new SessionStore();
  feed(
    s,
    sessionEvent('session.created', sessionInfo({ id: 'root', cost: 1 })),
    sessionEvent('session.created', sessionInfo({ id: 'child', parentID: 'root', cost: 0.5 })),
    sessionEvent('session.created', sessionInfo({ id: 'grandchild', parentID: 'child', cost: 0.25 })),
    sessionEvent('session.created', sessionInfo({ id: 'idle', cost: 9 })),
    busy('grandchild'),
  );
  return s;
}

describe('guardedSessions', () => {
  test('busy sessions only, with their root and the whole tree spend; the idle root is still found', () => {
    const found = guardedSessions([
      { serverId: 'a', sessions: store() },
      { serverId: 'b', sessions: new SessionStore() },
    ]);
    const [g, r] = [sessionKey('a', 'grandchild'), sessionKey('a', 'root')];
    assert.deepEqual(found.sessions, [{ key: g, rootKey: r, busy: true }]);
    assert.deepEqual([...found.treeCost], [[r, 1.75]]);
    assert.deepEqual(found.where.get(r), { serverId: 'a', id: 'root' });
    assert.deepEqual(found.where.get(g), { serverId: 'a', id: 'grandchild' });
  });

  test('a session whose run ended since the last check counts once, idle now; one running again, or gone, not twice', () => {
    const s = store();
    const ended = guardedSessions([{ serverId: 'a', sessions: s, ended: ['idle', 'grandchild', 'gone'] }]);
    const [g, i] = [sessionKey('a', 'grandchild'), sessionKey('a', 'idle')];
    assert.deepEqual(
      ended.sessions.map((x) => x.key),
      [g, i],
      'the running one once, the ended one, not the one the store no longer holds',
    );
    assert.equal(ended.treeCost.get(i), 9);
    assert.deepEqual(ended.where.get(i), { serverId: 'a', id: 'idle' });
  });

  test('the guard treats a session left out as idle: a stopped one that went idle is stopped again when it next runs', () => {
    const guard = new BudgetGuard();
    const limits = { session: 1, hour: 0, day: 0, week: 0 };
    const running = {
      mode: 'abort' as const,
      limits,
      windows: { hour: 0, day: 0, week: 0 },
      treeCost: new Map([['r', 2]]),
      sessions: [{ key: 'g', rootKey: 'r', busy: true }],
    };
    assert.deepEqual(guard.decide(running).abort, ['g']);
    assert.deepEqual(guard.decide(running).abort, [], 'once per run');
    assert.deepEqual(guard.decide({ ...running, sessions: [] }).abort, [], 'idle: left out');
    assert.deepEqual(guard.decide(running).abort, ['g'], 'it runs again');
  });
});
