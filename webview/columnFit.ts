// Tables that fit their panel (the DOM half of columns.ts): follows the scroller's width and hides the lesser
// columns the width has no room for, so the key figures show whole at any width without a sideways scroll.
import { columnsToHide, type Column } from './columns';

export type ApplyColumns = (columns: readonly Column[], hidden: ReadonlySet<number>) => void;

export class ColumnFit {
  private columns: readonly Column[] = [];
  /** The scroller's last width seen (a hidden tab has none: it keeps the last). */
  private width = 0;
  private hidden: ReadonlySet<number> = new Set();
  private applied = false;

  /** `dropOrder`: the columns that may be hidden, the least important first. */
  constructor(
    private readonly scroller: HTMLElement,
    private readonly dropOrder: readonly number[],
    private readonly apply: ApplyColumns,
  ) {
    new ResizeObserver((entries) => {
      const width = entries.at(-1)?.contentRect.width ?? 0;
      if (width <= 0 || width === this.width) return;
      this.width = width;
      this.fit(false);
    }).observe(scroller);
  }

  /** The columns' least widths changed (a wider figure came). */
  setColumns(columns: readonly Column[]): void {
    this.columns = columns;
    this.fit(true);
  }

  /** The columns hidden now. */
  get hiddenColumns(): ReadonlySet<number> {
    return this.hidden;
  }

  private fit(changed: boolean): void {
    if (!this.columns.length) return;
    const hidden = this.width > 0 ? columnsToHide(this.columns, this.dropOrder, this.width, this.chPx()) : this.hidden;
    if (!changed && this.applied && sameSet(hidden, this.hidden)) return;
    this.hidden = hidden;
    this.applied = true;
    this.apply(this.columns, hidden);
  }

  /** One `ch` of the table's font, in CSS pixels. */
  private chPx(): number {
    const probe = document.createElement('div');
    probe.style.cssText = 'position:absolute;visibility:hidden;width:100ch;height:0';
    this.scroller.appendChild(probe);
    const px = probe.getBoundingClientRect().width / 100;
    probe.remove();
    return px || 8;
  }
}

function sameSet(a: ReadonlySet<number>, b: ReadonlySet<number>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

/**
 * Hides a cell of a column the panel has no room for: it takes no space and draws nothing (usage.css), but unlike
 * `hidden` it stays in the accessibility tree, so a screen reader still reads the figure a sighted user finds in
 * the row's tooltip.
 */
export function outOfRoom(cell: Element, out: boolean): void {
  cell.classList.toggle('out-of-room', out);
}
