// Task trees resumed without raising their budget (Resume Without Raising): each runs on past it until it stops
// again. Held in the book of pauses (pauseBook.ts), stored with it and merged between windows as its pauses are:
// per tree, the newer of its exemption and its end, so that a crossing write loses neither window's.
import { byTimeThenKey, MAX_ENDED, MAX_PAUSES, readStamps, trimNewest } from './pausedSession';

/** The exemptions' part of the stored book. */
export interface ExemptionsJson {
  /** Root keys resumed without raising: the budget lets them run until they stop again. */
  exempt: string[];
  /** When each exemption began, and when ended ones ended (root keys). */
  exemptStamps?: Array<[string, number]>;
  exemptEnded?: Array<[string, number]>;
}

export class Exemptions {
  /** Root keys, and whether each tree was seen running since. */
  private readonly seen = new Map<string, boolean>();
  private readonly began = new Map<string, number>();
  private readonly ended = new Map<string, number>();

  /** `stamp`: a time later than every one the book has seen. */
  constructor(private readonly stamp: () => number) {}

  /** The stored exemptions (what is unreadable left out), the newest as add() keeps them; one stored before stamps as old as can be. */
  read({ exempt, exemptStamps, exemptEnded }: Partial<Record<keyof ExemptionsJson, unknown>>): void {
    const stampOf = readStamps(exemptStamps, MAX_PAUSES);
    if (Array.isArray(exempt))
      for (const key of exempt.slice(-MAX_PAUSES))
        if (typeof key === 'string' && key.length < 1_000) {
          this.seen.set(key, false);
          this.began.set(key, stampOf.get(key) ?? 0);
        }
    for (const [key, at] of readStamps(exemptEnded, MAX_ENDED * 1.5)) if (!this.seen.has(key)) this.ended.set(key, at);
  }

  toJSON(): Required<ExemptionsJson> {
    return {
      exempt: [...this.seen.keys()],
      exemptStamps: [...this.seen.keys()].map((key) => [key, this.began.get(key) ?? 0]),
      exemptEnded: [...this.ended].sort(byTimeThenKey),
    };
  }

  /** The newest time stamped here. */
  latest(): number {
    return Math.max(0, ...this.began.values(), ...this.ended.values());
  }

  /** Into `out`, per tree the newer of the two windows' exemptions or its end; in the order they began (the oldest go first). */
  mergeInto(theirs: Exemptions, out: Exemptions): void {
    const kept: Array<[string, number, boolean]> = [];
    const keys = new Set([...this.seen.keys(), ...theirs.seen.keys(), ...this.ended.keys(), ...theirs.ended.keys()]);
    for (const key of keys) {
      const began = Math.max(
        this.seen.has(key) ? (this.began.get(key) ?? 0) : -Infinity,
        theirs.seen.has(key) ? (theirs.began.get(key) ?? 0) : -Infinity,
      );
      const ended = Math.max(this.ended.get(key) ?? -Infinity, theirs.ended.get(key) ?? -Infinity);
      if (began > ended) kept.push([key, began, this.seen.get(key) ?? theirs.seen.get(key) ?? false]);
      else if (ended > -Infinity) out.ended.set(key, ended);
    }
    kept.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
    for (const [key, began, seen] of kept) {
      out.seen.set(key, seen);
      out.began.set(key, began);
    }
    trimNewest(out.ended);
  }

  /** The task tree `rootKey` runs on past its budget until it stops. */
  add(rootKey: string): void {
    this.seen.delete(rootKey);
    this.seen.set(rootKey, false);
    this.began.set(rootKey, this.stamp());
    this.ended.delete(rootKey);
    // Bounded as the pauses are: the oldest go first (a tree resumed and never seen running again).
    for (const oldest of this.seen.keys()) {
      if (this.seen.size <= MAX_PAUSES) break;
      this.end(oldest);
    }
  }

  /** Trees exempt from stopping now. */
  roots(): ReadonlySet<string> {
    return new Set(this.seen.keys());
  }

  /** A resume of the tree failed: its exemption ends unless the tree was seen running (no run began that it was for). */
  resumeFailed(rootKey: string): void {
    if (this.seen.get(rootKey) === false) this.end(rootKey);
  }

  /**
   * Which exempt trees run now: one seen running and now stopped is no longer exempt (its next run counts again).
   * True when an exemption ended.
   */
  treesRunning(running: ReadonlySet<string>): boolean {
    let ended = false;
    for (const [root, seen] of this.seen) {
      if (running.has(root)) this.seen.set(root, true);
      else if (seen) ended = this.end(root) || ended;
    }
    return ended;
  }

  /** The exemption of `rootKey` ends now (a stamp, so that another window's older copy of it does not bring it back). */
  private end(rootKey: string): boolean {
    if (!this.seen.delete(rootKey)) return false;
    this.began.delete(rootKey);
    this.ended.set(rootKey, this.stamp());
    trimNewest(this.ended);
    return true;
  }
}
