// Which sessions hold every one of their messages in the store, and the one loader that gets them
// there (the status bar's "today" and the panel's trend share it, so a session is read once).
import type { SessionRecord } from '../../store/sessionRecord';

interface Loaded {
  /** The session's `time.updated` when the read started. */
  updated: number;
  /** The connection (stream) it was read under. */
  epoch: number;
}

/** A read under way, shared by every caller that wants the session's messages while it runs. */
interface SharedRead {
  readonly done: Promise<void>;
  /** Aborts the read's requests: once no caller wants it any more. */
  readonly stop: AbortController;
  /** Callers with a signal still waiting for it. */
  waiting: number;
  /** A caller without a signal waits for it: it runs to its end whoever else leaves. */
  held: boolean;
}

export class MessageHistory {
  // Keyed by record, not id: a session dropped and listed again is a new, empty record.
  private loaded = new WeakMap<SessionRecord, Loaded>();
  private inflight = new WeakMap<SessionRecord, SharedRead>();
  /** Reads of what a session missed in a gap, under way: a whole read waits for one (it may make the session complete). */
  private catchUps = new WeakMap<SessionRecord, Promise<unknown>>();
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

  /**
   * What the session missed in a gap is being read (the messages after the last one held): until it ends, `ensure`
   * waits for it rather than read the session whole, since it makes the session complete again if it was at the drop.
   */
  catchingUp(record: SessionRecord, read: Promise<unknown>): void {
    const settled = read.then(
      () => undefined,
      () => undefined,
    );
    this.catchUps.set(record, settled);
    void settled.then(() => this.catchUps.get(record) === settled && this.catchUps.delete(record));
  }

  /** A read of the session is under way (callers still want it). */
  reading(record: SessionRecord): boolean {
    return this.inflight.has(record);
  }

  /**
   * Reads every message of the session unless the store already has them all; one read per session at a time,
   * shared by every caller that asks meanwhile. A caller whose `signal` aborts stops waiting at once (its promise
   * rejects with the signal's reason); the read itself, down to its requests, stops only once no caller wants it
   * any more (a closed usage panel's reads stop, one the status bar waits for too goes on). A caller without a
   * signal wants it to its end.
   */
  ensure(record: SessionRecord, signal?: AbortSignal): Promise<void> {
    if (this.isComplete(record)) return Promise.resolve();
    if (signal?.aborted) return Promise.reject(abortError(signal));
    const catching = this.catchUps.get(record);
    if (catching) return untilSettled(catching, signal).then(() => this.ensure(record, signal));
    const read = this.inflight.get(record) ?? this.start(record);
    if (!signal) {
      read.held = true;
      return read.done;
    }
    read.waiting += 1;
    return new Promise<void>((resolve, reject) => {
      const leave = () => {
        read.waiting -= 1;
        if (!read.waiting && !read.held) this.stop(record, read, signal.reason);
        reject(abortError(signal));
      };
      signal.addEventListener('abort', leave, { once: true });
      // Aborted while its read began: gone before its listener was.
      if (signal.aborted) {
        signal.removeEventListener('abort', leave);
        leave();
      }
      // The read's end settles it, unless it left first (a settled promise stays as it is).
      read.done.then(
        () => {
          signal.removeEventListener('abort', leave);
          resolve();
        },
        (err: Error) => {
          signal.removeEventListener('abort', leave);
          reject(err);
        },
      );
    });
  }

  private start(record: SessionRecord): SharedRead {
    const started: Loaded = { updated: record.info.time.updated, epoch: this.epoch };
    const stop = new AbortController();
    this.wholeReads += 1;
    const done = this.read(record, stop.signal)
      .then(() => {
        if (!stop.signal.aborted) this.loaded.set(record, started);
      })
      .finally(() => {
        if (this.inflight.get(record) === read) this.inflight.delete(record);
      });
    // Stopped with no caller left waiting, its end (an AbortError) is nobody's to handle.
    done.catch(() => undefined);
    const read: SharedRead = { done, stop, waiting: 0, held: false };
    this.inflight.set(record, read);
    return read;
  }

  /** No caller wants the read any more: its requests are aborted, and the next caller starts a new one. */
  private stop(record: SessionRecord, read: SharedRead, reason: unknown): void {
    if (this.inflight.get(record) === read) this.inflight.delete(record);
    read.stop.abort(reason);
  }
}

/** Settles with `read` (it never rejects), or rejects once `signal` aborts. */
function untilSettled(read: Promise<unknown>, signal?: AbortSignal): Promise<void> {
  if (!signal) return read.then(() => undefined);
  return new Promise<void>((resolve, reject) => {
    const leave = () => reject(abortError(signal));
    signal.addEventListener('abort', leave, { once: true });
    void read.then(() => {
      signal.removeEventListener('abort', leave);
      resolve();
    });
  });
}

/** Why a caller stopped waiting: its signal's reason when that is an error (fetch's AbortError), else one. */
function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The read was aborted.', 'AbortError');
}
