// A first-in first-out queue of any length. Array.shift() moves every item left (V8 does it in place once the array
// is large, about 16 000 items), so a long list drained by shift() costs the square of its length: 100 000 queued
// sessions took 1.7 s of CPU to drain with nothing read. This takes from a head index instead.

export class Fifo<T> {
  private items: T[] = [];
  /** Where the oldest item is: those before it were taken. */
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** Takes the oldest item out; undefined when none is queued. */
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    // Let go of: what the queue no longer holds is not kept alive by it.
    this.items[this.head] = undefined as T;
    this.head += 1;
    if (this.head === this.items.length) this.clear();
    // Once most of the array was taken, the rest moves down in one copy (no larger than what was taken since).
    else if (this.head >= FIFO_COMPACT && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}

/** Taken items a queue keeps in its array before it moves the rest down. */
const FIFO_COMPACT = 1024;
