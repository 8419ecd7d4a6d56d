// How list-price estimates read: apart from what OpenCode recorded, marked with "≈", and "no list price" where
// the catalog has no priced listing. Provider names come from the server: callers escape them like any value.
import type { ListFigures, ListSum } from '../store/price/listSum';
import type { Usage } from '../store/usage';
import { formatCost, formatCount, formatExactCost } from './format';

/** "Anthropic's" / "Anthropic's and OpenAI's". */
function whose(sum: ListSum): string {
  return sum.sources.map((name) => `${name}'s`).join(' and ');
}

/** "at Anthropic's list price; OpenCode recorded $0" for a session shown at list price. */
export function listPriceNote(own: Usage, sum: ListSum): string {
  return `at ${whose(sum)} list price; OpenCode recorded ${own.cost === 0 ? '$0' : formatCost(own.cost)}`;
}

/** Tooltip rows (label, raw value) for a session's list prices; none when nothing was recorded at $0. */
export function listPriceRows(
  own: Usage,
  inclusive: Usage,
  hasChildren: boolean,
  list: ListFigures,
): Array<{ label: string; value: string }> {
  const rows: Array<{ label: string; value: string }> = [];
  if (list.own.listCost > 0)
    rows.push({ label: 'List price', value: `≈${formatExactCost(list.own.listCost)} ${listPriceNote(own, list.own)}` });
  if (list.own.unlistedTokens > 0)
    rows.push({ label: 'No list price', value: `${formatCount(list.own.unlistedTokens)} tokens recorded at $0 have no priced listing` });
  if (hasChildren && list.inclusive.listCost > 0) {
    rows.push({
      label: 'Σ with sub-agents at list price',
      value: `≈${formatExactCost(inclusive.cost + list.inclusive.listCost)}, of which ${formatExactCost(list.inclusive.listCost)} at ${whose(list.inclusive)} list price`,
    });
  }
  return rows;
}
