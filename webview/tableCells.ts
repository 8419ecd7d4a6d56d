// The usage tables' texts without a DOM (tables.ts writes them): each totals row's cells (own, the sub-agents as
// chartShape.ts's childRows lists them, Σ) and each column's least width from them; a step's cells, and the widest
// figure of each step column so far, kept as steps come. Exact numbers: tokens as integers, cost to the micro-dollar.
import { maxOf } from '../src/base/arrays';
import type { StepRow, UsageSummary } from '../src/features/usage/protocol';
import { formatCount, formatExactCost, formatPercent } from '../src/present/format';
import { cacheEfficiency } from '../src/present/usageSummary';
import { totalTokens, type Usage } from '../src/store/usage';
import { childRows } from './chartShape';
import { leastCh, type Column, type Header } from './columns';

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
  return [
    formatCount(u.input),
    formatCount(u.output),
    formatCount(u.reasoning),
    formatCount(u.cacheRead),
    formatCount(u.cacheWrite),
    formatCount(totalTokens(u)),
    formatExactCost(u.cost),
    share,
    percentOrDash(cacheEfficiency(u)),
  ];
}

/**
 * The totals' columns: the names, the token figures and cost, each child's share of the cost with sub-agents (a
 * figure, so never cut; only where there are sub-agents), and cache efficiency.
 */
export const TOTALS_HEADERS = [h(''), ...FIGURE_HEADERS.slice(0, 7), h('Share of Σ cost', 'Share'), FIGURE_HEADERS[7]];
export const SHARE_COLUMN = 8;

export interface TotalsRows {
  rows: Array<{ key: string; cells: string[] }>;
  /** Each column's least width, from its widest text. */
  columns: Column[];
  /** Whether the session has sub-agents: only then are there shares and a Σ row. */
  withChildren: boolean;
}

export function totalsRows(summary: UsageSummary): TotalsRows {
  const total = summary.inclusive.cost;
  const share = (cost: number) => (total > 0 ? formatPercent(cost / total) : '–');
  const withChildren = summary.children.length > 0;
  // A session without sub-agents has no "with sub-agents" figures to add: one row, as the tree shows no Σ.
  const rows = withChildren
    ? [
        { key: 'own', cells: ['This session (own)', ...figureCells(summary.own, share(summary.own.cost))] },
        ...childRows(summary.children).map((c, i) => ({
          key: `child-${i}`,
          cells: [`↳ ${c.label}`, ...figureCells(c.usage, share(c.usage.cost))],
        })),
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
  return { rows, columns, withChildren };
}

export const STEP_HEADERS = [h('Step', '#'), h('Model'), ...FIGURE_HEADERS.slice(0, 5), h('Cost'), h('Context', 'Ctx'), FIGURE_HEADERS[7]];
const MODEL_CH = 8;

/**
 * The widest figure of each step column so far, kept as it grows: a step's cells are the longer the larger its
 * figures, so the step made of every column's largest figure is as wide as the widest. Reads each step once.
 */
export class WidestStep {
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
export const COPIED_TITLE = 'Copied when this session was forked: spent by the session it was forked from, not here (counted at $0).';

export function stepCells(row: StepRow): string[] {
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
