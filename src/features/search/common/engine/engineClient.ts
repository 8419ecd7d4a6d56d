// The extension host's side of a server's search engine: starts engineWorker.ts in a worker thread and offers
// the engine's requests (protocol.ts) as async methods. A worker that dies is logged and started once more (opened
// on the same folder if an open of it had succeeded, else in memory: it loads what was saved; `onRestart` tells the owner to read again what was lost); a second
// death leaves search off with a line saying so, and every request after it rejects with that reason. Nothing is
// left unhandled: a request's promise rejects, the worker's error is logged. The worker holds the process open only
// while a request waits for it.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SessionMeta } from '../contentIndex';
import type { IndexFileHeader } from '../indexFile';
import type { TranscriptMessage } from '../../../../store/transcript';
import { SearchEngine } from './engine';
import {
  slimChunks,
  type EngineCalls,
  type EngineHit,
  type EngineOp,
  type EngineOutbound,
  type EngineQuery,
  type EngineRequest,
  type EngineStats,
  type OpenResult,
  type PageResult,
  type SessionSummary,
  slimMeta,
} from './protocol';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The worker's bundle, beside the extension's (esbuild.mjs). */
export const ENGINE_SCRIPT = 'search-engine.js';

export interface EngineClientOptions {
  /** The worker's script (default: search-engine.js beside this bundle). */
  script?: string;
  log?: (message: string) => void;
  /** The worker was started again after it died: what it held since its last save is gone. */
  onRestart?: (opened: OpenResult) => void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

export class EngineStoppedError extends Error {}

/** The engine's requests as async methods, whoever runs it: a worker (EngineClient) or this thread (LocalEngine). */
export abstract class EngineProxy {
  /** Where the engine runs: its worker thread, the extension host's own, or another window's (shared). */
  abstract readonly thread: 'worker' | 'host' | 'shared';
  abstract call<K extends EngineOp>(op: K, args: EngineCalls[K]['args']): Promise<EngineCalls[K]['result']>;
  /** Saves with `header` when given, then stops the engine; requests after it reject. */
  abstract dispose(header?: IndexFileHeader): Promise<void>;

  /** Starts the engine on `folder` (whose claim the caller holds) or in memory, loading what was saved there. */
  open(folder?: string): Promise<OpenResult> {
    return this.call('open', { folder });
  }

  /** One page's chunks at a time: the engine holds one page's until its last. */
  private pages: Promise<unknown> = Promise.resolve();

  /**
   * Indexes a page (slimmed here: only what entries are made of is copied to the worker), a bounded chunk at a time
   * with a turn of the event loop between: a page of any size never holds this thread long. What it answers is the
   * whole page's.
   */
  addPage(meta: SessionMeta, messages: readonly TranscriptMessage[], sessionCap?: number): Promise<PageResult> {
    const run = this.pages.then(() => this.sendPage(slimMeta(meta), messages, sessionCap));
    this.pages = run.catch(() => undefined);
    return run;
  }

  private async sendPage(meta: SessionMeta, messages: readonly TranscriptMessage[], sessionCap?: number): Promise<PageResult> {
    const chunks = slimChunks(messages);
    let step = chunks.next();
    for (let index = 0; ; index++) {
      if (step.done) throw new Error('a page of no chunk');
      const next = chunks.next();
      const chunk = { index, last: next.done === true, continues: step.value.continues };
      const answer = await this.call('addPage', {
        meta,
        messages: step.value.messages,
        sessionCap,
        ...(index || !chunk.last ? { chunk } : {}),
      });
      if (chunk.last) {
        if (!answer) throw new Error("the search engine did not answer a page's last chunk");
        return answer;
      }
      step = next;
      await nextTurn();
    }
  }

  /** Updates a session's meta (`set` when given); none when the engine does not hold it (a touch makes nothing). */
  touch(meta: SessionMeta, set: { updated?: number; capped?: boolean } = {}): Promise<SessionSummary | undefined> {
    return this.call('touch', { meta: slimMeta(meta), ...set });
  }

  /** As touch, creating the session when the engine does not hold it: a read whole has ended. */
  record(meta: SessionMeta, set: { updated?: number; capped?: boolean } = {}): Promise<SessionSummary> {
    return this.call('record', { meta: slimMeta(meta), ...set });
  }

  markDone(sessionId: string, messageIds: string[]): Promise<void> {
    return this.call('markDone', { sessionId, messageIds });
  }

  doneOf(sessionId: string, messageIds: string[]): Promise<string[]> {
    return this.call('doneOf', { sessionId, messageIds });
  }

  drop(sessionId: string): Promise<void> {
    return this.call('drop', { sessionId });
  }

  enforceCap(maxBytes: number, lastActivity: Record<string, number>): Promise<EngineCalls['enforceCap']['result']> {
    return this.call('enforceCap', { maxBytes, lastActivity });
  }

  search(query: EngineQuery): Promise<EngineHit[]> {
    return this.call('search', { query });
  }

  compact(): Promise<boolean> {
    return this.call('compact', {});
  }

  flush(): Promise<void> {
    return this.call('flush', {});
  }

  save(header: IndexFileHeader): Promise<number> {
    return this.call('save', { header });
  }

  stats(): Promise<EngineStats> {
    return this.call('stats', {});
  }
}

/** The engine on the extension host's own thread: where no worker can be started (its script is missing). */
export class LocalEngine extends EngineProxy {
  readonly thread = 'host';
  private readonly engine: SearchEngine;
  private stopped = false;

  constructor(log?: (message: string) => void) {
    super();
    this.engine = new SearchEngine(log);
  }

  call<K extends EngineOp>(op: K, args: EngineCalls[K]['args']): Promise<EngineCalls[K]['result']> {
    if (this.stopped) return Promise.reject(new EngineStoppedError('the search engine was stopped'));
    return this.engine.handle({ id: 0, op, args } as EngineRequest) as Promise<EngineCalls[K]['result']>;
  }

  async dispose(header?: IndexFileHeader): Promise<void> {
    if (this.stopped) return;
    if (header) await this.save(header);
    this.stopped = true;
  }
}

export class EngineClient extends EngineProxy {
  readonly thread = 'worker';
  private worker?: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private restarts = 0;
  /** Why the engine is off for good (it died twice, or was disposed). */
  private stopped?: string;
  private folder?: string;
  private lastError?: string;

  constructor(private readonly options: EngineClientOptions = {}) {
    super();
  }

  /** A restarted worker opens the folder only once an open of it succeeded (the owner holds its claim then). */
  override async open(folder?: string): Promise<OpenResult> {
    this.folder = undefined;
    const opened = await super.open(folder);
    this.folder = folder;
    return opened;
  }

  /** The worker's event loop, as the host sees it (its busy time, whatever Node's version). */
  eventLoopUtilization(): { active: number; idle: number } | undefined {
    return this.worker?.performance.eventLoopUtilization();
  }

  async dispose(header?: IndexFileHeader): Promise<void> {
    if (this.stopped) return;
    if (header && this.worker)
      await this.save(header).catch((err: unknown) => this.options.log?.(`could not save the search index: ${errorText(err)}`));
    this.stopped = 'the search engine was stopped';
    const worker = this.worker;
    this.worker = undefined;
    this.rejectAll(new EngineStoppedError(this.stopped));
    await worker?.terminate();
  }

  call<K extends EngineOp>(op: K, args: EngineCalls[K]['args']): Promise<EngineCalls[K]['result']> {
    if (this.stopped) return Promise.reject(new EngineStoppedError(this.stopped));
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise<EngineCalls[K]['result']>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      try {
        worker.postMessage({ id, op, args });
      } catch (err) {
        // Not sent (a value the structured clone refuses): answered here, nothing waits for it.
        this.pending.delete(id);
        if (!this.pending.size) worker.unref();
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  private start(): Worker {
    const worker = new Worker(this.options.script ?? join(__dirname, ENGINE_SCRIPT));
    this.worker = worker;
    worker.unref();
    worker.on('message', (message: EngineOutbound) => this.received(message));
    worker.on('error', (err) => (this.lastError = errorText(err)));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.died(code);
    });
    return worker;
  }

  private received(message: EngineOutbound): void {
    if ('note' in message) {
      this.options.log?.(message.message);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (!this.pending.size) this.worker?.unref();
    if (message.ok) pending.resolve(message.value);
    else pending.reject(new Error(message.error));
  }

  private died(code: number): void {
    this.worker = undefined;
    const why = `the search engine's worker stopped (${this.lastError ?? `exit code ${code}`})`;
    this.lastError = undefined;
    this.rejectAll(new EngineStoppedError(why));
    if (this.restarts >= 1) {
      this.stopped = `${why} again: content search is off until VS Code is reloaded`;
      this.options.log?.(`${this.stopped}.`);
      return;
    }
    this.restarts += 1;
    this.options.log?.(`${why}; it is started again, with the index as it was last saved.`);
    this.open(this.folder).then(
      (opened) => this.options.onRestart?.(opened),
      // A second death has said so already.
      (err: unknown) => this.stopped || this.options.log?.(`the search engine could not be started again: ${errorText(err)}`),
    );
  }

  private rejectAll(err: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(err);
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
