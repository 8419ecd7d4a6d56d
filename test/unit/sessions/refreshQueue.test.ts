// The tree's refresh queue: many adds in a tick become one refresh of each node, all in one event, and per-tick
// work (settle) runs once per flush, its own adds joining that same flush.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RefreshQueue } from '../../../src/features/sessions/tree/refreshQueue';

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

test('coalesces adds within a tick into one event, once per node', async () => {
  const fired: Array<string[] | undefined> = [];
  const queue = new RefreshQueue<string>((n) => fired.push(n), 5);
  for (let i = 0; i < 100; i++) queue.add(i % 2 ? 'a' : 'b');
  await tick();
  assert.deepEqual(fired, [['b', 'a']]);
  queue.dispose();
});

test('a whole-tree refresh replaces the per-node ones', async () => {
  const fired: Array<string[] | undefined> = [];
  const queue = new RefreshQueue<string>((n) => fired.push(n), 5);
  queue.add('a');
  queue.add(undefined);
  await tick();
  assert.deepEqual(fired, [undefined]);
  queue.dispose();
});

test('settle runs once per flush, and what it adds fires in that flush without another timer', async () => {
  const fired: Array<string[] | undefined> = [];
  let settles = 0;
  const queue: RefreshQueue<string> = new RefreshQueue<string>(
    (n) => fired.push(n),
    5,
    () => {
      settles += 1;
      if (settles === 1) queue.add('list');
    },
  );
  queue.schedule();
  queue.schedule();
  await tick(40);
  assert.equal(settles, 1);
  assert.deepEqual(fired, [['list']]);
  queue.dispose();
});

// VS Code draws the first of a burst of tree events at once and holds the rest until the events pause (issue 77 #8).
test('rows linked to a row (a Task row showing its session’s figures) fire in the very event that fires it, once each', () => {
  const fired: Array<string[] | undefined> = [];
  const linked: Record<string, string[]> = { session: ['task', 'other-task'], task: [] };
  const queue = new RefreshQueue<string>(
    (n) => fired.push(n),
    5,
    () => undefined,
    (n) => linked[n] ?? [],
  );
  queue.add('session');
  queue.add('task');
  queue.flush();
  assert.deepEqual(fired, [['session', 'task', 'other-task']]);
  fired.length = 0;
  queue.add('unrelated');
  queue.flush();
  assert.deepEqual(fired, [['unrelated']]);
  queue.flush();
  assert.deepEqual(fired, [['unrelated']], 'nothing to redraw: no event');
  queue.dispose();
});
