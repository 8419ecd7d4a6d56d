// Budget names, levels and their crossings, as plain data so the colours and the one-notification-per-crossing
// rule are unit-tested without VS Code.
import type { WindowName } from './budgetWindows';

/** A budget: the session's own, or a window of what every server spent. */
export type BudgetName = 'session' | WindowName;

/** Every budget, in the order they are shown. */
export const BUDGETS: readonly BudgetName[] = ['session', 'hour', 'day', 'week'];

export type BudgetLevel = 'ok' | 'warning' | 'error';

/** Warn from this fraction of the budget on. */
const WARNING_FRACTION = 0.8;

const RANK: Record<BudgetLevel, number> = { ok: 0, warning: 1, error: 2 };

/** ok below 80 %, warning from 80 % up to 100 %, error past 100 %; a budget of 0 (or less) is off. */
export function budgetLevel(spent: number, budget: number): BudgetLevel {
  if (!(budget > 0)) return 'ok';
  if (spent > budget) return 'error';
  if (spent >= budget * WARNING_FRACTION) return 'warning';
  return 'ok';
}

export function worstLevel(...levels: BudgetLevel[]): BudgetLevel {
  return levels.reduce((a, b) => (RANK[b] > RANK[a] ? b : a), 'ok');
}

/**
 * Remembers the last level per key (a session, a day) and reports only upward moves, so a budget that
 * stays crossed while costs keep ticking notifies once, not on every event. Falling back (a raised budget,
 * a new day) re-arms it.
 */
export class CrossingTracker {
  private readonly levels = new Map<string, BudgetLevel>();

  /** At most `maxKeys` are remembered (past days and sessions long gone leave first). */
  constructor(private readonly maxKeys = 1_000) {}

  /** How many keys are remembered. */
  get size(): number {
    return this.levels.size;
  }

  /** The new level when it rose since the last call for `key`; undefined otherwise. */
  update(key: string, level: BudgetLevel): BudgetLevel | undefined {
    const before = this.levels.get(key);
    this.levels.delete(key);
    this.levels.set(key, level);
    if (this.levels.size > this.maxKeys) this.levels.delete(this.levels.keys().next().value!);
    // The first sight of a key is a crossing too: a session already past budget when picked still warns once.
    return level !== 'ok' && (before === undefined || RANK[level] > RANK[before]) ? level : undefined;
  }
}
