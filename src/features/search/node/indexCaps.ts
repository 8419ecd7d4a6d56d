// The index's caps, checked after every page a read adds: a session holds at most a quarter of the index's byte cap
// however it is read (whole, newest first, or its newest messages as it moves: once full, what it adds is left out)
// and MAX_SESSION_MESSAGES messages; past the index's cap the least recently active sessions are dropped. What a cap
// left out is logged once and counted in the progress (the search pick shows it); a larger cap lets it back in.
import type { SessionInfo } from '../../../store/events';
import type { SessionSummary } from '../common/engine/protocol';
import { IndexFolder, metaOf } from './indexFolder';
import { errorText } from './engine/engine';

/** Messages read of a session in one read, at most (its newest): pages of nothing to index end there too. */
export const MAX_SESSION_MESSAGES = 50_000;
/** The least a session may hold, whatever the cap (a quarter of it otherwise). */
const MIN_SESSION_CAP = 1024 * 1024;

/**
 * The most of the index's cap one session may take: the newest part of a huge session does not push out all others
 * (and stays under the 90 % the index's cap drops to).
 */
export function sessionCapOf(maxBytes: number): number {
  return Math.floor(Math.min(maxBytes * 0.85, Math.max(MIN_SESSION_CAP, maxBytes / 4)));
}

export abstract class IndexCaps extends IndexFolder {
  protected droppedBefore: number | undefined;
  /** The cap (bytes) sessions were dropped at: a larger one lets them back in. */
  protected droppedAtCap: number | undefined;
  /** Sessions that hit their cap, and those dropped for the index's, since this indexer began (said once each). */
  protected readonly partial = new Set<string>();
  /** Sessions whose newer messages were left out for their share, since this indexer began (said once each). */
  protected readonly fullForNew = new Set<string>();
  protected readonly droppedForCap = new Set<string>();
  /** How many times each session was dropped for the cap: a read that a drop overtook must not record it again. */
  protected readonly capDrops = new Map<string, number>();

  /**
   * Marks a session whose share is full while messages newer than those it holds came: capped (searchable in
   * part), said once. The index cannot drop a session's older documents, so the newer ones are what is left out.
   */
  protected leftOutNewer(session: SessionSummary, info: SessionInfo): void {
    if (!session.capped) {
      session.capped = true;
      this.tell(this.engine.touch(metaOf(info, session.updated), { capped: true }));
    }
    this.partial.add(info.id);
    if (this.fullForNew.has(info.id)) return;
    this.fullForNew.add(info.id);
    this.options.log?.(
      `${this.connection.label}: session ${JSON.stringify(info.title.slice(0, 80))} has reached its share of the search index (${mb(session.bytes)} of text, a quarter of opencodeSessions.search.maxIndexMegabytes): messages it adds past that are not searchable (a larger cap lets in what it adds after).`,
    );
  }

  /** Drops the least recently active sessions past the index's cap (said in the log); true when any went. */
  protected async enforceCap(): Promise<boolean> {
    const maxBytes = this.options.maxBytes();
    if (this.index.bytes <= maxBytes || this.following) return false;
    const before = this.index.sessionCount;
    // No prototype: a session a server calls `__proto__` is a key like any other.
    const lastActivity: Record<string, number> = Object.create(null) as Record<string, number>;
    for (const s of this.index.sessions()) lastActivity[s.id] = this.connection.sessions.get(s.id)?.lastActivity ?? s.latest;
    const { newestDropped, dropped } = await this.locked(() => this.engine.enforceCap(maxBytes, lastActivity));
    for (const id of dropped) {
      this.index.delete(id);
      this.droppedForCap.add(id);
      this.capDrops.set(id, (this.capDrops.get(id) ?? 0) + 1);
      this.partial.delete(id);
      this.fullForNew.delete(id);
    }
    if (newestDropped === undefined) return false;
    this.droppedBefore = Math.max(this.droppedBefore ?? 0, newestDropped);
    this.droppedAtCap = maxBytes;
    this.droppedSinceCompact = true;
    this.changed();
    this.options.log?.(
      `${this.connection.label}: the search index reached its cap of ${mb(maxBytes)} (opencodeSessions.search.maxIndexMegabytes): ${before - this.index.sessionCount} sessions least recently active were left out of search (${this.droppedForCap.size} so far); a larger cap lets them back in.`,
    );
    return true;
  }

  /** The cap setting changed: a smaller one drops sessions now, a larger one lets dropped ones back in. */
  capChanged(): void {
    void this.enforceCap()
      .catch((err: unknown) => this.options.log?.(`${this.connection.label}: could not apply the search index's cap: ${errorText(err)}`))
      .then(() => this.sync());
  }
}

export function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}
