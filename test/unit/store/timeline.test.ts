// A session tree's timeline from a store fed as a server feeds it: a parent that runs two sub-agents in turn and
// waits once for a permission. Expected figures are written out by hand.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AssistantInfo, SessionInfo, StoreEvent } from '../../../src/store/events';
import { SessionStore } from '../../../src/store/sessionStore';
import { costOverTime } from '../../../src/store/timeline/costOverTime';
import { buildTimeline } from '../../../src/store/timeline/timelineFigures';
import { laneSteps } from '../../../src/store/timeline/timelineLanes';
import { runNow } from '../../../src/base/slices';
import { timelineStatus, type TimelineLane } from '../../../src/store/timeline/timelineTypes';
import { treeTimeline } from '../../../src/store/timeline/treeTimeline';
import { criticalPathWords, timelineWords } from '../../../src/present/timelineWords';

const T = 1_000_000;
const info = (id: string, created: number, parentID?: string): SessionInfo => ({
  id,
  title: `title ${id}`,
  directory: '/w',
  ...(parentID && { parentID }),
  time: { created, updated: created },
});
const reply = (
  sessionID: string,
  id: string,
  created: number,
  completed: number | undefined,
  cost: number,
  more: Partial<AssistantInfo> = {},
): StoreEvent => ({
  type: 'message.assistant',
  info: {
    id,
    sessionID,
    role: 'assistant',
    cost,
    tokens: { input: 100, output: 10 },
    modelID: 'm',
    providerID: 'p',
    agent: 'build',
    time: { created, completed },
    ...more,
  },
});

/** P: step 1 (0–10 s) calls A (1–4 s), step 2 (10–20 s) calls B (11–18 s); P waits 2 s for a permission at 19 s. */
function fedStore(): { store: SessionStore; clock: { now: number } } {
  const clock = { now: T };
  const store = new SessionStore(() => clock.now);
  store.loadSnapshot([info('P', T), info('A', T + 1000, 'P'), info('B', T + 11_000, 'P')], {});
  const events: StoreEvent[] = [
    reply('P', 'p1', T, T + 10_000, 0.1),
    { type: 'tool.running', sessionID: 'P', partID: 't1', tool: 'task', running: false, messageID: 'p1' },
    reply('A', 'a1', T + 1000, T + 4000, 0.3, { agent: 'explore' }),
    reply('P', 'p2', T + 10_000, T + 20_000, 0.1),
    reply('B', 'b1', T + 11_000, T + 18_000, 0.2, { agent: 'explore' }),
  ];
  for (const e of events) store.apply(e);
  clock.now = T + 19_000;
  store.apply({
    type: 'request.asked',
    request: { kind: 'permission', id: 'per_1', sessionID: 'P', permission: 'bash', patterns: [], always: [], metadata: {} },
  });
  clock.now = T + 21_000;
  store.apply({ type: 'request.closed', sessionID: 'P', id: 'per_1' });
  return { store, clock };
}

describe('timeline', () => {
  test('three lanes, nested; bars as the messages say; the wait marked where it happened', () => {
    const { store } = fedStore();
    const timeline = treeTimeline(store, 'P', { now: T + 30_000 })!;
    assert.deepEqual(
      timeline.lanes.map((l) => [l.lane.id, l.depth]),
      [
        ['P', 0],
        ['A', 1],
        ['B', 1],
      ],
    );
    const p = timeline.lanes[0].lane;
    assert.deepEqual(
      p.bars.map((b) => [b.messageID, b.end - b.start, b.usage.cost, b.model, b.agent, b.tools]),
      [
        ['p1', 10_000, 0.1, 'p/m', 'build', ['task']],
        ['p2', 10_000, 0.1, 'p/m', 'build', []],
      ],
    );
    assert.deepEqual(p.marks, [{ kind: 'permission', start: T + 19_000, end: T + 21_000, open: false, ref: 'per_1', detail: 'bash' }]);
    assert.deepEqual(
      timeline.links.map((l) => [l.from, l.messageID, l.to, l.start - T, l.end - T]),
      [
        ['P', 'p1', 'A', 1000, 4000],
        ['P', 'p2', 'B', 11_000, 18_000],
      ],
    );
  });

  test('the figures: wall, busy, waiting, idle; the critical path, the longest wait, the costliest sub-agent', () => {
    const { store } = fedStore();
    const { figures } = treeTimeline(store, 'P', { now: T + 30_000 })!;
    // Steps run 0–20 s; the permission waits 19–21 s (inside the last step for 1 s, then alone for 1 s).
    assert.deepEqual(timelineStatus(figures), {
      wallMs: 21_000,
      busyMs: 19_000,
      waitingMs: 2000,
      idleMs: 0,
      criticalPath: [
        { id: 'P', title: 'title P', ms: 20_000 },
        { id: 'A', title: 'title A', ms: 3000 },
        { id: 'B', title: 'title B', ms: 7000 },
      ],
    });
    assert.deepEqual(figures.longestWait, { sessionId: 'P', title: 'title P', kind: 'permission', start: T + 19_000, ms: 2000 });
    assert.deepEqual(figures.mostExpensive, { sessionId: 'A', title: 'title A', cost: 0.3 });
    assert.deepEqual(timelineWords(figures), [
      'Wall time 21.0 s: busy 19.0 s, waiting 2.0 s, idle 0 ms.',
      // A and B are both P's: siblings, one after the other, not a chain, in words rather than braces (issue 77).
      'Critical path: “title P” waited on “title A” (3.0 s), then on “title B” (7.0 s).',
      'Longest wait: 2.0 s for a permission in “title P”.',
      'Most expensive sub-agent: “title A”, $0.30.',
    ]);
  });

  test('sub-agents that ran side by side: the one that ended last is on the path', () => {
    // Times from 1 s on (a time ≤ 0 is none).
    const lane = (id: string, from: number, to: number, parentId?: string): TimelineLane => {
      const [start, end] = [1000 + from, 1000 + to];
      return {
        id,
        title: id,
        created: start,
        ...(parentId && { parentId }),
        bars: [
          {
            messageID: `${id}1`,
            start,
            end,
            running: false,
            model: 'm',
            usage: { input: 0, output: 0, reasoning: 0, cacheRead: 0, cacheWrite: 0, cost: 1 },
            tools: [],
          },
        ],
        marks: [],
        cost: 1,
      };
    };
    const timeline = buildTimeline('R', [
      lane('R', 0, 100),
      lane('X', 10, 50, 'R'),
      lane('Y', 20, 80, 'R'),
      lane('Z', 85, 95, 'R'),
      lane('Y1', 30, 70, 'Y'),
    ])!;
    assert.deepEqual(
      timeline.figures.criticalPath.map((s) => s.id),
      ['R', 'Y', 'Y1', 'Z'],
    );
    // Y1 is Y's, Y and Z are R's: Y1 is said to be Y's, and Z, after it, to be R's again (issue 77).
    assert.equal(
      criticalPathWords(timeline.figures.criticalPath),
      '“R” waited on “Y” (60 ms), which waited on “Y1” (40 ms); then “R” waited on “Z” (10 ms)',
    );
    assert.deepEqual(timeline.figures.longestIdle, undefined);
  });

  test('the critical path in words: siblings as siblings, a chain as a chain, no braces or arrows (issue 77)', () => {
    const step = (id: string, title: string, ms: number, parentId?: string) => ({ id, title, ms, ...(parentId && { parentId }) });
    // The demo's: two sub-agents the root waited on in turn.
    assert.equal(
      criticalPathWords([
        step('A', 'Add checkout flow', 9000),
        step('B', 'Write payment tests', 2600, 'A'),
        step('C', 'Review accessibility', 1300, 'A'),
      ]),
      '“Add checkout flow” waited on “Write payment tests” (2.6 s), then on “Review accessibility” (1.3 s)',
    );
    assert.equal(
      criticalPathWords([step('A', 'A', 9000), step('B', 'B', 2600, 'A'), step('C', 'C', 1000, 'B')]),
      '“A” waited on “B” (2.6 s), which waited on “C” (1.0 s)',
    );
    // A sibling after a nested chain names whose wait it is again, a long title cut (said whole at first).
    const long = `Refactor ${'x'.repeat(60)}`;
    const words = criticalPathWords([step('A', long, 1), step('B', 'B', 2000, 'A'), step('C', 'C', 1000, 'B'), step('D', 'D', 500, 'A')]);
    assert.equal(
      words,
      `“${long}” waited on “B” (2.0 s), which waited on “C” (1.0 s); then “Refactor ${'x'.repeat(30)}…” waited on “D” (500 ms)`,
    );
    assert.doesNotMatch(words, /[{}→]/);
  });

  test('a parent waiting on its sub-agent: marked on its lane; waiting only while nothing of the tree runs', () => {
    const usage = { input: 0, output: 0, reasoning: 0, cacheRead: 0, cacheWrite: 0, cost: 0 };
    const step = (messageID: string, start: number, end: number) => ({
      messageID,
      start,
      end,
      running: false,
      model: 'm',
      usage,
      tools: [],
    });
    // R's one step (1–11 s) calls C, made at 2 s, stepping 3–5 s and 7–9 s; C waits for a permission 5.5–6.5 s.
    const r: TimelineLane = { id: 'R', title: 'R', created: T + 1000, bars: [step('r1', T + 1000, T + 11_000)], marks: [], cost: 0 };
    const c: TimelineLane = {
      id: 'C',
      parentId: 'R',
      title: 'Write the code',
      created: T + 2000,
      bars: [step('c1', T + 3000, T + 5000), step('c2', T + 7000, T + 9000)],
      marks: [{ kind: 'permission', start: T + 5500, end: T + 6500, open: false }],
      cost: 0,
    };
    const timeline = buildTimeline('R', [r, c])!;
    assert.deepEqual(timeline.lanes[0].waits, [
      { kind: 'subagent', start: T + 2000, end: T + 9000, open: false, ref: 'C', detail: 'Write the code' },
    ]);
    assert.equal(timeline.lanes[1].waits, undefined);
    // Busy: R alone 1–2 s and 9–11 s, C's steps; waiting: C made but not stepping 2–3 s, between its steps 5–7 s
    // (its permission inside, counted once); a wall of 10 s, each ms once.
    assert.deepEqual(
      [timeline.figures.wallMs, timeline.figures.busyMs, timeline.figures.waitingMs, timeline.figures.idleMs],
      [10_000, 7000, 3000, 0],
    );
    // The longest wait stays the permission: the sub-agent's run is on the critical path.
    assert.equal(timeline.figures.longestWait?.kind, 'permission');
    // Two sub-agents at once from one step: one wait each on the lane, the step set aside once.
    const d: TimelineLane = { ...c, id: 'D', title: 'Review', created: T + 2500, bars: [step('d1', T + 2600, T + 2800)], marks: [] };
    const both = buildTimeline('R', [r, c, d])!;
    assert.deepEqual(
      both.lanes[0].waits?.map((w) => [w.ref, w.start - T, w.end - T]),
      [
        ['C', 2000, 9000],
        ['D', 2500, 2800],
      ],
    );
    assert.deepEqual([both.figures.busyMs, both.figures.waitingMs], [7200, 2800]);
  });

  test('idle time between steps, and a running step that ends now', () => {
    const clock = { now: T };
    const store = new SessionStore(() => clock.now);
    store.loadSnapshot([info('S', T)], { S: { type: 'busy' } });
    store.apply(reply('S', 's1', T, T + 1000, 0.5));
    store.apply(reply('S', 's2', T + 5000, undefined, 0));
    const { lanes, figures } = treeTimeline(store, 'S', { now: T + 7000 })!;
    assert.deepEqual(
      lanes[0].lane.bars.map((b) => [b.end - b.start, b.running]),
      [
        [1000, false],
        [2000, true],
      ],
    );
    assert.equal(figures.idleMs, 4000);
    assert.deepEqual(figures.longestIdle, { start: T + 1000, ms: 4000 });
  });

  test('retries and errors are marked when the store sees them, aborts from the step', () => {
    const clock = { now: T };
    const store = new SessionStore(() => clock.now);
    store.loadSnapshot([info('S', T)], {});
    store.apply({ type: 'session.status', sessionID: 'S', status: { type: 'retry', attempt: 1, message: 'overloaded', next: T + 3000 } });
    clock.now = T + 3000;
    store.apply({ type: 'session.status', sessionID: 'S', status: { type: 'busy' } });
    store.apply(reply('S', 's1', T + 3000, T + 4000, 0, { error: 'MessageAbortedError' }));
    const lane = runNow(laneSteps(store.get('S')!, { now: T + 9000, pausedAt: T + 8000 }));
    assert.deepEqual(
      lane.marks.map((m) => [m.kind, m.start - T, m.end - T, m.open]),
      [
        ['retry', 0, 3000, false],
        ['abort', 4000, 4000, false],
        ['pause', 8000, 9000, true],
      ],
    );
  });

  test('budget pauses that ended stay marked from the stop to the resume, and count as waiting (issue 73)', () => {
    const clock = { now: T };
    const store = new SessionStore(() => clock.now);
    store.loadSnapshot([info('S', T)], {});
    store.apply(reply('S', 's1', T, T + 1000, 0.5));
    store.apply(reply('S', 's2', T + 61_000, T + 62_000, 0.5));
    const pausedBefore = [{ start: T + 1000, end: T + 61_000 }];
    const lane = runNow(laneSteps(store.get('S')!, { now: T + 70_000, pausedAt: T + 62_000, pausedBefore }));
    assert.deepEqual(
      lane.marks.map((m) => [m.kind, m.start - T, m.end - T, m.open]),
      [
        ['pause', 1000, 61_000, false],
        ['pause', 62_000, 70_000, true],
      ],
    );
    const { figures } = buildTimeline('S', [lane])!;
    assert.deepEqual([figures.busyMs, figures.waitingMs, figures.idleMs], [2000, 68_000, 0]);
    assert.deepEqual([figures.longestWait?.kind, figures.longestWait?.ms], ['pause', 60_000]);
  });

  test("money over time: each session cumulative from its steps' ends, the rest summed", () => {
    const { store } = fedStore();
    const { lanes } = treeTimeline(store, 'P', { now: T + 30_000 })!;
    const money = costOverTime(lanes, { start: T, end: T + 20_000 }, 5, 2);
    assert.deepEqual(
      money.times.map((t) => t - T),
      [0, 5000, 10_000, 15_000, 20_000],
    );
    assert.deepEqual(
      money.series.map((s) => [s.id, s.title, s.values]),
      [
        ['A', 'title A', [0, 0.3, 0.3, 0.3, 0.3]],
        [undefined, '2 other sessions', [0, 0, 0.1, 0.1, 0.4]],
      ],
    );
  });
});

describe('hostile times and ids', () => {
  test('a step said to end far in the future is drawn up to a day past now; the axis labels no invalid time', () => {
    const store = new SessionStore(() => T);
    store.apply({ type: 'session.upsert', info: info('F', T) });
    store.apply(reply('F', 'm1', T + 10, 1e300, 0.01));
    store.apply(reply('F', 'm2', T + 20, T + 30, 0.01));
    const lane = runNow(laneSteps(store.get('F')!, { now: T + 100 }));
    const day = 24 * 60 * 60 * 1000;
    assert.deepEqual(
      lane.bars.map((b) => [b.start, b.end]),
      [
        [T + 10, T + 100 + day],
        [T + 20, T + 30],
      ],
    );
    const timeline = buildTimeline('F', [lane])!;
    assert.ok(Number.isFinite(timeline.figures.wallMs) && timeline.figures.wallMs <= day + 100);
  });

  test("a message's tool calls go with it, and a message keeps at most 1 000, each name at most 120 characters", () => {
    const store = new SessionStore(() => T);
    store.apply({ type: 'session.upsert', info: info('G', T) });
    store.apply(reply('G', 'm1', T + 10, T + 20, 0.01));
    for (let i = 0; i < 1_500; i++)
      store.apply({ type: 'tool.running', sessionID: 'G', partID: `p${i}`, tool: 'bash', running: false, messageID: 'm1' });
    assert.equal(store.get('G')!.toolCalls!.get('m1')!.size, 1_000);
    store.apply({ type: 'tool.running', sessionID: 'G', partID: 'p0', tool: 'x'.repeat(1e6), running: false, messageID: 'm1' });
    assert.equal(store.get('G')!.toolCalls!.get('m1')!.get('p0'), 'x'.repeat(120));
    store.apply({ type: 'message.removed', sessionID: 'G', messageID: 'm1' });
    assert.equal(store.get('G')!.toolCalls!.has('m1'), false);
  });
});
