// One shape of one reader, measured in this worker thread (measure.ts); the test thread stops the worker at the
// shape's deadline, which is the only way to stop a reader that never returns.
import { parentPort, workerData } from 'node:worker_threads';
import { measureShape } from '../measure';
import { READERS } from '../registry';

const { reader, shape } = workerData as { reader: number; shape: number };
measureShape(READERS[reader], shape).then(
  (figures) => parentPort!.postMessage({ figures }),
  (error: unknown) => parentPort!.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
);
