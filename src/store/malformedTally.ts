// What a server sent that could not be read, counted per kind ("session.updated", "session list entry"):
// each kind is logged once per connection, so a server that keeps sending bad items cannot flood the log.

/** Kinds told apart; past this many, further kinds are counted together (a server can send any number of type names). */
export const MAX_KINDS = 100;
/** A kind is kept to this many characters (an unknown event type is the server's text, of any length). */
const KIND_CHARS = 80;
const OTHER = 'other kinds';

export class MalformedTally {
  private readonly counts = new Map<string, number>();

  /** Counts one skipped item; true the first time its kind is seen (the time to log it). */
  note(kind: string, count = 1): boolean {
    kind = kind.length > KIND_CHARS ? `${kind.slice(0, KIND_CHARS)}…` : kind;
    if (!this.counts.has(kind) && this.counts.size >= MAX_KINDS) kind = OTHER;
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
