// What the usage panel's page keeps of the host's messages (webview/timelineState.ts, webview/usageState.ts): every
// lane of the session tree as posted (all of them, then each live step's own bars) with the tree built from them,
// and every step row with its running cost and the rows a time range holds. The lanes, bars and rows are the
// server's, through the host, of any number; a live step must cost what it changed, not the whole tree again.
import assert from 'node:assert/strict';
import type { HostToWebview, LaneDelta, UsageSummary } from '../../../src/features/usage/protocol';
import type { StepRow } from '../../../src/present/usageRows';
import type { TimelineBar, TimelineLane } from '../../../src/store/timeline/timelineTypes';
import { TimelineState } from '../../../webview/timelineState';
import { UsageState } from '../../../webview/usageState';
import { reader, type Reader } from '../reader';

type TimelineMessage = Extract<HostToWebview, { type: 'timeline' }>;

const T0 = 1_700_000_000_000;
const USAGE = { input: 1_000, output: 200, reasoning: 0, cacheRead: 5_000, cacheWrite: 0, cost: 0.01 };

const bar = (i: number, messageID = `msg_${i}`): TimelineBar => ({
  messageID,
  start: T0 + i * 10,
  end: T0 + i * 10 + 5,
  running: false,
  model: 'p/m',
  usage: USAGE,
  tools: ['edit'],
});

function lane(id: string, bars: TimelineBar[], parentId?: string): TimelineLane {
  return { id, ...(parentId && { parentId }), title: `lane ${id}`, created: T0, bars, marks: [], cost: bars.length * USAGE.cost };
}

const message = (lanes: LaneDelta[], full: boolean): TimelineMessage => ({
  type: 'timeline',
  rootId: 'root',
  full,
  lanes,
  removed: [],
  now: T0 + 1e9,
});

interface Posted {
  state: TimelineState;
  message: TimelineMessage;
}

/** A page that holds `kept` (posted whole before the clock starts), then is posted `next`. */
function posted(kept: TimelineLane[] | undefined, next: TimelineMessage): Posted {
  const state = new TimelineState();
  if (kept) state.apply(message(kept, true));
  return { state, message: next };
}

/** A root and n sub-agents of one bar each (the root's bars n, from its start). */
function tree(n: number): TimelineLane[] {
  return [lane('root', [bar(0)]), ...Array.from({ length: n }, (_, i) => lane(`sub${i}`, [bar(i + 1)], 'root'))];
}

const ofLane = (n: number) => [
  lane(
    'root',
    Array.from({ length: n }, (_, i) => bar(i)),
  ),
];

const timeline = reader<Posted>({
  name: "The page's timeline of the host's lanes, posted whole and step by step (TimelineState, updateTimeline)",
  covers: [
    'webview/timelineState.ts#TimelineState',
    'src/store/timeline/timelineFigures.ts#updateTimeline',
    'src/store/timeline/laneLineage.ts#laneFollows',
    'src/store/timeline/laneLineage.ts#replaceSorted',
  ],
  // 10n is 20 000 lanes (ten times the host's MAX_LANES) or bars.
  n: 2_000,
  read: ({ state, message }) => {
    state.apply(message);
    const lanes = state.timeline?.lanes ?? [];
    return {
      lanes: lanes.length,
      bars: lanes.reduce((sum, { lane }) => sum + lane.bars.length, 0),
      span: state.span.end - state.span.start,
    };
  },
  shapes: [
    { name: 'n sub-agent lanes posted whole', make: (n) => posted(undefined, message(tree(n), true)) },
    { name: 'one lane of n bars posted whole', make: (n) => posted(undefined, message(ofLane(n), true)) },
    {
      // The page holds n bars; the host posts the new one alone (barsFrom).
      name: 'one lane of n bars kept, then a live step posted',
      make: (n) => posted(ofLane(n), message([{ ...ofLane(0)[0], bars: [bar(n)], barsFrom: n }], false)),
    },
    {
      // The tree is kept; a sub-agent's live step moves it and its root (both posted, the root's bars from its end).
      name: 'n sub-agent lanes kept, then a live step in one of them',
      make: (n) =>
        posted(
          tree(n),
          message(
            [
              { ...lane('root', [bar(0)]), bars: [], barsFrom: 1 },
              { ...lane(`sub${n >> 1}`, [], 'root'), bars: [bar((n >> 1) + 1, 'msg_live')], barsFrom: 1 },
            ],
            false,
          ),
        ),
      worst: true,
    },
  ],
  check: (answer, n, shape) => {
    const a = answer as { lanes: number; bars: number; span: number };
    if (shape.startsWith('n sub-agent lanes posted')) assert.deepEqual([a.lanes, a.bars], [n + 1, n + 1]);
    if (shape.startsWith('one lane of n bars posted')) assert.deepEqual([a.lanes, a.bars], [1, n]);
    if (shape.includes('then a live step posted')) assert.deepEqual([a.lanes, a.bars, a.span], [1, n + 1, n * 10 + 5]);
    if (shape.includes('live step in one')) assert.deepEqual([a.lanes, a.bars], [n + 1, n + 2]);
  },
});

interface Rows {
  state: UsageState;
  from: number;
  rows: StepRow[];
  range?: { start: number; end: number };
}

const SUMMARY = {} as UsageSummary;

const row = (i: number, time: number): StepRow => ({ ...USAGE, n: i + 1, messageID: `msg_${i}`, time, model: 'p/m', source: 'step' });

/** A page holding `kept` rows, posted `rows` from `from` on, the Timeline's range `range` chosen. */
function rowsOf(kept: StepRow[], from: number, rows: StepRow[], range?: { start: number; end: number }): Rows {
  const state = new UsageState();
  state.apply(SUMMARY, 0, kept);
  return { state, from, rows, range };
}

const steps = reader<Rows>({
  name: "The page's step rows, their running cost and the rows a time range holds (UsageState)",
  covers: ['webview/usageState.ts#UsageState'],
  // 10n is 100 000 rows.
  n: 10_000,
  read: ({ state, from, rows, range }) => {
    state.apply(SUMMARY, from, rows);
    state.setRange(range);
    let shown = 0;
    for (let i = 0; i < Math.min(state.shown.count, 100); i++) shown += state.shownRow(i).n > 0 ? 1 : 0;
    return { rows: state.rows.length, count: state.shown.count, shown, cost: state.cumulative.at(-1) ?? 0 };
  },
  shapes: [
    {
      name: 'n rows in time order posted, half of them in the range',
      make: (n) =>
        rowsOf(
          [],
          0,
          Array.from({ length: n }, (_, i) => row(i, T0 + i)),
          { start: T0, end: T0 + n / 2 - 1 },
        ),
    },
    {
      // A server's clock that went back: the range is found in one pass, not by search.
      name: 'n rows in reverse time order posted, half of them in the range',
      make: (n) =>
        rowsOf(
          [],
          0,
          Array.from({ length: n }, (_, i) => row(i, T0 + n - i)),
          { start: T0 + n / 2 + 1, end: T0 + n },
        ),
      worst: true,
    },
    {
      name: 'n rows kept, then one live row posted',
      make: (n) =>
        rowsOf(
          Array.from({ length: n }, (_, i) => row(i, T0 + i)),
          n,
          [row(n, T0 + n)],
          { start: T0, end: T0 + n / 2 - 1 },
        ),
    },
  ],
  check: (answer, n, shape) => {
    const a = answer as { rows: number; count: number; shown: number; cost: number };
    const rows = shape.includes('live') ? n + 1 : n;
    assert.deepEqual([a.rows, a.count, a.shown], [rows, n / 2, Math.min(100, n / 2)]);
    assert.ok(Math.abs(a.cost - rows * USAGE.cost) < 1e-6, `a running cost of ${a.cost}`);
  },
});

export const webviewStateReaders: Array<Reader<unknown, unknown>> = [timeline, steps];
