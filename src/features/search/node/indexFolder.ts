// A server's search engine and the folder its index is kept in: the engine started (a worker, else this thread),
// the folder claimed (a ProcessClaim: one window per user and server keeps it), served to the user's other windows
// (engine/indexServer.ts), or followed when another window keeps it (engine/remoteEngine.ts) and taken over once that
// window closes; what was saved loaded, changes flushed and saved; the server handed to the engine, which reads its
// pages (engine/serverPages.ts). One add or save at a time (locked). The layers on it: the caps (indexCaps.ts), the
// reads (sessionReads.ts), the live updates (serverIndexer.ts).
import type { ServerConnection } from '../../../client/serverConnection';
import type { SessionAddress } from '../../../client/serverApi';
import type { SessionInfo } from '../../../store/events';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TranscriptMessage } from '../../../store/transcript';
import type { SessionMeta } from '../common/contentIndex';
import { ProcessClaim } from '../../../base/node/processClaim';
import { INDEX_VERSION } from './indexFile';
import { ENGINE_SCRIPT, EngineClient, LocalEngine } from './engine/engineClient';
import { EngineStoppedError, type EngineProxy } from '../common/engine/engineProxy';
import { IndexMirror } from '../common/engine/indexMirror';
import { RemoteEngine } from './engine/remoteEngine';
import { errorText } from './engine/engine';
import { SERVE_FILE } from './engine/indexServer';
import { slimMeta, type EngineHit, type EngineQuery, type OpenResult } from '../common/engine/protocol';
import { hostPages, readPages, readsOffHost, type EnginePage } from '../common/engine/serverPages';

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

const SAVE_EVERY_MS = 60_000;
const FLUSH_TEXTS_MS = 2_000;
const CLAIM_WAIT_MS = 15_000;
const CLAIM_RETRY_MS = 250;

export abstract class IndexFolder {
  /** What the engine holds, as its answers said. */
  readonly index: IndexMirror;

  get engine(): EngineProxy {
    return this.current;
  }

  protected current: EngineProxy;

  /** Another window keeps the index and serves it: this one asks it and reads nothing (until that window closes). */
  get following(): boolean {
    return this.current instanceof RemoteEngine;
  }

  /** The index and its texts are kept in the folder (this indexer holds it). */
  get onDisk(): boolean {
    return this.folder !== undefined;
  }

  /** One add or save at a time: a page's documents are added a slice at a time, and a save reads the index whole. */
  private lock: Promise<unknown> = Promise.resolve();
  protected loaded: Promise<void>;
  /** `loaded` has settled: what a listing is compared with (what was saved, another window's, or nothing) is in place. */
  protected isLoaded = false;
  private saving: Promise<unknown> = Promise.resolve();
  private lastSave = Date.now();
  protected flushTimer?: ReturnType<typeof setTimeout>;
  protected disposed = false;
  /** dispose() began: a claim still waited for is given up. */
  protected stopping = false;
  private changedSinceSave = false;
  /** Sessions were dropped since the engine last checked whether a compaction is due. */
  protected droppedSinceCompact = false;
  /** The folder this indexer keeps its index in, once claimed (another window may hold it: memory then). */
  protected folder?: string;
  protected owner?: ProcessClaim;
  /** The API and engine the server was last handed over for (the engine reads its pages). */
  private handedOver?: { api: object; engine: EngineProxy; offHost: boolean };

  constructor(
    readonly connection: ServerConnection,
    protected readonly options: IndexerOptions,
  ) {
    this.current = this.startEngine();
    this.index = new IndexMirror(() => this.current);
    this.loaded = this.startLoad();
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
    this.loaded = this.startLoad();
    void this.loaded.then(() => this.sync());
  }

  /** Resolves once what was saved is loaded (or there was nothing): the index answers from then on. */
  ready(): Promise<void> {
    return this.loaded;
  }

  /** Runs `work` once every add or save before it is done, and before any after it. */
  protected locked<T>(work: () => Promise<T>): Promise<T> {
    const run = this.lock.then(work, work);
    this.lock = run.catch(() => undefined);
    return run;
  }

  private startLoad(): Promise<void> {
    this.isLoaded = false;
    const loading = this.load().finally(() => {
      if (this.loaded === loading) this.isLoaded = true;
    });
    return loading;
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

  /** A change the engine is told of without waiting (it takes requests in order): a failure is only logged. */
  protected tell(request: Promise<unknown>): void {
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
  protected async pages(session: SessionAddress, options: { signal: AbortSignal; newest?: number }): Promise<AsyncIterable<EnginePage>> {
    const api = this.connection.api;
    return (await this.handOver()) ? readPages(this.engine, session, options) : hostPages(this.engine, api, session, options);
  }

  protected changed(): void {
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

  /** Queues every listed session that moved since it was last read (sessionReads.ts). */
  abstract sync(): Promise<void>;
  /** What the caps left out (indexCaps.ts): loaded with the index, saved in its header. */
  protected abstract readonly partial: Set<string>;
  protected abstract droppedBefore: number | undefined;
  protected abstract droppedAtCap: number | undefined;
}

/** What the engine is told of a session: its title, folder and parent cut to their bounds (as the engine keeps them). */
export function metaOf(info: SessionInfo, updated: number): SessionMeta {
  return slimMeta({ id: info.id, title: info.title, directory: info.directory, parentID: info.parentID, updated });
}
