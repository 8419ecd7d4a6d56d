// The host's lane kept across live changes (laneCache.ts) against laneSteps built whole: over random sequences of
// what a server sends (steps out of order, with no time, far in the future, removed; errors, waits, compactions,
// status changes, a clock that goes back), the kept lane, and a page's copy patched with only the bars it was sent,
// equal the whole build after every frame: the same bars, marks and cost.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StoreEvent } from '../../../src/store/events';
import { SessionStore } from '../../../src/store/sessionStore';
import { emptyChange, mergeStoreChange } from '../../../src/store/storeChange';
import { LaneCache } from '../../../src/store/timeline/laneCache';
import { MAX_STEP_ERROR_MARKS, laneSteps } from '../../../src/store/timeline/timelineLanes';
import { runNow } from '../../../src/base/slices';
import type { TimelineLane } from '../../../src/store/timeline/timelineTypes';
import { prng } from '../helpers/fuzzEvents';

const T = 1_700_000_000_000;
const DAY = 24 * 60 * 60 * 1000;

/** A small seeded generator (mulberry32): each run of the test sees the same sequences. */

function randomEvent(rnd: () => number, clock: { now: number }, ids: string[]): StoreEvent {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const anyId = () => (ids.length && rnd() < 0.7 ? pick(ids) : `m${String(ids.length).padStart(4, '0')}${Math.floor(rnd() * 10)}`);
  const r = rnd();
  if (r < 0.35) {
    const id = rnd() < 0.6 ? `m${String(ids.length).padStart(4, '0')}` : anyId();
    if (!ids.includes(id)) ids.push(id);
    // Mostly later than the rest; now and then out of order, at a time already taken, with no time, or far ahead.
    const t = rnd();
    const created =
      t < 0.6 ? clock.now : t < 0.75 ? clock.now - Math.floor(rnd() * 50_000) : t < 0.85 ? T + 1000 : t < 0.93 ? 0 : clock.now + 3 * DAY;
    const c = rnd();
    const completed =
      c < 0.4
        ? undefined
        : c < 0.85
          ? created + Math.floor(rnd() * 5000)
          : c < 0.9
            ? 0
            : c < 0.95
              ? clock.now + DAY + Math.floor(rnd() * 30_000)
              : clock.now + 5 * DAY;
    return {
      type: 'message.assistant',
      info: {
        id,
        sessionID: 'S',
        role: 'assistant',
        cost: pick([0, 0.1, 0.2, 0.3, 1e-7, 0.123456789]),
        tokens: { input: 10, output: 1 },
        modelID: pick(['a', 'b']),
        providerID: 'p',
        ...(rnd() < 0.5 && { agent: pick(['build', 'explore']) }),
        ...(rnd() < 0.1 && { error: pick(['APIError', 'MessageAbortedError']) }),
        time: { created, completed },
      },
    };
  }
  if (r < 0.5)
    return {
      type: 'step.finished',
      sessionID: 'S',
      messageID: anyId(),
      partID: `s${Math.floor(rnd() * 1e6)}`,
      usage: { input: 1, output: 2, reasoning: 0, cacheRead: 0, cacheWrite: 0, cost: pick([0.01, 0.07, 0.3]) },
    };
  if (r < 0.6)
    return {
      type: 'tool.running',
      sessionID: 'S',
      partID: `t${Math.floor(rnd() * 1e6)}`,
      tool: pick(['bash', 'task']),
      running: rnd() < 0.5,
      messageID: anyId(),
    };
  if (r < 0.64) return { type: 'message.removed', sessionID: 'S', messageID: anyId() };
  if (r < 0.67) return { type: 'compaction.marked', sessionID: 'S', messageID: `u${Math.floor(rnd() * 5)}` };
  if (r < 0.7) return { type: 'message.user', sessionID: 'S', messageID: `u${Math.floor(rnd() * 5)}`, created: pick([0, clock.now]) };
  if (r < 0.8) {
    const status = pick([
      { type: 'idle' as const },
      { type: 'busy' as const },
      { type: 'retry' as const, attempt: 1, message: 'x', next: 0 },
    ]);
    return { type: 'session.status', sessionID: 'S', status };
  }
  if (r < 0.85)
    return {
      type: 'request.asked',
      request: {
        kind: 'permission',
        id: `per${Math.floor(rnd() * 3)}`,
        sessionID: 'S',
        permission: 'bash',
        patterns: [],
        always: [],
        metadata: {},
      },
    };
  if (r < 0.9) return { type: 'request.closed', sessionID: 'S', id: `per${Math.floor(rnd() * 3)}` };
  if (r < 0.93) return { type: 'session.error', sessionID: 'S', name: 'APIError', message: 'x' };
  const created = rnd() < 0.7 ? T : pick([0, T + 500]);
  return {
    type: 'session.upsert',
    info: { id: 'S', title: pick(['one', 'two']), directory: '/w', time: { created, updated: clock.now } },
  };
}

/** A session S whose step i starts at T + 10 i (ended at `completed`, failed with `error`). */
function longSession() {
  const store = new SessionStore(() => T);
  store.apply({ type: 'session.upsert', info: { id: 'S', title: 'long', directory: '/w', time: { created: T, updated: T } } });
  const step = (i: number, completed?: number, error?: string) =>
    store.apply({
      type: 'message.assistant',
      info: {
        id: `m${String(i).padStart(6, '0')}`,
        sessionID: 'S',
        role: 'assistant',
        cost: 0.01,
        tokens: { input: 1 },
        time: { created: T + i * 10, completed },
        ...(error && { error }),
      },
    });
  return { store, step };
}

describe('LaneCache', () => {
  test('over random changes, the kept lane and a page patched with its posts equal the whole build', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const rnd = prng(seed);
      const clock = { now: T + 10_000 };
      const store = new SessionStore(() => clock.now);
      store.apply({ type: 'session.upsert', info: { id: 'S', title: 'one', directory: '/w', time: { created: T, updated: T } } });
      const cache = new LaneCache();
      const ids: string[] = [];
      let page: TimelineLane | undefined;
      let pausedAt: number | undefined;
      let frames = 0;
      for (let frame = 0; frame < 80; frame++) {
        const change = emptyChange();
        const events = 1 + Math.floor(rnd() * (rnd() < 0.1 ? 40 : 4));
        for (let e = 0; e < events; e++) {
          clock.now += Math.floor(rnd() * 3000);
          mergeStoreChange(change, store.apply(randomEvent(rnd, clock, ids)));
        }
        // The clock goes back now and then; a budget pauses the session and lets it go.
        const now = clock.now - (rnd() < 0.1 ? Math.floor(rnd() * 60_000) : 0);
        if (rnd() < 0.05) pausedAt = pausedAt === undefined ? now - 1000 : undefined;
        const record = store.get('S')!;
        cache.update(record, frame === 0 ? 'all' : (change.messages?.get('S') ?? new Set()));
        const whole = runNow(laneSteps(record, { now, pausedAt }));
        const context = `seed ${seed}, frame ${frame}`;
        if (!page || rnd() < 0.2) {
          page = cache.lane({ now, pausedAt });
          assert.deepEqual(page, whole, context);
        } else {
          const { lane, from } = cache.patch({ now, pausedAt });
          assert.ok(from >= 0 && from <= page.bars.length, context);
          page = { ...lane, bars: page.bars.slice(0, from).concat(lane.bars) };
          assert.deepEqual(page, whole, context);
        }
        frames++;
      }
      assert.equal(frames, 80);
    }
  });

  test('a live step on a long session sends its own bar (and the one before it), not the session', () => {
    const { store, step } = longSession();
    for (let i = 0; i < 5000; i++) step(i, T + i * 10 + 5);
    const cache = new LaneCache();
    cache.update(store.get('S')!, 'all');
    assert.equal(cache.lane({ now: T + 1e6 }).bars.length, 5000);
    const change = step(5000);
    cache.update(store.get('S')!, change.messages!.get('S')!);
    const { lane, from } = cache.patch({ now: T + 1e6 });
    assert.deepEqual([from, lane.bars.map((b) => b.messageID)], [4999, ['m004999', 'm005000']]);
    assert.deepEqual({ ...lane, bars: [] }, { ...runNow(laneSteps(store.get('S')!, { now: T + 1e6 })), bars: [] });
  });

  test('on a long session, a compaction sends no bar, the newest message removed sends the tail, and thousands of failed steps send their newest marks', () => {
    const { store, step } = longSession();
    // Every second step failed.
    for (let i = 0; i < 5000; i++) step(i, T + i * 10 + 5, i % 2 === 0 ? 'APIError' : undefined);
    const cache = new LaneCache();
    cache.update(store.get('S')!, 'all');
    const read = { now: T + 1e6 };
    const whole = () => runNow(laneSteps(store.get('S')!, read));
    assert.equal(cache.lane(read).marks.length, MAX_STEP_ERROR_MARKS, '2 500 failed steps, the newest 500 marked');
    assert.deepEqual(cache.lane(read), whole());

    store.apply({ type: 'message.user', sessionID: 'S', messageID: 'u1', created: T + 25_000 });
    const compacted = store.apply({ type: 'compaction.marked', sessionID: 'S', messageID: 'u1' });
    cache.update(store.get('S')!, compacted.messages!.get('S')!);
    let { lane, from } = cache.patch(read);
    assert.deepEqual([from, lane.bars.length], [4999, 1], 'a compaction moves no bar');
    assert.deepEqual(lane.marks, whole().marks);
    assert.ok(lane.marks.some((m) => m.kind === 'compaction'));

    const removed = store.apply({ type: 'message.removed', sessionID: 'S', messageID: 'm004999' });
    cache.update(store.get('S')!, removed.messages!.get('S')!);
    ({ lane, from } = cache.patch(read));
    assert.deepEqual([from, lane.bars.map((b) => b.messageID)], [4998, ['m004998']], 'the newest gone: the tail only');
    assert.deepEqual({ ...lane, bars: [] }, { ...whole(), bars: [] });
  });

  test('a step with no time of its own starts at its end or its session’s start, never in 1970', () => {
    const store = new SessionStore(() => T);
    store.apply({ type: 'session.upsert', info: { id: 'S', title: 's', directory: '/w', time: { created: T, updated: T } } });
    const reply = (id: string, created: number, completed?: number) =>
      store.apply({ type: 'message.assistant', info: { id, sessionID: 'S', role: 'assistant', cost: 0.01, time: { created, completed } } });
    reply('m1', 0, T + 500);
    reply('m2', 0);
    reply('m3', T + 100, T + 200);
    const lane = runNow(laneSteps(store.get('S')!, { now: T + 1000 }));
    assert.deepEqual(
      lane.bars.map((b) => [b.messageID, b.start - T, b.end - T]),
      [
        ['m2', 0, 0],
        ['m3', 100, 200],
        ['m1', 500, 500],
      ],
    );
    assert.ok(Math.abs(lane.cost - 0.03) < 1e-12, 'its cost stays on the lane');
  });
});
