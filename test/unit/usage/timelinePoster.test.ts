// The timeline's posts to the page (timelinePoster.ts): a long take goes in pieces, one per turn of the event loop
// (stepped by hand here); what changes meanwhile goes once they are all out; the page fed the posts holds every
// lane as built whole.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Emitter } from '../../../src/base/emitter';
import type { TimelineDelta } from '../../../src/features/usage/timelineFeed';
import { TimelineFeed } from '../../../src/features/usage/timelineFeed';
import { splitTake, TimelinePoster } from '../../../src/features/usage/timelinePoster';
import { modelName } from '../../../src/present/modelName';
import { sessionTitle } from '../../../src/present/sessionTitle';
import type { SessionInfo } from '../../../src/store/events';
import { SessionStore } from '../../../src/store/sessionStore';
import type { StoreChange } from '../../../src/store/storeChange';
import { timelineLane } from '../../../src/store/timeline/timelineLanes';
import { TimelineState } from '../../../webview/timelineState';

const T = 1_700_000_000_000;
const NAMES = { model: modelName, title: sessionTitle };
const info = (id: string, parentID?: string): SessionInfo => ({
  id,
  title: id,
  directory: '/w',
  ...(parentID && { parentID }),
  time: { created: T, updated: T },
});

function scene(steps: number) {
  const store = new SessionStore(() => T);
  store.loadSnapshot([info('R'), info('A', 'R')], {});
  const changes = new Emitter<StoreChange>();
  const step = (session: string, i: number) =>
    changes.fire(
      store.apply({
        type: 'message.assistant',
        info: {
          id: `${session}${String(i).padStart(6, '0')}`,
          sessionID: session,
          role: 'assistant',
          cost: 0.01,
          time: { created: T + i * 10, completed: T + i * 10 + 5 },
        },
      }),
    );
  for (let i = 0; i < steps; i++) step('A', i);
  step('R', 0);
  const feed = new TimelineFeed({ sessions: store, loadAllMessages: () => Promise.resolve() }, 'R', changes.event, () => undefined);
  feed.start();
  const sent: TimelineDelta[] = [];
  const page = new TimelineState();
  const turns: Array<() => void> = [];
  const poster = new TimelinePoster(
    feed,
    (delta) => {
      sent.push(delta);
      page.apply({ type: 'timeline', rootId: 'R', now: T, budgets: {}, ...delta });
    },
    (run) => turns.push(run),
    () => T + 1e9,
  );
  /** The page holds each lane as built whole. */
  const whole = () => {
    for (const id of ['R', 'A'])
      assert.deepEqual(
        page.timeline!.lanes.find(({ lane }) => lane.id === id)?.lane,
        timelineLane(store.get(id)!, { now: T + 1e9, names: NAMES }),
        `lane ${id}`,
      );
  };
  /** Until the warm's slices are done (a promise), then every turn asked for. */
  const settle = async () => {
    for (let i = 0; i < 100 && !sent.length; i++) await new Promise((resolve) => setImmediate(resolve));
    while (turns.length) turns.shift()!();
  };
  return { feed, poster, sent, turns, step, whole, settle };
}

describe('TimelinePoster', () => {
  test('a take of many bars goes in pieces of at most MAX_POST_BARS, one per turn, each after the bars before it', async () => {
    const { poster, sent, turns, whole } = scene(20_000);
    poster.post(true);
    for (let i = 0; i < 100 && !sent.length; i++) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(sent.length, 1, 'the first piece at once, the next at the next turn');
    assert.equal(sent[0].full, true);
    while (turns.length) turns.shift()!();
    assert.deepEqual(
      sent.map((d) => [d.full, d.lanes.map((l) => [l.id, l.barsFrom, l.bars.length])]),
      [
        [
          true,
          [
            ['R', undefined, 1],
            ['A', undefined, 7999],
          ],
        ],
        [false, [['A', 7999, 8000]]],
        [false, [['A', 15_999, 4001]]],
      ],
    );
    whole();
  });

  test('a step while the pieces go is posted after the last of them, as its new bar', async () => {
    const { poster, sent, turns, step, whole } = scene(20_000);
    poster.post(true);
    for (let i = 0; i < 100 && !sent.length; i++) await new Promise((resolve) => setImmediate(resolve));
    step('A', 20_000);
    poster.post(false);
    assert.equal(sent.length, 1, 'nothing more while the take goes');
    poster.post(false);
    while (turns.length) turns.shift()!();
    assert.equal(sent.length, 4, 'the three pieces, then the step, once');
    // A's new bar and the one before it (it may have stopped running); R's totals moved (its one bar goes again).
    assert.deepEqual(
      sent[3].lanes.map((l) => [l.id, l.barsFrom, l.bars.length]),
      [
        ['A', 19_999, 2],
        ['R', 0, 1],
      ],
    );
    whole();
  });

  test('every lane asked for while the pieces go is posted whole after them', async () => {
    const { poster, sent, whole, settle } = scene(9000);
    poster.post(true);
    poster.post(true);
    await settle();
    assert.deepEqual(
      sent.map((d) => d.full),
      [true, false, true, false],
    );
    whole();
  });

  test('a poster disposed while its pieces go posts no more', async () => {
    const { poster, sent, turns } = scene(20_000);
    poster.post(true);
    for (let i = 0; i < 100 && !sent.length; i++) await new Promise((resolve) => setImmediate(resolve));
    poster.dispose();
    while (turns.length) turns.shift()!();
    poster.post(true);
    assert.equal(sent.length, 1);
  });

  test('splitTake: a whole lane, a lane from its barsFrom, an empty lane and the removed ids', () => {
    const bar = (k: number) => ({ messageID: `m${k}` }) as never;
    const lane = (id: string, n: number, barsFrom?: number) =>
      ({
        id,
        title: id,
        created: T,
        bars: Array.from({ length: n }, (_, k) => bar(k)),
        marks: [],
        cost: 0,
        ...(barsFrom !== undefined && { barsFrom }),
      }) as never;
    const posts = splitTake({ full: false, lanes: [lane('A', 5), lane('B', 3, 10), lane('C', 0)], removed: ['X'] }, 4);
    assert.deepEqual(
      posts.map((p) => [p.full, p.removed, p.lanes.map((l) => [l.id, l.barsFrom, l.bars.map((b) => b.messageID).join()])]),
      [
        [false, ['X'], [['A', undefined, 'm0,m1,m2,m3']]],
        [
          false,
          [],
          [
            ['A', 4, 'm4'],
            ['B', 10, 'm0,m1,m2'],
          ],
        ],
        [false, [], [['C', undefined, '']]],
      ],
    );
  });
});
