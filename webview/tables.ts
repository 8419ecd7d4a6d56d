// The totals table (own, each child, inclusive; cache efficiency) and the per-step table, paged so a
// 5 000-step session keeps a small DOM. Exact numbers: tokens as integers, cost to the micro-dollar.
import { formatCount, formatExactCost, formatPercent } from '../src/present/format';
import { cacheEfficiency } from '../src/present/usageSummary';
import { totalTokens } from '../src/store/usage';
import type { Usage } from '../src/store/usage';
import type { StepRow, UsageSummary } from './protocol';
import { button, grid, setDisabled, type Grid } from './toolkit';

const FIGURE_HEADERS = ['Input', 'Output', 'Reasoning', 'Cache read', 'Cache write', 'Total tokens', 'Cost', 'Cache eff.'];
export const PAGE = 100;

/** A share that may be unknown (no prompt tokens, no model limit). */
export const percentOrDash = (f: number | undefined) => (f === undefined ? '–' : formatPercent(f));

function figureCells(u: Usage): string[] {
  const total = totalTokens(u);
  return [formatCount(u.input), formatCount(u.output), formatCount(u.reasoning), formatCount(u.cacheRead), formatCount(u.cacheWrite), formatCount(total), formatExactCost(u.cost), percentOrDash(cacheEfficiency(u))];
}

export class TotalsTable {
  private readonly grid: Grid;

  constructor(parent: HTMLElement) {
    this.grid = grid('totals', ['', ...FIGURE_HEADERS], '2fr repeat(8, 1fr)');
    parent.appendChild(this.grid.element);
  }

  set(summary: UsageSummary): void {
    const total = summary.inclusive.cost || 1;
    this.grid.setRows([
      { key: 'own', cells: ['This session (own)', ...figureCells(summary.own)] },
      ...summary.children.map((c, i) => ({ key: `child-${i}`, cells: [`↳ ${c.label} (${formatPercent(c.usage.cost / total)})`, ...figureCells(c.usage)] })),
      { key: 'inclusive', cells: ['Inclusive (Σ)', ...figureCells(summary.inclusive)] },
    ]);
  }
}

export class StepsTable {
  private readonly grid: Grid;
  private readonly label = document.createElement('span');
  private readonly prev: HTMLElement;
  private readonly next: HTMLElement;
  private rows: StepRow[] = [];
  private page = -1; // -1: follow the last page as steps arrive

  /** `showChanges(messageID)`: what the turn of that step changed (the host opens it in the diff editor). */
  constructor(
    parent: HTMLElement,
    private readonly showChanges: (messageID: string) => void,
  ) {
    const bar = document.createElement('div');
    bar.className = 'pager';
    this.prev = button('Previous', () => this.go(this.current() - 1), { secondary: true, id: 'steps-prev' });
    this.next = button('Next', () => this.go(this.current() + 1), { secondary: true, id: 'steps-next' });
    bar.append(this.prev, this.label, this.next);
    this.grid = grid('steps', ['Step', 'Model', 'Input', 'Output', 'Reasoning', 'Cache read', 'Cache write', 'Cost', 'Context', 'Cache eff.', 'Files'], '0.6fr 1.4fr repeat(8, 1fr) 1fr');
    parent.append(bar, this.grid.element);
  }

  /** Rows from `from` on are replaced; the page is redrawn only when it shows any of them. */
  set(from: number, rows: readonly StepRow[]): void {
    this.rows.length = from;
    this.rows.push(...rows);
    const start = this.current() * PAGE;
    if (from < start + PAGE || this.page === -1) this.render();
    else this.renderPager();
  }

  private pages(): number {
    return Math.max(1, Math.ceil(this.rows.length / PAGE));
  }

  private current(): number {
    return this.page === -1 ? this.pages() - 1 : Math.min(this.page, this.pages() - 1);
  }

  private go(page: number): void {
    const last = this.pages() - 1;
    this.page = page >= last ? -1 : Math.max(0, page);
    this.render();
  }

  private render(): void {
    const start = this.current() * PAGE;
    this.grid.setRows(
      this.rows.slice(start, start + PAGE).map((s) => ({
        key: String(s.n),
        cells: [String(s.n), s.model, formatCount(s.input), formatCount(s.output), formatCount(s.reasoning), formatCount(s.cacheRead), formatCount(s.cacheWrite), stepCost(s), percentOrDash(s.context), percentOrDash(cacheEfficiency(s))],
        action: { label: 'Changes', title: 'Show Changes of This Turn', run: () => this.showChanges(s.messageID) },
      })),
    );
    this.renderPager();
  }

  private renderPager(): void {
    const page = this.current();
    this.label.textContent = `Steps ${this.rows.length ? page * PAGE + 1 : 0}–${Math.min(this.rows.length, (page + 1) * PAGE)} of ${this.rows.length}`;
    setDisabled(this.prev, page === 0);
    setDisabled(this.next, page >= this.pages() - 1);
  }
}

/** Recorded cost, and apart from it the list-price estimate of a step recorded at $0 ("no list price" when none). */
function stepCost(s: StepRow): string {
  if (s.listCost === undefined) return formatExactCost(s.cost);
  return s.listCost === null ? `${formatExactCost(s.cost)} (no list price)` : `${formatExactCost(s.cost)} (≈${formatExactCost(s.listCost)} list)`;
}
