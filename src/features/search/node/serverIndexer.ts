// Keeps one server's content index fresh: loads it from disk, reads in the background every session that changed
// since it was last read (newest first, two at a time, each page indexed a slice at a time and then a pause as
// long as the work took, so the server and VS Code stay responsive), follows the live stream (a session that moved
// has its newest messages read again, so a finished part is searchable at once), drops deleted sessions (asking
// the server about 4 at a time), and saves itself. Its caps hold after every page: a session holds at most a
// quarter of the index's byte cap however it is read (whole, newest first, or its newest messages as it moves:
// once full, what it adds is left out) and MAX_SESSION_MESSAGES messages, and past the index's cap the least
// recently active sessions are dropped; what a cap left out is logged and counted in the progress (the search
// pick shows it). The index itself lives in a search engine (engine/: a worker thread, so fetching and parsing the
// pages, tokenising, indexing, compressing, saving and loading never hold the extension host's thread): this hands
// it the server (engine/serverPages.ts), asks for pages and decides, from what the engine's answers said of each
// session (IndexMirror). One index per user and server: the window that
// claims the folder serves its engine to the others (engine/indexServer.ts); another window asks it and reads
// nothing (engine/remoteEngine.ts), and takes the folder over from what was saved once that window closes. No
// `vscode`: the benchmarks run it against a real server. In layers, a concept each: the engine and its folder
// (indexFolder.ts), the caps (indexCaps.ts), the background reads (sessionReads.ts), and here the live updates.
import type { StoreChange } from '../../../store/storeChange';
import { KeyedTimer } from '../../../base/keyedTimer';
import { sessionCapOf } from './indexCaps';
import { metaOf } from './indexFolder';
import { SessionReads } from './sessionReads';

export { MAX_SESSION_MESSAGES, sessionCapOf } from './indexCaps';
export type { IndexerOptions } from './indexFolder';
export type { IndexProgress } from './sessionReads';

/** Messages read again when a session moves live: more than a step adds, fewer than a page. */
const LIVE_NEWEST = 20;
const LIVE_DELAY_MS = 30;
/** More sessions changed at once than a live stream moves: a snapshot. */
const SNAPSHOT_SIZE = 50;

export class ServerIndexer extends SessionReads {
  /** Per session, its newest messages read once its changes have gathered for LIVE_DELAY_MS. */
  private readonly live = new KeyedTimer<string>();

  /** What the store reported: sessions that moved are read again (their newest messages), deleted ones dropped. */
  handle(change: StoreChange): void {
    // A reloaded window's connection lists its sessions while the index still waits for the old host to let go:
    // compared with an index not loaded yet, every session would look new and be read again.
    if (!this.isLoaded) {
      const later = () => this.handle(change);
      void this.loaded.then(later, later);
      return;
    }
    // The window that keeps the index follows the server's stream itself.
    if (this.following) return;
    // A snapshot (a connect, a reconnect) changes every session at once: only those that moved are read. A part
    // of a listing (its first page shown, a long one's slices) comes while the connection still connects: the
    // sessions it does not hold yet are not gone, and the search service syncs once the connection is online.
    if (change.changed.size > SNAPSHOT_SIZE) {
      if (this.connection.state?.kind !== 'connecting') void this.sync();
      return;
    }
    for (const id of change.removed) {
      this.live.cancel(id);
      this.partial.delete(id);
      this.fullForNew.delete(id);
      this.droppedForCap.delete(id);
      if (this.index.session(id)) this.dropSession(id);
      this.inFlight.deleted(id);
    }
    // A session listed again as it was read (a reconnect's snapshot of a few sessions) has not moved: not read again.
    const moved = new Set([...[...change.changed].filter((id) => this.movedSinceRead(id)), ...(change.messages?.keys() ?? [])]);
    for (const id of moved) if (!change.removed.has(id)) this.soon(id);
  }

  /** Whether the store's session is newer than what the index read of it (or the index does not hold it). */
  private movedSinceRead(sessionId: string): boolean {
    const known = this.index.session(sessionId);
    const info = this.connection.sessions.get(sessionId)?.info;
    return !known || !info || known.updated < info.time.updated;
  }

  private soon(sessionId: string): void {
    if (this.disposed || this.progressState.paused || this.unsupported) return;
    this.live.setIfNotSet(sessionId, () => void this.readNewest(sessionId), LIVE_DELAY_MS);
  }

  private async readNewest(sessionId: string): Promise<void> {
    await this.loaded;
    const record = this.connection.sessions.get(sessionId);
    if (!record || this.disposed || this.following) return;
    const info = record.info;
    if (this.droppedBefore !== undefined && record.lastActivity <= this.droppedBefore) this.droppedBefore = undefined;
    const known = this.index.session(sessionId);
    // Never read whole: that is the build's (queued once, not twice).
    if (!known || known.updated === 0) {
      this.enqueue(info);
      this.pump();
      return;
    }
    this.readSessions.add(sessionId);
    const updated = info.time.updated;
    const since = this.inFlight.start(sessionId);
    try {
      const meta = metaOf(info, known.updated);
      const sessionCap = sessionCapOf(this.options.maxBytes());
      let whole = false;
      for await (const page of await this.pages(info, { newest: LIVE_NEWEST, signal: this.controller.signal })) {
        const added = await this.locked(() => page.add(meta, sessionCap));
        if (this.inFlight.deletedSince(sessionId, since)) return;
        // Reaching a message read before (or the session's first) means nothing in between was missed.
        whole = page.ids.length < LIVE_NEWEST || added.doneBefore.length > 0;
        const session = added.session && this.index.set(added.session);
        if (added.capped && session) {
          // Left out for good: not read again at every move, nor their parts added once they finish.
          this.tell(this.engine.markDone(sessionId, page.ids.slice(-LIVE_NEWEST)));
          this.leftOutNewer(session, info);
        }
      }
      const now = this.index.session(sessionId);
      if (whole && now && now.updated < updated) {
        const touched = await this.locked(() => this.engine.touch(metaOf(info, now.updated), { updated }));
        if (touched) this.index.set(touched);
      }
      this.changed();
      await this.enforceCap();
    } catch (err) {
      this.options.log?.(`${this.connection.label}: could not index the newest messages of ${sessionId}: ${String(err)}`);
    } finally {
      this.readEnds(sessionId, since);
    }
  }

  /** Stops reading and saves. */
  async dispose(): Promise<void> {
    this.stopping = true;
    this.controller.abort();
    this.live.dispose();
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    await this.loaded;
    this.disposed = true;
    await this.save();
    // Saved before the other windows are let go: the one that takes over loads all of it.
    if (this.folder) await this.current.call('unserve', {}).catch(() => undefined);
    await this.current.dispose();
    this.owner?.release();
    this.owner = undefined;
  }
}
