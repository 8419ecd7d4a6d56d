// This thread's own CPU time, for bounds a loaded machine cannot break: other processes stretch the wall clock,
// and the process's CPU (`process.cpuUsage()`) counts every thread of ours (the test runner's main thread, V8's
// parallel collector and compiler threads, other workers), none of which is the code under measure.
//
// Node 23.9+ has `process.threadCpuUsage()` (getrusage(RUSAGE_THREAD)). Node 20 does not, so on Linux we read the
// kernel's own figure for this thread: the first field of /proc/thread-self/schedstat, the nanoseconds it ran
// (sum_exec_runtime, the same count getrusage(RUSAGE_THREAD) scales its answer to). A sync read runs on the calling
// thread, so "thread-self" is the worker that asks. Measured on the 2-core VM (Node 20 and 24, main thread and a
// worker): both sources move in steps of at most one scheduler tick (4 ms here) and agree within it. The ticks of
// /proc/thread-self/stat (utime + stime) are 10 ms: too coarse for a 5 ms floor.
import { readFileSync, readlinkSync } from 'node:fs';

type Source = 'thread' | 'schedstat' | 'process';

const own = process as { threadCpuUsage?: () => NodeJS.CpuUsage };

function schedstatMs(): number {
  return Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ', 1)[0]) / 1e6;
}

function pick(): Source {
  if (own.threadCpuUsage) return 'thread';
  try {
    return Number.isFinite(schedstatMs()) ? 'schedstat' : 'process';
  } catch {
    return 'process';
  }
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
