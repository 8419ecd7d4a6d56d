// A query's first pass keeps the newest k candidates without sorting them all.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NewestDocs } from '../../../src/features/search/common/newestDocs';

test('keeps the newest k of many, newest first, whatever order they come in', () => {
  const times = Array.from({ length: 5_000 }, (_, doc) => ({ doc, time: (doc * 7919) % 5_003 }));
  const newest = new NewestDocs(80);
  for (const { doc, time } of times) newest.offer(doc, time);
  const expected = [...times]
    .sort((a, b) => b.time - a.time)
    .slice(0, 80)
    .map((t) => t.doc);
  assert.deepEqual(newest.newestFirst(), expected);
});

test('fewer candidates than k: all of them; k of 0: none', () => {
  const newest = new NewestDocs(10);
  newest.offer(3, 30);
  newest.offer(1, 10);
  newest.offer(2, 20);
  assert.deepEqual(newest.newestFirst(), [3, 2, 1]);
  const none = new NewestDocs(0);
  none.offer(1, 1);
  assert.deepEqual(none.newestFirst(), []);
});

test('among equal times, the first offered (the index’s own order) come first and are kept', () => {
  const newest = new NewestDocs(3);
  for (const doc of [10, 11, 12, 13, 14]) newest.offer(doc, 5);
  newest.offer(20, 6);
  assert.deepEqual(newest.newestFirst(), [20, 10, 11]);
});
