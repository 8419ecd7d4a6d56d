// The sessions being read into the index, and how often each was deleted while it was read: a reader that started
// before a deletion learns of it (its pages are then dropped again), however many readers a session has at once.
export class ReadsInFlight {
  private readonly reads = new Map<string, { readers: number; deletions: number }>();

  /** How many sessions are being read now. */
  get size(): number {
    return this.reads.size;
  }

  /** A reader of the session starts: what it holds to ask `deletedSince` and `end` with. */
  start(id: string): number {
    const entry = this.reads.get(id) ?? { readers: 0, deletions: 0 };
    entry.readers += 1;
    this.reads.set(id, entry);
    return entry.deletions;
  }

  /** The session was deleted: every reader of it now in flight learns so. */
  deleted(id: string): void {
    const entry = this.reads.get(id);
    if (entry) entry.deletions += 1;
  }

  deletedSince(id: string, since: number): boolean {
    return (this.reads.get(id)?.deletions ?? since) !== since;
  }

  /** A reader is done: whether the session was deleted while it read. */
  end(id: string, since: number): boolean {
    const entry = this.reads.get(id);
    if (!entry) return false;
    entry.readers -= 1;
    if (entry.readers <= 0) this.reads.delete(id);
    return entry.deletions !== since;
  }
}
