// Sessions a live event named that the server could not give (a 5xx, or an answer that is not a session): each
// event about one would otherwise ask again, so each waits longer after every failure before it is asked again.
// Bounded: the least lately failed is forgotten first (asked again on its next event, which is then one more read).

/** The wait after a first failure; each further failure doubles it, up to MAX_WAIT. */
const FIRST_WAIT = 5_000;
const MAX_WAIT = 10 * 60_000;
/** Sessions remembered: a stream naming more than this many unreadable sessions costs a read per forgotten one. */
const MAX_HELD = 1_000;

export class UnreadableSessions {
  private readonly held = new Map<string, { until: number; failures: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly max = MAX_HELD,
  ) {}

  /** Whether `id` failed lately: not asked again before its wait ends. */
  waiting(id: string): boolean {
    const entry = this.held.get(id);
    return entry !== undefined && entry.until > this.now();
  }

  /** Reading `id` failed (again): it waits longer. */
  failed(id: string): void {
    const failures = (this.held.get(id)?.failures ?? 0) + 1;
    this.held.delete(id);
    this.held.set(id, { failures, until: this.now() + Math.min(MAX_WAIT, FIRST_WAIT * 2 ** Math.min(failures - 1, 20)) });
    if (this.held.size > this.max) this.held.delete(this.held.keys().next().value!);
  }

  /** `id` was read: it is asked at once next time. */
  read(id: string): void {
    this.held.delete(id);
  }

  clear(): void {
    this.held.clear();
  }
}
