// Every registered reader of outside data (registry.ts), on every shape, at n and 10n items: the 10n run costs at
// most MAX_RATIO times the n run, no synchronous step of the 10n run is over MAX_STEP_MS, and every answer passes
// the reader's check. Each reader's shapes run in a worker of their own, stopped at a shape's SHAPE_DEADLINE_MS.
// Costs are the worker thread's own CPU time (measure.ts), so a loaded machine does not break the bounds.
// A line per shape gives its figures (npm test's log keeps them).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { threadCpuSource } from '../../harness/threadCpu';
import { MAX_RATIO, MAX_STEP_MS, SHAPE_DEADLINE_MS, type ShapeFigures } from '../measure';
import { READERS } from '../registry';

/**
 * One reader's shapes, measured in order in a worker of their own (starting a worker per shape cost about a sixth of
 * the stage). A shape not measured by its deadline stops the worker; the next shape starts a fresh one.
 */
class ReaderRun {
  private worker?: Worker;
  private readonly arrived = new Map<number, { figures?: ShapeFigures; error?: string }>();
  private awaited?: { shape: number; resolve(figures: ShapeFigures): void; reject(error: Error): void };

  constructor(private readonly reader: number) {}

  figures(shape: number): Promise<ShapeFigures> {
    this.worker ??= this.start(shape);
    return new Promise<ShapeFigures>((resolve, reject) => {
      const deadline = setTimeout(() => {
        this.stop();
        reject(new Error(`did not finish within ${SHAPE_DEADLINE_MS / 1000} s (stopped)`));
      }, SHAPE_DEADLINE_MS);
      const settle = (message: { figures?: ShapeFigures; error?: string }) => {
        clearTimeout(deadline);
        this.awaited = undefined;
        if (message.figures) resolve(message.figures);
        else reject(new Error(message.error));
      };
      const ready = this.arrived.get(shape);
      if (ready) return settle(ready);
      this.awaited = { shape, resolve: (figures) => settle({ figures }), reject: (error) => settle({ error: error.message }) };
    });
  }

  stop(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private start(from: number): Worker {
    const worker = new Worker(join(__dirname, 'measureWorker.js'), { workerData: { reader: this.reader, from } });
    worker.on('message', (message: { shape: number; figures?: ShapeFigures; error?: string }) => {
      const awaited = this.awaited?.shape === message.shape ? this.awaited : undefined;
      if (!awaited) this.arrived.set(message.shape, message);
      else if (message.figures) awaited.resolve(message.figures);
      else awaited.reject(new Error(message.error));
    });
    worker.once('error', (error) => {
      this.awaited?.reject(error);
      this.worker = undefined;
    });
    return worker;
  }
}

const ms = (v: number) => `${v.toFixed(1)} ms`;
console.log(`scale | costs in ${threadCpuSource} CPU time`);

for (const [r, entry] of READERS.entries()) {
  describe(entry.name, () => {
    const run = new ReaderRun(r);
    after(() => run.stop());
    for (const [s, shape] of entry.shapes.entries()) {
      test(`${shape.worst ? 'worst: ' : ''}${shape.name}`, async () => {
        const f = await run.figures(s);
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
