// Rows that show a total of the sessions below them (a server's, a project folder's): a session's figures change
// its own row at once, but such a row is redrawn at most once a second, and only when what it says changed. A
// redraw of a server row reads its shown rows again, so it must not follow every token.
import { Disposable } from '../../../base/disposable';

const EVERY_MS = 1000;

export class TotalsRefresh<N extends object> extends Disposable {
  /** What each total row said when last handed to VS Code. */
  private readonly said = new WeakMap<N, string>();
  private readonly dirty = new Set<N>();
  private readonly timer = this.ownTimer();

  /** `describe`: what a row says now; `redraw`: asks VS Code to draw these rows again. */
  constructor(
    private readonly describe: (node: N) => string,
    private readonly redraw: (nodes: N[]) => void,
  ) {
    super();
  }

  /** The row was handed to VS Code saying `text`. */
  shown(node: N, text: string): void {
    this.said.set(node, text);
  }

  /** Figures below these rows changed: each is looked at within a second. */
  changed(nodes: Iterable<N>): void {
    for (const node of nodes) if (this.said.has(node)) this.dirty.add(node);
    if (!this.dirty.size || this.timer.pending) return;
    this.timer.set(() => {
      const stale = [...this.dirty].filter((node) => this.describe(node) !== this.said.get(node));
      this.dirty.clear();
      if (stale.length) this.redraw(stale);
    }, EVERY_MS);
  }
}
