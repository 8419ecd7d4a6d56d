// The timeline's posts to the page (timelinePoster.ts): a long take goes in pieces, one per turn of the event loop
// (stepped by hand here); what changes meanwhile goes once they are all out; a failure is said and frees it for the
// next; the page fed the posts holds every lane as built whole.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Emitter } from '../../../src/base/emitter';
import type { TimelineDelta } from '../../../src/features/usage/timelineFeed';
import { TimelineFeed } from '../../../src/features/usage/timelineFeed';
import { MAX_POST_BYTES, takePieces, TimelinePoster } from '../../../src/features/usage/timelinePoster';
import { modelName } from '../../../src/present/modelName';
import { sessionTitle } from '../../../src/present/sessionTitle';
import type { SessionInfo } from '../../../src/store/events';
import { SessionStore } from '../../../src/store/sessionStore';
import type { StoreChange } from '../../../src/store/storeChange';
import { laneSteps } from '../../../src/store/timeline/timelineLanes';
import { runNow } from '../../../src/base/slices';
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
  const warned: string[] = [];
  let failing = false;
  const page = new TimelineState();
  const turns: Array<() => void> = [];
  const poster = new TimelinePoster(
    feed,
    (delta) => {
      if (failing) {
        failing = false;
        throw new Error('the webview is gone');
      }
      sent.push(delta);
      page.apply({ type: 'timeline', rootId: 'R', now: T, budgets: {}, ...delta });
    },
    (message) => warned.push(message),
    (run) => turns.push(run),
    () => T + 1e9,
  );
  /** The page holds each lane as built whole. */
  const whole = () => {
    for (const id of ['R', 'A'])
      assert.deepEqual(
        page.timeline?.lanes.find(({ lane }) => lane.id === id)?.lane,
        runNow(laneSteps(store.get(id)!, { now: T + 1e9, names: NAMES })),
        `lane ${id}`,
      );
  };
  /** Until the warm's slices are done and the first post is out (a bounded count of turns, not a time). */
  const firstPost = async () => {
    for (let i = 0; i < 100 && !sent.length; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  /** The first post, then every turn asked for. */
  const settle = async () => {
    await firstPost();
    while (turns.length) turns.shift()!();
  };
  return { feed, poster, sent, turns, step, whole, settle, firstPost, warned, failNext: () => (failing = true) };
}

describe('TimelinePoster', () => {
  test('a take of many bars goes in pieces of at most MAX_POST_BYTES, one per turn, each after the bars before it', async () => {
    const { poster, sent, turns, whole, firstPost } = scene(30_000);
    poster.post(true);
    await firstPost();
    assert.equal(sent.length, 1, 'the first piece at once, the next at the next turn');
    assert.equal(sent[0].full, true);
    while (turns.length) turns.shift()!();
    assert.ok(sent.length >= 3, `${sent.length} posts`);
    assert.deepEqual(
      sent.map((d) => d.full),
      [true, ...sent.slice(1).map(() => false)],
    );
    // Each within the budget as serialized (the estimate of a bar is not below what it weighs), and A's pieces in
    // order, each from where the one before ended.
    for (const d of sent) assert.ok(JSON.stringify(d).length <= MAX_POST_BYTES, `${JSON.stringify(d).length} bytes`);
    let had = 0;
    for (const piece of sent.flatMap((d) => d.lanes).filter((l) => l.id === 'A')) {
      assert.equal(piece.barsFrom ?? 0, had);
      had += piece.bars.length;
    }
    assert.equal(had, 30_000);
    whole();
  });

  test('a step while the pieces go is posted after the last of them, as its new bar', async () => {
    const { poster, sent, turns, step, whole, firstPost } = scene(30_000);
    poster.post(true);
    await firstPost();
    step('A', 30_000);
    poster.post(false);
    assert.equal(sent.length, 1, 'nothing more while the take goes');
    poster.post(false);
    while (turns.length) turns.shift()!();
    const pieces = sent.slice(0, -1);
    assert.equal(
      pieces.flatMap((d) => d.lanes).reduce((n, l) => n + l.bars.length, 0),
      30_001,
      'the pieces, then the step once',
    );
    // A's new bar and the one before it (it may have stopped running); R's totals moved (its one bar goes again).
    assert.deepEqual(
      sent.at(-1)!.lanes.map((l) => [l.id, l.barsFrom, l.bars.length]),
      [
        ['A', 29_999, 2],
        ['R', 0, 1],
      ],
    );
    whole();
  });

  test('every lane asked for while the pieces go is posted whole after them', async () => {
    const { poster, sent, whole, settle } = scene(30_000);
    poster.post(true);
    poster.post(true);
    await settle();
    const fulls = sent.flatMap((d, i) => (d.full ? [i] : []));
    assert.equal(fulls.length, 2);
    assert.ok(fulls[1] > 1 && fulls[1] * 2 === sent.length, `posts ${sent.map((d) => d.full).join()}`);
    whole();
  });

  test('a take or a post that throws is said, and the next one goes', async () => {
    const { poster, sent, turns, step, whole, warned, failNext } = scene(30_000);
    failNext();
    poster.post(true);
    for (let i = 0; i < 100 && !warned.length; i++) await new Promise((resolve) => setImmediate(resolve));
    while (turns.length) turns.shift()!();
    assert.deepEqual(warned, ['usage panel: the timeline could not be posted: the webview is gone']);
    assert.equal(sent.length, 0);
    step('A', 30_000);
    poster.post(true);
    while (turns.length) turns.shift()!();
    assert.ok(sent.length >= 3 && sent[0].full);
    whole();
  });

  test('a kept lane that thousands of messages reach at once (a history read in) is built again in slices', async () => {
    const { feed, poster, sent, step, whole, settle } = scene(100);
    poster.post(true);
    await settle();
    sent.length = 0;
    for (let i = 100; i < 5100; i++) step('A', i);
    assert.equal(feed.cold(false), true);
    poster.post(false);
    assert.equal(sent.length, 0, 'built in slices first');
    await settle();
    assert.equal(feed.cold(false), false);
    // The lane again from its first bar, in pieces, as the page's lane is whole.
    assert.equal(sent[0].lanes.find((l) => l.id === 'A')?.barsFrom, 0);
    whole();
  });

  test('after a post that failed, the next is of every lane (the page may lack bars the feed counted as sent)', async () => {
    const { poster, sent, turns, step, whole, warned, failNext, settle } = scene(100);
    poster.post(true);
    await settle();
    for (let i = 100; i < 103; i++) step('A', i);
    failNext();
    poster.post(false);
    assert.equal(warned.length, 1);
    step('A', 103);
    poster.post(false);
    while (turns.length) turns.shift()!();
    assert.equal(sent.at(-1)!.full, true);
    whole();
  });

  test('a history read in while lanes are built in slices is built in slices too, never in the take', async () => {
    const { feed, poster, sent, turns, step, whole } = scene(40_000);
    // The take is asked for only once nothing is left to build.
    const take = feed.take.bind(feed);
    let coldAtTake = 0;
    feed.take = (all, now) => {
      if (feed.cold(all)) coldAtTake++;
      return take(all, now);
    };
    poster.post(true);
    // While A's lane is built (its slices have begun, nothing is sent), thousands of R's messages arrive, and the
    // panel asks for a post as each change does.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(sent.length, 0);
    for (let i = 1; i < 5000; i++) step('R', i);
    poster.post(false);
    // Until the page holds every lane whole: every turn asked for, and the slices' own. Slices end by time, so a
    // loaded machine builds in more of them, with nothing sent meanwhile: a quiet spell alone is not the end (CI once
    // read the page before anything was posted); the page is compared at each quiet spell, a million turns at most.
    const holdsWhole = () => {
      try {
        whole();
        return true;
      } catch {
        return false;
      }
    };
    for (let quiet = 0, seen = -1, turn = 0; turn < 1_000_000; turn++) {
      await new Promise((resolve) => setImmediate(resolve));
      while (turns.length) turns.shift()!();
      quiet = sent.length === seen ? quiet + 1 : 0;
      seen = sent.length;
      if (quiet >= 20) {
        if (holdsWhole()) break;
        quiet = 0;
      }
    }
    assert.equal(coldAtTake, 0);
    whole();
  });

  test('a new page drops the pieces meant for the one before', async () => {
    const { poster, sent, turns, firstPost } = scene(30_000);
    poster.post(true);
    await firstPost();
    poster.clear();
    while (turns.length) turns.shift()!();
    assert.equal(sent.length, 1);
  });

  test('a poster disposed while its pieces go posts no more', async () => {
    const { poster, sent, turns, firstPost } = scene(20_000);
    poster.post(true);
    await firstPost();
    poster.dispose();
    while (turns.length) turns.shift()!();
    poster.post(true);
    assert.equal(sent.length, 1);
  });

  test('takePieces: a whole lane, a lane from its barsFrom, an empty lane and the removed ids', () => {
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
    const posts = [
      ...takePieces({ full: false, lanes: [lane('A', 5), lane('B', 3, 10), lane('C', 0)], removed: ['X'] }, 4, {
        bar: () => 1,
        lane: () => 0,
      }),
    ];
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
