// The totals table (own, each child, inclusive; cache efficiency) and the per-step table, virtualised so a
// 20 000-step session keeps a small DOM. Exact numbers: tokens as integers, cost to the micro-dollar.
import { formatCount, formatExactCost, formatPercent } from '../src/present/format';
import { cacheEfficiency } from '../src/present/usageSummary';
import { totalTokens } from '../src/store/usage';
import type { Usage } from '../src/store/usage';
import type { StepRow, UsageSummary } from '../src/features/usage/protocol';
import { grid, type Grid } from './toolkit';
import type { UsageState } from './usageState';
import { VirtualGrid } from './virtualGrid';

const FIGURE_HEADERS = ['Input', 'Output', 'Reasoning', 'Cache read', 'Cache write', 'Total tokens', 'Cost', 'Cache eff.'];

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
    // is left to it: fixed least widths (room for "Reasoning") keep every row's columns, header's included, alike.
    this.grid = grid('totals', ['', ...FIGURE_HEADERS], 'minmax(10em, 2fr) repeat(8, minmax(7em, 1fr))');
    parent.appendChild(this.grid.element);
  }

  set(summary: UsageSummary): void {
    const total = summary.inclusive.cost || 1;
    this.grid.setRows([
      { key: 'own', cells: ['This session (own)', ...figureCells(summary.own)] },
      ...summary.children.map((c, i) => ({
        key: `child-${i}`,
        cells: [`↳ ${c.label} (${formatPercent(c.usage.cost / total)})`, ...figureCells(c.usage)],
      })),
      { key: 'inclusive', cells: ['Inclusive (Σ)', ...figureCells(summary.inclusive)] },
    ]);
  }
}

/** Every step, virtualised: a 20 000-step session keeps a few dozen rows in the DOM, and a live step rewrites
 * only the rows showing changed steps. It follows the newest step while scrolled to the end. */
export class StepsTable {
  private readonly grid: VirtualGrid;
  private readonly label = document.createElement('p');

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
    this.grid.refresh(from);
    this.label.textContent = `${formatCount(this.state.rows.length)} steps`;
  }

  /** Its tab was shown: lay out again (a hidden table has no size). */
  shown(): void {
    this.grid.shown();
  }
}

const STEP_HEADERS = ['Step', 'Model', 'Input', 'Output', 'Reasoning', 'Cache read', 'Cache write', 'Cost', 'Context', 'Cache eff.'];

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
