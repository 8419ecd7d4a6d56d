// The totals table (own, each child, inclusive; cache efficiency) and the per-step table, virtualised so a
// 20 000-step session keeps a small DOM. Their texts and least widths are tableCells.ts's.
import type { UsageSummary } from '../src/features/usage/protocol';
import { formatCount } from '../src/present/format';
import { NO_STEPS } from './chartShape';
import { ColumnFit } from './columnFit';
import { columnTemplate, hiddenFigures, leastWidth, type Column } from './columns';
import { COPIED_TITLE, SHARE_COLUMN, STEP_HEADERS, stepCells, totalsRows, TOTALS_HEADERS, WidestStep } from './tableCells';
import { grid, type Grid } from './toolkit';
import type { UsageState } from './usageState';
import { VirtualGrid } from './virtualGrid';

/** The totals' columns a narrow panel hides, the least important first: it keeps the names, total tokens and cost. */
const TOTALS_DROP = [3, 5, 9, 4, 2, 1, SHARE_COLUMN];

export class TotalsTable {
  private readonly grid: Grid;
  private readonly fit: ColumnFit;
  private rows: Array<{ key: string; cells: string[] }> = [];
  private shownColumns = '';
  /** Whether the session has sub-agents: only then are there shares and a Σ row. */
  private withChildren = false;

  constructor(parent: HTMLElement) {
    // Each row of the toolkit's grid sizes its own columns, from its own content where a column's least width
    // is left to it: least widths from the widest figure of each column keep every row's columns alike.
    this.grid = grid('totals', TOTALS_HEADERS, 'minmax(10em, 2fr) repeat(9, minmax(7em, 1fr))');
    this.fit = new ColumnFit(this.grid.element, TOTALS_DROP, (columns, hidden) => {
      // Without sub-agents the share column has nothing to say: it takes no room, like a column out of room.
      const shown = this.withChildren ? hidden : new Set([...hidden, SHARE_COLUMN]);
      this.grid.setColumns(columnTemplate(columns, shown), leastWidth(columns, shown), shown);
      this.setRows();
    });
    parent.appendChild(this.grid.element);
  }

  set(summary: UsageSummary): void {
    const { rows, columns, withChildren } = totalsRows(summary);
    this.withChildren = withChildren;
    this.rows = rows;
    const key = JSON.stringify([columns, this.withChildren]);
    if (key !== this.shownColumns) {
      this.shownColumns = key;
      this.fit.setColumns(columns); // sets the rows too
    } else this.setRows();
  }

  private setRows(): void {
    const hidden = this.fit.hiddenColumns;
    this.grid.setRows(this.rows.map((r) => ({ ...r, title: hiddenFigures(TOTALS_HEADERS, r.cells, hidden) })));
  }
}

/** Every step, virtualised: a 20 000-step session keeps a few dozen rows in the DOM, and a live step rewrites
 * only the rows showing changed steps. It follows the newest step while scrolled to the end. */
export class StepsTable {
  private readonly grid: VirtualGrid;
  private readonly label = document.createElement('p');
  private readonly widest = new WidestStep();
  private readonly fit: ColumnFit;
  private shownWidths = '';

  /** `showChanges(messageID)`: what the turn of that step changed (the host opens it in the diff editor). */
  constructor(
    parent: HTMLElement,
    private readonly state: UsageState,
    showChanges: (messageID: string) => void,
  ) {
    this.label.className = 'steps-count';
    // Only the rows of the Timeline's range, when one is chosen.
    const shown = state.shown;
    this.grid = new VirtualGrid('steps', 'Steps', STEP_HEADERS, '0.6fr 1.4fr repeat(8, 1fr) 1fr', {
      count: () => shown.count,
      row: (i) => {
        const row = state.shownRow(i);
        const cells = stepCells(row);
        const hidden = hiddenFigures(STEP_HEADERS, cells, this.fit.hiddenColumns);
        return { key: String(row.n), cells, title: row.copied ? [COPIED_TITLE, hidden].filter(Boolean).join('\n') : hidden };
      },
      cuttable: [1],
      action: {
        header: 'Files',
        label: 'Changes',
        title: 'Show Changes of This Turn',
        run: (i) => i >= 0 && i < shown.count && showChanges(state.shownRow(i).messageID),
      },
    });
    this.fit = new ColumnFit(this.grid.element, STEPS_DROP, (columns, hidden) =>
      this.grid.setColumns(columnTemplate(columns, hidden), leastWidth(columns, hidden), hidden),
    );
    // It fills what the totals leave of the tab's height (usage.css): its rows are the page's one scroller.
    this.grid.element.classList.add('steps-scroll');
    parent.append(this.label, this.grid.element);
  }

  /** Rows from `from` on changed (or were added). */
  render(from: number): void {
    this.widest.add(this.state.rows, from);
    const widths = this.widest.widths();
    if (widths.join() !== this.shownWidths) {
      this.shownWidths = widths.join();
      this.fit.setColumns([...widths.map((ch, i) => ({ ch, grow: STEP_GROW[i] })), FILES_COLUMN]);
    }
    const { range, shown } = this.state;
    this.grid.refresh(range ? 0 : from);
    const n = this.state.rows.length;
    const counted = n ? `${formatCount(n)} ${n === 1 ? 'step' : 'steps'}` : NO_STEPS;
    this.label.textContent = range ? `${formatCount(shown.count)} of ${counted} in the range chosen on the Timeline` : counted;
  }

  /** Its tab was shown: lay out again (a hidden table has no size). */
  shown(): void {
    this.grid.shown();
  }
}

const STEP_GROW = [0.6, 1.4, 1, 1, 1, 1, 1, 1.4, 1, 1];
/** The Files column: its "Changes" button (its own padding and border besides the cell's). */
const FILES_COLUMN: Column = { ch: 8, grow: 1, extraPx: 18 };
/**
 * The step columns a narrow panel hides, the least important first (Reasoning, Cache write, Cache efficiency,
 * Context, Output, Cache read, Model, Files, Input): the step and its cost always show.
 */
const STEPS_DROP = [4, 6, 9, 8, 3, 5, 1, 10, 2];
