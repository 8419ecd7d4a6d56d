// The host tests' stall check (test/harness/stallWatch.ts calmestStalls): a step the code takes every time fails it;
// one that came once (a loaded machine's) is watched again and passes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calmestStalls } from '../../harness/stallWatch';
import { threadCpuMs } from '../../harness/threadCpu';

/** Holds this thread for `ms` of its own CPU time (a loaded machine may run it longer), then gives the sampler a turn. */
async function busy(ms: number): Promise<void> {
  const until = threadCpuMs() + ms;
  while (threadCpuMs() < until);
  await new Promise((resolve) => setTimeout(resolve, 20));
}

test('a stall in every run is reported; a calm first run is not run again', async () => {
  const every = await calmestStalls(() => busy(80), 50);
  assert.equal(every.runs.length, 2);
  assert.ok(every.worstBusy >= 50, `${every.runs.join(', ')}`);
  const calm = await calmestStalls(() => busy(0), 50);
  assert.equal(calm.runs.length, 1);
});

test('a stall in the first run only is watched again, and the calm run counts', async () => {
  let run = 0;
  const once = await calmestStalls(() => busy(run++ === 0 ? 80 : 0), 50);
  assert.deepEqual([once.runs.length, once.runs[0] >= 50, once.worstBusy < 50], [2, true, true], `${once.runs.join(', ')}`);
});
