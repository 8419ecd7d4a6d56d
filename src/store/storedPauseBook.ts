// The book of budget pauses as stored: the pauses by session, when each last changed and when ended ones ended, so
// that it is kept as JSON in the extension's storage across restarts and two windows' copies merge into one. What a
// pause goes through (its phases) is PauseBook's (pauseBook.ts), which extends this.
import { Exemptions, type ExemptionsJson } from './pauseExemptions';
import {
  byTimeThenKey,
  MAX_ENDED,
  MAX_PAUSES,
  pauseKey,
  readPause,
  readStamps,
  storedForm,
  trimNewest,
  type PausedSession,
} from './pausedSession';
import type { Release, ReleaseReason } from './pauseRelease';
import { sessionKey } from './sessionKey';
import type { SessionRef } from './sessionRef';

/** A stored book past this many pauses is not one begin() kept: only its newest are read. */
export const MAX_STORED_PAUSES = 10 * MAX_PAUSES;

/**
 * The stored form: a version, the next sequence number, the pauses and the trees resumed without raising; `stamps`
 * and `ended` say when each pause last changed and when ended ones ended (keys), so that two windows' books merge.
 */
export interface PauseBookJson extends ExemptionsJson {
  v: 1;
  seq: number;
  pauses: PausedSession[];
  stamps: Array<[string, number]>;
  ended: Array<[string, number]>;
}

export class StoredPauseBook {
  protected readonly pauses = new Map<string, PausedSession>();
  /** Task trees (root keys) resumed without raising. */
  readonly exemptions = new Exemptions(() => this.nextStamp());
  protected seq = 0;
  /**
   * When each pause last changed, and when each ended pause ended (key → ms, this machine's clock, strictly rising in
   * a window): merging two windows' books keeps, per session, the newest of the two (see merge()).
   */
  private readonly stamps = new Map<string, number>();
  protected readonly ended = new Map<string, number>();
  private last = 0;
  /** Stops the server answered that the session ran past (PauseBook.ranPast()): idle later is the run ending, not a pause. */
  protected readonly lost = new Set<string>();

  /**
   * The book as stored (anything unreadable in it is left out: a damaged entry never stops the rest). After a
   * restart a resume that was in flight is not known to have started: paused again, so it may be sent again
   * (`afterRestart`); read live from another window, its resume is under way there and stays resuming.
   */
  static restore<T extends StoredPauseBook>(this: new () => T, saved: unknown, afterRestart = true): T {
    const book = new this();
    if (typeof saved !== 'object' || saved === null) return book;
    const stored = saved as Partial<Record<keyof PauseBookJson, unknown>>;
    const { seq, pauses, stamps, ended } = stored;
    const stampOf = readStamps(stamps, MAX_STORED_PAUSES);
    if (Array.isArray(pauses))
      // Stored in pause order: the newest last.
      for (const entry of pauses.slice(-MAX_STORED_PAUSES)) {
        const pause = readPause(entry, afterRestart);
        if (!pause) continue;
        const key = pauseKey(pause);
        book.pauses.set(key, pause);
        // A book stored before stamps: its pauses as old as they are.
        book.stamps.set(key, stampOf.get(key) ?? Math.min(pause.at, Date.now()));
      }
    for (const [key, at] of readStamps(ended, MAX_ENDED * 1.5)) if (!book.pauses.has(key)) book.ended.set(key, at);
    for (const at of [...book.stamps.values(), ...book.ended.values()]) book.last = Math.max(book.last, at);
    // A resume paused again at this restart is a change: newer than another window's copy of it as resuming.
    if (afterRestart && Array.isArray(pauses))
      for (const entry of pauses.slice(-MAX_STORED_PAUSES))
        if ((entry as { phase?: unknown } | null)?.phase === 'resuming') {
          const pause = readPause(entry, false);
          if (pause && book.get(pause.serverId, pause.sessionId)?.phase === 'paused') book.stamp(pauseKey(pause));
        }
    book.exemptions.read(stored);
    book.last = Math.max(book.last, book.exemptions.latest());
    const highest = Math.max(0, ...[...book.pauses.values()].map((p) => p.seq + 1));
    book.seq = typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= highest ? seq : highest;
    return book;
  }

  /** The same JSON for the same book, however it was made (merge() compares books by it). */
  toJSON(): PauseBookJson {
    const pauses = this.all().map(storedForm);
    return {
      v: 1,
      seq: this.seq,
      pauses,
      stamps: pauses.map((p) => [pauseKey(p), this.stamps.get(pauseKey(p)) ?? p.at]),
      ended: [...this.ended].sort(byTimeThenKey),
      ...this.exemptions.toJSON(),
    };
  }

  /**
   * This book and another window's copy of it as one: per session the newer of the two pauses, or its end where
   * that is newer; the sequence past both; the other's exemptions (they are changed by the window that acts). A
   * stale copy (a window that wrote before it saw this one's write) then neither brings back a pause that ended
   * nor loses one begun since. Exemptions (Resume Without Raising) merge the same way, per tree: a crossing write
   * loses neither window's.
   */
  merge(theirs: this): this {
    const out = new (this.constructor as new () => this)();
    const keys = new Set([...this.pauses.keys(), ...theirs.pauses.keys(), ...this.ended.keys(), ...theirs.ended.keys()]);
    for (const key of keys) {
      const mine = this.pauses.get(key);
      const other = theirs.pauses.get(key);
      const mineAt = mine ? (this.stamps.get(key) ?? mine.at) : -Infinity;
      const otherAt = other ? (theirs.stamps.get(key) ?? other.at) : -Infinity;
      const endedAt = Math.max(this.ended.get(key) ?? -Infinity, theirs.ended.get(key) ?? -Infinity);
      // Equal stamps (two windows in one millisecond): the same pick in both, by content.
      const theirsWins =
        otherAt > mineAt ||
        (otherAt === mineAt &&
          other !== undefined &&
          mine !== undefined &&
          JSON.stringify(storedForm(other)) >= JSON.stringify(storedForm(mine)));
      const [pause, at] = theirsWins ? [other, otherAt] : [mine, mineAt];
      if (pause && at > endedAt) {
        out.pauses.set(key, { ...pause });
        out.stamps.set(key, at);
        // Known to this window only (not stored): kept while the stop it is about is still pausing.
        if (this.lost.has(key) && pause.phase === 'pausing') out.lost.add(key);
      } else if (endedAt > -Infinity) out.ended.set(key, endedAt);
    }
    trimNewest(out.ended);
    this.exemptions.mergeInto(theirs.exemptions, out.exemptions);
    out.seq = Math.max(this.seq, theirs.seq, ...[...out.pauses.values()].map((p) => p.seq + 1));
    out.last = Math.max(this.last, theirs.last);
    return out;
  }

  /** Whether two books hold the same (compared as stored). */
  sameAs(other: StoredPauseBook): boolean {
    return JSON.stringify(this.toJSON()) === JSON.stringify(other.toJSON());
  }

  /** A time later than every one this book has seen. */
  private nextStamp(): number {
    this.last = Math.max(Date.now(), this.last + 1);
    return this.last;
  }

  /** A pause's change, stamped. */
  protected stamp(key: string): void {
    this.stamps.set(key, this.nextStamp());
  }

  get size(): number {
    return this.pauses.size;
  }

  has(key: string): boolean {
    return this.pauses.has(key);
  }

  get(serverId: string, sessionId: string): PausedSession | undefined {
    return this.pauses.get(sessionKey(serverId, sessionId));
  }

  /** Every pause, in the order they were made. */
  all(): PausedSession[] {
    // Two windows may give one sequence number each to a pause of theirs: the key settles the order, the same in both.
    return [...this.pauses.values()].sort((a, b) => a.seq - b.seq || (pauseKey(a) < pauseKey(b) ? -1 : pauseKey(a) > pauseKey(b) ? 1 : 0));
  }

  protected release(pause: PausedSession, reason: ReleaseReason): Release {
    const key = pauseKey(pause);
    this.pauses.delete(key);
    this.lost.delete(key);
    this.stamp(key);
    this.ended.set(key, this.stamps.get(key)!);
    this.stamps.delete(key);
    trimNewest(this.ended);
    return { pause, reason };
  }
}

/**
 * The sessions whose pause began, changed or ended between two readings of the book (another window wrote it),
 * each once.
 */
export function changedPauses(before: StoredPauseBook, after: StoredPauseBook): SessionRef[] {
  const was = new Map(before.all().map((p) => [pauseKey(p), JSON.stringify(p)]));
  const changed = new Map<string, SessionRef>();
  for (const pause of after.all()) {
    const key = pauseKey(pause);
    if (was.get(key) !== JSON.stringify(pause)) changed.set(key, { serverId: pause.serverId, sessionId: pause.sessionId });
    was.delete(key);
  }
  for (const pause of before.all())
    if (was.has(pauseKey(pause))) changed.set(pauseKey(pause), { serverId: pause.serverId, sessionId: pause.sessionId });
  return [...changed.values()];
}
