// Which budgets the Timeline's money chart draws as lines over one tree's cumulative cost. The session budget
// counts the session with its sub-agents, which is that line: drawn whenever set. A window budget (the rolling
// hour, the day since local midnight, the week since Monday) counts every session's spend since the window's
// start, and its count restarts at each new window; the tree's line never restarts. So a window's line is drawn
// only while the tree's whole range lies inside one of its windows: then the tree's line is its share of that
// window's spend (a floor: other sessions count too). A tree that crosses midnight, a Monday or spans more than
// an hour would be drawn against a count it is not: that window's line is left out, and the chart says so.
import { BUDGETS, type BudgetName } from '../budget';
import { startOfDay } from '../calendar';
import { startOfWeek } from '../budgetWindows';

export type BudgetLimits = Partial<Record<BudgetName, number>>;

export interface BudgetLine {
  name: BudgetName;
  usd: number;
}

const HOUR_MS = 3_600_000;

/** The budgets set (> 0) that apply to a tree spanning `span`, and those set that do not. */
export function budgetLines(
  limits: BudgetLimits | undefined,
  span: { start: number; end: number },
): { drawn: BudgetLine[]; left: BudgetName[] } {
  const drawn: BudgetLine[] = [];
  const left: BudgetName[] = [];
  for (const name of BUDGETS) {
    const usd = limits?.[name];
    if (typeof usd !== 'number' || !Number.isFinite(usd) || usd <= 0) continue;
    if (withinOneWindow(name, span)) drawn.push({ name, usd });
    else left.push(name);
  }
  return { drawn, left };
}

function withinOneWindow(name: BudgetName, { start, end }: { start: number; end: number }): boolean {
  switch (name) {
    case 'session':
      return true;
    case 'hour':
      return end - start <= HOUR_MS;
    case 'day':
      return startOfDay(start) === startOfDay(end);
    default:
      return startOfWeek(start) === startOfWeek(end);
  }
}
