// mapPooled runs a list's work a few at a time, never all at once, and keeps the results in the list's order.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mapPooled } from '../../../src/base/pool';

describe('mapPooled', () => {
  test('at most `limit` in flight, every item done once, results in the items’ order', async () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    let inFlight = 0;
    let most = 0;
    const results = await mapPooled(items, 8, async (item) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      // Finish out of order: later items first within each wave.
      await new Promise((resolve) => setImmediate(resolve));
      if (item % 2) await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return item * 2;
    });
    assert.equal(most, 8);
    assert.deepEqual(
      results,
      items.map((i) => i * 2),
    );
  });

  test('an empty list, and a failure rejects as Promise.all does', async () => {
    assert.deepEqual(await mapPooled([], 8, () => Promise.resolve(1)), []);
    const started: number[] = [];
    await assert.rejects(
      mapPooled([0, 1, 2, 3], 1, (item) => {
        started.push(item);
        return item === 1 ? Promise.reject(new Error('refused')) : Promise.resolve(item);
      }),
      /refused/,
    );
    assert.deepEqual(started, [0, 1]);
  });
});
