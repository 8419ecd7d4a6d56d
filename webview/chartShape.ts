// What each chart shows for the data it has (pure; unit-tested): a sentence where a chart would say less
// than words (nothing yet, a single model, no sub-agents), the summary charts' labels and values (the costliest
// models and sub-agents each on their own, the rest as one: a tree of thousands draws a few dozen bars or slices,
// and the totals table as many rows), and how wide a step's bar is drawn (a gap between neighbours, no bar wider
// than a bar should be, however few the steps).
import { formatCost, formatCount } from '../src/present/format';
import type { OtherRows, ShareRow, UsageSummary } from '../src/features/usage/protocol';
import { MODELS_NAMED } from '../src/present/usageRows';
import { addUsageInto, totalTokens, ZERO_USAGE } from '../src/store/usage';
import { bucketSize, type XY } from './decimate';

/** Sub-agents named on their own in the shares chart and the totals table; the rest are one row. */
export const MAX_CHILD_ROWS = 50;
/** Models named on their own in the cost by model chart; the rest are one slice (the host names no more). */
export const MAX_MODEL_SLICES = MODELS_NAMED;
/** The trend chart draws the newest days up to this many (a server's days are as many as its messages' dates). */
export const MAX_TREND_DAYS = 366;

/** What the steps charts say with no step yet: none was called, or the first is still running (a session waiting
 * for a permission has called a model, but OpenCode records the step's usage only when it ends). */
export const NO_STEPS = 'No finished step yet: OpenCode records a step’s tokens and cost when the step ends.';

/** The widest a bar is drawn, in CSS pixels (a one-step session is one modest bar, not the whole width). */
export const MAX_BAR_PX = 96;

/**
 * Where a bar spanning pixels `left`..`right` of its axis is drawn: whole pixels, centred, with a gap of a
 * fifth of its slot to its neighbours (none when the slots are too narrow to spare one: a bar per pixel or
 * two when thousands of steps are drawn), and at most MAX_BAR_PX wide.
 */
export function barSpan(left: number, right: number): { left: number; width: number } {
  const slot = right - left;
  const gap = slot >= 5 ? Math.max(1, Math.round(slot / 5)) : 0;
  const width = Math.min(slot - gap, MAX_BAR_PX);
  return { left: left + Math.floor((slot - width) / 2), width };
}

/**
 * Cost by model: the words instead of the doughnut, or undefined to draw it (two models or more, some cost).
 * `others`: the models the host did not name (UsageSummary.otherModels).
 */
export function modelsInWords(byModel: readonly ShareRow[], others?: OtherRows): string | undefined {
  const count = byModel.length + (others?.count ?? 0);
  if (!count) return 'No model has been called yet.';
  const cost = (m: Pick<ShareRow, 'usage' | 'listCost'>) => m.usage.cost + (m.listCost ?? 0);
  if (count === 1 && byModel.length === 1) {
    const [m] = byModel;
    const list = m.listCost ? ` (≈ ${formatCost(m.listCost)} more at list price)` : '';
    return `One model: ${m.label}, ${formatCost(m.usage.cost)}${list} for ${formatCount(totalTokens(m.usage))} tokens.`;
  }
  if (byModel.every((m) => cost(m) === 0) && (!others || cost(others) === 0)) {
    const more = others ? `, and ${formatCount(others.count)} more` : '';
    return `No cost recorded yet for its ${formatCount(count)} models (${byModel.map((m) => m.label).join(', ')}${more}).`;
  }
  return undefined;
}

/** Each session's share of Σ: the words instead of the bars, or undefined to draw them (some sub-agent). */
export function sharesInWords(summary: UsageSummary): string | undefined {
  if (summary.children.length) return undefined;
  return `No sub-agents: this session's own cost, ${formatCost(summary.own.cost)}, is all of Σ.`;
}

/** Tokens and cost per day: the words instead of the chart, or undefined to draw it (a day or more). */
export function trendInWords(summary: Pick<UsageSummary, 'days' | 'trend'>): string | undefined {
  if (summary.days.length) return undefined;
  return summary.trend?.pending ? 'No day read yet: the sessions of this server are being read.' : 'No usage recorded on this server yet.';
}

/** What a summary chart draws: its labels and each dataset's values, and the words shown instead, if any. */
export interface ChartData {
  labels: string[];
  series: number[][];
  words?: string;
}

/**
 * The `most` rows of the highest cost (list-price estimates counted), in the order given, then one row summing the
 * rest and `others` (rows the host already summed) named `rest(count)`: sorted by index, not by label, so the order
 * is the host's.
 */
export function costliest(rows: readonly ShareRow[], most: number, rest: (count: number) => string, others?: OtherRows): ShareRow[] {
  if (rows.length <= most && !others) return [...rows];
  const cost = (r: ShareRow) => r.usage.cost + (r.listCost ?? 0);
  const kept = new Set(
    rows
      .map((_, i) => i)
      .sort((a, b) => cost(rows[b]) - cost(rows[a]) || a - b)
      .slice(0, most),
  );
  const usage = { ...ZERO_USAGE };
  let listCost = 0;
  for (const row of [...rows.filter((_, i) => !kept.has(i)), ...(others ? [others] : [])]) {
    addUsageInto(usage, row.usage);
    listCost += row.listCost ?? 0;
  }
  const count = rows.length - kept.size + (others?.count ?? 0);
  return [...rows.filter((_, i) => kept.has(i)), { label: rest(count), usage, ...(listCost > 0 && { listCost }) }];
}

/** The sub-agents as the shares chart and the totals table list them. */
export function childRows(children: readonly ShareRow[]): ShareRow[] {
  return costliest(children, MAX_CHILD_ROWS, (n) => `${formatCount(n)} more sub-agents`);
}

/** Cost by model: recorded (inner ring) and at list price (outer), per model. */
export function modelsData(summary: Pick<UsageSummary, 'byModel' | 'otherModels'>): ChartData {
  const byModel = costliest(
    summary.byModel,
    MAX_MODEL_SLICES,
    (n) => (n === 1 ? '1 other model' : `${formatCount(n)} other models`),
    summary.otherModels,
  );
  return {
    labels: byModel.map((m) => `${m.label} ${formatCost(m.usage.cost)}`),
    series: [byModel.map((m) => m.usage.cost), byModel.map((m) => m.listCost ?? 0)],
    words: modelsInWords(summary.byModel, summary.otherModels),
  };
}

/** Each session's share of Σ, in %. */
export function sharesData(summary: UsageSummary): ChartData {
  const total = summary.inclusive.cost || 1;
  const children = childRows(summary.children);
  return {
    labels: ['This session', ...children.map((c) => c.label)],
    series: [[summary.own.cost, ...children.map((c) => c.usage.cost)].map((c) => (100 * c) / total)],
    words: sharesInWords(summary),
  };
}

/** Tokens and cost per day, the newest MAX_TREND_DAYS (the host sends them oldest first). */
export function trendData(summary: Pick<UsageSummary, 'days' | 'trend'>): ChartData {
  const days = summary.days.slice(-MAX_TREND_DAYS);
  return { labels: days.map((d) => d.day), series: [days.map((d) => d.tokens), days.map((d) => d.cost)], words: trendInWords(summary) };
}

/**
 * The context chart's compaction marks: one per compaction after a step the page holds, at that step's context (the
 * threshold where it is unknown), and at most one per bucket of the `max` the chart's line is drawn in (a session
 * compacted after every step of 100 000 draws as many marks as its line has buckets).
 */
export function compactionPoints(
  compactions: readonly number[],
  rows: ReadonlyArray<{ context?: number }>,
  threshold: number,
  max: number,
): XY[] {
  const size = bucketSize(rows.length, max);
  const marked = new Set<number>();
  const points: XY[] = [];
  for (const c of compactions) {
    if (!(c >= 1 && c <= rows.length) || marked.has(Math.floor((c - 1) / size))) continue;
    marked.add(Math.floor((c - 1) / size));
    points.push({ x: c, y: (rows[c - 1].context ?? threshold) * 100 });
  }
  return points;
}
