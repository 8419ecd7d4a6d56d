// What each chart shows for the data it has (pure; unit-tested): a sentence where a chart would say less
// than words (nothing yet, a single model, no sub-agents), and how wide a step's bar is drawn (a gap between
// neighbours, no bar wider than a bar should be, however few the steps).
import { formatCost, formatCount } from '../src/present/format';
import type { ShareRow, UsageSummary } from '../src/features/usage/protocol';
import { totalTokens } from '../src/store/usage';

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

/** Cost by model: the words instead of the doughnut, or undefined to draw it (two models or more, some cost). */
export function modelsInWords(byModel: readonly ShareRow[]): string | undefined {
  if (!byModel.length) return 'No model has been called yet.';
  const cost = (m: ShareRow) => m.usage.cost + (m.listCost ?? 0);
  if (byModel.length === 1) {
    const [m] = byModel;
    const list = m.listCost ? ` (≈ ${formatCost(m.listCost)} more at list price)` : '';
    return `One model: ${m.label}, ${formatCost(m.usage.cost)}${list} for ${formatCount(totalTokens(m.usage))} tokens.`;
  }
  if (byModel.every((m) => cost(m) === 0))
    return `No cost recorded yet for its ${byModel.length} models (${byModel.map((m) => m.label).join(', ')}).`;
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
