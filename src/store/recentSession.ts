// The most recently active session across servers, kept from what each frame reports changed instead of a
// scan of every session on every frame: a busy server at 10 000 sessions costs what its changed rows cost.
// Whole scans happen only when the answer may have left (servers came or went, the newest was removed).
import type { SessionRecord } from './sessionRecord';
import type { StoreChange } from './storeChange';

/** What the tracker reads of a server: its store. */
export interface SessionsHolder {
  readonly sessions: { get(id: string): SessionRecord | undefined; all(): Iterable<SessionRecord> };
}

export interface Newest<C> {
  connection: C;
  record: SessionRecord;
}

export class RecentSession<C extends SessionsHolder> {
  private newest: { connection: C; id: string } | undefined;
  /** No answer yet, or the last one may be gone: the next read scans. */
  private stale = true;

  /** A frame's changes (per server) and whether servers came or went. */
  update(changes: ReadonlyMap<C, StoreChange>, serversChanged: boolean): void {
    if (serversChanged || this.stale) {
      this.stale = true;
      return;
    }
    for (const [connection, change] of changes) {
      if (this.newest?.connection === connection && change.removed.has(this.newest.id)) {
        this.stale = true;
        return;
      }
      for (const id of change.changed) {
        const record = connection.sessions.get(id);
        if (record) this.offer(connection, record);
      }
    }
  }

  /** The most recently active session of `connections` (the registry's list, current when the frame came). */
  get(connections: readonly C[]): Newest<C> | undefined {
    if (this.stale) {
      this.newest = undefined;
      for (const connection of connections) for (const record of connection.sessions.all()) this.offer(connection, record);
      this.stale = false;
    }
    const newest = this.newest;
    const record = newest && newest.connection.sessions.get(newest.id);
    return newest && record ? { connection: newest.connection, record } : undefined;
  }

  private offer(connection: C, record: SessionRecord): void {
    const best = this.newest && this.newest.connection.sessions.get(this.newest.id);
    if (!best || record.lastActivity > best.lastActivity) this.newest = { connection, id: record.info.id };
  }
}

/** Whether a frame touched what a view of one session shows: its row (sub-agents' totals included), its children or its removal. */
export function touchesSession<C>(changes: ReadonlyMap<C, StoreChange>, connection: C, sessionId: string): boolean {
  const change = changes.get(connection);
  return !!change && (change.changed.has(sessionId) || change.removed.has(sessionId) || change.structure.has(sessionId));
}
