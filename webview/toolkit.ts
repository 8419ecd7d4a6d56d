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

export function setDisabled(el: HTMLElement, disabled: boolean): void {
  el.toggleAttribute('disabled', disabled);
}

/** Tabs; returns the view element of each tab, in order. */
export function tabs(parent: HTMLElement, labels: readonly string[]): HTMLElement[] {
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
  return views;
}

export function spinner(): HTMLElement {
  return document.createElement('vscode-progress-ring');
}

export interface Grid {
  element: HTMLElement;
  /** Replaces the body rows; each row has a key (data-row), its cell texts and, optionally, a button at its end. */
  setRows(rows: ReadonlyArray<GridRow>): void;
}

export interface GridRow {
  key: string;
  cells: readonly string[];
  action?: { label: string; title: string; run: () => void };
}

export function grid(id: string, headers: readonly string[], columns: string): Grid {
  const element = document.createElement('vscode-data-grid');
  element.id = id;
  element.setAttribute('generate-header', 'none');
  element.setAttribute('grid-template-columns', columns);
  element.setAttribute('aria-label', id);
  element.appendChild(row(headers, 'header'));
  return {
    element,
    setRows(rows) {
      while (element.childElementCount > 1) element.lastElementChild!.remove();
      const fragment = document.createDocumentFragment();
      for (const r of rows) {
        const el = row(r.cells, 'default');
        el.dataset.row = r.key;
        if (r.action) {
          const cell = document.createElement('vscode-data-grid-cell');
          cell.setAttribute('grid-column', String(r.cells.length + 1));
          const b = button(r.action.label, r.action.run, { secondary: true });
          b.title = r.action.title;
          b.className = 'row-action';
          cell.appendChild(b);
          el.appendChild(cell);
        }
        fragment.appendChild(el);
      }
      element.appendChild(fragment);
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
    cell.textContent = text;
    el.appendChild(cell);
  });
  return el;
}
