// The last durable event sequence applied per session (OpenCode 2: `durable.seq`), kept across connections: after
// a gap the server's log is replayed from there, and what was applied already is skipped.

/** Sessions remembered at most; the least recently applied goes first. */
export const MAX_SEQUENCES = 20_000;

export class AppliedSequences {
  private readonly last = new Map<string, number>();

  get(sessionID: string): number | undefined {
    return this.last.get(sessionID);
  }

  /** An event of the session with this sequence was applied (a lower one changes nothing). */
  applied(sessionID: string, seq: number): void {
    const known = this.last.get(sessionID);
    if (known !== undefined && known >= seq) return;
    this.last.delete(sessionID);
    this.last.set(sessionID, seq);
    if (this.last.size > MAX_SEQUENCES) this.last.delete(this.last.keys().next().value!);
  }

  forget(sessionID: string): void {
    this.last.delete(sessionID);
  }
}
