// A table of any length with only the rows on screen (plus a small overscan) in the DOM: fixed-height rows
// positioned in a scroller, recycled as it scrolls, and rewritten only where their text changed. For
// keyboard and screen reader users it is an ARIA grid (role="grid", aria-rowcount, aria-rowindex on each
// row): focus stays on the grid, the active row is its aria-activedescendant, arrows / Page / Home / End
// move it (scrolling it into view), Enter or Space runs the row's action. Text is set as textContent.
import type { Header } from './columns';
import { outOfRoom } from './columnFit';
import { followWidth } from './headerWidth';
import { atEnd, maxScroll, moveActive, scrollToShow, visibleRange } from './virtualWindow';

export const ROW_HEIGHT = 28;
const OVERSCAN = 6;
/** The viewport's height while the table's tab is hidden (it has no layout then), as in usage.css. */
const HIDDEN_HEIGHT = 560;

export interface VirtualGridSource {
  count(): number;
  /** Row i's key (data-row), cell texts and, when its columns are not all shown, the row's tooltip. */
  row(i: number): { key: string; cells: readonly string[]; title?: string };
  action?: { header: string; label: string; title: string; run(i: number): void };
  /** Columns whose text may be cut (with an ellipsis; the whole text is the cell's tooltip), e.g. a model name. */
  cuttable?: readonly number[];
}

interface RowElement {
  element: HTMLElement;
  cells: HTMLElement[];
  /** The action's cell, after the cells. */
  action?: HTMLElement;
  index: number;
}

export class VirtualGrid {
  /** The grid in its sideways scroller (the last resort, when the panel is narrower than the figures). */
  readonly element: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly viewport: HTMLElement;
  private readonly spacer: HTMLElement;
  /** The header's cells (the action's last). */
  private readonly headCells: HTMLElement[];
  /** Columns hidden for want of room (their cells take no space). */
  private hidden: ReadonlySet<number> = new Set();
  private readonly rows = new Map<number, RowElement>();
  private readonly free: RowElement[] = [];
  private following = true;
  private active = -1;
  private frame = 0;
  private rendered = 0;
  /** The scroll position last seen: a hidden viewport (display: none) reads 0 and forgets its own. */
  private top = 0;
  /** The viewport's height as last observed (0 while hidden): reading clientHeight on every live step forced
   * a style and layout pass in the middle of the update. */
  private seenHeight = 0;

  constructor(
    id: string,
    label: string,
    private readonly headers: readonly Header[],
    columns: string,
    private readonly source: VirtualGridSource,
  ) {
    this.grid = div('vgrid', {
      role: 'grid',
      id,
      'aria-label': label,
      tabindex: '0',
      'aria-rowcount': '1',
      'aria-colcount': String(headers.length + (source.action ? 1 : 0)),
    });
    this.element = div('table-scroll');
    this.element.appendChild(this.grid);
    this.setColumns(columns);
    const head = div('vgrid-row vgrid-header', { role: 'row', 'aria-rowindex': '1' });
    const cells = headers.map(() => head.appendChild(div('vgrid-cell', { role: 'columnheader' })));
    followWidth(this.element, cells, headers);
    if (source.action) {
      const cell = head.appendChild(div('vgrid-cell', { role: 'columnheader' }));
      cell.textContent = source.action.header;
      cells.push(cell);
    }
    this.headCells = cells;
    cells.forEach((cell, c) => (cell.style.gridColumn = String(c + 1)));
    this.viewport = div('vgrid-viewport', { role: 'rowgroup' });
    this.spacer = div('vgrid-spacer', { 'aria-hidden': 'true' });
    this.viewport.appendChild(this.spacer);
    this.grid.append(head, this.viewport);
    this.viewport.addEventListener(
      'scroll',
      () => {
        if (!this.seenHeight) return;
        this.top = this.viewport.scrollTop;
        this.following = atEnd(this.metrics());
        this.schedule();
      },
      { passive: true },
    );
    // Its tab shown again (or the panel resized): the viewport has a size only now, after the tab's change
    // event, and a hidden viewport forgot its scroll position (seen: a 5 000-step table shown empty, its
    // rows drawn at the end while the viewport stood at the top). Observed before the frame is painted.
    new ResizeObserver((entries) => {
      this.seenHeight = entries.at(-1)?.contentRect.height ?? 0;
      this.shown();
    }).observe(this.viewport);
    this.grid.addEventListener('keydown', (e) => this.key(e));
    this.viewport.addEventListener('click', (e) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>('.vgrid-row');
      if (row?.dataset.index) this.activate(Number(row.dataset.index), false);
    });
  }

  /**
   * Column widths (grid-template-columns), the least width, below which the table scrolls sideways, and the
   * columns hidden (the action's is the last): rows are written again, their tooltips saying what is hidden.
   */
  setColumns(columns: string, minWidth = '', hidden: ReadonlySet<number> = this.hidden): void {
    this.grid.style.setProperty('--columns', columns);
    this.grid.style.minWidth = minWidth;
    if (hidden === this.hidden) return;
    this.hidden = hidden;
    this.headCells.forEach((cell, c) => outOfRoom(cell, hidden.has(c)));
    for (const r of [...this.rows.values(), ...this.free]) {
      this.hideCells(r);
      r.index = r.index >= 0 ? -1 - r.index : r.index; // stale: rewrite (its tooltip)
    }
    this.render();
  }

  /** Rows from `from` on may have changed (or been added or removed): updates the DOM rows showing them. */
  refresh(from = 0): void {
    const n = this.source.count();
    this.grid.setAttribute('aria-rowcount', String(n + 1));
    this.spacer.style.height = `${n * ROW_HEIGHT}px`;
    if (this.active >= n) this.active = n - 1;
    for (const r of this.rows.values()) if (r.index >= from) r.index = -1 - r.index; // stale: rewrite
    if (this.following) this.scrollTo(maxScroll(n, ROW_HEIGHT, this.height()));
    this.render();
  }

  /** After the table's tab is shown again (or resized): follow the end or go back to where it was, and redraw. */
  shown(): void {
    if (!this.seenHeight) return;
    this.scrollTo(this.following ? maxScroll(this.source.count(), ROW_HEIGHT, this.height()) : this.top);
    this.render();
  }

  /** Rows in the DOM now (for tests and the bench). */
  get domRows(): number {
    return this.rendered;
  }

  private scrollTo(top: number): void {
    this.top = top;
    if (this.seenHeight && this.viewport.scrollTop !== top) this.viewport.scrollTop = top;
  }

  private height(): number {
    return this.seenHeight || HIDDEN_HEIGHT;
  }

  private metrics() {
    return { rows: this.source.count(), rowHeight: ROW_HEIGHT, scrollTop: this.top, height: this.height(), overscan: OVERSCAN };
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    const { start, end } = visibleRange(this.metrics());
    // Rows leaving the window are recycled for the rows entering it.
    for (const [i, r] of this.rows) {
      if (i < start || i >= end) {
        this.rows.delete(i);
        this.free.push(r);
      }
    }
    // DOM order stays step order (what a screen reader reads in browse mode): at most the recycled rows move.
    let previous: Element = this.spacer;
    for (let i = start; i < end; i++) {
      let r = this.rows.get(i);
      if (!r) {
        r = this.free.pop() ?? this.createRow();
        this.rows.set(i, r);
      }
      if (r.index !== i) this.fill(r, i);
      if (previous.nextElementSibling !== r.element) previous.after(r.element);
      previous = r.element;
    }
    for (const r of this.free) r.element.remove();
    this.rendered = end - start;
    this.markActive();
  }

  private createRow(): RowElement {
    const element = div('vgrid-row', { role: 'row' });
    const cells = this.headers.map((_, c) =>
      element.appendChild(div(this.source.cuttable?.includes(c) ? 'vgrid-cell cuttable' : 'vgrid-cell figure', { role: 'gridcell' })),
    );
    const row: RowElement = { element, cells, index: -1 };
    const action = this.source.action;
    if (action) {
      const cell = element.appendChild(div('vgrid-cell', { role: 'gridcell' }));
      row.action = cell;
      const b = document.createElement('button');
      b.className = 'row-action';
      b.textContent = action.label;
      b.title = action.title;
      b.tabIndex = -1; // the grid's Enter runs it; Tab does not walk every row
      b.addEventListener('click', () => action.run(row.index));
      cell.appendChild(b);
    }
    // Each cell in its own column: a hidden column keeps its track (at 0px), so the cells after it stay in theirs.
    [...row.cells, ...(row.action ? [row.action] : [])].forEach((cell, c) => (cell.style.gridColumn = String(c + 1)));
    this.hideCells(row);
    return row;
  }

  private hideCells(r: RowElement): void {
    r.cells.forEach((cell, c) => outOfRoom(cell, this.hidden.has(c)));
    if (r.action) outOfRoom(r.action, this.hidden.has(r.cells.length));
  }

  private fill(r: RowElement, i: number): void {
    const { key, cells, title } = this.source.row(i);
    r.index = i;
    r.element.id = `${this.grid.id}-row-${i}`;
    r.element.dataset.row = key;
    r.element.dataset.index = String(i);
    r.element.setAttribute('aria-rowindex', String(i + 2));
    r.element.style.transform = `translateY(${i * ROW_HEIGHT}px)`;
    if (r.element.title !== (title ?? '')) r.element.title = title ?? '';
    cells.forEach((text, c) => {
      if (r.cells[c].textContent === text) return;
      r.cells[c].textContent = text;
      if (this.source.cuttable?.includes(c)) r.cells[c].title = text;
    });
  }

  private markActive(): void {
    for (const r of this.rows.values()) r.element.classList.toggle('active', r.index === this.active);
    const row = this.rows.get(this.active);
    if (row) this.grid.setAttribute('aria-activedescendant', row.element.id);
    else this.grid.removeAttribute('aria-activedescendant');
  }

  private activate(index: number, scroll: boolean): void {
    this.active = index;
    if (scroll) {
      this.scrollTo(scrollToShow(index, this.metrics()));
      this.following = atEnd(this.metrics());
      this.render();
    } else this.markActive();
  }

  private key(e: KeyboardEvent): void {
    const n = this.source.count();
    if ((e.key === 'Enter' || e.key === ' ') && this.active >= 0 && this.active < n) {
      e.preventDefault();
      this.source.action?.run(this.active);
      return;
    }
    const page = Math.max(1, Math.floor(this.height() / ROW_HEIGHT) - 1);
    const next = moveActive(e.key, this.active < 0 ? Math.floor(this.top / ROW_HEIGHT) - 1 : this.active, n, page);
    if (next === undefined) return;
    e.preventDefault();
    this.activate(next, true);
  }
}

function div(className: string, attributes: Record<string, string> = {}): HTMLElement {
  const d = document.createElement('div');
  d.className = className;
  for (const [k, v] of Object.entries(attributes)) d.setAttribute(k, v);
  return d;
}
