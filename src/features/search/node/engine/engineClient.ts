// The extension host's side of a server's search engine: starts engineWorker.ts in a worker thread and offers
// the engine's requests (protocol.ts) as async methods (common/engine/engineProxy.ts). A worker that dies is logged and started once more (opened
// on the same folder if an open of it had succeeded, else in memory: it loads what was saved; `onRestart` tells the owner to read again what was lost); a second
// death leaves search off with a line saying so, and every request after it rejects with that reason. Nothing is
// left unhandled: a request's promise rejects, the worker's error is logged. The worker holds the process open only
// while a request waits for it.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { SearchEngine, errorText } from './engine';
import { EngineProxy, EngineStoppedError } from '../../common/engine/engineProxy';
import type { EngineCalls, EngineOp, EngineOutbound, EngineRequest, IndexFileHeader, OpenResult } from '../../common/engine/protocol';

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
