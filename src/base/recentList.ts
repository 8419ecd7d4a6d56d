// What a part keeps for tests and the log of what it did (what it said, what ended) lives as long as the window: it
// keeps only the newest entries, or it would grow for as long as the window stays open. A reader that wants what
// came after a point marks `total` (which counts every entry ever added) and reads `since` that mark.

/** How many entries a recent list keeps unless told otherwise. */
export const RECENT_KEPT = 200;

export class RecentList<T> {
  private readonly kept: T[] = [];
  /** How many of the oldest entries were dropped. */
  private dropped = 0;

  constructor(readonly max = RECENT_KEPT) {}

  /** How many entries were ever added (kept or dropped). */
  get total(): number {
    return this.dropped + this.kept.length;
  }

  add(item: T): void {
    this.addAll([item]);
  }

  /** Adds each item in order (any number: no spread into arguments), then drops the oldest past `max`. */
  addAll(items: Iterable<T>): void {
    for (const item of items) this.kept.push(item);
    const over = this.kept.length - this.max;
    if (over <= 0) return;
    this.kept.splice(0, over);
    this.dropped += over;
  }

  /** The entries added after `total` was `mark`, as many of them as are still kept. */
  since(mark: number): T[] {
    return this.kept.slice(Math.max(0, mark - this.dropped));
  }
}
