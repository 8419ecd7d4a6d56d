// Reading a server's sessions into its index, in the background: every session that changed since it was last read
// (newest first, two at a time, each page indexed a slice at a time and then a pause as long as the work took, so
// the server and VS Code stay responsive), until a page holds nothing new or a cap stops it; deleted sessions found
// gone from the listing and dropped (asking the server about 4 at a time); its progress, Pause and Resume.
import { ServerError, type SessionAddress } from '../../../client/serverApi';
import type { SessionInfo } from '../../../store/events';
import type { SessionMeta } from '../common/contentIndex';
import type { SessionSummary } from '../common/engine/protocol';
import { ReadsInFlight } from '../common/readsInFlight';
import { EngineStoppedError } from '../common/engine/engineProxy';
import { IndexCaps, MAX_SESSION_MESSAGES, mb, sessionCapOf } from './indexCaps';
import { metaOf } from './indexFolder';
import { errorText } from './engine/engine';
import { Fifo } from '../../../base/fifo';
import { Slices } from '../../../base/node/slices';
import { runSliced, type Steps } from '../../../base/slices';
import { sortSteps } from '../../../base/sortSteps';

export interface IndexProgress {
  /** Sessions read whole since the build began, of those it had to read. */
  read: number;
  total: number;
  running: boolean;
  /** Stopped by the user (Cancel): resumes on Resume, or after a restart. */
  paused: boolean;
  failed: number;
  /** Sessions indexed only in part: their newest messages, up to a session's cap. */
  partial: number;
  /** Sessions left out of the index for its cap (the least recently active). */
  dropped: number;
}

/** Sessions asked about at once when they are gone from the listing. */
const GONE_CHECKS_AT_ONCE = 4;
/** Sessions a sync goes through between two yields. */
const SYNC_SLICE = 2048;

export abstract class SessionReads extends IndexCaps {
  /** Sessions read (whole or their newest messages) since this indexer started: the restart test names them. */
  readSessions = new Set<string>();
  private readonly queue = new Fifo<SessionInfo>();
  /** The workers' slices, shared: they give the loop one turn together. */
  private readonly slices = new Slices();
  private readonly queued = new Set<string>();
  /** Sessions being read, and deleted meanwhile: a page added after the deletion is dropped again. */
  protected readonly inFlight = new ReadsInFlight();

  /** How many sessions are being read now (the tests wait for none). */
  get sessionsInFlight(): number {
    return this.inFlight.size;
  }

  protected progressState: IndexProgress = { read: 0, total: 0, running: false, paused: false, failed: 0, partial: 0, dropped: 0 };
  protected controller = new AbortController();
  /** Sessions gone from the listing, waiting to be asked about. */
  private readonly goneQueue = new Fifo<SessionMeta>();
  private readonly goneQueued = new Set<string>();
  private goneChecks = 0;
  private workers = 0;
  /** The API (one connection's) that offers no transcript to read: nothing is read while the server speaks it. */
  private unsupportedApi?: object;
  protected get unsupported(): boolean {
    return this.unsupportedApi !== undefined && this.unsupportedApi === this.connection.api;
  }

  progress(): IndexProgress {
    return { ...this.progressState, partial: this.partial.size, dropped: this.droppedForCap.size };
  }

  /** Queues every listed session that moved since it was last read (after a connect, or a resume). */
  async sync(): Promise<void> {
    await this.loaded;
    if (this.syncStopped()) return;
    // In slices: a server of 100 000 sessions took 164 ms in one step to go through and order.
    await runSliced(this.syncSteps());
  }

  private syncStopped(): boolean {
    return this.disposed || this.progressState.paused || this.unsupported || this.following;
  }

  private *syncSteps(): Steps<void> {
    // A cap grown since sessions were dropped for it lets them back in.
    if (this.droppedBefore !== undefined && (this.droppedAtCap === undefined || this.options.maxBytes() > this.droppedAtCap)) {
      this.droppedBefore = undefined;
      this.droppedAtCap = undefined;
      this.droppedForCap.clear();
    }
    const listed = new Set<string>();
    const stale: SessionInfo[] = [];
    let count = 0;
    for (const record of this.connection.sessions.all()) {
      if (++count % SYNC_SLICE === 0) {
        yield;
        // Paused, disposed or given up meanwhile: nothing more is queued.
        if (this.syncStopped()) return;
      }
      const info = record.info;
      listed.add(info.id);
      const known = this.index.session(info.id);
      if (known) this.refreshMeta(info);
      if (this.droppedBefore !== undefined && record.lastActivity <= this.droppedBefore) {
        // Left out for the cap (this run or one before): counted where the user searches.
        if (!known) this.droppedForCap.add(info.id);
        continue;
      }
      if (!known || known.updated < info.time.updated) stale.push(info);
    }
    // Deleted while nobody watched: gone from the listing (archived ones are asked about before they are dropped).
    // Listed by parent (OpenCode 2), the store holds the roots and the trees read so far: a sub-agent not held is
    // below a tree not read yet, not gone (asking about each would cost a request per sub-agent on every connect) —
    // unless its parent's children were read whole without it.
    const sessions = this.connection.sessions;
    const unlisted = (parentID: string | undefined) =>
      !sessions.readsByParent || !parentID || (sessions.get(parentID) !== undefined && !sessions.childrenUnread(parentID));
    for (const session of this.index.sessions()) {
      if (++count % SYNC_SLICE === 0) {
        yield;
        if (this.syncStopped()) return;
      }
      if (!listed.has(session.id) && unlisted(session.parentID)) this.queueGoneCheck(session);
    }
    if (this.syncStopped()) return;
    this.checkGone();
    const newestFirst = (a: SessionInfo, b: SessionInfo) => b.time.updated - a.time.updated;
    // Stable, as Array.sort: sessions of one time keep the listing's order.
    yield* sortSteps(stale, newestFirst);
    if (this.syncStopped()) return;
    for (const info of stale) {
      if (++count % SYNC_SLICE === 0) {
        yield;
        if (this.syncStopped()) return;
      }
      this.enqueue(info);
    }
    this.pump();
  }

  private refreshMeta(info: SessionInfo): void {
    const known = this.index.session(info.id);
    if (!known) return;
    const meta = metaOf(info, known.updated);
    if (known.title === meta.title && known.directory === meta.directory && known.parentID === meta.parentID) return;
    this.index.set({ ...known, title: meta.title, directory: meta.directory, parentID: meta.parentID });
    this.tell(this.engine.touch(meta));
  }

  private queueGoneCheck(session: SessionSummary): void {
    if (this.goneQueued.has(session.id)) return;
    this.goneQueued.add(session.id);
    this.goneQueue.push({ id: session.id, title: session.title, directory: session.directory, updated: session.updated });
  }

  /** Asks the server about the sessions gone from its listing, GONE_CHECKS_AT_ONCE at a time. */
  private checkGone(): void {
    while (this.goneChecks < GONE_CHECKS_AT_ONCE && this.goneQueue.length && !this.disposed) {
      const session = this.goneQueue.shift()!;
      this.goneChecks += 1;
      void this.isGone(session)
        .then((gone) => {
          if (!gone || this.disposed) return;
          this.dropSession(session.id);
        })
        .finally(() => {
          this.goneChecks -= 1;
          this.goneQueued.delete(session.id);
          this.checkGone();
        });
    }
  }

  private async isGone(session: SessionMeta): Promise<boolean> {
    try {
      return !(await this.connection.api.getSession({ id: session.id, directory: session.directory }));
    } catch {
      return false;
    }
  }

  protected enqueue(info: SessionInfo): void {
    if (this.queued.has(info.id)) return;
    this.queued.add(info.id);
    this.queue.push(info);
    this.progressState.total += 1;
    this.progressState.running = true;
  }

  pause(): void {
    this.progressState.paused = true;
    this.controller.abort();
    this.controller = new AbortController();
    this.queue.clear();
    this.queued.clear();
    this.goneQueue.clear();
    this.goneQueued.clear();
    this.progressState.running = false;
    this.options.onProgress?.();
  }

  resume(): void {
    this.progressState = { read: 0, total: 0, running: false, paused: false, failed: 0, partial: 0, dropped: 0 };
    void this.sync();
  }

  protected pump(): void {
    const concurrency = this.options.concurrency ?? 2;
    while (this.workers < concurrency && this.queue.length && !this.disposed) {
      this.workers += 1;
      void this.work().finally(() => {
        this.workers -= 1;
        if (!this.workers && !this.queue.length) this.finished();
      });
    }
    this.options.onProgress?.();
  }

  private async work(): Promise<void> {
    const signal = this.controller.signal;
    for (let info = this.queue.shift(); info && !signal.aborted && !this.disposed; info = this.queue.shift()) {
      this.queued.delete(info.id);
      try {
        await this.readWhole(info, signal);
        this.progressState.read += 1;
      } catch (err) {
        if (signal.aborted) return;
        // The engine stopped (its log said why): a restarted one syncs again, a stopped one reads nothing.
        if (err instanceof EngineStoppedError) {
          this.queue.clear();
          this.queued.clear();
          return;
        }
        // A server that offers no transcript (1.18's early V2 keeps only its event history) is not asked again.
        if (err instanceof ServerError && err.noRoute) {
          this.options.log?.(`${this.connection.label}: its sessions' contents cannot be searched: ${err.message}`);
          this.unsupportedApi = this.connection.api;
          this.queue.clear();
          this.queued.clear();
          return;
        }
        this.progressState.failed += 1;
        this.options.log?.(`${this.connection.label}: could not index ${info.id}: ${errorText(err)}`);
      }
      this.options.onProgress?.();
      // Reads that end at once (failing without I/O) chain in microtasks: a turn of the loop between slices.
      if (this.slices.due) await this.slices.yield();
    }
  }

  /**
   * Reads a session's pages, newest first, until a page holds nothing new, or the session reaches its share (then
   * its older messages are left out, and a later read stops where the known ones start), or the index's cap drops
   * it. The caps are checked after every page: a server whose pages never end is read only that far.
   */
  private async readWhole(queued: SessionInfo, signal: AbortSignal): Promise<void> {
    const since = this.inFlight.start(queued.id);
    try {
      await this.readWholeOnce(queued, signal, since);
    } finally {
      this.readEnds(queued.id, since);
    }
  }

  /**
   * A reader is done: if the session was deleted meanwhile, what it added is forgotten again. One of that id listed
   * again since (deleted and made again, e.g. imported) is then read again whole.
   */
  protected readEnds(id: string, since: number): void {
    if (!this.inFlight.end(id, since) || this.disposed) return;
    // The engine may hold what a page added after the deletion though this side never heard of it: dropped there too.
    this.dropSession(id);
    const listed = this.connection.sessions.get(id)?.info;
    if (listed) {
      this.enqueue(listed);
      this.pump();
    }
  }

  private async readWholeOnce(queued: SessionInfo, signal: AbortSignal, since: number): Promise<void> {
    // As the session is now (it may have moved while it waited): what is read is at least that new.
    const info = this.connection.sessions.get(queued.id)?.info ?? queued;
    this.readSessions.add(info.id);
    const known = this.index.session(info.id);
    const meta = metaOf(info, known?.updated ?? 0);
    const ref: SessionAddress = { id: info.id, directory: info.directory };
    // What it held before counts: a session read again (a restart, a sync) never grows past its share.
    const sessionCap = sessionCapOf(this.options.maxBytes());
    const heldBefore = (known?.bytes ?? 0) > 0;
    // Read whole once (its record has a time): a page of known messages means the older ones were read then. Never
    // (a read cut short by a failure, a pause or a reload, or only its newest seen live): read on past known pages.
    const readWholeBefore = (known?.updated ?? 0) > 0;
    let messages = 0;
    let capped = false;
    let full = false;
    const dropsBefore = this.capDrops.get(info.id);
    for await (const page of await this.pages(ref, { signal })) {
      if (signal.aborted || this.disposed) return;
      const started = performance.now();
      const wasCapped = this.index.session(info.id)?.capped === true;
      // Added newest first within the page too: the share cuts off only older messages.
      const added = await this.locked(() => page.add(meta, sessionCap));
      if (added.session) this.index.set(added.session);
      this.changed();
      if (this.inFlight.deletedSince(info.id, since)) return;
      messages += page.ids.length;
      if ((await this.enforceCap()) && !this.index.session(info.id)) return;
      full = added.capped;
      capped = full || messages >= MAX_SESSION_MESSAGES;
      if ((added.allKnown && readWholeBefore) || capped) break;
      // Read to its cap before: what follows the first known message was left out then, and is now.
      if (wasCapped && added.done.length) break;
      await this.pace(performance.now() - started);
    }
    if (signal.aborted || this.disposed) return;
    // Dropped for the cap by another read meanwhile: recording it now would keep an empty record that no later sync
    // reads again (it looks up to date), and the session would never be searchable, even under a larger cap.
    if (this.capDrops.get(info.id) !== dropsBefore) return;
    const markCapped = full || capped;
    // Made when its pages held nothing (a session with nothing to index is known, not read again).
    const session = this.index.set(
      await this.locked(() => this.engine.record(meta, { updated: info.time.updated, ...(markCapped && { capped: true }) })),
    );
    this.droppedForCap.delete(info.id);
    if (full && heldBefore) this.leftOutNewer(session, info);
    else if (capped) {
      if (!this.partial.has(info.id)) {
        this.partial.add(info.id);
        this.options.log?.(
          `${this.connection.label}: session ${JSON.stringify(info.title.slice(0, 80))} is too large to index whole: its newest ${mb(session.bytes)} of text (${messages.toLocaleString('en-US')} messages) are searchable, older messages are not (a session may take a quarter of opencodeSessions.search.maxIndexMegabytes, ${MAX_SESSION_MESSAGES.toLocaleString('en-US')} messages at most).`,
        );
      }
    }
    await this.enforceCap();
  }

  private async pace(workMs: number): Promise<void> {
    const pause = workMs * (this.options.pace ?? 1);
    await new Promise((resolve) => (pause >= 1 ? setTimeout(resolve, pause) : setImmediate(resolve)));
  }

  /** Forgets a session (deleted on the server): the engine drops its documents. */
  protected dropSession(id: string): void {
    this.index.delete(id);
    this.partial.delete(id);
    this.fullForNew.delete(id);
    this.droppedForCap.delete(id);
    // A page added before the drop answers before it: what it said of the session is forgotten again.
    this.tell(this.locked(() => this.engine.drop(id)).then(() => this.index.delete(id)));
    this.droppedSinceCompact = true;
    this.changed();
  }

  private finished(): void {
    this.progressState.running = false;
    this.options.onProgress?.();
    void this.save();
  }
}
