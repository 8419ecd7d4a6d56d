// The arithmetic of a virtualised table with rows of one fixed height: which rows are in the DOM for a
// scroll position, where to scroll to show a row, and where the keyboard moves the active row. Pure.

export interface Viewport {
  rows: number;
  rowHeight: number;
  scrollTop: number;
  /** The viewport's height in px. */
  height: number;
  /** Rows kept in the DOM beyond each edge, so a small scroll shows rows already there. */
  overscan: number;
}

/** Rows [start, end) to put in the DOM. */
export function visibleRange(v: Viewport): { start: number; end: number } {
  const first = Math.floor(Math.max(0, v.scrollTop) / v.rowHeight);
  const last = Math.ceil((Math.max(0, v.scrollTop) + v.height) / v.rowHeight);
  const end = Math.min(v.rows, last + v.overscan);
  const start = Math.max(0, Math.min(first - v.overscan, end - Math.ceil(v.height / v.rowHeight) - 2 * v.overscan));
  return { start, end };
}

/** The largest scrollTop: the last row at the bottom edge. */
export function maxScroll(rows: number, rowHeight: number, height: number): number {
  return Math.max(0, rows * rowHeight - height);
}

/** Scrolled to the end (within half a row): new rows should keep it there. */
export function atEnd(v: Pick<Viewport, 'rows' | 'rowHeight' | 'scrollTop' | 'height'>): boolean {
  return v.scrollTop >= maxScroll(v.rows, v.rowHeight, v.height) - v.rowHeight / 2;
}

/** The scrollTop that shows row `index` whole, moving as little as possible. */
export function scrollToShow(index: number, v: Pick<Viewport, 'rowHeight' | 'scrollTop' | 'height'>): number {
  const top = index * v.rowHeight;
  if (top < v.scrollTop) return top;
  if (top + v.rowHeight > v.scrollTop + v.height) return Math.max(0, top + v.rowHeight - v.height);
  return v.scrollTop;
}

/** The row a grid key moves the active row to (undefined: not a navigation key). */
export function moveActive(key: string, index: number, rows: number, pageRows: number): number | undefined {
  if (!rows) return undefined;
  const clamp = (i: number) => Math.max(0, Math.min(rows - 1, i));
  switch (key) {
    case 'ArrowDown':
      return clamp(index + 1);
    case 'ArrowUp':
      return clamp(index - 1);
    case 'PageDown':
      return clamp(index + Math.max(1, pageRows));
    case 'PageUp':
      return clamp(index - Math.max(1, pageRows));
    case 'Home':
      return 0;
    case 'End':
      return rows - 1;
    default:
      return undefined;
  }
}
