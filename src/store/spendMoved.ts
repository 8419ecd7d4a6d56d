// Whether a frame moved what anything spent: the sessions it reports changed, each looked at once, against
// the figures last seen of each (tokens too: budgets may count zero-cost steps at list price). A view of the budget windows reads every session only when this says they
// moved, so a neighbour streaming text (its row changes, its cost does not) costs it nothing.
import type { SessionsHolder } from './recentSession';
import type { SessionRecord } from './sessionRecord';
import type { StoreChange } from './storeChange';
import { totalTokens, type Usage } from './usage';

export class SpendWatch<C extends SessionsHolder> {
  /** Per session record, its own figures when last seen (the store replaces them whenever they move). */
  private readonly seen = new WeakMap<SessionRecord, Usage>();

  /** `counted`: the servers whose sessions the watcher's figures already count (read when it started). */
  constructor(counted: Iterable<C> = []) {
    for (const connection of counted) for (const record of connection.sessions.all()) this.seen.set(record, record.own);
  }

  /** Whether `changes` (one frame's, per server) spent, refunded, or removed something that had spent. */
  moved(changes: ReadonlyMap<C, StoreChange>): boolean {
    let moved = false;
    for (const [connection, change] of changes) {
      if (change.removed.size) moved = true;
      for (const id of change.changed) {
        const record = connection.sessions.get(id);
        if (!record) continue;
        const own = record.own;
        if (this.seen.get(record) !== own) {
          // A session seen for the first time moves the windows only if it spent.
          if (this.seen.has(record) || own.cost !== 0 || totalTokens(own) !== 0) moved = true;
          this.seen.set(record, own);
        }
      }
    }
    return moved;
  }
}
