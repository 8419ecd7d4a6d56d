// Reads every message of a server's sessions in the background, so the panel's per-day trend is
// exact (see usageByDay). Newest sessions (by `time.updated`) first, so recent days fill first; at most
// TREND_CONCURRENCY sessions at a time; progress is reported at most once per interval. Disposing it (the
// panel closed or moved to another server) aborts the reads in flight, down to their HTTP requests; a new
// loader resumes, because the connection's MessageHistory remembers which sessions are read. A failed read
// is counted (`progress().failed`) until `retry()`. No `vscode` import.
import { Disposable, toDisposable } from '../../base/disposable';
import type { Event } from '../../base/emitter';
import { Heap } from '../../base/heap';
import type { MessageHistory } from '../../client/serverConnection';
import type { SessionReader } from '../../store/sessionReader';
import type { SessionRecord } from '../../store/sessionRecord';
import type { StoreChange } from '../../store/storeChange';

/** Sessions read at once: enough to hide each request's round trip, few enough not to crowd a server's other clients. */
export const TREND_CONCURRENCY = 4;

/** What the loader reads from: a connection's store and its message history (a ServerConnection is one). */
export interface TrendSource {
  readonly sessions: Pick<SessionReader, 'all' | 'get'>;
  readonly history: Pick<MessageHistory, 'ensure' | 'isComplete'>;
}

export interface TrendLoaderOptions {
  /** Sessions read at once (1 to TREND_CONCURRENCY). */
  concurrency?: number;
  /** Minimum time between two progress reports (ms); the last one is never dropped. */
  throttleMs?: number;
}

export interface TrendProgress {
  /** The server's sessions now. */
  sessions: number;
  /** Of them, the ones whose every message is in the store. */
  read: number;
  /** Of them, the ones whose read failed (not tried again until `retry()`). */
  failed: number;
  /** Reads queued or under way. */
  reading: boolean;
}

export class TrendLoader extends Disposable {
  private readonly abort = new AbortController();
  /** Newest `time.updated` first, equal ones in the order queued (a server has any number; a live one adds all the time). */
  private readonly queue = new Heap<Queued>((a, b) => a.updated > b.updated || (a.updated === b.updated && a.seq < b.seq));
  private queued = 0;
  /** Queued or being read: not queued again. */
  private readonly taken = new WeakSet<SessionRecord>();
  /** Reads that failed: not tried again until retry(), and counted in the progress. */
  private readonly failed = new Set<SessionRecord>();
  private workers = 0;
  private lastReport = 0;
  private readonly timer = this.ownTimer();
  private readonly concurrency: number;
  private readonly throttleMs: number;

  constructor(
    private readonly source: TrendSource,
    /** The server's store changes, as the sessions model batches them. */
    private readonly changes: Event<StoreChange>,
    private readonly onProgress: () => void,
    options: TrendLoaderOptions = {},
  ) {
    super();
    this.concurrency = Math.min(TREND_CONCURRENCY, Math.max(1, options.concurrency ?? TREND_CONCURRENCY));
    this.throttleMs = options.throttleMs ?? 500;
    this._register(
      toDisposable(() => {
        this.abort.abort();
        this.queue.clear();
      }),
    );
  }

  start(): void {
    // New sessions, and sessions that changed while no stream was open, need a (re)read too.
    this._register(
      this.changes((change) => {
        const ids = change.structure.size ? undefined : change.changed;
        this.enqueue(ids ? [...ids].flatMap((id) => this.source.sessions.get(id) ?? []) : this.source.sessions.all());
        // Live replies in other sessions move today's figures too.
        this.report(false);
      }),
    );
    this.enqueue(this.source.sessions.all());
  }

  /** Tries the failed sessions again. */
  retry(): void {
    if (this.abort.signal.aborted || !this.failed.size) return;
    // Only sessions still on the server: a failed one deleted since is simply gone.
    const again = [...this.failed].filter((record) => this.source.sessions.get(record.info.id) === record);
    this.failed.clear();
    this.enqueue(again);
    this.report(true);
  }

  /** How far the trend is; counted from the store, so sessions that came or went since are right. */
  progress(): TrendProgress {
    let sessions = 0;
    let read = 0;
    let failed = 0;
    for (const record of this.source.sessions.all()) {
      sessions += 1;
      if (this.source.history.isComplete(record)) read += 1;
      else if (this.failed.has(record)) failed += 1;
    }
    return { sessions, read, failed, reading: this.workers > 0 || this.queue.size > 0 };
  }

  private enqueue(records: Iterable<SessionRecord>): void {
    if (this.abort.signal.aborted) return;
    let added = false;
    for (const record of records) {
      if (this.taken.has(record) || this.failed.has(record) || this.source.history.isComplete(record)) continue;
      this.taken.add(record);
      this.queue.push({ record, updated: record.info.time.updated, seq: this.queued++ });
      added = true;
    }
    if (!added) return;
    while (this.workers < this.concurrency && this.queue.size) void this.work();
  }

  private async work(): Promise<void> {
    this.workers += 1;
    for (let record = this.queue.pop()?.record; record && !this.abort.signal.aborted; record = this.queue.pop()?.record) {
      try {
        await this.source.history.ensure(record, this.abort.signal);
      } catch {
        if (!this.abort.signal.aborted) this.failed.add(record);
      }
      this.taken.delete(record);
      this.report(false);
    }
    this.workers -= 1;
    // The last worker to finish reports at once: the panel must not wait for the interval to say "done".
    if (this.workers === 0) this.report(true);
  }

  /** Throttled: at once when the interval has passed or all is done, else once at its end. */
  private report(now: boolean): void {
    if (this.abort.signal.aborted) return;
    const wait = this.lastReport + this.throttleMs - Date.now();
    if (now || wait <= 0) {
      this.timer.clear();
      this.lastReport = Date.now();
      this.onProgress();
    } else {
      if (!this.timer.pending) this.timer.set(() => this.report(true), wait);
    }
  }
}

interface Queued {
  record: SessionRecord;
  updated: number;
  seq: number;
}
