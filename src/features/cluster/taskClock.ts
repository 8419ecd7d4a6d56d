// The running Tasks' clocks ("Running · 42s"): a Task's row is drawn again at the moment its clock reads differently
// — each second in its first minute, then each minute, so an open tooltip stays readable — and no other row is.
// Each clock knows when it next changes; the timer waits for the first of them, so a tick costs one pass over the
// running Tasks, and a start in the future (a cluster clock ahead of ours, or a date far off) ticks when it is reached.
import { untilElapsedChanges } from '../../present/format';
import { clusterIndex, type ClusterObjects } from '../../store/k8s';
import type { ClusterNodeCache, TaskNode } from './clusterNodes';

/** A Task on the clock: its row, and when it started (ms since the epoch). */
export interface ClockedTask<N> {
  node: N;
  start: number;
}

export interface ClockTimer {
  /** Replaces the pending callback, if any. */
  set(callback: () => void, ms: number): void;
  clear(): void;
}

/** A tick comes this much after the moment its rows read differently (timers fire a little early or late). */
const SLACK_MS = 20;
/** The longest one wait (setTimeout fires at once past 2^31 - 1 ms): a start farther off is waited for in steps. */
const MAX_WAIT_MS = 24 * 60 * 60 * 1000;

export class TaskClock<N> {
  private clocks: Array<{ node: N; start: number; due: number }> = [];

  constructor(
    private readonly redraw: (node: N) => void,
    private readonly timer: ClockTimer,
    private readonly now: () => number = Date.now,
  ) {}

  /** Follows these Tasks from now on, whose rows were all just drawn (a new snapshot); none: the clock stops. */
  restart(tasks: Iterable<ClockedTask<N>>): void {
    const now = this.now();
    this.clocks = [];
    for (const { node, start } of tasks) this.clocks.push({ node, start, due: nextChange(start, now) });
    this.plan(now);
  }

  private tick(): void {
    const now = this.now();
    for (const clock of this.clocks) {
      if (clock.due > now) continue;
      clock.due = nextChange(clock.start, now);
      this.redraw(clock.node);
    }
    this.plan(now);
  }

  private plan(now: number): void {
    let next = Infinity;
    for (const clock of this.clocks) if (clock.due < next) next = clock.due;
    if (next === Infinity) this.timer.clear();
    else this.timer.set(() => this.tick(), Math.min(MAX_WAIT_MS, Math.max(0, next - now) + SLACK_MS));
  }
}

/**
 * When the clock of a Task that started at `start` next reads differently, seen at `now` (formatElapsed): before its
 * start it reads 0s, until a second after it.
 */
export function nextChange(start: number, now: number): number {
  return start > now ? start + 1000 : now + untilElapsedChanges(now - start);
}

/** The snapshot's running Tasks that say when they started, as rows of the tree. */
export function clockedTasks(context: string, snapshot: ClusterObjects, nodes: ClusterNodeCache): Array<ClockedTask<TaskNode>> {
  const clocked: Array<ClockedTask<TaskNode>> = [];
  for (const { task, start } of clusterIndex(snapshot).running)
    if (start !== undefined) clocked.push({ node: nodes.task(context, task.metadata.namespace, task.metadata.name), start });
  return clocked;
}
