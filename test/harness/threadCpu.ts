// This thread's own CPU time, for bounds a loaded machine cannot break: other processes stretch the wall clock,
// and the process's CPU (`process.cpuUsage()`) counts every thread of ours (the test runner's main thread, V8's
// parallel collector and compiler threads, other workers), none of which is the code under measure.
//
// On Linux we read the kernel's own figure for this thread: the first field of /proc/thread-self/schedstat, the
// nanoseconds it ran (sum_exec_runtime). A sync read runs on the calling thread, so "thread-self" is the worker that
// asks. That figure is brought up to date only at a scheduler tick or switch (4 ms here), and so is
// `process.threadCpuUsage()` (Node 23.9+: getrusage(RUSAGE_THREAD) scales to the same figure): measured on the 2-core
// VM, a 1 ms run read 0 or 4 ms. getrusage(RUSAGE_SELF) (`process.cpuUsage()`) brings the calling thread's figure up
// to date first (thread_group_cputime), so it is called just before the read: then a 1 ms run reads 1.0 ms, on Node
// 20 and 24, main thread and worker. /proc/thread-self/stat counts 10 ms ticks: too coarse for a 5 ms floor.
// Elsewhere (no /proc), process.threadCpuUsage() where Node has it, else the process's CPU.
import { readFileSync, readlinkSync } from 'node:fs';

type Source = 'thread' | 'schedstat' | 'process';

const own = process as { threadCpuUsage?: () => NodeJS.CpuUsage };

function schedstatMs(): number {
  process.cpuUsage(); // brings this thread's sum_exec_runtime up to now (see above)
  return Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ', 1)[0]) / 1e6;
}

function pick(): Source {
  try {
    if (Number.isFinite(schedstatMs())) return 'schedstat';
  } catch {
    // not Linux
  }
  return own.threadCpuUsage ? 'thread' : 'process';
}

const source = pick();

/** Whose CPU threadCpuMs() reads, as a log line says it: `the thread’s` or `the process’s`. */
export const threadCpuSource = source === 'process' ? 'the process’s' : 'the thread’s';

/** This thread's CPU time so far, in ms; the whole process's where no per-thread clock exists (not Linux, Node < 23.9). */
export function threadCpuMs(): number {
  if (source === 'schedstat') return schedstatMs();
  const u = source === 'thread' ? own.threadCpuUsage!() : process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Where another thread of this process reads this thread's CPU time (Linux: /proc/<pid>/task/<tid>/schedstat), so
 * that a thread stuck in a loop is stopped by the CPU it spent, not by a clock a loaded machine stretches.
 */
export function threadCpuPath(): string | undefined {
  try {
    return `/proc/${readlinkSync('/proc/thread-self')}/schedstat`;
  } catch {
    return undefined;
  }
}

/** The CPU time in ms of the thread whose threadCpuPath() this is; undefined when it cannot be read (or has ended). */
export function cpuMsAt(path: string): number | undefined {
  try {
    const ms = Number(readFileSync(path, 'latin1').split(' ', 1)[0]) / 1e6;
    return Number.isFinite(ms) ? ms : undefined;
  } catch {
    return undefined;
  }
}

/**
 * How long the thread of `path` ran or waited to run (schedstat's run time plus its run-queue delay), in ms; undefined
 * when it cannot be read. A thread that works on a loaded machine is one or the other all the time; one that awaits
 * (a timer now and then) is neither most of it.
 */
export function demandMsAt(path: string): number | undefined {
  try {
    const [run, queued] = readFileSync(path, 'latin1').split(' ', 2).map(Number);
    return Number.isFinite(run) && Number.isFinite(queued) ? (run + queued) / 1e6 : undefined;
  } catch {
    return undefined;
  }
}

/** The page faults this thread took so far (minor and major: /proc/thread-self/stat), or undefined off Linux. */
function threadFaults(): number | undefined {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const faults = Number(fields[7]) + Number(fields[9]); // minflt, majflt
    return Number.isFinite(faults) ? faults : undefined;
  } catch {
    return undefined;
  }
}

const PAGE = 4096;
/** WebAssembly, which this project's TypeScript libs (no DOM) do not declare. */
const wasm = (globalThis as unknown as { WebAssembly?: { Memory: new (size: { initial: number }) => { buffer: ArrayBuffer } } })
  .WebAssembly;
const CALIBRATION_PAGES = 512;

/**
 * What the kernel's mapping of one fresh page costs this thread now, in ms: fresh pages of a buffer touched one by
 * one, the cheapest of three tries. Measured, not assumed, and again before each shape (calibrateFaults): 13–14 µs on
 * the project's 2-core VM when quiet, 18–23 µs at a load of 20, so a cost measured once over-charged a later, quieter
 * run (a 10n run read −6 ms). The cheapest try errs the safe way: what is left may keep some kernel time, never less
 * than the reader's own. 0 where it cannot be measured (no /proc, or huge pages: not one fault a page).
 */
function measureFaultMs(): number {
  if (typeof wasm?.Memory !== 'function') return 0;
  const costs: number[] = [];
  for (let i = 0; i < 3; i++) {
    // A wasm memory is a mapping of its own, its pages untouched (a large Buffer may reuse what malloc freed).
    const buffer = new Uint8Array(new wasm.Memory({ initial: (CALIBRATION_PAGES * PAGE) / 65_536 }).buffer);
    const faults = threadFaults();
    const cpu = threadCpuMs();
    for (let p = 0; p < CALIBRATION_PAGES; p++) buffer[p * PAGE] = 1;
    const spent = threadCpuMs() - cpu;
    const taken = faults === undefined ? 0 : threadFaults()! - faults;
    if (taken >= CALIBRATION_PAGES * 0.9) costs.push(spent / taken);
  }
  return costs.length < 3 ? 0 : Math.min(...costs);
}

let faultMs: number | undefined;

/** Measures what a page fault costs this thread now (measureFaultMs), for workClock; gives it in µs (0: not taken out). */
export function calibrateFaults(): number {
  try {
    faultMs = measureFaultMs();
  } catch {
    faultMs = 0; // no WebAssembly: nothing is taken out
  }
  return faultMs * 1000;
}

/**
 * A clock of this thread's CPU time less what its page faults cost the kernel, in ms, from now on: the work of the
 * code under measure. A reader's 10n run maps fresh heap pages where its n run reuses those the heap already has (on
 * the VM: 9 938 faults against 466, ×21), so where a fault costs 13.5 µs the kernel alone set a linear reader's ratio
 * over ×20. Only the first `forgiven` faults are taken out; past them each is charged in full: a reader whose fresh
 * memory grows faster than the bound lets its cost grow (a quadratic copy of large strings: 90 % of its CPU is
 * faults) is charged for it. Where faults cannot be counted, threadCpuMs().
 */
export function workClock(forgiven = Infinity): () => number {
  faultMs ??= measureFaultMs();
  const cost = faultMs;
  const start = cost === 0 ? undefined : threadFaults();
  if (start === undefined) return threadCpuMs;
  const cpuAtStart = threadCpuMs();
  return () => {
    const cpu = threadCpuMs();
    // Never more than the CPU the run took: a fault cost calibrated high (40 µs once) made a run's cost negative.
    const taken = Math.min(Math.min((threadFaults() ?? start) - start, forgiven) * cost, (cpu - cpuAtStart) * MAX_FAULT_SHARE);
    return cpu - taken;
  };
}

/** The largest share of a run's CPU taken out as page faults (a quadratic copy of fresh memory was 90 % faults). */
const MAX_FAULT_SHARE = 0.9;

/** The page faults this thread took so far; 0 where they cannot be counted. */
export function faultCount(): number {
  return threadFaults() ?? 0;
}

/** What workClock charges a fault now, in ms (0: nothing is taken out). */
export function faultCostMs(): number {
  faultMs ??= measureFaultMs();
  return faultMs;
}
