// How one reader is measured on one shape, in the reader's own worker thread (suite/measureWorker.ts): a reader
// that loops for an hour is stopped by terminating its worker, and one reader's heap and compiled code do not skew
// the next. The worker thread's own CPU time, not wall time nor the process's CPU: on a loaded 2-core machine other
// processes stretch the wall clock, and the process's CPU counts the test runner's thread and V8's helper threads
// beside the reader's (../harness/threadCpu.ts says how it is read on Node 20). Less what its page faults cost the
// kernel (workClock), up to as many as the bound lets grow: a nested VM's 13.5 µs a fault set a linear reader's 10n
// run over ×20 its n run.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { watchStalls } from '../harness/stallWatch';
import { calibrateFaults, faultCostMs, faultCount, workClock } from '../harness/threadCpu';
import type { Reader } from './reader';

/**
 * The small run's floor: below it, a ratio measures CPU time's grain and when the JIT optimized rather than the
 * reader (a warm 1.5 ms run against 29 ms read as ×20). A reader whose 10n run is over MAX_RATIO × FLOOR_MS still
 * fails as before.
 */
export const FLOOR_MS = 5;
/** The 10n run may cost at most this many times the n run (linear is 10; quadratic 100). */
export const MAX_RATIO = 20;
/** No single synchronous step at the big size may run longer than this. */
export const MAX_STEP_MS = 200;
/**
 * A shape whose worker has spent this much of its own CPU time on it fails (and the worker is stopped): a loaded
 * machine stretched the slowest shape past a wall-clock 30 s ("n text files": 28 s with other work beside it).
 */
export const SHAPE_CPU_MS = 30_000;
/**
 * And one not ended by then on the wall clock whose worker is waiting, not working: in the last WAITING_WINDOW_MS it
 * ran or waited to run (threadCpu.ts#demandMsAt) under WAITING_SHARE of the time (a reader that awaits for ever only
 * wakes for its 5 ms sampler: 11 % at a load of 8). One that works on, however starved, is left to SHAPE_CPU_MS: at a
 * load of 16 on 2 cores a worker got a tenth of a core, and a quadratic reader was stopped by the wall clock alone at
 * 25 s of CPU. Where no thread's CPU can be read, the wall clock alone.
 */
export const SHAPE_BACKSTOP_MS = 300_000;
export const WAITING_WINDOW_MS = 60_000;
export const WAITING_SHARE = 0.5;
/** Past this on the wall clock a shape is stopped whatever its worker does (a machine that runs it not at all). */
export const SHAPE_LAST_BACKSTOP_MS = 30 * 60_000;

export interface RunCost {
  /** The worker thread's CPU during the run (the reader's work and the collection done on its thread), faults out. */
  cpuMs: number;
  wallMs: number;
  /** The longest stretch without a turn of the worker's event loop, counted in the worker's own CPU time, faults out. */
  longestStepMs: number;
  /** The page faults the worker took in the run. */
  faults: number;
}

export interface ShapeFigures {
  n: number;
  small: RunCost;
  big: RunCost;
  /** big.cpuMs / max(small.cpuMs, FLOOR_MS). */
  ratio: number;
  /** What a page fault was charged in these runs, in µs (calibrateFaults, measured as the shape began). */
  faultUs: number;
  /** What the check said of an answer, if it threw. */
  wrong?: string;
}

// A collection before each run: the garbage of making the input (and of the run before) is not charged to the
// reader. Without it a 10n input's own garbage landed in its run (×21.6 for a linear reader in CI).
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

async function once<I, C>(entry: Reader<I, C>, input: I, context: C, forgiven?: number): Promise<{ cost: RunCost; answer: unknown }> {
  collect();
  const clock = workClock(forgiven);
  const watch = watchStalls(clock);
  const faults = faultCount();
  const cpu = clock();
  const wall = performance.now();
  const answer = await entry.read(input, context);
  const wallMs = performance.now() - wall;
  const cpuMs = clock() - cpu;
  const { worstBusy } = watch.stop();
  return { cost: { cpuMs, wallMs, longestStepMs: worstBusy, faults: faultCount() - faults }, answer };
}

/**
 * `runs` runs on fresh inputs (a reader may change what it is given), each answer checked; `forgiven`: the faults
 * each run's cost does not count (workClock).
 */
async function costs<I, C>(
  entry: Reader<I, C>,
  shapeIndex: number,
  n: number,
  runs: number,
  context: C,
  forgiven?: number,
): Promise<RunCost[]> {
  const shape = entry.shapes[shapeIndex];
  const all: RunCost[] = [];
  for (let i = 0; i < runs; i++) {
    const input = await shape.make(n, context);
    const { cost, answer } = await once(entry, input, context, forgiven);
    entry.check?.(answer, n, shape.name);
    all.push(cost);
  }
  return all;
}

/** The run of middle CPU: one run made cheap by luck (a collection that fell elsewhere) does not set the ratio. */
function middle(all: RunCost[]): RunCost {
  return [...all].sort((a, b) => a.cpuMs - b.cpuMs)[all.length >> 1];
}

const ratioOf = (small: RunCost, big: RunCost) => big.cpuMs / Math.max(small.cpuMs, FLOOR_MS);

/**
 * Warms the reader's code on a small input, then measures n (three runs, the middle one counts) against 10n (one
 * run). Out of bounds, it measures both again and keeps the better: a reader that is not linear is out of them
 * every time, a noisy run seldom twice.
 */
export async function measureShape<I, C>(entry: Reader<I, C>, shapeIndex: number): Promise<ShapeFigures> {
  const n = entry.n ?? 10_000;
  const faultUs = calibrateFaults();
  const context = (await entry.setup?.()) as C;
  const attempt = async () => {
    const small = middle(await costs(entry, shapeIndex, n, entry.shapes[shapeIndex].capped ? 1 : 3, context));
    // The 10n run is forgiven as many faults as the bound lets its cost grow (MAX_RATIO × the n run's, at least the
    // floor's worth); past that, fresh memory that grows faster than its input is charged in full.
    const cost = faultCostMs();
    const forgiven = cost === 0 ? 0 : MAX_RATIO * Math.max(small.faults, FLOOR_MS / cost);
    const [big] = await costs(entry, shapeIndex, n * 10, 1, context, forgiven);
    return { small, big, ratio: ratioOf(small, big) };
  };
  try {
    try {
      if (!entry.shapes[shapeIndex].capped) await costs(entry, shapeIndex, Math.max(1, Math.floor(n / 10)), 1, context);
      let figures = await attempt();
      if (figures.ratio > MAX_RATIO || figures.big.longestStepMs > MAX_STEP_MS) {
        const again = await attempt();
        const longestStepMs = Math.min(figures.big.longestStepMs, again.big.longestStepMs);
        figures = again.ratio < figures.ratio ? again : figures;
        figures = { ...figures, big: { ...figures.big, longestStepMs } };
      }
      return { n, faultUs, ...figures };
    } catch (error) {
      const wrong = error instanceof Error ? error.message : String(error);
      const zero = { cpuMs: 0, wallMs: 0, longestStepMs: 0, faults: 0 };
      return { n, faultUs, small: zero, big: zero, ratio: 0, wrong };
    }
  } finally {
    await entry.teardown?.(context);
  }
}
