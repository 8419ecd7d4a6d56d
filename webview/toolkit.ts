// Every use of @vscode/webview-ui-toolkit lives here, behind tiny helpers: Microsoft has sunset the
// toolkit, and swapping it must touch this file only. Text is always set as textContent (inert).
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeDataGrid,
  vsCodeDataGridCell,
  vsCodeDataGridRow,
  vsCodePanels,
  vsCodePanelTab,
  vsCodePanelView,
  vsCodeProgressRing,
} from '@vscode/webview-ui-toolkit';
import type { Header } from './columns';
import { followWidth } from './headerWidth';
import { outOfRoom } from './columnFit';

export function registerToolkit(): void {
  provideVSCodeDesignSystem().register(
    vsCodeButton(),
    vsCodeDataGrid(),
    vsCodeDataGridRow(),
    vsCodeDataGridCell(),
    vsCodePanels(),
    vsCodePanelTab(),
    vsCodePanelView(),
    vsCodeProgressRing(),
  );
}

export function button(label: string, onClick: () => void, options: { secondary?: boolean; id?: string } = {}): HTMLElement {
  const b = document.createElement('vscode-button');
  b.textContent = label;
  if (options.secondary) b.setAttribute('appearance', 'secondary');
  if (options.id) b.id = options.id;
  b.addEventListener('click', onClick);
  return b;
}

export interface Tabs {
  /** The view element of each tab, in order. */
  views: HTMLElement[];
  /** The index of the tab shown now. */
  active(): number;
  onChange(listener: (index: number) => void): void;
}

/** Tabs, the first one shown. */
export function tabs(parent: HTMLElement, labels: readonly string[]): Tabs {
  const panels = document.createElement('vscode-panels');
  const views = labels.map((label, i) => {
    const tab = document.createElement('vscode-panel-tab');
    tab.id = `tab-${i}`;
    tab.textContent = label;
    panels.appendChild(tab);
    const view = document.createElement('vscode-panel-view');
    view.id = `view-${i}`;
    return view;
  });
  for (const v of views) panels.appendChild(v);
  parent.appendChild(panels);
  const active = () => {
    // The property first: FAST sets it before the change event and reflects it to the attribute only later,
    // so the attribute still named the previous tab there (a tab switch drew the tab just left).
    const id = (panels as HTMLElement & { activeid?: string }).activeid ?? panels.getAttribute('activeid');
    const index = id ? Number(id.replace('tab-', '')) : 0;
    return Number.isInteger(index) && index >= 0 && index < labels.length ? index : 0;
  };
  return {
    views,
    active,
    onChange: (listener) => panels.addEventListener('change', (e) => e.target === panels && listener(active())),
  };
}

export function spinner(): HTMLElement {
  return document.createElement('vscode-progress-ring');
}

export interface Grid {
  /** The grid in its sideways scroller (the last resort, when the panel is narrower than the figures). */
  element: HTMLElement;
  /** Column widths (grid-template-columns), the least width, below which the table scrolls sideways, and the columns hidden for want of room. */
  setColumns(columns: string, minWidth: string, hidden?: ReadonlySet<number>): void;
  /** Sets the body rows; each row has a key (data-row), its cell texts and, optionally, a button at its end. A row whose key stays keeps its element; only changed texts are written. */
  setRows(rows: ReadonlyArray<GridRow>): void;
}

export interface GridRow {
  key: string;
  cells: readonly string[];
  /** The row's tooltip (what its hidden columns say); the first cell's is its whole name. */
  title?: string;
  action?: { label: string; title: string; run: () => void };
}

/** A table; the first column holds names (at most two lines, the whole name as the tooltip), the rest figures. */
export function grid(id: string, headers: readonly Header[], columns: string): Grid {
  const element = document.createElement('vscode-data-grid');
  element.id = id;
  element.setAttribute('generate-header', 'none');
  element.setAttribute('grid-template-columns', columns);
  element.setAttribute('aria-label', id);
  const head = row(
    headers.map((h) => h.full),
    'header',
  );
  element.appendChild(head);
  const scroller = document.createElement('div');
  scroller.className = 'table-scroll';
  scroller.appendChild(element);
  followWidth(scroller, [...head.children] as HTMLElement[], headers);
  // Rows by key: a row whose key is still there keeps its element and only its changed texts are set.
  let shown = new Map<string, { element: HTMLElement; cells: HTMLElement[]; action?: GridRow['action'] }>();
  // A hidden column keeps its track (at 0px) and its cells (out of room, not drawn, still read by a screen
  // reader): every cell keeps its grid-column.
  let hidden: ReadonlySet<number> = new Set();
  const hide = (cells: Iterable<Element>) => {
    for (const cell of cells) outOfRoom(cell, hidden.has(Number(cell.getAttribute('grid-column')) - 1));
  };
  return {
    element: scroller,
    setColumns(columns, minWidth, columnsHidden = hidden) {
      element.setAttribute('grid-template-columns', columns);
      element.style.minWidth = minWidth;
      hidden = columnsHidden;
      hide(element.querySelectorAll('vscode-data-grid-cell'));
    },
    setRows(rows) {
      const next = new Map<string, { element: HTMLElement; cells: HTMLElement[]; action?: GridRow['action'] }>();
      let before: Element | null = element.firstElementChild; // the header row
      for (const r of rows) {
        let entry = shown.get(r.key);
        if (entry && (entry.cells.length !== r.cells.length || !entry.action !== !r.action)) entry = undefined;
        if (entry) {
          r.cells.forEach((text, i) => {
            const target = textOf(entry!.cells[i]);
            if (target.textContent !== text) target.textContent = text;
          });
          entry.cells[0].title = r.cells[0];
          entry.action = r.action;
          entry.element.title = r.title ?? '';
        } else {
          const el = row(r.cells, 'default');
          el.dataset.row = r.key;
          entry = { element: el, cells: [...el.children] as HTMLElement[], action: r.action };
          entry.cells[0].title = r.cells[0];
          el.title = r.title ?? '';
          hide(entry.cells);
          const current = entry;
          if (r.action) {
            const cell = document.createElement('vscode-data-grid-cell');
            cell.setAttribute('grid-column', String(r.cells.length + 1));
            const b = button(r.action.label, () => current.action?.run(), { secondary: true });
            b.title = r.action.title;
            b.className = 'row-action';
            cell.appendChild(b);
            el.appendChild(cell);
          }
        }
        next.set(r.key, entry);
        if (before?.nextElementSibling !== entry.element) before!.after(entry.element);
        before = entry.element;
      }
      for (const [key, old] of shown) if (next.get(key) !== old) old.element.remove();
      shown = next;
    },
  };
}

function row(cells: readonly string[], type: 'header' | 'default'): HTMLElement {
  const el = document.createElement('vscode-data-grid-row');
  if (type === 'header') el.setAttribute('row-type', 'header');
  cells.forEach((text, i) => {
    const cell = document.createElement('vscode-data-grid-cell');
    if (type === 'header') cell.setAttribute('cell-type', 'columnheader');
    cell.setAttribute('grid-column', String(i + 1));
    // A name sits in its own element, which is what is cut at two lines (usage.css): the cell's padding stays clear.
    if (type === 'default' && i === 0) cell.appendChild(document.createElement('span')).className = 'name';
    textOf(cell).textContent = text;
    el.appendChild(cell);
  });
  return el;
}

/** Where a cell's text goes: its name element, if it has one. */
function textOf(cell: HTMLElement): HTMLElement {
  return cell.querySelector<HTMLElement>(':scope > .name') ?? cell;
}
