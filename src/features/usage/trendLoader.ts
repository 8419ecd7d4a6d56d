// Reads every message of a server's sessions in the background, so the panel's per-day trend is
// exact (see usageByDay). A few sessions at a time; progress is reported at most once per interval.
// No `vscode` import.
import type { ServerConnection } from '../../client/serverConnection';
import type { Event } from '../../client/emitter';
import type { SessionRecord } from '../../store/sessionRecord';
import type { StoreChange } from '../../store/sessionStore';

export interface TrendLoaderOptions {
  concurrency?: number;
  /** Minimum time between two progress reports (ms); the last one is never dropped. */
  throttleMs?: number;
}

export class TrendLoader {
  private readonly abort = new AbortController();
  private readonly queue: SessionRecord[] = [];
  /** Queued or being read: not queued again. */
  private readonly taken = new WeakSet<SessionRecord>();
  /** A failed read is not retried while the panel is open (it stays "not loaded"). */
  private readonly failed = new WeakSet<SessionRecord>();
  private workers = 0;
  private lastReport = 0;
  private timer?: ReturnType<typeof setTimeout>;
  private subscription?: { dispose(): void };
  private readonly concurrency: number;
  private readonly throttleMs: number;

  constructor(
    private readonly connection: ServerConnection,
    /** The server's store changes, as the sessions model batches them. */
    private readonly changes: Event<StoreChange>,
    private readonly onProgress: () => void,
    options: TrendLoaderOptions = {},
  ) {
    this.concurrency = Math.min(4, Math.max(1, options.concurrency ?? 3));
    this.throttleMs = options.throttleMs ?? 1000;
  }

  start(): void {
    // New sessions, and sessions that changed while no stream was open, need a (re)read too.
    this.subscription = this.changes((change) => {
      const ids = change.structure.size ? undefined : change.changed;
      this.enqueue(ids ? [...ids].flatMap((id) => this.connection.sessions.get(id) ?? []) : this.connection.sessions.all());
      // Live replies in other sessions move today's figures too.
      this.report(false);
    });
    this.enqueue(this.connection.sessions.all());
  }

  dispose(): void {
    this.abort.abort();
    this.subscription?.dispose();
    clearTimeout(this.timer);
  }

  private enqueue(records: Iterable<SessionRecord>): void {
    if (this.abort.signal.aborted) return;
    for (const record of records) {
      if (this.taken.has(record) || this.failed.has(record) || this.connection.history.isComplete(record)) continue;
      this.taken.add(record);
      this.queue.push(record);
    }
    while (this.workers < this.concurrency && this.queue.length) void this.work();
  }

  private async work(): Promise<void> {
    this.workers += 1;
    for (let record = this.queue.shift(); record && !this.abort.signal.aborted; record = this.queue.shift()) {
      try {
        await this.connection.history.ensure(record, this.abort.signal);
      } catch {
        if (!this.abort.signal.aborted) this.failed.add(record);
      }
      this.taken.delete(record);
      this.report(this.workers === 1 && this.queue.length === 0);
    }
    this.workers -= 1;
  }

  /** Throttled: at once when the interval has passed or all is done, else once at its end. */
  private report(done: boolean): void {
    if (this.abort.signal.aborted) return;
    const wait = this.lastReport + this.throttleMs - Date.now();
    if (done || wait <= 0) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.lastReport = Date.now();
      this.onProgress();
    } else {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.report(true);
      }, wait);
    }
  }
}
