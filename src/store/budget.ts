// Budget levels and their crossings, as plain data so the colours and the one-notification-per-crossing
// rule are unit-tested without VS Code.
import type { SessionRecord } from './sessionRecord';

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

  /** The new level when it rose since the last call for `key`; undefined otherwise. */
  update(key: string, level: BudgetLevel): BudgetLevel | undefined {
    const before = this.levels.get(key);
    this.levels.set(key, level);
    // The first sight of a key is a crossing too: a session already past budget when picked still warns once.
    return level !== 'ok' && (before === undefined || RANK[level] > RANK[before]) ? level : undefined;
  }
}

/**
 * Money spent since `since`, from assistant messages created since then. A session's `time.updated` says
 * nothing about when its cost was spent (a session from last week touched today would count whole), so
 * this sums per-message costs: exact for the messages the store holds. The caller loads the messages of
 * sessions active today; deleted sessions drop out, as their messages are gone from the server too.
 */
export function costSince(records: Iterable<SessionRecord>, since: number): number {
  let total = 0;
  for (const record of records) {
    for (const message of record.messages.values()) if (message.created >= since) total += message.usage.cost;
  }
  return total;
}
