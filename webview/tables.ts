// The totals table (own, each child, inclusive; cache efficiency) and the per-step table, virtualised so a
// 20 000-step session keeps a small DOM. Exact numbers: tokens as integers, cost to the micro-dollar.
import { formatCount, formatExactCost, formatPercent } from '../src/present/format';
import { cacheEfficiency } from '../src/present/usageSummary';
import { totalTokens } from '../src/store/usage';
import type { Usage } from '../src/store/usage';
import type { StepRow, UsageSummary } from '../src/features/usage/protocol';
import { columnTemplate, leastCh, leastWidth, type Header } from './columns';
import { grid, type Grid } from './toolkit';
import type { UsageState } from './usageState';
import { VirtualGrid } from './virtualGrid';

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
/** The least width of the names column (names wrap onto at most two lines, the whole name on hover). */
const NAME_CH = 14;

/** A share that may be unknown (no prompt tokens, no model limit). */
export const percentOrDash = (f: number | undefined) => (f === undefined ? '–' : formatPercent(f));

function figureCells(u: Usage): string[] {
  const total = totalTokens(u);
  return [
    formatCount(u.input),
    formatCount(u.output),
    formatCount(u.reasoning),
    formatCount(u.cacheRead),
    formatCount(u.cacheWrite),
    formatCount(total),
    formatExactCost(u.cost),
    percentOrDash(cacheEfficiency(u)),
  ];
}

export class TotalsTable {
  private readonly grid: Grid;

  constructor(parent: HTMLElement) {
    // Each row of the toolkit's grid sizes its own columns, from its own content where a column's least width
    // is left to it: least widths from the widest figure of each column keep every row's columns alike.
    this.grid = grid('totals', [h(''), ...FIGURE_HEADERS], 'minmax(10em, 2fr) repeat(8, minmax(7em, 1fr))');
    parent.appendChild(this.grid.element);
  }

  set(summary: UsageSummary): void {
    const total = summary.inclusive.cost || 1;
    const rows = [
      { key: 'own', cells: ['This session (own)', ...figureCells(summary.own)] },
      ...summary.children.map((c, i) => ({
        key: `child-${i}`,
        cells: [`↳ ${c.label} (${formatPercent(c.usage.cost / total)})`, ...figureCells(c.usage)],
      })),
      { key: 'inclusive', cells: ['Σ with sub-agents', ...figureCells(summary.inclusive)] },
    ];
    const widths = [
      NAME_CH,
      ...FIGURE_HEADERS.map((header, i) =>
        leastCh(
          header,
          rows.map((r) => r.cells[i + 1]),
        ),
      ),
    ];
    this.grid.setColumns(columnTemplate(widths, [2, ...FIGURE_HEADERS.map(() => 1)]), leastWidth(widths));
    this.grid.setRows(rows);
  }
}

/** Every step, virtualised: a 20 000-step session keeps a few dozen rows in the DOM, and a live step rewrites
 * only the rows showing changed steps. It follows the newest step while scrolled to the end. */
export class StepsTable {
  private readonly grid: VirtualGrid;
  private readonly label = document.createElement('p');
  private readonly widest = new WidestStep();
  private shownWidths = '';

  /** `showChanges(messageID)`: what the turn of that step changed (the host opens it in the diff editor). */
  constructor(
    parent: HTMLElement,
    private readonly state: UsageState,
    showChanges: (messageID: string) => void,
  ) {
    this.label.className = 'steps-count';
    const rows = state.rows;
    this.grid = new VirtualGrid('steps', 'Steps', STEP_HEADERS, '0.6fr 1.4fr repeat(8, 1fr) 1fr', {
      count: () => rows.length,
      row: (i) => ({ key: String(rows[i].n), cells: stepCells(rows[i]) }),
      cuttable: [1],
      action: {
        header: 'Files',
        label: 'Changes',
        title: 'Show Changes of This Turn',
        run: (i) => rows[i] && showChanges(rows[i].messageID),
      },
    });
    parent.append(this.label, this.grid.element);
  }

  /** Rows from `from` on changed (or were added). */
  render(from: number): void {
    this.widest.add(this.state.rows, from);
    const widths = this.widest.widths();
    if (widths.join() !== this.shownWidths) {
      this.shownWidths = widths.join();
      this.grid.setColumns(`${columnTemplate(widths, STEP_GROW)} ${FILES_COLUMN}`, `calc(${leastWidth(widths)} + ${FILES_MIN})`);
    }
    this.grid.refresh(from);
    this.label.textContent = `${formatCount(this.state.rows.length)} steps`;
  }

  /** Its tab was shown: lay out again (a hidden table has no size). */
  shown(): void {
    this.grid.shown();
  }
}

const STEP_HEADERS = [h('Step', '#'), h('Model'), ...FIGURE_HEADERS.slice(0, 5), h('Cost'), h('Context', 'Ctx'), FIGURE_HEADERS[7]];
const STEP_GROW = [0.6, 1.4, 1, 1, 1, 1, 1, 1.4, 1, 1];
const MODEL_CH = 8;
const FILES_MIN = '7em';
const FILES_COLUMN = `minmax(${FILES_MIN}, 1fr)`;

/**
 * The widest figure of each step column so far, kept as it grows: a step's cells are the longer the larger its
 * figures, so the step made of every column's largest figure is as wide as the widest. Reads each step once.
 */
class WidestStep {
  private seen = 0;
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
    }
    this.seen = rows.length;
  }

  /** Least width of each column in ch (Model: a fixed least; it is cut, with its name on hover). */
  widths(): number[] {
    const cells = stepCells({ ...this.max, context: 1 });
    // "(no list price)" may be longer than a list figure: both may be shown.
    const costs = [cells[7], ...(this.max.listCost !== undefined ? [stepCost({ ...this.max, listCost: null })] : [])];
    return STEP_HEADERS.map((header, i) =>
      i === 1 ? MODEL_CH : leastCh(header, i === 7 ? costs : i >= 8 ? [cells[i], '100%'] : [cells[i]]),
    );
  }
}

function stepCells(s: StepRow): string[] {
  return [
    String(s.n),
    s.model,
    formatCount(s.input),
    formatCount(s.output),
    formatCount(s.reasoning),
    formatCount(s.cacheRead),
    formatCount(s.cacheWrite),
    stepCost(s),
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
