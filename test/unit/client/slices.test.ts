// Slices shared by loops that run at once (the settler's four reads): one turn of the event loop for all of them,
// not one each. A turn each ran one after the other in the same phase of the loop, each loop with a fresh slice of
// its own, so the thread was held for a slice per loop (four settler reads: 32 ms, not 8).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Slices } from '../../../src/base/node/slices';

test('loops that ask for a turn while one is under way wait for that turn, and share the fresh slice after it', async () => {
  const slices = new Slices();
  const first = slices.yield();
  assert.equal(slices.yield(), first, 'the same turn');
  let resumed = 0;
  await Promise.all([first, slices.yield(), slices.yield()].map((turn) => turn.then(() => (resumed += 1))));
  assert.equal(resumed, 3);
  assert.notEqual(slices.yield(), first, 'a turn asked after it is a new one');
});
