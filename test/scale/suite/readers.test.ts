// Every registered reader of outside data (registry.ts), on every shape, at n and 10n items: the 10n run costs at
// most MAX_RATIO times the n run, no synchronous step of the 10n run is over MAX_STEP_MS, and every answer passes
// the reader's check. Each shape runs in a worker of its own, stopped at SHAPE_DEADLINE_MS. A line per shape gives
// its figures (npm test's log keeps them).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { MAX_RATIO, MAX_STEP_MS, SHAPE_DEADLINE_MS, type ShapeFigures } from '../measure';
import { READERS } from '../registry';

function measure(reader: number, shape: number): Promise<ShapeFigures> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'measureWorker.js'), { workerData: { reader, shape } });
    const deadline = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`did not finish within ${SHAPE_DEADLINE_MS / 1000} s (stopped)`));
    }, SHAPE_DEADLINE_MS);
    worker.once('message', (message: { figures?: ShapeFigures; error?: string }) => {
      clearTimeout(deadline);
      void worker.terminate();
      if (message.figures) resolve(message.figures);
      else reject(new Error(message.error));
    });
    worker.once('error', (error) => {
      clearTimeout(deadline);
      reject(error);
    });
  });
}

const ms = (v: number) => `${v.toFixed(1)} ms`;

for (const [r, entry] of READERS.entries()) {
  describe(entry.name, () => {
    for (const [s, shape] of entry.shapes.entries()) {
      test(`${shape.worst ? 'worst: ' : ''}${shape.name}`, async () => {
        const f = await measure(r, s);
        if (f.wrong) assert.fail(`a wrong answer: ${f.wrong}`);
        console.log(
          `scale | ${entry.name} | ${shape.name} | n=${f.n}: ${ms(f.small.cpuMs)} | 10n: ${ms(f.big.cpuMs)} (×${f.ratio.toFixed(1)}) | longest step ${ms(f.big.longestStepMs)}`,
        );
        assert.ok(
          f.ratio <= MAX_RATIO,
          `10n costs ×${f.ratio.toFixed(1)} the n run (${ms(f.big.cpuMs)} against ${ms(f.small.cpuMs)}); at most ×${MAX_RATIO}`,
        );
        assert.ok(
          f.big.longestStepMs <= MAX_STEP_MS,
          `a synchronous step of ${ms(f.big.longestStepMs)} at ${f.n * 10} items; at most ${MAX_STEP_MS} ms`,
        );
      });
    }
  });
}
