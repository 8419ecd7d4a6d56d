// What the usage panel's charts show for the data they have: words where a chart would say less (no step,
// one model, no sub-agents, no day), and step bars with a gap between them, never wider than a bar should be.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ShareRow, UsageSummary } from '../../../src/features/usage/protocol';
import { ZERO_USAGE, type Usage } from '../../../src/store/usage';
import { barSpan, MAX_BAR_PX, modelsInWords, sharesInWords, trendInWords } from '../../../webview/chartShape';

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
});
