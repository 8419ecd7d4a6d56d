// Every registered reader of outside data (registry.ts), on every shape, at n and 10n items: the 10n run costs at
// most MAX_RATIO times the n run, no synchronous step of the 10n run is over MAX_STEP_MS, and every answer passes
// the reader's check. Each reader's shapes run in a worker of their own, stopped at a shape's SHAPE_CPU_MS.
// Costs are the worker thread's own CPU time less its page faults (measure.ts), so a loaded machine or a slow
// kernel does not break the bounds.
// A line per shape gives its figures (npm test's log keeps them).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { cpuMsAt, demandMsAt, threadCpuSource } from '../../harness/threadCpu';
import {
  MAX_RATIO,
  MAX_STEP_MS,
  SHAPE_BACKSTOP_MS,
  SHAPE_CPU_MS,
  SHAPE_LAST_BACKSTOP_MS,
  WAITING_SHARE,
  WAITING_WINDOW_MS,
  type ShapeFigures,
} from '../measure';
import { READERS } from '../registry';

/**
 * One reader's shapes, measured in order in a worker of their own (starting a worker per shape cost about a sixth of
 * the stage). A shape whose worker spent SHAPE_CPU_MS of its own CPU on it, or not measured by SHAPE_BACKSTOP_MS while
 * its worker waits (measure.ts), stops the worker; the next shape starts a fresh one.
 */
class ReaderRun {
  private worker?: Worker;
  /** Where the worker's CPU time is read (it posts it first); undefined until then, or where it cannot be. */
  private cpuPath?: string;
  private readonly arrived = new Map<number, { figures?: ShapeFigures; error?: string }>();
  private awaited?: { shape: number; resolve(figures: ShapeFigures): void; reject(error: Error): void };

  constructor(private readonly reader: number) {}

  figures(shape: number): Promise<ShapeFigures> {
    this.worker ??= this.start(shape);
    return new Promise<ShapeFigures>((resolve, reject) => {
      let cpuAtStart: number | undefined;
      const started = performance.now();
      /** The worker's demand as polled, [wall, ran or queued]: whether it worked in the last WAITING_WINDOW_MS. */
      const polls: Array<[number, number]> = [];
      const stopFor = (why: string) => {
        this.stop();
        settle({ error: `did not finish within ${why} (stopped)` });
      };
      // Polled, not a timer of its length: what a loaded machine stretches is the wall clock, not the worker's CPU.
      const cpuWatch = setInterval(() => {
        const now = performance.now();
        const cpu = this.cpuPath === undefined ? undefined : cpuMsAt(this.cpuPath);
        const demand = this.cpuPath === undefined ? undefined : demandMsAt(this.cpuPath);
        if (now - started > SHAPE_LAST_BACKSTOP_MS) return stopFor(`${SHAPE_LAST_BACKSTOP_MS / 60_000} min`);
        if (cpu === undefined || demand === undefined) {
          if (now - started > SHAPE_BACKSTOP_MS) stopFor(`${SHAPE_BACKSTOP_MS / 60_000} min`);
          return;
        }
        cpuAtStart ??= cpu;
        if (cpu - cpuAtStart > SHAPE_CPU_MS) return stopFor(`${SHAPE_CPU_MS / 1000} s of its worker's CPU`);
        polls.push([now, demand]);
        while (polls.length > 1 && now - polls[1][0] >= WAITING_WINDOW_MS) polls.shift();
        const [since, before] = polls[0];
        const share = (demand - before) / Math.max(1, now - since);
        if (now - started > SHAPE_BACKSTOP_MS && now - since >= WAITING_WINDOW_MS && share < WAITING_SHARE)
          stopFor(`${SHAPE_BACKSTOP_MS / 60_000} min (its worker waiting: ran or queued ${(100 * share).toFixed(0)} % of the last minute)`);
      }, 250);
      const settle = (message: { figures?: ShapeFigures; error?: string }) => {
        clearInterval(cpuWatch);
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
    this.cpuPath = undefined;
    const worker = new Worker(join(__dirname, 'measureWorker.js'), { workerData: { reader: this.reader, from } });
    worker.on('message', (message: { cpuPath?: string; shape: number; figures?: ShapeFigures; error?: string }) => {
      if ('cpuPath' in message) return void (this.cpuPath = message.cpuPath);
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
console.log(`scale | costs in ${threadCpuSource} CPU time, less its page faults (each line says at what cost)`);

for (const [r, entry] of READERS.entries()) {
  describe(entry.name, () => {
    const run = new ReaderRun(r);
    after(() => run.stop());
    for (const [s, shape] of entry.shapes.entries()) {
      test(`${shape.worst ? 'worst: ' : ''}${shape.name}`, async () => {
        const f = await run.figures(s);
        if (f.wrong) assert.fail(`a wrong answer: ${f.wrong}`);
        console.log(
          `scale | ${entry.name} | ${shape.name} | n=${f.n}: ${ms(f.small.cpuMs)} | 10n: ${ms(f.big.cpuMs)} (×${f.ratio.toFixed(1)}) | longest step ${ms(f.big.longestStepMs)} | a fault ${f.faultUs.toFixed(1)} µs`,
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
