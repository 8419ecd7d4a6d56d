// A live step updates the page's timeline in place (updateTimeline: the stepped lanes' links, the figures from the
// others' edges kept and theirs; a lane posted with its changed bars only derives its edges and spend from the one
// the page had); on random trees and random deltas it must equal the tree built whole from the same lanes. And the
// budgets drawn over one tree's money: the session's always, a window's only while the tree lies in one window.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { budgetLines } from '../../../src/store/timeline/budgetLines';
import { costOverTime } from '../../../src/store/timeline/costOverTime';
import { buildTimeline, updateTimeline } from '../../../src/store/timeline/timelineFigures';
import type { TimelineBar, TimelineLane, TimelineMark } from '../../../src/store/timeline/timelineTypes';
import type { LaneDelta } from '../../../src/features/usage/protocol';
import { TimelineState } from '../../../webview/timelineState';
import { prng } from '../helpers/fuzzEvents';

const T0 = 1_700_000_000_000;

function bar(id: string, start: number, ms: number, cost: number, running = false): TimelineBar {
  return {
    messageID: id,
    start,
    end: start + ms,
    running,
    model: 'p/m',
    usage: { input: 1, output: 1, reasoning: 0, cacheRead: 0, cacheWrite: 0, cost },
    tools: [],
  };
}

function laneOf(id: string, parentId: string | undefined, created: number, bars: TimelineBar[], marks: TimelineMark[]): TimelineLane {
  return {
    id,
    ...(parentId && { parentId }),
    title: `title ${id}`,
    created,
    bars,
    marks,
    cost: bars.reduce((sum, b) => sum + b.usage.cost, 0),
  };
}

/** One lane changed as a live step changes it: a new step, the running one longer, a wait, a new title. */
function stepOn(lane: TimelineLane, rnd: () => number, n: number): TimelineLane {
  const last = lane.bars.at(-1);
  const from = last ? last.end : lane.created;
  const pick = rnd();
  if (pick < 0.45) {
    const bars = lane.bars.map((b) => (b.running ? { ...b, running: false } : b));
    bars.push(
      bar(`${lane.id}-${n}`, from + Math.floor(rnd() * 5000), Math.floor(rnd() * 9000), Math.round(rnd() * 100) / 1000, rnd() < 0.5),
    );
    return laneOf(lane.id, lane.parentId, lane.created, bars, lane.marks);
  }
  if (pick < 0.7 && last) {
    const bars = [...lane.bars.slice(0, -1), { ...last, end: last.end + Math.floor(rnd() * 4000) }];
    return laneOf(lane.id, lane.parentId, lane.created, bars, lane.marks);
  }
  if (pick < 0.9) {
    const start = from + Math.floor(rnd() * 3000);
    const mark: TimelineMark = { kind: rnd() < 0.5 ? 'permission' : 'retry', start, end: start + Math.floor(rnd() * 6000), open: false };
    return laneOf(lane.id, lane.parentId, lane.created, lane.bars, [...lane.marks, mark]);
  }
  return { ...laneOf(lane.id, lane.parentId, lane.created, lane.bars, lane.marks), title: `title ${lane.id} ${n}` };
}

function randomTree(rnd: () => number, sessions: number): TimelineLane[] {
  const lanes: TimelineLane[] = [];
  for (let s = 0; s < sessions; s++) {
    const parent = s === 0 ? undefined : lanes[Math.floor(rnd() * s)];
    const created = (parent?.created ?? T0) + Math.floor(rnd() * 20_000);
    let lane = laneOf(s === 0 ? 'R' : `S${s}`, parent?.id, created, [], []);
    for (let i = 0, n = Math.floor(rnd() * 6); i < n; i++) lane = stepOn(lane, rnd, i);
    lanes.push(lane);
  }
  return lanes;
}

const message = (lanes: LaneDelta[], full: boolean, removed: string[] = []) =>
  ({ type: 'timeline', rootId: 'R', full, lanes, removed, now: T0 }) as const;

describe('the timeline updated in place', () => {
  test('equals the tree built whole, on random trees and random live steps', () => {
    let inPlace = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const rnd = prng(seed);
      const lanes = new Map(randomTree(rnd, 2 + Math.floor(rnd() * 12)).map((l) => [l.id, l]));
      const state = new TimelineState();
      state.apply(message([...lanes.values()], true));
      let lastStepped = '';
      for (let step = 0; step < 40; step++) {
        const ids = [...lanes.keys()];
        const pick = rnd();
        let changed: TimelineLane[] = [];
        const removed: string[] = [];
        if (pick < 0.8) {
          // One lane of the tree (now and then two) stepped: its order in the tree stays. (A lane whose parent
          // went is in no tree: its step builds it whole, as below.)
          const placed = state.timeline!.lanes.map(({ lane }) => lane.id);
          for (let k = 0, n = rnd() < 0.8 ? 1 : 2; k < n; k++) {
            // Often the lane that stepped last, as a live tree's working session does (its others' edges are kept).
            const again = k === 0 && placed.includes(lastStepped) && rnd() < 0.6;
            const id = again ? lastStepped : placed[Math.floor(rnd() * placed.length)];
            changed.push(stepOn(lanes.get(id)!, rnd, 100 + step * 2 + k));
          }
          changed = [...new Map(changed.map((l) => [l.id, l])).values()];
          lastStepped = changed[0].id;
          const prev = state.timeline!;
          const updated = updateTimeline(prev, changed);
          assert.ok(updated, `seed ${seed} step ${step}: a step in place is updated in place`);
          const after = new Map(lanes);
          for (const l of changed) after.set(l.id, l);
          assert.deepEqual(updated, buildTimeline('R', after.values()), `seed ${seed} step ${step}`);
          inPlace++;
        } else if (pick < 0.9) {
          // A new sub-agent, or one whose start moved: the tree's shape may move.
          const parent = ids[Math.floor(rnd() * ids.length)];
          changed.push(laneOf(`N${seed}-${step}`, parent, T0 + Math.floor(rnd() * 40_000), [], []));
          const moved = lanes.get(ids[Math.floor(rnd() * ids.length)])!;
          if (moved.id !== 'R') changed.push({ ...moved, created: moved.created - 1 - Math.floor(rnd() * 30_000) });
        } else if (ids.length > 2) {
          removed.push(ids[1 + Math.floor(rnd() * (ids.length - 1))]);
        }
        // Mostly as the feed posts a lane: its bars from the first that changed (what is derived from it, its
        // edges and its spend, is then made from the lane the page had).
        const posted = changed.map((l): LaneDelta => {
          const old = lanes.get(l.id);
          if (!old || rnd() < 0.3) return l;
          let from = 0;
          while (from < old.bars.length && from < l.bars.length && old.bars[from] === l.bars[from]) from++;
          return { ...l, bars: l.bars.slice(from), barsFrom: from };
        });
        for (const id of removed) lanes.delete(id);
        for (const l of changed) lanes.set(l.id, l);
        state.apply(message(posted, false, removed));
        const expected = buildTimeline('R', lanes.values());
        assert.deepEqual(state.timeline, expected, `seed ${seed} step ${step}: the page's timeline`);
        // The money over time equals that of lanes the page never derived anything from.
        const fresh = structuredClone(expected!.lanes);
        for (const range of [state.view, { start: T0, end: T0 + 60_000 }])
          assert.deepEqual(
            costOverTime(state.timeline!.lanes, range, 40, 4),
            costOverTime(fresh, range, 40, 4),
            `seed ${seed} step ${step}: money`,
          );
      }
    }
    assert.ok(inPlace > 1000, `${inPlace} steps updated in place`);
  });

  test('a lane posted with its changed bars only is merged with the bars the page has; a time ≤ 0 starts no span', () => {
    // A step with no time of its own (0) would stretch the span back to 1970.
    const before = laneOf('R', undefined, T0, [bar('r0', 0, 0, 0.1), bar('r1', T0, 1000, 0.1), bar('r2', T0 + 2000, 1000, 0.2, true)], []);
    const state = new TimelineState();
    state.apply(message([before], true));
    assert.deepEqual(state.span, { start: T0, end: T0 + 3000 });
    const after = laneOf(
      'R',
      undefined,
      T0,
      [...before.bars.slice(0, 2), bar('r2', T0 + 2000, 1500, 0.2), bar('r3', T0 + 4000, 500, 0.3)],
      [],
    );
    state.apply(message([{ ...after, bars: after.bars.slice(2), barsFrom: 2 }], false));
    assert.deepEqual(state.timeline, buildTimeline('R', [after]));
    assert.deepEqual(state.span, { start: T0, end: T0 + 4500 });
  });

  test('lanes that stepped together and one whose id joins theirs keep apart what they kept', () => {
    // Ids are any strings a server sends: "a" and "b" stepping, then "a\nb" alone, must not share the kept merge.
    let a = laneOf('a', 'R', T0, [bar('a1', T0 + 10_000, 1000, 0.1)], []);
    let b = laneOf('b', 'R', T0, [bar('b1', T0 + 20_000, 1000, 0.1)], []);
    let ab = laneOf('a\nb', 'R', T0, [bar('x1', T0 + 30_000, 1000, 0.1)], []);
    const root = laneOf('R', undefined, T0, [bar('r', T0, 1000, 0.1)], []);
    let t = buildTimeline('R', [root, a, b, ab])!;
    a = laneOf('a', 'R', T0, [...a.bars, bar('a2', T0 + 40_000, 1000, 0.1)], []);
    b = laneOf('b', 'R', T0, [...b.bars, bar('b2', T0 + 50_000, 1000, 0.1)], []);
    t = updateTimeline(t, [a, b])!;
    ab = laneOf('a\nb', 'R', T0, [...ab.bars, bar('x2', T0 + 60_000, 1000, 0.1)], []);
    t = updateTimeline(t, [ab])!;
    assert.deepEqual(t, buildTimeline('R', [root, a, b, ab]));
  });

  test('a lane new to the tree, under another parent, or starting at another time: built whole', () => {
    const lanes = [
      laneOf('R', undefined, T0, [bar('r1', T0, 10_000, 0.1)], []),
      laneOf('A', 'R', T0 + 1000, [bar('a1', T0 + 1000, 100, 0.1)], []),
    ];
    const prev = buildTimeline('R', lanes)!;
    assert.equal(updateTimeline(prev, [laneOf('B', 'R', T0 + 2000, [], [])]), undefined);
    assert.equal(updateTimeline(prev, [laneOf('A', 'X', T0 + 1000, [], [])]), undefined);
    assert.equal(updateTimeline(prev, [laneOf('A', 'R', T0 + 500, [bar('a1', T0 + 500, 100, 0.1)], [])]), undefined);
  });
});

describe('budget lines over one tree', () => {
  const at = (h: number, m = 0) => new Date(2026, 10, 25, h, m).getTime(); // a Wednesday
  test('the session budget always; a window budget while the tree lies inside one window', () => {
    const limits = { session: 1, hour: 2, day: 3, week: 4 };
    assert.deepEqual(budgetLines(limits, { start: at(10), end: at(10, 59) }), {
      drawn: [
        { name: 'session', usd: 1 },
        { name: 'hour', usd: 2 },
        { name: 'day', usd: 3 },
        { name: 'week', usd: 4 },
      ],
      left: [],
    });
    assert.deepEqual(budgetLines(limits, { start: at(10), end: at(12) }).left, ['hour']);
    assert.deepEqual(budgetLines(limits, { start: at(23), end: at(23) + 2 * 3_600_000 }).left, ['hour', 'day']);
    assert.deepEqual(budgetLines(limits, { start: at(10), end: at(10) + 6 * 86_400_000 }).left, ['hour', 'day', 'week']);
  });
  test('a budget off (0, unset or unreadable) is neither drawn nor named', () => {
    assert.deepEqual(budgetLines({ session: 0, hour: Number.NaN, day: -1 }, { start: 0, end: 1 }), { drawn: [], left: [] });
    assert.deepEqual(budgetLines(undefined, { start: 0, end: 1 }), { drawn: [], left: [] });
  });
});
