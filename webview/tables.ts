// The totals table (own, each child, inclusive; cache efficiency) and the per-step table, virtualised so a
// 20 000-step session keeps a small DOM. Exact numbers: tokens as integers, cost to the micro-dollar.
import { formatCount, formatExactCost, formatPercent } from '../src/present/format';
import { cacheEfficiency } from '../src/present/usageSummary';
import { totalTokens } from '../src/store/usage';
import type { Usage } from '../src/store/usage';
import type { StepRow, UsageSummary } from '../src/features/usage/protocol';
import { NO_STEPS } from './chartShape';
import { ColumnFit } from './columnFit';
import { columnTemplate, hiddenFigures, leastCh, leastWidth, type Column, type Header } from './columns';
import { grid, type Grid } from './toolkit';
import type { UsageState } from './usageState';
import { VirtualGrid } from './virtualGrid';
import { maxOf } from '../src/base/arrays';

const h = (full: string, short = full): Header => ({ full, short });
const FIGURE_HEADERS = [
  h('Input', 'In'),
  h('Output', 'Out'),
  h('Reasoning', 'Reas.'),
  h('Cache read', 'C. read'),
  h('Cache write', 'C. write'),
  h('Total tokens', 'Total'),
  h('Cost'),
  h('Cache efficiency', 'C. eff.'),
];
/** The least width of the names column (a name wraps onto at most two lines there, the whole name on hover). */
const NAME_CH = 14;

/** A share that may be unknown (no prompt tokens, no model limit). */
export const percentOrDash = (f: number | undefined) => (f === undefined ? '–' : formatPercent(f));

/** A totals row's figures: tokens, cost, its share of the cost with sub-agents, cache efficiency. */
function figureCells(u: Usage, share: string): string[] {
  const total = totalTokens(u);
  return [
    formatCount(u.input),
    formatCount(u.output),
    formatCount(u.reasoning),
    formatCount(u.cacheRead),
    formatCount(u.cacheWrite),
    formatCount(total),
    formatExactCost(u.cost),
    share,
    percentOrDash(cacheEfficiency(u)),
  ];
}

/**
 * The totals' columns: the names, the token figures and cost, each child's share of the cost with sub-agents (a
 * figure, so never cut; only where there are sub-agents), and cache efficiency.
 */
const SHARE = h('Share of Σ cost', 'Share');
const TOTALS_HEADERS = [h(''), ...FIGURE_HEADERS.slice(0, 7), SHARE, FIGURE_HEADERS[7]];
const SHARE_COLUMN = 8;
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
    const total = summary.inclusive.cost;
    const share = (cost: number) => (total > 0 ? formatPercent(cost / total) : '–');
    this.withChildren = summary.children.length > 0;
    // A session without sub-agents has no "with sub-agents" figures to add: one row, as the tree shows no Σ.
    const rows = this.withChildren
      ? [
          { key: 'own', cells: ['This session (own)', ...figureCells(summary.own, share(summary.own.cost))] },
          ...summary.children.map((c, i) => ({ key: `child-${i}`, cells: [`↳ ${c.label}`, ...figureCells(c.usage, share(c.usage.cost))] })),
          { key: 'inclusive', cells: ['Σ with sub-agents', ...figureCells(summary.inclusive, share(summary.inclusive.cost))] },
        ]
      : [{ key: 'own', cells: ['This session (own)', ...figureCells(summary.own, '')] }];
    const columns: Column[] = [
      // The names take room up to the longest before the figures grow: a name is cut only where nothing else gives.
      { ch: NAME_CH, grow: 0, fitCh: maxOf(rows.map((r) => r.cells[0].length)) ?? 0 },
      ...TOTALS_HEADERS.slice(1).map((header, i) => ({
        ch: leastCh(
          header,
          rows.map((r) => r.cells[i + 1]),
        ),
        grow: 1,
      })),
    ];
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

const STEP_HEADERS = [h('Step', '#'), h('Model'), ...FIGURE_HEADERS.slice(0, 5), h('Cost'), h('Context', 'Ctx'), FIGURE_HEADERS[7]];
const STEP_GROW = [0.6, 1.4, 1, 1, 1, 1, 1, 1.4, 1, 1];
const MODEL_CH = 8;
/** The Files column: its "Changes" button (its own padding and border besides the cell's). */
const FILES_COLUMN: Column = { ch: 8, grow: 1, extraPx: 18 };
/**
 * The step columns a narrow panel hides, the least important first (Reasoning, Cache write, Cache efficiency,
 * Context, Output, Cache read, Model, Files, Input): the step and its cost always show.
 */
const STEPS_DROP = [4, 6, 9, 8, 3, 5, 1, 10, 2];

/**
 * The widest figure of each step column so far, kept as it grows: a step's cells are the longer the larger its
 * figures, so the step made of every column's largest figure is as wide as the widest. Reads each step once.
 */
class WidestStep {
  private seen = 0;
  /** The largest cost a copied step's original recorded, once one is listed: its cell says it too. */
  private copiedCost?: number;
  private readonly max: StepRow = {
    ...{ n: 0, model: '', messageID: '', time: 0, source: 'step' },
    ...{ input: 0, output: 0, reasoning: 0, cacheRead: 0, cacheWrite: 0, cost: 0 },
  };

  add(rows: readonly StepRow[], from: number): void {
    const m = this.max;
    for (let i = Math.min(from, this.seen); i < rows.length; i++) {
      const r = rows[i];
      m.n = Math.max(m.n, r.n);
      m.input = Math.max(m.input, r.input);
      m.output = Math.max(m.output, r.output);
      m.reasoning = Math.max(m.reasoning, r.reasoning);
      m.cacheRead = Math.max(m.cacheRead, r.cacheRead);
      m.cacheWrite = Math.max(m.cacheWrite, r.cacheWrite);
      m.cost = Math.max(m.cost, r.cost);
      if (r.listCost !== undefined) m.listCost = r.listCost === null ? (m.listCost ?? null) : Math.max(m.listCost ?? 0, r.listCost);
      if (r.copied) this.copiedCost = Math.max(this.copiedCost ?? 0, r.copied.cost);
    }
    this.seen = rows.length;
  }

  /** Least width of each column in ch (Model: a fixed least; it is cut, with its name on hover). */
  widths(): number[] {
    const cells = stepCells({ ...this.max, context: 1 });
    // "(no list price)" may be longer than a list figure: both may be shown.
    const costs = [
      cells[7],
      ...(this.max.listCost !== undefined ? [stepCost({ ...this.max, listCost: null })] : []),
      ...(this.copiedCost !== undefined ? [stepCells({ ...this.max, copied: { ...this.max, cost: this.copiedCost } })[7]] : []),
    ];
    return STEP_HEADERS.map((header, i) =>
      i === 1 ? MODEL_CH : leastCh(header, i === 7 ? costs : i >= 8 ? [cells[i], '100%'] : [cells[i]]),
    );
  }
}

/** A fork's copy of its original's step: listed with the figures the original recorded, counted at 0 here. */
const COPIED_TITLE = 'Copied when this session was forked: spent by the session it was forked from, not here (counted at $0).';

function stepCells(row: StepRow): string[] {
  // A copy shows what its original recorded; its own figures (0) are what every sum counts.
  const s = row.copied ? { ...row, ...row.copied } : row;
  return [
    row.copied ? `${s.n} (copied)` : String(s.n),
    s.model,
    formatCount(s.input),
    formatCount(s.output),
    formatCount(s.reasoning),
    formatCount(s.cacheRead),
    formatCount(s.cacheWrite),
    row.copied ? `${formatExactCost(0)} (copied: ${formatExactCost(row.copied.cost)})` : stepCost(s),
    percentOrDash(s.context),
    percentOrDash(cacheEfficiency(s)),
  ];
}

/** Recorded cost, and apart from it the list-price estimate of a step recorded at $0 ("no list price" when none). */
function stepCost(s: StepRow): string {
  if (s.listCost === undefined) return formatExactCost(s.cost);
  return s.listCost === null
    ? `${formatExactCost(s.cost)} (no list price)`
    : `${formatExactCost(s.cost)} (≈${formatExactCost(s.listCost)} list)`;
}
