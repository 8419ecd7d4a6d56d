// When to try again after a connection failed: the backoff grows with failures in a row, starts over once a
// connection has lived (reached online, or stayed up HEALTHY_MS), and is jittered so that many windows (or a
// server's many clients) do not come back in step. A healthy server that drops the stream every few seconds
// is rejoined within a second each time, not after 30 s.

/** A connection up this long counts as healthy, even if it never got online (a long snapshot). */
export const HEALTHY_MS = 10_000;

export interface ScheduleClock {
  now(): number;
  /** In [0, 1). */
  random(): number;
}

export class ReconnectSchedule {
  private failures = 0;
  private startedAt?: number;
  private healthy = false;

  constructor(
    /** The delay before retry number `attempt` (1-based), before jitter. */
    private readonly backoffMs: (attempt: number) => number,
    private readonly clock: ScheduleClock = { now: Date.now, random: Math.random },
  ) {}

  /** An attempt starts. */
  started(): void {
    this.startedAt = this.clock.now();
    this.healthy = false;
  }

  /** The attempt got online (its snapshot is in and the stream flows). */
  online(): void {
    this.healthy = true;
  }

  /** The attempt failed: the delay before the next (between half and all of the backoff). */
  failed(): number {
    const lived = this.startedAt === undefined ? 0 : this.clock.now() - this.startedAt;
    if (this.healthy || lived >= HEALTHY_MS) this.failures = 0;
    this.failures += 1;
    this.healthy = false;
    const full = this.backoffMs(this.failures);
    return Math.round(full / 2 + (full / 2) * this.clock.random());
  }

  /** A wait for the user (a password) is over: the next failure starts the backoff again. */
  reset(): void {
    this.failures = 0;
  }
}
