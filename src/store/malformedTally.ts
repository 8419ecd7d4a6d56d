// What a server sent that could not be read, counted per kind ("session.updated", "session list entry"):
// each kind is logged once per connection, so a server that keeps sending bad items cannot flood the log.

export class MalformedTally {
  private readonly counts = new Map<string, number>();

  /** Counts one skipped item; true the first time its kind is seen (the time to log it). */
  note(kind: string, count = 1): boolean {
    const before = this.counts.get(kind) ?? 0;
    this.counts.set(kind, before + count);
    return before === 0;
  }

  /** Skipped items per kind since the last reset. */
  snapshot(): ReadonlyMap<string, number> {
    return new Map(this.counts);
  }

  /** "3 × session.updated, 1 × event", for the log when a connection ends. */
  summary(): string {
    return [...this.counts].map(([kind, n]) => `${n} × ${kind}`).join(', ');
  }

  reset(): void {
    this.counts.clear();
  }
}
