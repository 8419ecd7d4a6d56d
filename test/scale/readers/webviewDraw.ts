// What the usage page draws from what the host posts, without its DOM (the canvas, chart.js and the tables' elements
// are thin shells over these, notReaders/webview.ts): the lanes painted through a counting pen (lanePaint.ts) and
// written for tests (laneMarks.ts), the steps chart's stacks (stepStacks.ts), the summary charts' labels and values
// and the context chart's compaction marks (chartShape.ts), and the tables' cells and least widths (tableCells.ts).
// Every lane, bar, mark, step, sub-agent, model and day is the server's, through the host, of any number.
import assert from 'node:assert/strict';
import type { StepRow, UsageSummary } from '../../../src/features/usage/protocol';
import { formatCount } from '../../../src/present/format';
import { buildTimeline, type Timeline } from '../../../src/store/timeline/timelineFigures';
import type { TimelineBar, TimelineLane, TimelineMark } from '../../../src/store/timeline/timelineTypes';
import {
  childRows,
  compactionPoints,
  MAX_CHILD_ROWS,
  MAX_MODEL_SLICES,
  MAX_TREND_DAYS,
  modelsData,
  sharesData,
  trendData,
} from '../../../webview/chartShape';
import { criticalPathTitles, describeLanes } from '../../../webview/laneMarks';
import { LANE_H, lanesInSight, paintBars, paintLinks, paintMarks, type Pen } from '../../../webview/lanePaint';
import { StepStacks } from '../../../webview/stepStacks';
import { stepCells, totalsRows, WidestStep } from '../../../webview/tableCells';
import { timeToX } from '../../../webview/timeAxis';
import { reader, type Reader } from '../reader';

/** A panel 1 280 px wide and a window 1 000 px high; chartKit.ts's maxBuckets() there. */
const WIDTH = 1_280;
const HEIGHT = 1_000;
const MAX_BUCKETS = 640;
const USAGE = { input: 1_000, output: 200, reasoning: 0, cacheRead: 5_000, cacheWrite: 0, cost: 0.01 };
const turn = () => new Promise((resolve) => setImmediate(resolve));

const bar = (i: number, start = i * 10, end = start + 5): TimelineBar => ({
  messageID: `msg_${i}`,
  start,
  end,
  running: false,
  model: `p/m${i % 3}`,
  usage: USAGE,
  tools: [],
});

function lane(id: string, bars: TimelineBar[], parentId?: string, marks: TimelineMark[] = []): TimelineLane {
  return {
    id,
    ...(parentId && { parentId }),
    title: `lane ${id}`,
    created: bars[0]?.start ?? 0,
    bars,
    marks,
    cost: bars.length * USAGE.cost,
  };
}

function timeline(lanes: TimelineLane[]): Timeline {
  const built = buildTimeline('root', lanes);
  assert.ok(built);
  return built;
}

/** A root whose one long step started n sub-agents, each with one step (each linked from the root's step). */
const subAgents = (n: number) =>
  timeline([
    lane('root', [bar(0, 0, n * 10 + 10)]),
    ...Array.from({ length: n }, (_, i) => lane(`sub${i}`, [bar(i + 1, i * 10 + 1, i * 10 + 6)], 'root')),
  ]);

/** A chain: each sub-agent started by its parent's step, n deep (the critical path runs through all of them). */
const chain = (n: number) =>
  timeline([
    lane('root', [bar(0, 0, 2 * n + 10)]),
    ...Array.from({ length: n }, (_, i) => lane(`sub${i}`, [bar(i + 1, i + 1, 2 * n + 9 - i)], i ? `sub${i - 1}` : 'root')),
  ]);

const oneLane = (n: number) =>
  timeline([
    lane(
      'root',
      Array.from({ length: n }, (_, i) => bar(i)),
    ),
  ]);

/** Counts what is painted. */
class CountingPen implements Pen {
  fillStyle: unknown = '';
  rects = 0;
  lines = 0;
  fillRect(): void {
    this.rects++;
  }
  beginPath(): void {}
  moveTo(): void {}
  lineTo(): void {
    this.lines++;
  }
  stroke(): void {}
}

interface Painted {
  timeline: Timeline;
  view: { start: number; end: number };
}

const whole = (t: Timeline): Painted => ({ timeline: t, view: { start: 0, end: Math.max(10, t.figures.wallMs) } });

const lanesPainted = reader<Painted>({
  name: 'The lanes painted (lanesInSight, paintBars, paintMarks, paintLinks)',
  covers: [
    'webview/lanePaint.ts#lanesInSight',
    'webview/lanePaint.ts#paintBars',
    'webview/lanePaint.ts#paintMarks',
    'webview/lanePaint.ts#paintLinks',
  ],
  // 10n is 20 000 lanes (ten times the host's MAX_LANES), steps or marks.
  n: 2_000,
  // As LaneCanvas.draw does with the canvas at the top: the lanes in sight, then every link.
  read: ({ timeline, view }) => {
    const pen = new CountingPen();
    const x = timeToX(view, WIDTH);
    const { first, last } = lanesInSight(timeline.lanes.length, 0, HEIGHT);
    for (let i = first; i <= last; i++) {
      const { lane, waits } = timeline.lanes[i];
      const top = i * LANE_H + 2;
      paintBars(pen, lane.bars, view, top, x, (b) => b.model);
      if (waits) paintMarks(pen, waits, top, x, () => 'red');
      paintMarks(pen, lane.marks, top, x, () => 'red');
    }
    paintLinks(pen, timeline, x, 'black');
    return { rects: pen.rects, lines: pen.lines, inSight: last - first + 1 };
  },
  shapes: [
    { name: 'one lane of n steps in view', make: (n) => whole(oneLane(n)) },
    // The steps before the view are passed over one by one.
    {
      name: 'one lane of n steps, the view on the last ten',
      make: (n) => ({ timeline: oneLane(n), view: { start: (n - 10) * 10, end: n * 10 } }),
    },
    {
      name: 'one lane of n waits and instants',
      make: (n) =>
        whole(
          timeline([
            lane(
              'root',
              [bar(0, 0, n * 10)],
              undefined,
              Array.from({ length: n }, (_, i) => ({
                kind: i % 2 ? 'error' : 'permission',
                start: i * 10,
                end: i * 10 + (i % 2 ? 0 : 5),
                open: false,
              })),
            ),
          ]),
        ),
    },
    { name: 'n sub-agent lanes, each linked from the root’s step', make: (n) => whole(subAgents(n)), worst: true },
  ],
  check: (answer, n, shape) => {
    const a = answer as { rects: number; lines: number; inSight: number };
    const sight = Math.ceil(HEIGHT / LANE_H) + 1;
    assert.ok(a.inSight <= sight, `${a.inSight} lanes in sight`);
    // A lane paints at most one bar per pixel column.
    if (shape.includes('steps')) assert.ok(a.rects > 0 && a.rects <= WIDTH, `${a.rects} bars painted`);
    if (shape.includes('waits')) assert.ok(a.rects >= n, `${a.rects} marks painted`);
    if (shape.includes('sub-agent')) assert.equal(a.lines, n);
  },
});

const lanesDescribed = reader<Timeline>({
  name: 'What the lanes write for tests (describeLanes, criticalPathTitles)',
  covers: ['webview/laneMarks.ts#describeLanes', 'webview/laneMarks.ts#criticalPathTitles'],
  n: 2_000,
  read: (t) => {
    const d = describeLanes(t, (l) => l.title);
    return { length: Object.values(d).reduce((sum, v) => sum + v.length, 0), bars: Number(d.barCount), path: criticalPathTitles(t).length };
  },
  shapes: [
    { name: 'n sub-agent lanes of one step', make: subAgents },
    { name: 'one lane of n steps', make: oneLane },
    { name: 'a chain of n sub-agents', make: chain, worst: true },
  ],
  check: (answer, n, shape) => {
    const a = answer as { length: number; bars: number; path: number };
    assert.equal(a.bars, shape.startsWith('one lane') ? n : n + 1);
    if (shape.includes('chain')) assert.ok(a.path > n * 5, `a critical path of ${a.path} characters`);
  },
});

const row = (i: number, extra: Partial<StepRow> = {}): StepRow => ({
  ...USAGE,
  input: (i * 7_919) % 100_000,
  n: i + 1,
  messageID: `msg_${i}`,
  time: i,
  model: 'p/m',
  source: 'step',
  ...extra,
});

interface Posted {
  rows: StepRow[];
  /** How many arrive one message at a time after the first render of the rest. */
  live: number;
}

const posted = (rows: StepRow[], live: number): Posted => ({ rows, live });

/** Feeds `rows` into `kept` as UsageState does (the rest at once, then each live row), calling `render(from)`. */
async function feed({ rows, live }: Posted, kept: StepRow[], render: (from: number) => void): Promise<void> {
  const first = rows.length - live;
  for (let i = 0; i < first; i++) kept.push(rows[i]);
  render(0);
  for (let i = first; i < rows.length; i++) {
    if (i % 100 === 0) await turn();
    kept.push(rows[i]);
    render(i);
  }
}

const ALL_KINDS = [true, true, true, true, true];

const stacks = reader<Posted>({
  name: "The steps chart's stacks (StepStacks)",
  covers: ['webview/stepStacks.ts#StepStacks'],
  read: async (input) => {
    const kept: StepRow[] = [];
    const s = new StepStacks(kept, MAX_BUCKETS);
    await feed(input, kept, (from) => s.update(from, ALL_KINDS));
    // A legend click hides the output tokens: every bar stacked again without them.
    s.stack(0, [true, false, true, true, true]);
    return { bars: s.data[0].length, last: s.data[0].at(-1)?.x, present: s.present.filter(Boolean).length };
  },
  shapes: [
    {
      name: 'n steps at once',
      make: (n) =>
        posted(
          Array.from({ length: n }, (_, i) => row(i)),
          0,
        ),
    },
    {
      name: 'n steps, the last n/2 one at a time',
      make: (n) =>
        posted(
          Array.from({ length: n }, (_, i) => row(i)),
          n / 2,
        ),
      worst: true,
    },
    // Each live step is compared with its bucket's peak so far, not the bucket read again (256 steps at 100 000).
    {
      name: 'n steps one at a time',
      make: (n) =>
        posted(
          Array.from({ length: n }, (_, i) => row(i)),
          n,
        ),
      worst: true,
    },
  ],
  check: (answer, n) => {
    const a = answer as { bars: number; last: number; present: number };
    assert.ok(a.bars <= MAX_BUCKETS + 1, `${a.bars} bars`);
    assert.deepEqual([a.last, a.present], [n, 3]);
  },
});

const widest = reader<Posted>({
  name: "The steps table's cells and widest figures (WidestStep, stepCells)",
  covers: ['webview/tableCells.ts#WidestStep', 'webview/tableCells.ts#stepCells'],
  // As StepsTable.render does, with the virtual grid (following the newest, about 30 rows in sight) writing the rows
  // in sight that changed.
  read: async (input) => {
    const kept: StepRow[] = [];
    const w = new WidestStep();
    let widths: number[] = [];
    let cells = 0;
    await feed(input, kept, (from) => {
      w.add(kept, from);
      widths = w.widths();
      for (let i = Math.max(from, kept.length - 30); i < kept.length; i++) cells += stepCells(kept[i]).length;
    });
    return { widths, cells };
  },
  shapes: [
    {
      name: 'n steps at once',
      make: (n) =>
        posted(
          Array.from({ length: n }, (_, i) => row(i)),
          0,
        ),
    },
    {
      name: 'n steps with list prices and copies, the last n/2 one at a time',
      make: (n) =>
        posted(
          Array.from({ length: n }, (_, i) => row(i, i % 3 ? { listCost: i % 2 ? null : i / 1e4 } : { copied: { ...USAGE, cost: i } })),
          n / 2,
        ),
      worst: true,
    },
  ],
  check: (answer, n) => {
    const { widths } = answer as { widths: number[] };
    // The step column is as wide as the largest step number.
    assert.ok(widths[0] >= String(n).length, widths.join());
  },
});

const SUMMARY: UsageSummary = {
  sessionID: 'root',
  title: 'root',
  server: 'local',
  own: USAGE,
  inclusive: USAGE,
  children: [],
  byModel: [],
  compactions: [],
  threshold: 0.8,
  days: [],
  loading: false,
};

/** n sub-agents (cost rising, or all alike), n models and n days. */
function summaryOf(n: number, cost: (i: number) => number): UsageSummary {
  const children = Array.from({ length: n }, (_, i) => ({ label: `sub-agent ${'x'.repeat(100)}${i}`, usage: { ...USAGE, cost: cost(i) } }));
  const spent = children.reduce((sum, c) => sum + c.usage.cost, USAGE.cost);
  return {
    ...SUMMARY,
    inclusive: { ...USAGE, cost: spent },
    children,
    byModel: Array.from({ length: n }, (_, i) => ({ label: `model ${i}`, usage: { ...USAGE, cost: cost(n - 1 - i) }, listCost: 0.001 })),
    days: Array.from({ length: n }, (_, i) => ({ day: `day ${String(i).padStart(6, '0')}`, tokens: i, cost: cost(i) })),
  };
}

const summaryCharts = reader<UsageSummary>({
  name: 'The summary charts and the totals table (modelsData, sharesData, trendData, childRows, totalsRows)',
  covers: [
    'webview/chartShape.ts#modelsData',
    'webview/chartShape.ts#sharesData',
    'webview/chartShape.ts#trendData',
    'webview/chartShape.ts#costliest',
    'webview/chartShape.ts#childRows',
    'webview/tableCells.ts#totalsRows',
  ],
  // An item is a sub-agent, a model and a day.
  read: (summary) => {
    const [models, shares, trend] = [modelsData(summary), sharesData(summary), trendData(summary)];
    const totals = totalsRows(summary);
    return {
      labels: [models.labels.length, shares.labels.length, trend.labels.length],
      share: shares.series[0].reduce((sum, v) => sum + v, 0),
      rows: totals.rows.length,
      rest: childRows(summary.children).at(-1)?.label,
    };
  },
  shapes: [
    { name: 'n sub-agents, models and days, each costlier than the last', make: (n) => summaryOf(n, (i) => i / 1e3) },
    // Ties throughout: the costliest are the first, in the host's order.
    { name: 'n sub-agents, models and days of one cost', make: (n) => summaryOf(n, () => 0.01), worst: true },
  ],
  check: (answer, n) => {
    const a = answer as { labels: number[]; share: number; rows: number; rest: string };
    // Each chart draws a bounded number of labels, and the shares (the rest summed) still add up to Σ.
    assert.deepEqual(a.labels, [MAX_MODEL_SLICES + 1, MAX_CHILD_ROWS + 2, Math.min(n, MAX_TREND_DAYS)]);
    assert.ok(Math.abs(a.share - 100) < 1e-6, `shares summing to ${a.share}%`);
    assert.equal(a.rows, MAX_CHILD_ROWS + 3);
    assert.equal(a.rest, `${formatCount(n - MAX_CHILD_ROWS)} more sub-agents`);
  },
});

interface Compacted {
  compactions: number[];
  rows: Array<{ context?: number }>;
}

const compactions = reader<Compacted>({
  name: "The context chart's compaction marks (compactionPoints)",
  covers: ['webview/chartShape.ts#compactionPoints'],
  // An item is a step and a compaction after it.
  read: ({ compactions, rows }) => compactionPoints(compactions, rows, 0.8, MAX_BUCKETS).length,
  shapes: [
    {
      name: 'a compaction after each of n steps',
      make: (n) => ({
        compactions: Array.from({ length: n }, (_, i) => i + 1),
        rows: Array.from({ length: n }, (_, i) => ({ context: (i % 100) / 100 })),
      }),
    },
    {
      name: 'n compactions out of order, each twice, after n steps of no known context',
      make: (n) => ({
        compactions: Array.from({ length: n }, (_, i) => ((i * 7_919) % n) + 1).flatMap((c) => [c, c, 0, n + c]),
        rows: Array.from({ length: n }, () => ({})),
      }),
      worst: true,
    },
  ],
  // One mark per bucket of steps at most (the line's buckets), each one a compaction.
  check: (answer) => assert.ok((answer as number) > 0 && (answer as number) <= MAX_BUCKETS, String(answer)),
});

export const webviewDrawReaders: Array<Reader<unknown, unknown>> = [
  lanesPainted,
  lanesDescribed,
  stacks,
  widest,
  summaryCharts,
  compactions,
];
