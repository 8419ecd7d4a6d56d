// What the usage panel's charts show for the data they have: words where a chart would say less (no step,
// one model, no sub-agents, no day), step bars with a gap between them, never wider than a bar should be, and a
// few dozen bars, slices, rows and marks however many sub-agents, models, days and compactions there are.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ShareRow, UsageSummary } from '../../../src/features/usage/protocol';
import { ZERO_USAGE, type Usage } from '../../../src/store/usage';
import {
  barSpan,
  childRows,
  compactionPoints,
  MAX_BAR_PX,
  MAX_CHILD_ROWS,
  MAX_MODEL_SLICES,
  MAX_TREND_DAYS,
  modelsData,
  modelsInWords,
  sharesInWords,
  trendData,
  trendInWords,
} from '../../../webview/chartShape';

const usage = (u: Partial<Usage>): Usage => ({ ...ZERO_USAGE, ...u });
const model = (label: string, cost: number, listCost?: number): ShareRow => ({
  label,
  usage: usage({ input: 1_000, output: 200, cost }),
  listCost,
});

describe('usage charts that fit their data', () => {
  test('step bars keep a fifth of their slot as a gap, in whole pixels, centred in it', () => {
    assert.deepEqual(barSpan(100, 200), { left: 110, width: 80 });
    assert.deepEqual(barSpan(0, 10), { left: 1, width: 8 });
    // Neighbours never touch: the next slot's bar starts after this one ends.
    const [a, b] = [barSpan(0, 37), barSpan(37, 74)];
    assert.ok(a.left + a.width < b.left, JSON.stringify([a, b]));
  });

  test('bars a pixel or two wide (thousands of steps) keep every pixel, and no bar is wider than the most', () => {
    assert.deepEqual(barSpan(10, 12), { left: 10, width: 2 });
    assert.deepEqual(barSpan(10, 14), { left: 10, width: 4 });
    // One step across a 1 200 px chart: a bar, not a wall.
    const one = barSpan(0, 1200);
    assert.equal(one.width, MAX_BAR_PX);
    assert.equal(one.left, (1200 - MAX_BAR_PX) / 2);
  });

  test('cost by model: a single model in words, several as a chart, none or no cost said so', () => {
    assert.equal(modelsInWords([]), 'No model has been called yet.');
    assert.equal(modelsInWords([model('scripted/alpha', 0.0734)]), 'One model: scripted/alpha, $0.073 for 1,200 tokens.');
    assert.match(modelsInWords([model('alpha', 0, 0.5)])!, /^One model: alpha, \$0\.00 \(≈ \$0\.50 more at list price\)/);
    assert.equal(modelsInWords([model('alpha', 0.01), model('beta', 0.02)]), undefined);
    assert.equal(modelsInWords([model('alpha', 0), model('beta', 0, 0.3)]), undefined, 'a list-price estimate is drawn');
    assert.equal(modelsInWords([model('alpha', 0), model('beta', 0)]), 'No cost recorded yet for its 2 models (alpha, beta).');
  });

  test('shares of Σ: no sub-agent in words, sub-agents as bars', () => {
    const summary = { own: usage({ cost: 0.19 }), children: [] } as unknown as UsageSummary;
    assert.equal(sharesInWords(summary), "No sub-agents: this session's own cost, $0.19, is all of Σ.");
    assert.equal(sharesInWords({ ...summary, children: [model('Write the tests', 0.05)] }), undefined);
  });

  test('the trend: no day yet in words (reading, or nothing on the server), a day or more as a chart', () => {
    assert.equal(trendInWords({ days: [] }), 'No usage recorded on this server yet.');
    assert.match(trendInWords({ days: [], trend: { pending: 2, sessions: 3 } })!, /being read/);
    assert.equal(trendInWords({ days: [{ day: '2026-11-25', tokens: 10, cost: 0.1 }] }), undefined);
  });

  test('sub-agents past the most named: the costliest in the host’s order, the rest one row summing them', () => {
    // Ten cost $1 and the rest $2 but one, which cost $0 and $9 at list price.
    const children = Array.from({ length: MAX_CHILD_ROWS + 10 }, (_, i) =>
      i === 3 ? model('sub 3', 0, 9) : model(`sub ${i}`, i <= 10 ? 1 : 2),
    );
    const rows = childRows(children);
    assert.equal(rows.length, MAX_CHILD_ROWS + 1);
    // Sub-agent 3 is the costliest by its list price; the ten of $1 are summed.
    const named = rows.slice(0, -1).map((r) => Number(r.label.slice(4)));
    assert.deepEqual(
      named,
      [...named].sort((a, b) => a - b),
      'in the host’s order',
    );
    assert.ok(named.includes(3));
    const rest = rows.at(-1)!;
    assert.equal(rest.label, '10 more sub-agents');
    assert.equal(rest.usage.cost, 10);
    assert.equal(rest.usage.input, 10_000);
    assert.equal(childRows(children.slice(0, MAX_CHILD_ROWS)).length, MAX_CHILD_ROWS, 'none summed at the most');
  });

  test('models past the most named are one slice; the trend draws its newest days', () => {
    const byModel = Array.from({ length: 40 }, (_, i) => model(`m${i}`, 40 - i));
    const data = modelsData({ byModel });
    assert.equal(data.labels.length, MAX_MODEL_SLICES + 1);
    assert.equal(
      data.labels.at(-1),
      `${40 - MAX_MODEL_SLICES} other models $${(((40 - MAX_MODEL_SLICES) * (40 - MAX_MODEL_SLICES + 1)) / 2).toFixed(2)}`,
    );
    const days = Array.from({ length: MAX_TREND_DAYS + 5 }, (_, i) => ({ day: `d${i}`, tokens: i, cost: i }));
    assert.deepEqual(trendData({ days }).labels.slice(0, 1), ['d5']);
  });

  test('the models the host did not name are counted in the rest slice and the words', () => {
    const named = Array.from({ length: MAX_MODEL_SLICES }, (_, i) => model(`m${i}`, 40 - i));
    const otherModels = { count: 88, usage: usage({ input: 5_000, cost: 5 }), listCost: 0.5 };
    const data = modelsData({ byModel: named, otherModels });
    assert.equal(data.labels.length, MAX_MODEL_SLICES + 1);
    assert.equal(data.labels.at(-1), '88 other models $5.00');
    assert.deepEqual([data.series[0].at(-1), data.series[1].at(-1)], [5, 0.5]);
    assert.equal(modelsData({ byModel: named, otherModels: { ...otherModels, count: 1 } }).labels.at(-1), '1 other model $5.00');
    assert.equal(data.words, undefined);
    const unpaid = [model('alpha', 0), model('beta', 0)];
    assert.equal(
      modelsInWords(unpaid, { count: 1_500, usage: usage({ input: 10 }) }),
      'No cost recorded yet for its 1,502 models (alpha, beta, and 1,500 more).',
    );
    assert.equal(modelsInWords(unpaid, { count: 3, usage: usage({ cost: 0.01 }) }), undefined, 'the rest cost something');
    assert.equal(modelsInWords([model('alpha', 1)], { count: 1, usage: usage({}) }), undefined, 'two models: the doughnut');
  });

  test('compaction marks: one per bucket of the line at most, at the step’s context or the threshold', () => {
    const rows = [{ context: 0.5 }, {}, { context: 0.9 }, {}];
    assert.deepEqual(compactionPoints([2, 1, 5, 0, 3], rows, 0.8, 10), [
      { x: 2, y: 80 },
      { x: 1, y: 50 },
      { x: 3, y: 90 },
    ]);
    // Two steps a bucket: steps 1 and 2 share one.
    assert.deepEqual(compactionPoints([1, 2, 3, 4], rows, 0.8, 2), [
      { x: 1, y: 50 },
      { x: 3, y: 90 },
    ]);
    // 100 000 steps in buckets of 256: 391 of them.
    const many = Array.from({ length: 100_000 }, (_, i) => i + 1);
    const unknown = many.map(() => ({}));
    assert.equal(compactionPoints(many, unknown, 0.8, 640).length, 391);
  });
});
