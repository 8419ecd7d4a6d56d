// A scripted step priced on alpha costs what the test asks, and one big enough to make OpenCode compact is refused.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_MODELS } from '../../harness/opencodeServer';
import { usageCosting } from '../../harness/stepUsage';

const alpha = DEFAULT_MODELS[0];
const priced = (u: { prompt: number; completion: number }) => (u.prompt * alpha.cost.input + u.completion * alpha.cost.output) / 1e6;

test('a step costs what it is asked to, within a token', () => {
  for (const usd of [0.01, 0.5, 0.6, 0.7]) assert.ok(Math.abs(priced(usageCosting(usd)) - usd) <= alpha.cost.input / 1e6, `$${usd}`);
  assert.deepEqual(usageCosting(0.6), { prompt: 100_000, completion: 20_000 });
});

test('a step of 168k tokens or more on alpha is refused: OpenCode would compact after it', () => {
  assert.throws(() => usageCosting(1.2), /320000 tokens on alpha: OpenCode compacts after 168000/);
  assert.doesNotThrow(() => usageCosting(0.74));
});
