// Which sessions hold every one of their messages in the store, and the one loader that gets them
// there (the status bar's "today" and the panel's trend share it, so a session is read once).
import type { SessionRecord } from '../../store/sessionRecord';

interface Loaded {
  /** The session's `time.updated` when the read started. */
  updated: number;
  /** The connection (stream) it was read under. */
  epoch: number;
}

export class MessageHistory {
  // Keyed by record, not id: a session dropped and listed again is a new, empty record.
  private loaded = new WeakMap<SessionRecord, Loaded>();
  private inflight = new WeakMap<SessionRecord, Promise<void>>();
  private epoch = 0;
  /** Whole reads started (tests: a session caught up after a gap is not read whole again). */
  wholeReads = 0;

  constructor(private readonly read: (record: SessionRecord, signal?: AbortSignal) => Promise<void>) {}

  /** A new event stream: what happened while none was open may be missing from the store. */
  reconnected(): void {
    this.epoch += 1;
  }

  /**
   * Complete when read under the current stream (live events keep it current since), or when read
   * before and the session has not changed since.
   */
  isComplete(record: SessionRecord): boolean {
    const loaded = this.loaded.get(record);
    return loaded !== undefined && (loaded.epoch === this.epoch || record.info.time.updated <= loaded.updated);
  }

  /**
   * Known complete under the current stream without reading it whole: it held every message when the last stream
   * ended, and what it missed since was caught up (its durable log replayed, or the messages after the last one seen read).
   */
  caughtUp(record: SessionRecord): void {
    this.loaded.set(record, { updated: record.info.time.updated, epoch: this.epoch });
  }

  /** Reads every message of the session unless the store already has them all; one read per session at a time. */
  ensure(record: SessionRecord, signal?: AbortSignal): Promise<void> {
    if (this.isComplete(record)) return Promise.resolve();
    const running = this.inflight.get(record);
    // A read another caller started ends incomplete when its owner aborts it (a usage panel that switched
    // sessions, or was closed and opened again before its requests ended): this caller, still waiting, then
    // reads again rather than keep an empty history, or take the other caller's abort for a failure.
    if (running) {
      const again = () => (signal?.aborted || this.isComplete(record) ? undefined : this.ensure(record, signal));
      return running.then(again, again);
    }
    const started: Loaded = { updated: record.info.time.updated, epoch: this.epoch };
    this.wholeReads += 1;
    const load = this.read(record, signal)
      .then(() => {
        if (!signal?.aborted) this.loaded.set(record, started);
      })
      .finally(() => this.inflight.delete(record));
    this.inflight.set(record, load);
    return load;
  }
}
