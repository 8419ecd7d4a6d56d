// How numbers read everywhere they are shown: tree badges, tooltips, the status bar, notifications and the
// usage webview. Rounding happens only here, for display; the store keeps the server's exact values.
import type { ListFigures } from '../store/price/listSum';
import { totalTokens, type Usage } from '../store/usage';

/** 950 → "950", 12_345 → "12.3k", 4_560_000 → "4.56M". */
export function formatTokens(n: number): string {
  const whole = Math.round(n);
  if (whole < 1000) return String(whole);
  const thousands = trim(n / 1000, n < 10_000 ? 2 : 1);
  // 999 999 would round to "1000k": that is "1M".
  if (Number(thousands) < 1000) return `${thousands}k`;
  return `${trim(n / 1_000_000, n < 10_000_000 ? 2 : 1)}M`;
}

/**
 * Dollars with cents, and two significant digits below ten cents so small sessions do not all read
 * "$0.00": 0.23 → "$0.23", 0.00756 → "$0.0076", 0 → "$0.00", 12.5 → "$12.50".
 */
export function formatCost(usd: number): string {
  if (usd === 0) return '$0.00';
  if (usd >= 0.1) return `$${usd.toFixed(2)}`;
  const digits = Math.min(6, Math.max(2, 1 - Math.floor(Math.log10(usd))));
  const fixed = usd.toFixed(digits);
  // 0.0999 rounds up to ten cents: then it reads like every other amount from ten cents up.
  return Number(fixed) >= 0.1 ? `$${usd.toFixed(2)}` : `$${fixed}`;
}

/**
 * The cost as the server recorded it, for tooltips and tables: no rounding beyond a micro-dollar. Nothing is
 * "$0.00": six zeros read as noise, and $0 is exact at two decimals too.
 */
export function formatExactCost(usd: number): string {
  return usd === 0 ? '$0.00' : `$${usd.toFixed(6)}`;
}

function trim(value: number, decimals: number): string {
  return value.toFixed(decimals).replace(/\.?0+$/, '');
}

/**
 * A session's badge in the tree and the status bar, money first so that a narrow side bar cuts the tokens,
 * never the cost: its own cost, the inclusive cost when sub-agents add to it, then its own tokens.
 * "$0.050 · 14.5k", "$0.050 · Σ $0.062 · 14.5k". The tooltip has every figure in full.
 */
export function sessionBadge(own: Usage, inclusive: Usage, hasDescendants: boolean, list?: ListFigures, partial = false): string {
  return `${costBadge(own, inclusive, hasDescendants, list, partial)} · ${tokensWord(totalTokens(own))}`;
}

/** A session's own tokens as its row and badge end: "14.5k", and "0 tokens" (a bare "0" reads as nothing). */
export function tokensWord(tokens: number): string {
  return tokens > 0 ? formatTokens(tokens) : '0 tokens';
}

/**
 * Marks a total that leaves out what is not read yet (OpenCode 2 listed by parent: sub-agents below a row not
 * opened): "≥$0.062", at least that much.
 */
export const PARTIAL_MARK = '≥';

/**
 * The money a session badge starts with: "$0.050", or "$0.050 · Σ $0.062" with sub-agents ("Σ ≥$0.062" while some
 * below it are not read: `partial`); with list prices, "≈$1.20" where OpenCode recorded $0 (see listPriceText).
 */
export function costBadge(own: Usage, inclusive: Usage, hasDescendants: boolean, list?: ListFigures, partial = false): string {
  return hasDescendants || partial
    ? `${ownMoney(own, list)} · Σ ${partial ? PARTIAL_MARK : ''}${inclusiveMoney(inclusive, list)}`
    : ownMoney(own, list);
}

/** The session's own money: "$0.050", or "≈$1.20" when OpenCode recorded $0 and a list price is known. */
export function ownMoney(own: Usage, list?: ListFigures): string {
  return own.cost === 0 && list && list.own.listCost > 0 ? `≈${formatCost(list.own.listCost)}` : formatCost(own.cost);
}

/** The task tree's money: recorded plus list price, marked "≈" when any of it is list price. */
export function inclusiveMoney(inclusive: Usage, list?: ListFigures): string {
  return list && list.inclusive.listCost > 0 ? `≈${formatCost(inclusive.cost + list.inclusive.listCost)}` : formatCost(inclusive.cost);
}

/** 0.255 → "25.5%", 1 → "100%": one decimal, as precise as a glance needs. */
export function formatPercent(fraction: number): string {
  return `${(Math.round(fraction * 1000) / 10).toFixed(1).replace(/\.0$/, '')}%`;
}

/** Exact counts with thousands separators, independent of the locale: 51000 → "51,000". */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 45_000 → "45s", 192_000 → "3m 12s", 7_500_000 → "2h 5m". Whole units, rounded down. */
export function formatDuration(ms: number): string {
  const seconds = Math.floor(Math.max(0, Number.isFinite(ms) ? ms : 0) / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

/**
 * How long something has been running, as a row that is redrawn when it changes shows it: seconds in the first minute,
 * then whole minutes (a row redrawn every second closes its own tooltip before it can open).
 */
export function formatElapsed(ms: number): string {
  const seconds = Math.floor(Math.max(0, Number.isFinite(ms) ? ms : 0) / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

/** Milliseconds until `formatElapsed` of a span now `ms` long reads differently. */
export function untilElapsedChanges(ms: number): number {
  const elapsed = Math.max(0, Number.isFinite(ms) ? ms : 0);
  const unit = elapsed < 60_000 ? 1_000 : 60_000;
  return unit - (elapsed % unit);
}

/** A moment in the user's locale and time zone, for tooltips. */
export function formatLocalTime(ms: number): string {
  return new Date(ms).toLocaleString();
}
