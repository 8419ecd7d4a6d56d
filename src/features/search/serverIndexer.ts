// Keeps one server's content index fresh: loads it from disk, reads in the background every session that changed
// since it was last read (newest first, two at a time, each page indexed and then a pause as long as the work
// took, so the server and VS Code stay responsive), follows the live stream (a session that moved has its newest
// messages read again, so a finished part is searchable at once), drops deleted sessions, keeps within its byte
// cap, and saves itself. No `vscode`: the benchmarks run it against a real server.
import type { SessionAddress } from '../../client/serverApi';
import type { ServerConnection } from '../../client/serverConnection';
import { ServerError } from '../../client/transport/serverError';
import type { SessionInfo } from '../../store/events';
import type { StoreChange } from '../../store/storeChange';
import { ContentIndex, type SessionMeta } from './contentIndex';
import { DiskTexts } from './diskTexts';
import { FolderOwner } from './folderOwner';
import { loadIndexFile, saveIndexFile } from './indexFile';
import { MemoryTexts } from './textStore';

export interface IndexProgress {
  /** Sessions read whole since the build began, of those it had to read. */
  read: number;
  total: number;
  running: boolean;
  /** Stopped by the user (Cancel): resumes on Resume, or after a restart. */
  paused: boolean;
  failed: number;
}

export interface IndexerOptions {
  /** Where the index and its texts are kept, once this indexer holds it (folderOwner.ts); none: in memory only. */
  folder?: string;
  /** Settles once the indexer that used the folder before has saved and let go of it. */
  after?: Promise<unknown>;
  /** How long a folder another holds is waited for (a reloaded window's old host still saving) before memory. */
  claimWaitMs?: number;
  maxBytes: () => number;
  /** Sessions read at once. */
  concurrency?: number;
  /** Pause after each page as long as its work took (×): 0 in benchmarks that measure the work itself. */
  pace?: number;
  log?: (message: string) => void;
  onProgress?: () => void;
}

/** Messages read again when a session moves live: more than a step adds, fewer than a page. */
const LIVE_NEWEST = 20;
const LIVE_DELAY_MS = 30;
/** More sessions changed at once than a live stream moves: a snapshot. */
const SNAPSHOT_SIZE = 50;
const SAVE_EVERY_MS = 60_000;
const FLUSH_TEXTS_MS = 2_000;
const CLAIM_WAIT_MS = 15_000;
const CLAIM_RETRY_MS = 250;

export class ServerIndexer {
  index: ContentIndex;
  /** Sessions read (whole or their newest messages) since this indexer started: the restart test names them. */
  readSessions = new Set<string>();
  private queue: SessionInfo[] = [];
  private readonly queued = new Set<string>();
  private progressState: IndexProgress = { read: 0, total: 0, running: false, paused: false, failed: 0 };
  private controller = new AbortController();
  private readonly live = new Map<string, ReturnType<typeof setTimeout>>();
  private droppedBefore: number | undefined;
  private loaded: Promise<void>;
  private saving: Promise<unknown> = Promise.resolve();
  private lastSave = Date.now();
  private flushTimer?: ReturnType<typeof setTimeout>;
  private workers = 0;
  private disposed = false;
  /** dispose() began: a claim still waited for is given up. */
  private stopping = false;
  private changedSinceSave = false;
  /** The folder this indexer keeps its index in, once claimed (another window may hold it: memory then). */
  private folder?: string;
  private owner?: FolderOwner;
  /** The API (one connection's) that offers no transcript to read: nothing is read while the server speaks it. */
  private unsupportedApi?: object;

  private get unsupported(): boolean {
    return this.unsupportedApi !== undefined && this.unsupportedApi === this.connection.api;
  }

  constructor(
    readonly connection: ServerConnection,
    private readonly options: IndexerOptions,
  ) {
    this.index = new ContentIndex(new MemoryTexts());
    this.loaded = this.load();
  }

  /** Resolves once what was saved is loaded (or there was nothing): the index answers from then on. */
  ready(): Promise<void> {
    return this.loaded;
  }

  progress(): IndexProgress {
    return { ...this.progressState };
  }

  private async load(): Promise<void> {
    const folder = this.options.folder;
    if (!folder) return;
    await this.options.after?.catch(() => undefined);
    if (this.stopping) return;
    try {
      this.owner = await this.claim(folder);
      if (!this.owner) {
        if (this.stopping) return;
        this.options.log?.(
          `${this.connection.label}: another VS Code window (or connection) keeps this server's search index; this one keeps its own in memory.`,
        );
        return;
      }
      this.index = new ContentIndex(new DiskTexts(`${folder}/texts`));
      this.folder = folder;
    } catch (err) {
      this.owner?.release();
      this.owner = undefined;
      this.options.log?.(`${this.connection.label}: the search index folder cannot be used (${errorText(err)}); it is kept in memory.`);
      return;
    }
    const saved = await loadIndexFile(folder);
    if (this.disposed || !saved) return;
    try {
      if (saved === 'stale') throw new Error('it is of another version, or damaged');
      this.index = ContentIndex.restore(saved.index, this.index.texts);
      this.droppedBefore = saved.droppedBefore;
    } catch (err) {
      this.options.log?.(`${this.connection.label}: the saved search index could not be read (${errorText(err)}); it is built again.`);
      this.clearTexts();
    }
  }

  /** The folder, once free: a window reloaded has its old extension host saving and letting go for a few seconds. */
  private async claim(folder: string): Promise<FolderOwner | undefined> {
    const until = Date.now() + (this.options.claimWaitMs ?? CLAIM_WAIT_MS);
    for (;;) {
      const owner = FolderOwner.claim(folder);
      if (owner || Date.now() >= until || this.stopping) return owner;
      await new Promise((resolve) => setTimeout(resolve, CLAIM_RETRY_MS));
    }
  }

  /** Texts an index that is built again cannot use (a failure only leaves files behind). */
  private clearTexts(): void {
    try {
      this.index.texts.clear();
    } catch (err) {
      this.options.log?.(`${this.connection.label}: could not remove the old search texts: ${errorText(err)}`);
    }
  }

  /** Queues every listed session that moved since it was last read (after a connect, or a resume). */
  async sync(): Promise<void> {
    await this.loaded;
    if (this.disposed || this.progressState.paused || this.unsupported) return;
    const listed = new Set<string>();
    const stale: SessionInfo[] = [];
    for (const record of this.connection.sessions.all()) {
      const info = record.info;
      listed.add(info.id);
      const known = this.index.session(info.id);
      if (known) this.refreshMeta(info);
      if (this.droppedBefore !== undefined && record.lastActivity <= this.droppedBefore) continue;
      if (!known || known.updated < info.time.updated) stale.push(info);
    }
    // Deleted while nobody watched: gone from the listing (archived ones are asked about before they are dropped).
    for (const session of [...this.index.sessions()]) if (!listed.has(session.id)) void this.checkGone(session);
    const newestFirst = (a: SessionInfo, b: SessionInfo) => b.time.updated - a.time.updated;
    for (const info of stale.sort(newestFirst)) this.enqueue(info);
    this.pump();
  }

  private refreshMeta(info: SessionInfo): void {
    this.index.touch(metaOf(info, this.index.session(info.id)?.updated ?? 0));
  }

  private async checkGone(session: SessionMeta): Promise<void> {
    try {
      const found = await this.connection.api.getSession({ id: session.id, directory: session.directory });
      if (found) return;
    } catch {
      return;
    }
    this.index.drop(session.id);
    this.changed();
  }

  private enqueue(info: SessionInfo): void {
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
    this.queue = [];
    this.queued.clear();
    this.progressState.running = false;
    this.options.onProgress?.();
  }

  resume(): void {
    this.progressState = { read: 0, total: 0, running: false, paused: false, failed: 0 };
    void this.sync();
  }

  private pump(): void {
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
        // A server that offers no transcript (1.18's early V2 keeps only its event history) is not asked again.
        if (err instanceof ServerError && err.noRoute) {
          this.options.log?.(`${this.connection.label}: its sessions' contents cannot be searched: ${err.message}`);
          this.unsupportedApi = this.connection.api;
          this.queue = [];
          this.queued.clear();
          return;
        }
        this.progressState.failed += 1;
        this.options.log?.(`${this.connection.label}: could not index ${info.id}: ${errorText(err)}`);
      }
      this.options.onProgress?.();
    }
  }

  /** Reads a session's pages, newest first, until a page holds nothing new. */
  private async readWhole(queued: SessionInfo, signal: AbortSignal): Promise<void> {
    // As the session is now (it may have moved while it waited): what is read is at least that new.
    const info = this.connection.sessions.get(queued.id)?.info ?? queued;
    this.readSessions.add(info.id);
    const meta = metaOf(info, this.index.session(info.id)?.updated ?? 0);
    const ref: SessionAddress = { id: info.id, directory: info.directory };
    for await (const page of this.connection.api.transcriptPages(ref, { signal })) {
      if (signal.aborted || this.disposed) return;
      const started = performance.now();
      const allKnown = this.index.addMessages(meta, page);
      this.changed();
      await this.pace(performance.now() - started);
      if (allKnown) break;
    }
    const session = this.index.session(info.id);
    if (session) session.updated = info.time.updated;
    else this.index.touch({ ...meta, updated: info.time.updated });
    this.enforceCap();
  }

  private async pace(workMs: number): Promise<void> {
    const pause = workMs * (this.options.pace ?? 1);
    await new Promise((resolve) => (pause >= 1 ? setTimeout(resolve, pause) : setImmediate(resolve)));
  }

  /** What the store reported: sessions that moved are read again (their newest messages), deleted ones dropped. */
  handle(change: StoreChange): void {
    // A snapshot (a connect, a reconnect) changes every session at once: only those that moved are read.
    if (change.changed.size > SNAPSHOT_SIZE) {
      void this.sync();
      return;
    }
    for (const id of change.removed) {
      this.cancelLive(id);
      if (this.index.session(id)) {
        this.index.drop(id);
        this.changed();
      }
    }
    const moved = new Set([...change.changed, ...(change.messages?.keys() ?? [])]);
    for (const id of moved) if (!change.removed.has(id)) this.soon(id);
  }

  private soon(sessionId: string): void {
    if (this.live.has(sessionId) || this.disposed || this.progressState.paused || this.unsupported) return;
    this.live.set(
      sessionId,
      setTimeout(() => {
        this.live.delete(sessionId);
        void this.readNewest(sessionId);
      }, LIVE_DELAY_MS),
    );
  }

  private cancelLive(sessionId: string): void {
    clearTimeout(this.live.get(sessionId));
    this.live.delete(sessionId);
  }

  private async readNewest(sessionId: string): Promise<void> {
    await this.loaded;
    const record = this.connection.sessions.get(sessionId);
    if (!record || this.disposed) return;
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
    try {
      const meta = metaOf(info, known.updated);
      let whole = false;
      for await (const page of this.connection.api.transcriptPages(info, { newest: LIVE_NEWEST, signal: this.controller.signal })) {
        // Reaching a message read before (or the session's first) means nothing in between was missed.
        whole = page.length < LIVE_NEWEST || page.some((m) => known.done.has(m.id));
        this.index.addMessages(meta, page);
      }
      if (whole) known.updated = Math.max(known.updated, updated);
      this.changed();
    } catch (err) {
      this.options.log?.(`${this.connection.label}: could not index the newest messages of ${sessionId}: ${String(err)}`);
    }
  }

  private enforceCap(): void {
    const dropped = this.index.enforceCap(this.options.maxBytes(), (s) => this.connection.sessions.get(s.id)?.lastActivity ?? s.latest);
    if (dropped !== undefined) this.droppedBefore = Math.max(this.droppedBefore ?? 0, dropped);
  }

  private finished(): void {
    this.progressState.running = false;
    this.options.onProgress?.();
    void this.save();
  }

  private changed(): void {
    this.changedSinceSave = true;
    // Deleted and dropped sessions' documents are rebuilt away once they outnumber the live ones.
    if (this.index.needsCompaction())
      void this.index.compact(() => new Promise((resolve) => setTimeout(resolve, 5))).then(() => this.changed());
    if (!this.folder || this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      void this.index.texts.flush();
      if (Date.now() - this.lastSave > SAVE_EVERY_MS) void this.save();
    }, FLUSH_TEXTS_MS);
  }

  /** Writes the texts and the index (one save at a time). */
  save(): Promise<unknown> {
    const folder = this.folder;
    if (!folder || !this.changedSinceSave) return this.saving;
    this.changedSinceSave = false;
    this.lastSave = Date.now();
    const index = this.index;
    this.saving = this.saving
      .then(async () => {
        await index.texts.flush();
        await saveIndexFile(folder, index.snapshot(), this.droppedBefore);
      })
      .catch((err: unknown) => this.options.log?.(`${this.connection.label}: could not save the search index: ${String(err)}`));
    return this.saving;
  }

  /** Stops reading and saves. */
  async dispose(): Promise<void> {
    this.stopping = true;
    this.controller.abort();
    for (const timer of this.live.values()) clearTimeout(timer);
    this.live.clear();
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    await this.loaded;
    this.disposed = true;
    await this.save();
    this.owner?.release();
    this.owner = undefined;
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function metaOf(info: SessionInfo, updated: number): SessionMeta {
  return { id: info.id, title: info.title, directory: info.directory, parentID: info.parentID, updated };
}
