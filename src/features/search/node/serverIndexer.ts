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
// `vscode`: the benchmarks run it against a real server.
import type { ServerConnection } from '../../../client/serverConnection';
import { ServerError, type SessionAddress } from '../../../client/serverApi';
import type { SessionInfo } from '../../../store/events';
import type { StoreChange } from '../../../store/storeChange';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TranscriptMessage } from '../../../store/transcript';
import type { SessionMeta } from '../common/contentIndex';
import { ProcessClaim } from '../../../app/servers/processClaim';
import { INDEX_VERSION } from './indexFile';
import { ENGINE_SCRIPT, EngineClient, LocalEngine } from './engine/engineClient';
import { EngineStoppedError, type EngineProxy } from '../common/engine/engineProxy';
import { IndexMirror } from '../common/engine/indexMirror';
import { RemoteEngine } from './engine/remoteEngine';
import { SERVE_FILE } from './engine/indexServer';
import { slimMeta, type EngineHit, type EngineQuery, type OpenResult, type SessionSummary } from '../common/engine/protocol';
import { ReadsInFlight } from '../common/readsInFlight';
import { hostPages, readPages, readsOffHost, type EnginePage } from '../common/engine/serverPages';
import { KeyedTimer } from '../../../base/keyedTimer';

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

export interface IndexerOptions {
  /** Where the index and its texts are kept, once this indexer holds it (a ProcessClaim on it); none: in memory only. */
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
  /** The search engine's worker script (default: search-engine.js beside this bundle); false: on this thread. */
  engineScript?: string | false;
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
/** Messages read of a session in one read, at most (its newest): pages of nothing to index end there too. */
export const MAX_SESSION_MESSAGES = 50_000;
/** Sessions asked about at once when they are gone from the listing. */
const GONE_CHECKS_AT_ONCE = 4;
/** The least a session may hold, whatever the cap (a quarter of it otherwise). */
const MIN_SESSION_CAP = 1024 * 1024;

/**
 * The most of the index's cap one session may take: the newest part of a huge session does not push out all others
 * (and stays under the 90 % the index's cap drops to).
 */
export function sessionCapOf(maxBytes: number): number {
  return Math.floor(Math.min(maxBytes * 0.85, Math.max(MIN_SESSION_CAP, maxBytes / 4)));
}

export class ServerIndexer {
  /** What the engine holds, as its answers said. */
  readonly index: IndexMirror;
  get engine(): EngineProxy {
    return this.current;
  }
  private current: EngineProxy;
  /** Another window keeps the index and serves it: this one asks it and reads nothing (until that window closes). */
  get following(): boolean {
    return this.current instanceof RemoteEngine;
  }
  /** The index and its texts are kept in the folder (this indexer holds it). */
  get onDisk(): boolean {
    return this.folder !== undefined;
  }
  /** Sessions read (whole or their newest messages) since this indexer started: the restart test names them. */
  readSessions = new Set<string>();
  private queue: SessionInfo[] = [];
  private readonly queued = new Set<string>();
  /** Sessions being read, and deleted meanwhile: a page added after the deletion is dropped again. */
  private readonly inFlight = new ReadsInFlight();
  /** How many sessions are being read now (the tests wait for none). */
  get sessionsInFlight(): number {
    return this.inFlight.size;
  }
  private progressState: IndexProgress = { read: 0, total: 0, running: false, paused: false, failed: 0, partial: 0, dropped: 0 };
  private controller = new AbortController();
  /** Per session, its newest messages read once its changes have gathered for LIVE_DELAY_MS. */
  private readonly live = new KeyedTimer<string>();
  private droppedBefore: number | undefined;
  /** The cap (bytes) sessions were dropped at: a larger one lets them back in. */
  private droppedAtCap: number | undefined;
  /** Sessions that hit their cap, and those dropped for the index's, since this indexer began (said once each). */
  private readonly partial = new Set<string>();
  /** Sessions whose newer messages were left out for their share, since this indexer began (said once each). */
  private readonly fullForNew = new Set<string>();
  private readonly droppedForCap = new Set<string>();
  /** How many times each session was dropped for the cap: a read that a drop overtook must not record it again. */
  private readonly capDrops = new Map<string, number>();
  /** One add or save at a time: a page's documents are added a slice at a time, and a save reads the index whole. */
  private lock: Promise<unknown> = Promise.resolve();
  /** Sessions gone from the listing, waiting to be asked about. */
  private readonly goneQueue: SessionMeta[] = [];
  private readonly goneQueued = new Set<string>();
  private goneChecks = 0;
  private loaded: Promise<void>;
  private saving: Promise<unknown> = Promise.resolve();
  private lastSave = Date.now();
  private flushTimer?: ReturnType<typeof setTimeout>;
  private workers = 0;
  private disposed = false;
  /** dispose() began: a claim still waited for is given up. */
  private stopping = false;
  private changedSinceSave = false;
  /** Sessions were dropped since the engine last checked whether a compaction is due. */
  private droppedSinceCompact = false;
  /** The folder this indexer keeps its index in, once claimed (another window may hold it: memory then). */
  private folder?: string;
  private owner?: ProcessClaim;
  /** The API and engine the server was last handed over for (the engine reads its pages). */
  private handedOver?: { api: object; engine: EngineProxy; offHost: boolean };
  /** The API (one connection's) that offers no transcript to read: nothing is read while the server speaks it. */
  private unsupportedApi?: object;

  private get unsupported(): boolean {
    return this.unsupportedApi !== undefined && this.unsupportedApi === this.connection.api;
  }

  constructor(
    readonly connection: ServerConnection,
    private readonly options: IndexerOptions,
  ) {
    this.current = this.startEngine();
    this.index = new IndexMirror(() => this.current);
    this.loaded = this.load();
  }

  private startEngine(): EngineProxy {
    const log = (message: string) => this.options.log?.(`${this.connection.label}: ${message}`);
    const script = this.options.engineScript ?? join(__dirname, ENGINE_SCRIPT);
    if (script === false) return new LocalEngine(log);
    if (!existsSync(script)) {
      log(`the search engine's worker (${script}) is missing: content search indexes on the extension host's thread.`);
      return new LocalEngine(log);
    }
    return new EngineClient({ script, log, onRestart: (opened) => this.restarted(opened) });
  }

  /** The engine's worker was started again on what was last saved: what it held since is read again. */
  private restarted(opened: OpenResult): void {
    this.handedOver = undefined;
    this.index.reset(opened.sessions);
    if (this.folder) this.serve();
    void this.sync();
  }

  /** Offers the index to the user's other windows (they ask it instead of reading every session again). */
  private serve(): void {
    this.current.call('serve', {}).catch((err: unknown) => {
      if (err instanceof EngineStoppedError) return;
      this.options.log?.(
        `${this.connection.label}: the search index cannot be shared with other VS Code windows (${errorText(err)}); each of them keeps its own.`,
      );
    });
  }

  /**
   * The window that kept the index closed: this one takes the folder over (once that window has saved and let go),
   * loads what it saved and reads only the sessions that moved since; or follows the window that took it first.
   */
  private takeOver(): void {
    if (this.stopping) return;
    const remote = this.current;
    this.current = this.startEngine();
    this.index.reset([]);
    void remote.dispose();
    this.options.log?.(`${this.connection.label}: the VS Code window that kept this server's search index closed: this one takes it over.`);
    this.loaded = this.load();
    void this.loaded.then(() => this.sync());
  }

  /** Resolves once what was saved is loaded (or there was nothing): the index answers from then on. */
  ready(): Promise<void> {
    return this.loaded;
  }

  progress(): IndexProgress {
    return { ...this.progressState, partial: this.partial.size, dropped: this.droppedForCap.size };
  }

  /** Runs `work` once every add or save before it is done, and before any after it. */
  private locked<T>(work: () => Promise<T>): Promise<T> {
    const run = this.lock.then(work, work);
    this.lock = run.catch(() => undefined);
    return run;
  }

  private async load(): Promise<void> {
    const folder = this.options.folder;
    if (!folder) return;
    await this.options.after?.catch(() => undefined);
    if (this.stopping) return;
    let opened: OpenResult;
    try {
      const claimed = await this.claim(folder);
      if (claimed instanceof RemoteEngine) {
        if (this.stopping) {
          await claimed.dispose();
          return;
        }
        const own = this.current;
        this.current = claimed;
        await own.dispose();
        this.options.log?.(
          `${this.connection.label}: another VS Code window keeps this server's search index (process ${claimed.ownerPid}): this one asks it, and reads no session itself.`,
        );
        return;
      }
      this.owner = claimed;
      // A serve.json left by an owner that stopped without removing it (killed, the machine restarted): the claim is
      // this window's now, so no other window asks that address while this one loads.
      if (this.owner) rmSync(join(folder, SERVE_FILE), { force: true });
      if (!this.owner) {
        if (this.stopping) return;
        this.options.log?.(
          `${this.connection.label}: another VS Code window (or connection) keeps this server's search index and does not share it; this one keeps its own in memory.`,
        );
        return;
      }
      opened = await this.engine.open(folder);
      this.folder = folder;
      this.serve();
    } catch (err) {
      this.owner?.release();
      this.owner = undefined;
      // The worker died while it opened the folder: the engine reopens in memory on its own (it reopens a folder only
      // once opened), or is off; the claim is let go either way, so no engine ever keeps the folder unclaimed.
      if (err instanceof EngineStoppedError) {
        this.options.log?.(
          `${this.connection.label}: the search index folder could not be opened (${errorText(err)}); it is kept in memory.`,
        );
        return;
      }
      this.options.log?.(`${this.connection.label}: the search index folder cannot be used (${errorText(err)}); it is kept in memory.`);
      await this.engine.open().catch(() => undefined);
      return;
    }
    if (this.disposed || opened.saved === 'none') return;
    if (opened.saved === 'stale') {
      this.options.log?.(
        `${this.connection.label}: the saved search index could not be read (of another version, or damaged); it is built again.`,
      );
      return;
    }
    this.index.reset(opened.sessions);
    for (const session of this.index.sessions()) if (session.capped) this.partial.add(session.id);
    this.droppedBefore = opened.header?.droppedBefore;
    this.droppedAtCap = opened.header?.droppedAtCap;
  }

  /**
   * The folder once free, or the engine of the window that holds it and serves it. A window reloaded has its old
   * extension host saving and letting go for a few seconds; an owner serves only once it has loaded the folder.
   */
  private async claim(folder: string): Promise<ProcessClaim | RemoteEngine | undefined> {
    const until = Date.now() + (this.options.claimWaitMs ?? CLAIM_WAIT_MS);
    for (;;) {
      const owner = ProcessClaim.claim(folder, 'owner');
      if (owner || this.stopping) return owner;
      const remote = await RemoteEngine.connect(folder, {
        log: (message) => this.options.log?.(`${this.connection.label}: ${message}`),
        onClose: () => this.takeOver(),
      });
      if (remote) return remote;
      if (Date.now() >= until) return undefined;
      await new Promise((resolve) => setTimeout(resolve, CLAIM_RETRY_MS));
    }
  }

  /** Queues every listed session that moved since it was last read (after a connect, or a resume). */
  async sync(): Promise<void> {
    await this.loaded;
    if (this.disposed || this.progressState.paused || this.unsupported || this.following) return;
    // A cap grown since sessions were dropped for it lets them back in.
    if (this.droppedBefore !== undefined && (this.droppedAtCap === undefined || this.options.maxBytes() > this.droppedAtCap)) {
      this.droppedBefore = undefined;
      this.droppedAtCap = undefined;
      this.droppedForCap.clear();
    }
    const listed = new Set<string>();
    const stale: SessionInfo[] = [];
    for (const record of this.connection.sessions.all()) {
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
    for (const session of this.index.sessions()) if (!listed.has(session.id) && unlisted(session.parentID)) this.queueGoneCheck(session);
    this.checkGone();
    const newestFirst = (a: SessionInfo, b: SessionInfo) => b.time.updated - a.time.updated;
    for (const info of stale.sort(newestFirst)) this.enqueue(info);
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

  /** A change the engine is told of without waiting (it takes requests in order): a failure is only logged. */
  private tell(request: Promise<unknown>): void {
    request.catch((err: unknown) => {
      if (!(err instanceof EngineStoppedError)) this.options.log?.(`${this.connection.label}: the search engine: ${errorText(err)}`);
    });
  }

  /** Indexes messages of a session at once (what a test or a benchmark seeds); true when all were known. */
  async addMessages(meta: SessionMeta, messages: readonly TranscriptMessage[]): Promise<boolean> {
    await this.loaded;
    if (this.following) throw new Error("another VS Code window keeps this server's search index: it indexes what it reads");
    const added = await this.locked(() => this.engine.addPage(meta, messages));
    if (added.session) this.index.set(added.session);
    this.changed();
    return added.allKnown;
  }

  /** The engine's best matches for a query (none while it is stopped: its log said why). */
  async search(query: EngineQuery): Promise<EngineHit[]> {
    try {
      return await this.index.search(query);
    } catch (err) {
      if (err instanceof EngineStoppedError) return [];
      throw err;
    }
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
    this.goneQueue.length = 0;
    this.goneQueued.clear();
    this.progressState.running = false;
    this.options.onProgress?.();
  }

  resume(): void {
    this.progressState = { read: 0, total: 0, running: false, paused: false, failed: 0, partial: 0, dropped: 0 };
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
        // The engine stopped (its log said why): a restarted one syncs again, a stopped one reads nothing.
        if (err instanceof EngineStoppedError) {
          this.queue = [];
          this.queued.clear();
          return;
        }
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
  private readEnds(id: string, since: number): void {
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

  /**
   * Marks a session whose share is full while messages newer than those it holds came: capped (searchable in
   * part), said once. The index cannot drop a session's older documents, so the newer ones are what is left out.
   */
  private leftOutNewer(session: SessionSummary, info: SessionInfo): void {
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

  private async pace(workMs: number): Promise<void> {
    const pause = workMs * (this.options.pace ?? 1);
    await new Promise((resolve) => (pause >= 1 ? setTimeout(resolve, pause) : setImmediate(resolve)));
  }

  /** What the store reported: sessions that moved are read again (their newest messages), deleted ones dropped. */
  handle(change: StoreChange): void {
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

  /**
   * Hands the engine the server it reads pages of (its endpoint and password, in that message only), once per
   * connection's API and engine: a reconnect, a restarted worker or a taken-over folder hands it over again.
   */
  private async handOver(): Promise<boolean> {
    const api = this.connection.api;
    const engine = this.engine;
    if (this.handedOver?.api === api && this.handedOver.engine === engine) return this.handedOver.offHost;
    const endpoint = await this.connection.endpoint();
    const offHost = readsOffHost(endpoint.url);
    if (offHost) await engine.call('server', { endpoint, generation: api.generation, version: this.connection.version });
    this.handedOver = { api, engine, offHost };
    return offHost;
  }

  /** A session's pages: read by the engine where it can reach the server itself, else on the host (hostPages). */
  private async pages(session: SessionAddress, options: { signal: AbortSignal; newest?: number }): Promise<AsyncIterable<EnginePage>> {
    const api = this.connection.api;
    return (await this.handOver()) ? readPages(this.engine, session, options) : hostPages(this.engine, api, session, options);
  }

  /** Drops the least recently active sessions past the index's cap (said in the log); true when any went. */
  private async enforceCap(): Promise<boolean> {
    const maxBytes = this.options.maxBytes();
    if (this.index.bytes <= maxBytes || this.following) return false;
    const before = this.index.sessionCount;
    const lastActivity: Record<string, number> = {};
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

  /** Forgets a session (deleted on the server): the engine drops its documents. */
  private dropSession(id: string): void {
    this.index.delete(id);
    this.partial.delete(id);
    this.fullForNew.delete(id);
    this.droppedForCap.delete(id);
    // A page added before the drop answers before it: what it said of the session is forgotten again.
    this.tell(this.locked(() => this.engine.drop(id)).then(() => this.index.delete(id)));
    this.droppedSinceCompact = true;
    this.changed();
  }

  /** The cap setting changed: a smaller one drops sessions now, a larger one lets dropped ones back in. */
  capChanged(): void {
    void this.enforceCap()
      .catch((err: unknown) => this.options.log?.(`${this.connection.label}: could not apply the search index's cap: ${errorText(err)}`))
      .then(() => this.sync());
  }

  private finished(): void {
    this.progressState.running = false;
    this.options.onProgress?.();
    void this.save();
  }

  private changed(): void {
    this.changedSinceSave = true;
    // Deleted and dropped sessions' documents are rebuilt away once they outnumber the live ones (the engine says).
    if (this.droppedSinceCompact && !this.disposed) {
      this.droppedSinceCompact = false;
      this.engine.compact().then(
        (compacted) => compacted && this.changed(),
        (err: unknown) =>
          err instanceof EngineStoppedError ||
          this.options.log?.(`${this.connection.label}: could not compact the search index: ${errorText(err)}`),
      );
    }
    // Not after dispose() began, which cleared the timer and saves everything itself.
    if (!this.folder || this.flushTimer || this.stopping) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.tell(this.engine.flush());
      if (Date.now() - this.lastSave > SAVE_EVERY_MS) void this.save();
    }, FLUSH_TEXTS_MS);
  }

  /** Writes the texts and the index (one save at a time). */
  save(): Promise<unknown> {
    const folder = this.folder;
    if (!folder || !this.changedSinceSave) return this.saving;
    this.changedSinceSave = false;
    this.lastSave = Date.now();
    this.saving = this.saving
      .then(() =>
        this.locked(() => this.engine.save({ version: INDEX_VERSION, droppedBefore: this.droppedBefore, droppedAtCap: this.droppedAtCap })),
      )
      .catch((err: unknown) => this.options.log?.(`${this.connection.label}: could not save the search index: ${String(err)}`));
    return this.saving;
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

function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** What the engine is told of a session: its title, folder and parent cut to their bounds (as the engine keeps them). */
function metaOf(info: SessionInfo, updated: number): SessionMeta {
  return slimMeta({ id: info.id, title: info.title, directory: info.directory, parentID: info.parentID, updated });
}
