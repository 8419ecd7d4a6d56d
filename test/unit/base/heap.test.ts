// The base's heap: what comes out first, in order, whatever the order in.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Heap } from '../../../src/base/heap';

test('a heap gives its items back in its order, equal ones by how the order breaks ties', () => {
  const heap = new Heap<{ at: number; seq: number }>((a, b) => a.at > b.at || (a.at === b.at && a.seq < b.seq));
  const items = Array.from({ length: 1_000 }, (_, seq) => ({ at: (seq * 7919) % 100, seq }));
  for (const item of items) heap.push(item);
  assert.equal(heap.size, 1_000);
  const out = Array.from({ length: 1_000 }, () => heap.pop()!);
  assert.deepEqual(
    out,
    [...items].sort((a, b) => b.at - a.at || a.seq - b.seq),
  );
  assert.equal(heap.pop(), undefined);
  heap.push({ at: 1, seq: 0 });
  heap.clear();
  assert.equal(heap.size, 0);
});
