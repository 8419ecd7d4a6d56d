// The sessions a store changed, in order, for readers that follow it by a stamp: a reader that asks what changed since
// its last look costs what changed, not every session (the budget windows' reads of sessions active in them).
import type { SessionRecord } from './sessionRecord';

export class ChangeLog {
  /** [stamp, record] in stamp order; a record changed again is here again, the older entries dropped as it grows. */
  private log: Array<[number, SessionRecord]> = [];
  private stamp = 0;
  /** The stamp at which every record changed (a new listing): a look from before it is a look at every record. */
  private everyAt = 0;

  /** The stamp now: what changes after it, changedSince(it) gives. */
  get now(): number {
    return this.stamp;
  }

  note(record: SessionRecord): void {
    this.log.push([++this.stamp, record]);
  }

  /** Every record changed (a new listing): one stamp, not an entry each. */
  noteEvery(): void {
    this.log = [];
    this.everyAt = ++this.stamp;
  }

  /**
   * The records noted after `stamp` (each once, those `held` still), at most as many as were noted since; `every`
   * when every record changed since. Kept at most twice the held sessions plus a margin: each trim is paid for by the
   * notes since the last.
   */
  *changedSince(stamp: number, held: (record: SessionRecord) => boolean, every: () => Iterable<SessionRecord>): Generator<SessionRecord> {
    if (stamp < this.everyAt) {
      yield* every();
      return;
    }
    let lo = 0;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.log[mid][0] <= stamp) lo = mid + 1;
      else hi = mid;
    }
    const seen = new Set<SessionRecord>();
    for (let i = lo; i < this.log.length; i++) {
      const record = this.log[i][1];
      if (seen.has(record) || !held(record)) continue;
      seen.add(record);
      yield record;
    }
  }

  /** Drops the older entries of records noted again and those no longer held, once the log is over `limit`. */
  trim(limit: number, held: (record: SessionRecord) => boolean): void {
    if (this.log.length <= limit) return;
    const seen = new Set<SessionRecord>();
    const kept: Array<[number, SessionRecord]> = [];
    for (let i = this.log.length - 1; i >= 0; i--) {
      const entry = this.log[i];
      if (seen.has(entry[1]) || !held(entry[1])) continue;
      seen.add(entry[1]);
      kept.push(entry);
    }
    this.log = kept.reverse();
  }
}
