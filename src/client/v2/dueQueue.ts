// Sessions by the time they are due (v2/eventStream.ts's settler): a binary min-heap of (time, id) pairs, push and
// pop in O(log n) whatever the number of sessions, so a burst of events for many sessions costs each event a
// logarithm rather than a look at every session waiting.
export class DueQueue {
  private ats: number[] = [];
  private ids: string[] = [];

  get size(): number {
    return this.ats.length;
  }

  peek(): { at: number; id: string } | undefined {
    return this.ats.length ? { at: this.ats[0], id: this.ids[0] } : undefined;
  }

  push(at: number, id: string): void {
    let i = this.ats.length;
    this.ats.push(at);
    this.ids.push(id);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.ats[parent] <= at) break;
      this.move(parent, i);
      i = parent;
    }
    this.ats[i] = at;
    this.ids[i] = id;
  }

  pop(): { at: number; id: string } | undefined {
    const top = this.peek();
    if (!top) return undefined;
    const at = this.ats.pop()!;
    const id = this.ids.pop()!;
    if (this.ats.length) this.siftDown(0, at, id);
    return top;
  }

  /** The queue of exactly these times, in O(n): each parent sifted down, the last first. */
  rebuild(due: ReadonlyMap<string, { at: number }>): void {
    this.ats = [];
    this.ids = [];
    for (const [id, { at }] of due) {
      this.ats.push(at);
      this.ids.push(id);
    }
    for (let i = (this.ats.length >> 1) - 1; i >= 0; i--) this.siftDown(i, this.ats[i], this.ids[i]);
  }

  /** Places (at, id) at `i` or below, moving smaller children up. */
  private siftDown(start: number, at: number, id: string): void {
    const n = this.ats.length;
    let i = start;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && this.ats[child + 1] < this.ats[child]) child += 1;
      if (this.ats[child] >= at) break;
      this.move(child, i);
      i = child;
    }
    this.ats[i] = at;
    this.ids[i] = id;
  }

  private move(from: number, to: number): void {
    this.ats[to] = this.ats[from];
    this.ids[to] = this.ids[from];
  }
}
