// What the Timeline's lanes and money axis say (issues 73 and 77): a hover over a step inside a wait names the wait,
// its reason and how long it lasted; a cut step says why it was cut; a long label ends in an ellipsis; the money
// axis' ticks are round.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TimelineBar, TimelineLane, TimelineMark } from '../../../src/store/timeline/timelineTypes';
import { cutLabel, hoverAt, hoverLines, labelLines } from '../../../webview/laneText';
import { describeLanes } from '../../../webview/laneMarks';
import { buildTimeline } from '../../../src/store/timeline/timelineFigures';
import { pastParents } from '../../../src/store/timeline/pastParent';
import { moneyTickLabels, moneyTicks } from '../../../webview/moneyTicks';
import { formatCost } from '../../../src/present/format';

const T = 1_700_000_000_000;
const bar: TimelineBar = {
  messageID: 'm1',
  start: T,
  end: T + 130_000,
  running: false,
  model: 'p/m',
  usage: { input: 1, output: 1, reasoning: 0, cacheRead: 0, cacheWrite: 0, cost: 0.01 },
  tools: ['bash'],
};
const lane = (marks: TimelineMark[]): TimelineLane => ({
  id: 'S',
  title: 'Run the test suite',
  created: T,
  bars: [bar],
  marks,
  cost: 0.01,
});

describe('lane hovers', () => {
  test('a step inside a permission wait: the wait, what it asked and how long, then the step', () => {
    const wait: TimelineMark = {
      kind: 'permission',
      start: T + 2000,
      end: T + 122_000,
      open: false,
      ref: 'per_1',
      detail: 'bash: npm test',
    };
    const lines = hoverLines(lane([wait]), bar, wait)!;
    assert.deepEqual(lines.slice(0, 2), ['Run the test suite: waited for a permission for 2m 0s', 'bash: npm test']);
    assert.ok(lines.includes('Cost: $0.010000'), lines.join('\n'));
  });

  test('a budget pause says which budget and what ended it; the step it cut says it was cut by that budget', () => {
    const pause: TimelineMark = {
      kind: 'pause',
      start: T + 130_000,
      end: T + 190_000,
      open: false,
      budget: { name: 'session', limit: 1.8, ended: 'resumed' },
    };
    const abort: TimelineMark = {
      kind: 'abort',
      start: T + 130_000,
      end: T + 130_000,
      open: false,
      ref: 'MessageAbortedError',
      budget: { name: 'session', limit: 1.8 },
    };
    const l = lane([abort, pause]);
    assert.deepEqual(hoverLines(l, undefined, pause), [
      'Run the test suite: paused by a budget for 1m 0s',
      'By the session budget ($1.80)',
      'Ended: resumed from VS Code',
    ]);
    assert.equal(hoverLines(l, bar, abort)!.at(-1), 'Cut: stopped by the extension, paused by the session budget ($1.80)');
    // What ended it comes from other windows' storage: a word that is not the book's is not named (an object's own
    // 'constructor' showed "function Object() { [native code] }").
    for (const ended of ['constructor', '__proto__', 'toString'])
      assert.ok(
        !hoverLines(l, undefined, { ...pause, budget: { ...pause.budget!, ended } })!.some((line) => line.startsWith('Ended')),
        ended,
      );
    const plain = lane([{ ...abort, budget: undefined }]);
    assert.equal(hoverLines(plain, bar, undefined)!.at(-1), 'Cut: stopped by a client (not by a budget pause)');
  });

  test('a parent’s step waiting on a sub-agent: the wait names the sub-agent and how long, then the step', () => {
    const wait: TimelineMark = {
      kind: 'subagent',
      start: T + 1000,
      end: T + 2200,
      open: false,
      ref: 'ses_c',
      detail: 'Write\u202Ethe code',
    };
    const lines = hoverLines(lane([]), bar, wait)!;
    // The title as the server sent it, without its bidi control (visibleText).
    assert.equal(lines[0], 'Run the test suite: waited on sub-agent “Writethe code” for 1.2 s');
    assert.ok(lines.includes('Tool calls: bash'), lines.join('\n'));
    assert.equal(hoverLines(lane([]), undefined, { ...wait, open: true })![0].endsWith('for 1.2 s, still'), true);
  });
});

describe('a sub-agent recorded running past its parent', () => {
  const step = (id: string, start: number, end: number): TimelineBar => ({ ...bar, messageID: id, start, end });
  const session = (id: string, title: string, bars: TimelineBar[], parentId?: string): TimelineLane => ({
    id,
    title,
    created: bars[0].start,
    bars,
    marks: [],
    cost: 0,
    ...(parentId && { parentId }),
  });
  // The demo's shape (issue 77): the child's run ends at T+130 s; its own sub-agent is made and run after that.
  const root = session('R', 'Add checkout flow', [step('r1', T, T + 140_000)]);
  const child = session('C', 'Write payment tests', [step('c1', T + 10_000, T + 130_000)], 'R');
  const inside = session('I', 'Check the cart', [step('i1', T + 20_000, T + 30_000)], 'C');
  const grandchild = session('G', 'Mock the payment gateway', [step('g1', T + 200_000, T + 260_000)], 'C');
  const lanes = [root, child, inside, grandchild].map((l, i) => ({ lane: l, depth: [0, 1, 2, 2][i] }));
  const timeline = buildTimeline('R', [root, child, inside, grandchild])!;

  test('the lane says it, drawn as recorded: its label and its steps past the parent’s end, and the drawn data', () => {
    const described = describeLanes(timeline, () => '');
    assert.deepEqual(JSON.parse(described.pastParent), [['G', T + 130_000, 130_000, true]], 'only the one past its parent');
    const past = pastParents(lanes).get('G');
    const words =
      'As OpenCode recorded it, this sub-agent started after the end of its parent “Write payment tests”: drawn as recorded, not cut';
    assert.deepEqual(labelLines(grandchild, past), ['Mock the payment gateway', words]);
    assert.equal(hoverAt(lanes[3], T + 230_000, 1, past)!.at(-1), words);
    assert.ok(!hoverAt(lanes[2], T + 25_000, 1, pastParents(lanes).get('I'))!.some((l) => l.includes('As OpenCode recorded')));
  });

  test('one cut short by its parent’s end says how long it ran past it; a parent still running is not ended', () => {
    const late = session('L', 'Late sub-agent', [step('l1', T + 100_000, T + 190_000)], 'C');
    assert.match(
      labelLines(late, pastParents([...lanes, { lane: late, depth: 2 }]).get('L'))[1],
      /this sub-agent ran 1m 0s past the end of its parent/,
    );
    const running = session('C', 'Write payment tests', [{ ...step('c1', T + 10_000, T + 130_000), running: true }], 'R');
    assert.equal(pastParents([{ lane: running }, { lane: grandchild }]).size, 0);
  });
});

describe('lane labels', () => {
  test('a label too long for its room ends in an ellipsis; one that fits is as it is', () => {
    const fits = (s: string) => s.length <= 25;
    assert.equal(cutLabel('Write payment tests (@general subagent)', fits), 'Write payment tests (@ge…');
    assert.equal(cutLabel('Short', fits), 'Short');
    assert.equal(cutLabel('x'.repeat(100_000), fits), `${'x'.repeat(24)}…`);
  });
});

describe('money ticks', () => {
  test('round values from $0: no $0.13 / $0.38 quarters', () => {
    assert.deepEqual(moneyTicks(0.42).map(formatCost), ['$0.00', '$0.10', '$0.20', '$0.30', '$0.40', '$0.50']);
    assert.deepEqual(moneyTicks(2.3).map(formatCost), ['$0.00', '$0.50', '$1.00', '$1.50', '$2.00', '$2.50']);
    assert.deepEqual(moneyTicks(0.0031), [0, 0.001, 0.002, 0.003, 0.004]);
    for (const usd of [1e-7, 0.013, 0.5, 1, 7.7, 1234.5]) {
      const ticks = moneyTicks(usd);
      assert.ok(ticks.length >= 2 && ticks.length <= 6 && ticks[ticks.length - 1] >= usd, `${usd}: ${ticks.join(' ')}`);
    }
  });

  test('labels with the fewest decimals that tell neighbours apart, never a run of zeros (issue 77: "$0.000000")', () => {
    assert.deepEqual(moneyTickLabels(moneyTicks(0.42)), ['$0', '$0.10', '$0.20', '$0.30', '$0.40', '$0.50']);
    assert.deepEqual(moneyTickLabels(moneyTicks(2.3)), ['$0', '$0.50', '$1.00', '$1.50', '$2.00', '$2.50']);
    assert.deepEqual(moneyTickLabels(moneyTicks(120)), ['$0', '$50.00', '$100.00', '$150.00']);
    assert.deepEqual(moneyTickLabels(moneyTicks(0.0011)), ['$0', '$0.0005', '$0.0010', '$0.0015']);
    assert.deepEqual(moneyTickLabels(moneyTicks(0.0009)), ['$0', '$0.0002', '$0.0004', '$0.0006', '$0.0008', '$0.0010']);
    assert.deepEqual(moneyTickLabels(moneyTicks(0.0031)), ['$0', '$0.001', '$0.002', '$0.003', '$0.004']);
    // Zoomed in where a tree had spent a few millionths, or nothing: an axis of amounts a step can cost.
    for (const usd of [3e-7, 1e-9, 0.000042, 0.0007, 0.013, 7.7]) {
      const labels = moneyTickLabels(moneyTicks(usd));
      assert.equal(new Set(labels).size, labels.length, `${usd}: ${labels.join(' ')}`);
      for (const label of labels.slice(1)) assert.doesNotMatch(label, /^\$0\.0*$|0{5}/, `${usd}: ${labels.join(' ')}`);
    }
    assert.deepEqual(moneyTickLabels(moneyTicks(3e-7)), ['$0', '$0.00002', '$0.00004', '$0.00006', '$0.00008', '$0.00010']);
  });
});
