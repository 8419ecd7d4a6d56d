// The usage panel's readers of what the host posts (webview/): the charts' buckets of a session's steps
// (decimate.ts), the lanes' marks as written for tests (laneMarks.ts), a lane's hover and cut label (laneText.ts),
// the models chart's words (chartShape.ts) and the tables' column widths (columns.ts). Every step, mark, title, tool
// name and model label is the server's, through the host, of any number and length.
import assert from 'node:assert/strict';
import type { TimelineBar, TimelineLane, TimelineMark } from '../../../src/store/timeline/timelineTypes';
import { formatCount, formatPercent } from '../../../src/present/format';
import type { ShareRow } from '../../../src/present/usageRows';
import { modelsInWords } from '../../../webview/chartShape';
import { leastCh } from '../../../webview/columns';
import { MinMaxBuckets, PeakBuckets, syncTail, type Source, type XY } from '../../../webview/decimate';
import { DESCRIBED_MARKS, describeMarks } from '../../../webview/laneMarks';
import { cutLabel, hoverAt } from '../../../webview/laneText';
import { reader, type Reader } from '../reader';

/** As chartKit.ts's maxBuckets() gives it in a window 1 280 px wide. */
const MAX_BUCKETS = 640;
const USAGE = { input: 1_000, output: 200, reasoning: 0, cacheRead: 5_000, cacheWrite: 0, cost: 0.01 };

interface Steps {
  /** Each step's four token kinds (the steps chart) and its context (the timeline's line; null: unknown). */
  tokens: number[][];
  context: Array<number | null>;
  /** How many of them arrive one message at a time after the first render of the rest. */
  live: number;
}

function steps(n: number, live: number, value: (i: number) => number, context: (i: number) => number | null): Steps {
  return {
    tokens: Array.from({ length: n }, (_, i) => [value(i), value(i) / 2, 0, value(i) * 3]),
    context: Array.from({ length: n }, (_, i) => context(i)),
    live,
  };
}

function lane(id: string, marks: TimelineMark[], bars: TimelineBar[] = []): TimelineLane {
  return { id, title: `lane ${id}`, created: 0, bars, marks, cost: 0 };
}

function bar(tools: string[], end = 10): TimelineBar {
  return { messageID: 'msg_1', start: 0, end, running: false, model: 'claude', usage: USAGE, tools };
}

const mark = (i: number, kind: TimelineMark['kind'] = 'permission'): TimelineMark => ({
  kind,
  start: i * 10,
  end: i * 10 + 5,
  open: false,
  ref: `per_${i}`,
});

/** A lane of one step (0..10 ms) and its marks, hovered at 2 ms. */
interface Hover {
  lane: TimelineLane;
}

export const webviewReaders: Array<Reader<unknown, unknown>> = [
  reader<Steps>({
    name: "The steps and timeline charts' buckets (PeakBuckets, MinMaxBuckets, syncTail)",
    covers: ['webview/decimate.ts#PeakBuckets', 'webview/decimate.ts#MinMaxBuckets', 'webview/decimate.ts#syncTail'],
    // An item is a step of the session (the host posts all at once, then each new one).
    n: 10_000,
    read: async ({ tokens, context, live }) => {
      const peaks = new PeakBuckets(4, MAX_BUCKETS);
      const lines = new MinMaxBuckets(0, MAX_BUCKETS);
      const peakSource: Source = { x: (i) => i + 1, y: (s, i) => tokens[i][s] };
      const lineSource: Source = { x: (i) => i + 1, y: (_s, i) => context[i] };
      const data: XY[] = [];
      // As StepsChart.render and StepLine.render do for each message: redo from the first changed step, one splice.
      const render = (from: number, n: number) => {
        peaks.update(peakSource, from, n);
        syncTail(data, lines.out, lines.update(lineSource, from, n));
      };
      const first = tokens.length - live;
      render(0, first);
      // A live step is its own message (a turn of the page's loop each).
      for (let n = first + 1; n <= tokens.length; n++) {
        if (n % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
        render(n - 1, n);
      }
      return { bars: peaks.out[0].length, last: peaks.out[0].at(-1)?.x, points: data.length, end: data.at(-1)?.x };
    },
    shapes: [
      {
        name: 'n steps at once',
        make: (n) =>
          steps(
            n,
            0,
            (i) => (i * 7_919) % 1_000,
            (i) => (i % 100) / 100,
          ),
      },
      // Each live step redoes its bucket: buckets grow with the steps, so a step's cost must not.
      {
        name: 'n steps, the last n/2 one at a time',
        make: (n) =>
          steps(
            n,
            n / 2,
            (i) => (i * 7_919) % 1_000,
            (i) => (i % 100) / 100,
          ),
        worst: true,
      },
      {
        name: 'n steps one at a time, each larger than the last, context unknown',
        make: (n) =>
          steps(
            n,
            n,
            (i) => i,
            () => null,
          ),
        worst: true,
      },
    ],
    check: (answer, n, shape) => {
      const { bars, last, points, end } = answer as { bars: number; last: number; points: number; end: number };
      // At most MAX_BUCKETS bars and a line of at most four points per bucket, both ending on the newest step (a
      // line of unknown context is a gap from its last bucket's start).
      assert.ok(bars <= MAX_BUCKETS + 1 && points <= 4 * MAX_BUCKETS, `${bars} bars, ${points} points`);
      assert.equal(last, n);
      if (!shape.includes('unknown')) assert.equal(end, n);
    },
  }),
  reader<Array<{ lane: TimelineLane; waits?: TimelineMark[] }>>({
    name: "The lanes' marks written for tests (describeMarks)",
    covers: ['webview/laneMarks.ts#describeMarks'],
    // An item is a mark (on any lane), written at every draw.
    n: 10_000,
    read: (lanes) => {
      const { marks, more } = describeMarks(lanes);
      return { marks: marks.length, more: more.reduce((sum, [, count]) => sum + count, 0) };
    },
    shapes: [
      {
        name: 'one lane of n marks',
        make: (n) => [
          {
            lane: lane(
              'a',
              Array.from({ length: n }, (_, i) => mark(i)),
            ),
          },
        ],
      },
      { name: 'n lanes of one mark', make: (n) => Array.from({ length: n }, (_, i) => ({ lane: lane(`l${i}`, [mark(i)]) })) },
      {
        // Every wait on a sub-agent is copied beside the lane's own marks before the first few are taken.
        name: 'one lane of n/2 marks and n/2 waits on sub-agents',
        make: (n) => [
          {
            lane: lane(
              'a',
              Array.from({ length: n / 2 }, (_, i) => mark(i)),
            ),
            waits: Array.from({ length: n / 2 }, (_, i) => mark(i, 'subagent')),
          },
        ],
        worst: true,
      },
    ],
    check: (answer, n) => {
      const { marks, more } = answer as { marks: number; more: number };
      assert.ok(marks <= DESCRIBED_MARKS, `${marks} marks written`);
      assert.equal(marks + more, n);
    },
  }),
  reader<Hover>({
    name: "A lane's hover (hoverAt, hoverLines, barLines, markLines)",
    covers: [
      'webview/laneText.ts#hoverAt',
      'webview/laneText.ts#hoverLines',
      'webview/laneText.ts#barLines',
      'webview/laneText.ts#markLines',
    ],
    // Of a lane of n marks, a step of n tool calls, a wait's words of n×10 characters: one hover, as the pointer moves.
    // 10n is ten times what the store keeps (MAX_CALLS_PER_MESSAGE calls of a step, MAX_MARKS marks of a session).
    n: 1_000,
    read: ({ lane }) => hoverAt({ lane }, 2, 0.5)?.join('\n').length,
    shapes: [
      {
        name: 'a step of n calls of 5 tools in a lane of n marks',
        make: (n) => ({
          lane: lane(
            'a',
            Array.from({ length: n }, (_, i) => mark(i)),
            [bar(Array.from({ length: n }, (_, i) => `tool${i % 5}`))],
          ),
        }),
      },
      {
        name: 'a step of n distinct tools, its error the lane’s last of n marks',
        make: (n) => {
          const marks = Array.from({ length: n }, (_, i) => mark(i + 2));
          marks.push({ kind: 'error', start: 10, end: 10, open: false, ref: 'E'.repeat(n) });
          // No mark at the pointer: every one of them is passed over.
          return { lane: lane('a', marks, [bar(Array.from({ length: n }, (_, i) => `mcp_server_${i}_tool`))]) };
        },
        worst: true,
      },
      {
        name: 'a permission whose command is n×10 characters of control and bidi characters',
        make: (n) => ({ lane: lane('a', [{ ...mark(0), detail: '\u202e\u0007ls '.repeat(n * 2.5) }], [bar([])]) }),
        worst: true,
      },
    ],
    check: (answer, n) => assert.ok(typeof answer === 'number' && answer > 0 && answer < n * 200, String(answer)),
  }),
  reader<string>({
    name: "A lane's title cut to its room (cutLabel)",
    covers: ['webview/laneText.ts#cutLabel'],
    // An item is a character of a sub-agent's title (as long as its server sends it).
    read: (title) => cutLabel(title, (s) => s.length <= 40),
    shapes: [
      { name: 'a title of n words', make: (n) => 'word '.repeat(n / 5) },
      { name: 'a title of n spaces after a letter', make: (n) => `a${' '.repeat(n)}`, worst: true },
    ],
    check: (answer) => assert.ok((answer as string).length <= 40 && (answer as string).endsWith('…'), answer as string),
  }),
  reader<ShareRow[]>({
    name: "The models chart's words (modelsInWords)",
    covers: ['webview/chartShape.ts#modelsInWords'],
    // An item is a model the session called (each with its label).
    read: (models) => modelsInWords(models)?.length,
    shapes: [
      { name: 'n models with a cost', make: (n) => Array.from({ length: n }, (_, i) => ({ label: `model ${i}`, usage: USAGE })) },
      {
        name: 'n models of no cost, labels of 100 characters',
        make: (n) => Array.from({ length: n }, (_, i) => ({ label: `${'m'.repeat(100)}${i}`, usage: { ...USAGE, cost: 0 } })),
        worst: true,
      },
    ],
    check: (answer, n, shape) => (shape.includes('no cost') ? assert.ok((answer as number) > n * 100) : assert.equal(answer, undefined)),
  }),
  reader<string[]>({
    name: "A table column's least width (leastCh)",
    covers: ['webview/columns.ts#leastCh'],
    // An item is a row's cell of the column: the totals table's rows are the sub-agents the host sent, each cell a
    // figure the page formatted (formatCount, formatExactCost, formatPercent), so its text is ours, its count theirs.
    read: (cells) => leastCh({ full: 'Cache write tokens', short: 'Cache w.' }, cells),
    shapes: [
      { name: 'n token counts', make: (n) => Array.from({ length: n }, (_, i) => formatCount(i * 1_000)) },
      // A "%" counts two: each cell is split on it.
      { name: 'n shares of a percent', make: (n) => Array.from({ length: n }, (_, i) => formatPercent(i / n)), worst: true },
    ],
    check: (answer, n, shape) => {
      // The header's longest word ("tokens") is 6; a share of "99.9%" counts 6 too.
      assert.equal(answer, shape.includes('percent') ? 6 : Math.max(6, formatCount((n - 1) * 1_000).length));
    },
  }),
];
