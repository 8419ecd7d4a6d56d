// Coalesces many store changes (a busy session emits dozens of events a second) into one tree refresh per tick:
// every changed row in one event, or the whole tree. One event, because VS Code takes a tree's change events through
// a 200 ms debounce that draws the first at once and holds the rest until the events pause: rows fired apart (a
// session's and its Task's, which show one figure) were drawn seconds apart (issue 77 #8).
import { Disposable, toDisposable } from '../../../base/disposable';

export class RefreshQueue<T> extends Disposable {
  private readonly pending = new Set<T>();
  private whole = false;
  private readonly timer = this.ownTimer();

  /**
   * `settle` runs once at the start of each flush and may add() more nodes: work that only needs doing
   * once per tick (such as re-sorting a list to see whether its order changed) goes there, not per event.
   */
  constructor(
    /** The rows to redraw, each once; `undefined`: the whole tree. */
    private readonly fire: (nodes: T[] | undefined) => void,
    private readonly delayMs = 50,
    private readonly settle: () => void = () => {},
    /** Rows that are redrawn with a row (they show what it shows): added to each flush that redraws it. */
    private readonly withRow: (node: T) => Iterable<T> = () => [],
  ) {
    super();
    this._register(toDisposable(() => this.pending.clear()));
  }

  /** `undefined` = the whole tree. */
  add(node: T | undefined): void {
    if (node === undefined) this.whole = true;
    else this.pending.add(node);
    this.schedule();
  }

  /** Makes sure a flush (and so `settle`) happens this tick, even if nothing was added yet. */
  schedule(): void {
    if (!this.timer.pending) this.timer.set(() => this.flush(), this.delayMs);
  }

  flush(): void {
    // Before the timer is cleared, so what settle() adds joins this flush instead of arming another.
    this.settle();
    this.timer.clear();
    if (this.whole) {
      this.fire(undefined);
    } else if (this.pending.size) {
      for (const node of [...this.pending]) for (const linked of this.withRow(node)) this.pending.add(linked);
      this.fire([...this.pending]);
    }
    this.whole = false;
    this.pending.clear();
  }
}
