// The usage panel's timeline feed: every lane of the tree at first, then only the lanes a frame changed, the ids of
// those gone, and nothing for sessions outside the tree.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Emitter } from '../../../src/base/emitter';
import { TimelineFeed } from '../../../src/features/usage/timelineFeed';
import type { SessionInfo } from '../../../src/store/events';
import { SessionStore } from '../../../src/store/sessionStore';
import { emptyChange, type StoreChange } from '../../../src/store/storeChange';

const info = (id: string, parentID?: string): SessionInfo => ({
  id,
  title: id,
  directory: '/w',
  ...(parentID && { parentID }),
  time: { created: 1, updated: 1 },
});

describe('TimelineFeed', () => {
  test('all lanes first; then the changed ones of the tree, and the removed', async () => {
    const store = new SessionStore(() => 5);
    store.loadSnapshot([info('R'), info('A', 'R'), info('B', 'A'), info('X')], {});
    const changes = new Emitter<StoreChange>();
    const loaded: string[] = [];
    let told = 0;
    const feed = new TimelineFeed(
      { sessions: store, loadAllMessages: (id: string) => Promise.resolve(void loaded.push(id)) },
      'R',
      changes.event,
      () => told++,
    );
    feed.start();
    await feed.readDescendants();
    assert.deepEqual(loaded.sort(), ['A', 'B'], "the descendants' messages are read");
    assert.deepEqual(
      feed.take(false).lanes.map((l) => l.id),
      ['R', 'A', 'B'],
    );
    const change = (ids: string[], removed: string[] = []) =>
      changes.fire({ ...emptyChange(), changed: new Set(ids), removed: new Set(removed) });
    change(['X']);
    assert.equal(told, 0, 'a session outside the tree is not the timeline’s');
    change(['B']);
    assert.equal(told, 1);
    const delta = feed.take(false);
    assert.deepEqual([delta.full, delta.lanes.map((l) => l.id), delta.removed], [false, ['B'], []]);
    // A step on B: its lane goes with its new bar only (the page keeps the ones before it); its ancestors' rows
    // changed (their totals), their lanes go with no bar.
    const step = (id: string, created: number) =>
      changes.fire(
        store.apply({
          type: 'message.assistant',
          info: { id, sessionID: 'B', role: 'assistant', cost: 0.1, time: { created, completed: created + 1 } },
        }),
      );
    for (let i = 0; i < 5; i++) step(`b${i}`, 10 + i);
    assert.equal(feed.take(false).lanes.find((l) => l.id === 'B')?.bars.length, 5);
    step('b5', 20);
    assert.deepEqual(
      feed
        .take(false)
        .lanes.map((l) => [l.id, l.barsFrom, l.bars.map((b) => b.messageID)])
        .sort(),
      [
        ['A', 0, []],
        ['B', 4, ['b4', 'b5']],
        ['R', 0, []],
      ],
    );
    store.apply({ type: 'session.deleted', sessionID: 'B' });
    change([], ['B']);
    assert.deepEqual(feed.take(false), { full: false, lanes: [], removed: ['B'] });
    assert.equal(feed.take(true).full, true);
    feed.dispose();
  });

  test("follows the tree's shape: a sub-agent listed before its parent comes with it, a session moved out goes with its own", () => {
    const store = new SessionStore(() => 5);
    store.loadSnapshot([info('R'), info('A', 'R')], {});
    const changes = new Emitter<StoreChange>();
    const feed = new TimelineFeed({ sessions: store, loadAllMessages: () => Promise.resolve() }, 'R', changes.event, () => undefined);
    feed.start();
    assert.deepEqual(
      feed.take(false).lanes.map((l) => l.id),
      ['R', 'A'],
    );
    // C's parent P is not known yet: C is no lane of the tree.
    changes.fire(store.apply({ type: 'session.upsert', info: info('C', 'P') }));
    assert.deepEqual(feed.take(false).lanes, []);
    // P comes, under A: C comes with it.
    changes.fire(store.apply({ type: 'session.upsert', info: info('P', 'A') }));
    const added = feed.take(false).lanes.map((l) => l.id);
    assert.ok(added.includes('P') && added.includes('C'), added.join());
    // P moves out of the tree (a root of its own): its lane and C's go from the page.
    changes.fire(store.apply({ type: 'session.upsert', info: info('P') }));
    const delta = feed.take(false);
    assert.deepEqual(delta.removed.sort(), ['C', 'P']);
    assert.ok(!delta.lanes.some((l) => l.id === 'P' || l.id === 'C'), delta.lanes.map((l) => l.id).join());
  });

  test('a lane built in slices that leaves the tree and comes back meanwhile is not kept as built (its changes went unfollowed)', () => {
    const T = 1_700_000_000_000;
    const store = new SessionStore(() => T + 1e6);
    store.loadSnapshot([info('R'), info('X')], {});
    const changes = new Emitter<StoreChange>();
    const feed = new TimelineFeed({ sessions: store, loadAllMessages: () => Promise.resolve() }, 'R', changes.event, () => undefined);
    feed.start();
    const msg = (sid: string, i: number, cost = 0.01) =>
      ({
        type: 'message.assistant',
        info: {
          id: `${sid}_${String(i).padStart(5, '0')}`,
          sessionID: sid,
          role: 'assistant',
          cost,
          time: { created: T + i * 10, completed: T + i * 10 + 5 },
        },
      }) as const;
    changes.fire(store.apply(msg('R', 0)));
    feed.take(true, T + 1e6);
    changes.fire(store.apply({ type: 'session.upsert', info: { ...info('A', 'R'), time: { created: T, updated: T } } }));
    for (let i = 0; i < 3000; i++) changes.fire(store.apply(msg('A', i)));
    const steps = feed.warmSteps(T + 1e6);
    steps.next();
    steps.next();
    // Out of the tree, a message changes (not followed there), and back.
    changes.fire(store.apply({ type: 'session.upsert', info: { ...info('A', 'X'), time: { created: T, updated: T + 1 } } }));
    changes.fire(store.apply(msg('A', 7, 5)));
    changes.fire(store.apply({ type: 'session.upsert', info: { ...info('A', 'R'), time: { created: T, updated: T + 2 } } }));
    for (const _ of steps);
    const lane = feed.take(false, T + 1e6).lanes.find((l) => l.id === 'A')!;
    assert.equal(lane.barsFrom ?? 0, 0);
    assert.equal(lane.bars[7].usage.cost, 5);
    assert.equal(lane.cost.toFixed(2), '34.99');
  });
});
