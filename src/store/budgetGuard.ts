// Which busy sessions a budget stops, as plain data: the decision is unit-tested, the extension only acts.
// The hour, day and week budgets cover every session on every server; a session budget covers one task tree
// (the session the user started and all its sub-agents).
import type { BudgetName } from './sessionStatus';

export interface GuardedSession {
  /** A key unique across servers (sessionKey). */
  key: string;
  /** The key of its task tree's root. */
  rootKey: string;
  busy: boolean;
}

export interface GuardInput {
  /** USD; 0 = off. */
  limits: Record<BudgetName, number>;
  /** USD spent in each window. */
  windows: Record<Exclude<BudgetName, 'session'>, number>;
  /** USD spent by each task tree, by its root key. */
  treeCost: ReadonlyMap<string, number>;
  sessions: readonly GuardedSession[];
}

export interface Crossing {
  budget: BudgetName;
  used: number;
  limit: number;
  /** The task tree's root, for a session budget. */
  rootKey?: string;
}

export interface GuardDecision {
  /** Budgets that went over since the last decision: one notification each. */
  crossed: Crossing[];
  /** Busy sessions to abort now. */
  abort: string[];
}

const WINDOWS = ['hour', 'day', 'week'] as const;

export class BudgetGuard {
  /** Sessions aborted during their current busy run: not again until they go idle and start once more. */
  private readonly stopped = new Set<string>();
  /** Crossings already announced; one that ends (a raised budget, a window that moved on) can be announced again. */
  private announced = new Set<string>();

  decide(input: GuardInput): GuardDecision {
    const over: Crossing[] = [];
    for (const name of WINDOWS) if (input.limits[name] > 0 && input.windows[name] > input.limits[name]) over.push({ budget: name, used: input.windows[name], limit: input.limits[name] });
    if (input.limits.session > 0) {
      for (const [rootKey, cost] of input.treeCost) if (cost > input.limits.session) over.push({ budget: 'session', used: cost, limit: input.limits.session, rootKey });
    }
    const id = (c: Crossing) => (c.rootKey === undefined ? c.budget : `session\u0000${c.rootKey}`);
    const crossed = over.filter((c) => !this.announced.has(id(c)));
    this.announced = new Set(over.map(id));
    const anyWindow = over.some((c) => c.budget !== 'session');
    const trees = new Set(over.flatMap((c) => (c.rootKey === undefined ? [] : [c.rootKey])));
    const abort: string[] = [];
    for (const s of input.sessions) {
      if (!s.busy) {
        this.stopped.delete(s.key);
        continue;
      }
      if (this.stopped.has(s.key) || !(anyWindow || trees.has(s.rootKey))) continue;
      this.stopped.add(s.key);
      abort.push(s.key);
    }
    return { crossed, abort };
  }
}
