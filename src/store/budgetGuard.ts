// What budgets do, as plain data: the decision is unit-tested, the extension only acts and speaks.
// The hour, day and week budgets cover every session on every server; a session budget covers one task tree
// (the session the user started and all its sub-agents).
//
// Budgets are quiet until something spends: a task tree over its session budget says nothing while it is idle
// (a year of old sessions over the budget raises nothing at startup); it is stopped (abort) or warned about
// (warn) when it runs, once per run. A window (hour, day, week) is announced once per crossing; every window
// that crossed in one decision is one notification, and windows are not judged while their figures are still
// being read, so the startup's reading of history gives one notification at most.
import type { WindowName } from './budgetWindows';
import type { BudgetName } from './budget';

/** warn: only say so; abort: stop what spends; pause: stop it between model requests, to resume once raised. */
export type BudgetMode = 'warn' | 'abort' | 'pause';

export interface GuardedSession {
  /** A key unique across servers (sessionKey). */
  key: string;
  /** The key of its task tree's root. */
  rootKey: string;
  busy: boolean;
}

/** Idle sessions may be left out of `sessions`: a session not listed counts as idle. */
export interface GuardInput {
  /** `abort` and `pause` stop the busy sessions a budget past its limit covers; `warn` only says so. */
  mode: BudgetMode;
  /** USD; 0 = off. */
  limits: Record<BudgetName, number>;
  /** USD spent in each window. */
  windows: Record<WindowName, number>;
  /** The windows still read replies from history: their figures may rise without spending; not judged yet. */
  windowsLoading?: boolean;
  /** USD spent by each task tree, by its root key. */
  treeCost: ReadonlyMap<string, number>;
  sessions: readonly GuardedSession[];
  /** Task trees (root keys) the user let run past their budget: never stopped while this holds them. */
  exempt?: ReadonlySet<string>;
}

/** The budget a stopped session is stopped for: its tree's session budget first, else the first window over. */
export interface StopCause {
  budget: BudgetName;
  used: number;
  limit: number;
}

/** A window over its budget since this decision. */
export interface WindowCrossing {
  budget: WindowName;
  used: number;
  limit: number;
}

/** A task tree over its session budget that spends in this decision (its run started or it crossed while running). */
export interface TreeOver {
  rootKey: string;
  used: number;
  limit: number;
  /** Its busy sessions aborted now (abort mode). */
  abort: string[];
}

export interface GuardDecision {
  /** Windows that went over since the last decision: one notification for all of them. */
  crossed: WindowCrossing[];
  /** Task trees over their session budget that spend: one notification each. */
  trees: TreeOver[];
  /** Every busy session to stop now (abort and pause modes), the trees' included. */
  abort: string[];
  /** Why each of `abort` is stopped. */
  causes: Map<string, StopCause>;
}

const WINDOWS: readonly WindowName[] = ['hour', 'day', 'week'];

/** The extension decides at most once per this many ms while events arrive (the acceptance: an abort within 2 s). */
export const GUARD_CHECK_MS = 200;

export class BudgetGuard {
  /** Sessions an abort was sent to during their current busy run: not again until they go idle and run once more. */
  private readonly stopped = new Set<string>();
  /** What each stopped session's tree had spent when its abort was decided. */
  private readonly costAtAbort = new Map<string, number>();
  /** Sessions whose abort failed, with their tree's spend then: tried again once the tree spends more. */
  private readonly failed = new Map<string, number>();
  /**
   * Windows whose crossing was announced, with the limit it crossed; one that ends (a raised budget, a window that
   * moved on) re-arms, and so does a new limit or mode (a budget set again while nothing spent between is news).
   */
  private windowsOver = new Map<WindowName, string>();

  /** Every budget switched off: no check decides then, so what was announced is forgotten here. */
  budgetsOff(): void {
    this.windowsOver.clear();
  }
  /** Trees over budget announced during their current busy run: again only after they go idle and run. */
  private treesAnnounced = new Set<string>();

  decide(input: GuardInput): GuardDecision {
    const over = input.windowsLoading
      ? [...this.windowsOver.keys()]
      : WINDOWS.filter((name) => input.limits[name] > 0 && input.windows[name] > input.limits[name]);
    const crossed = input.windowsLoading
      ? []
      : over
          .filter((name) => this.windowsOver.get(name) !== `${input.mode} ${input.limits[name]}`)
          .map((name) => ({ budget: name, used: input.windows[name], limit: input.limits[name] }));
    if (!input.windowsLoading) this.windowsOver = new Map(over.map((name) => [name, `${input.mode} ${input.limits[name]}`]));
    const anyWindow = !input.windowsLoading && over.length > 0;

    const busyTrees = new Set<string>();
    for (const s of input.sessions) if (s.busy) busyTrees.add(s.rootKey);
    const limit = input.limits.session;
    const overTree = (rootKey: string) => limit > 0 && (input.treeCost.get(rootKey) ?? 0) > limit;
    const trees: TreeOver[] = [];
    const treesAnnounced = new Set<string>();
    for (const rootKey of busyTrees) {
      if (!overTree(rootKey)) continue;
      treesAnnounced.add(rootKey);
      if (!this.treesAnnounced.has(rootKey)) trees.push({ rootKey, used: input.treeCost.get(rootKey) ?? 0, limit, abort: [] });
    }
    // An idle tree, or one back under budget, is forgotten: it is announced again when it next spends over.
    this.treesAnnounced = treesAnnounced;

    // A session idle now, or not listed (idle sessions may be left out, deleted ones are gone), starts afresh.
    const busy = new Set(input.sessions.filter((s) => s.busy).map((s) => s.key));
    for (const held of [this.stopped, this.costAtAbort, this.failed]) for (const key of held.keys()) if (!busy.has(key)) held.delete(key);

    const abort: string[] = [];
    const causes = new Map<string, StopCause>();
    const firstWindow = WINDOWS.find((name) => over.includes(name));
    const treeOf = new Map(trees.map((t) => [t.rootKey, t]));
    for (const s of input.sessions) {
      if (!s.busy) continue;
      if (input.mode === 'warn' || this.stopped.has(s.key) || !(anyWindow || overTree(s.rootKey))) continue;
      if (input.exempt?.has(s.rootKey)) continue;
      const spent = input.treeCost.get(s.rootKey) ?? 0;
      const failedAt = this.failed.get(s.key);
      if (failedAt !== undefined && spent <= failedAt) continue;
      this.failed.delete(s.key);
      this.stopped.add(s.key);
      this.costAtAbort.set(s.key, spent);
      abort.push(s.key);
      causes.set(
        s.key,
        overTree(s.rootKey)
          ? { budget: 'session', used: spent, limit }
          : { budget: firstWindow!, used: input.windows[firstWindow!], limit: input.limits[firstWindow!] },
      );
      treeOf.get(s.rootKey)?.abort.push(s.key);
    }
    return { crossed, trees, abort, causes };
  }

  /**
   * The server did not stop `key`: it stays over budget and is tried again when its tree next spends (or
   * when it runs again), not on every check while it stays busy.
   */
  abortFailed(key: string): void {
    if (!this.stopped.delete(key)) return;
    this.failed.set(key, this.costAtAbort.get(key) ?? 0);
    this.costAtAbort.delete(key);
  }
}
