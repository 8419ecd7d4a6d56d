// The shapes of one reader, from `from` on, measured one after another in this worker thread (measure.ts), each
// posted as it ends; the test thread stops the worker at a shape's deadline (in this thread's CPU time), which is the
// only way to stop a reader that never returns.
import { parentPort, workerData } from 'node:worker_threads';
import { threadCpuPath } from '../../harness/threadCpu';
import { measureShape } from '../measure';
import { READERS } from '../registry';

const { reader, from } = workerData as { reader: number; from: number };
// First, where the test thread reads this thread's CPU time: its deadline is in that time.
parentPort!.postMessage({ cpuPath: threadCpuPath() });
void (async () => {
  const entry = READERS[reader];
  for (let shape = from; shape < entry.shapes.length; shape++) {
    try {
      parentPort!.postMessage({ shape, figures: await measureShape(entry, shape) });
    } catch (error) {
      parentPort!.postMessage({ shape, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  }
})();
