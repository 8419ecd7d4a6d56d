// Coalesces many store changes (a busy session emits dozens of events a second) into one tree refresh
// per changed row per tick, and collapses to a single whole-tree refresh only when that is all that is asked.
export class RefreshQueue<T> {
  private readonly pending = new Set<T>();
  private whole = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly fire: (node: T | undefined) => void,
    private readonly delayMs = 50,
  ) {}

  /** `undefined` = the whole tree. */
  add(node: T | undefined): void {
    if (node === undefined) this.whole = true;
    else this.pending.add(node);
    this.timer ??= setTimeout(() => this.flush(), this.delayMs);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.whole) {
      this.fire(undefined);
    } else {
      for (const node of this.pending) this.fire(node);
    }
    this.whole = false;
    this.pending.clear();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.pending.clear();
  }
}
