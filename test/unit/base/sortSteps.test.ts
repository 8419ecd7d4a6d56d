// The sliced sort: the same order as a stable sort, and it yields while it sorts (so a long session's steps never
// hold the extension host for the whole sort).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runNow } from '../../../src/base/slices';
import { sortSteps } from '../../../src/base/sortSteps';
import { prng } from '../helpers/fuzzEvents';

describe('sortSteps', () => {
  test('sorts as a stable sort does, for any length and many ties', () => {
    const next = prng(7);
    for (const n of [0, 1, 2, 3, 5, 8, 33, 1000, 4097]) {
      const items = Array.from({ length: n }, (_, i) => ({ key: Math.floor(next() * 10), i }));
      const expected = [...items].sort((a, b) => a.key - b.key);
      const got = runNow(sortSteps(items, (a, b) => a.key - b.key));
      assert.deepEqual(got, expected, `n = ${n}`);
      assert.equal(got, items, 'sorted in place');
    }
  });

  test('merges runs already in order (pages read newest first) as a stable sort orders them', () => {
    const items: Array<{ key: number; i: number }> = [];
    for (let page = 49; page >= 0; page--)
      for (let k = 0; k < 100; k++) items.push({ key: page * 100 + Math.floor(k / 3), i: items.length });
    items.push({ key: 0, i: items.length }, { key: 2_500, i: items.length + 1 });
    const expected = [...items].sort((a, b) => a.key - b.key);
    assert.deepEqual(runNow(sortSteps(items, (a, b) => a.key - b.key)), expected);
  });

  test('yields while it sorts a large list, and not for one already in order', () => {
    const next = prng(3);
    const shuffled = Array.from({ length: 50_000 }, () => next());
    let yields = 0;
    const steps = sortSteps(shuffled, (a, b) => a - b);
    for (let r = steps.next(); !r.done; r = steps.next()) yields++;
    assert.ok(yields > 100, `${yields} yields`);
    for (let i = 1; i < shuffled.length; i++) assert.ok(shuffled[i - 1] <= shuffled[i]);
    let again = 0;
    const inOrder = sortSteps(shuffled, (a, b) => a - b);
    for (let r = inOrder.next(); !r.done; r = inOrder.next()) again++;
    assert.equal(again, 0);
  });
});
