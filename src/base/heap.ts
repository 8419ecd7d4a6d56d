// A binary heap: the item that comes first out in O(log n) per push and pop, where a sorted array paid a sort per
// push or a shift per pop (both grow with the queue).

export class Heap<T> {
  private readonly items: T[] = [];

  /** `first(a, b)`: whether `a` comes out before `b`. */
  constructor(private readonly first: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    const a = this.items;
    a.push(item);
    for (let i = a.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!this.first(a[i], a[parent])) break;
      [a[i], a[parent]] = [a[parent], a[i]];
      i = parent;
    }
  }

  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (!a.length || last === undefined) return top;
    a[0] = last;
    for (let i = 0; ;) {
      const left = 2 * i + 1;
      let next = i;
      if (left < a.length && this.first(a[left], a[next])) next = left;
      if (left + 1 < a.length && this.first(a[left + 1], a[next])) next = left + 1;
      if (next === i) return top;
      [a[i], a[next]] = [a[next], a[i]];
      i = next;
    }
  }

  clear(): void {
    this.items.length = 0;
  }
}
