// The small, whole-state part of the usage panel: totals, shares and trends. Pure: the host feeds it
// the store's records and the extracted steps.
import type { ModelShares, UsageSummary } from './usageRows';
import type { SessionRecord } from '../store/sessionRecord';
import type { Usage } from '../store/usage';
import type { UsageByDay } from '../store/usageByDay';
import { sessionTitle } from './sessionTitle';

export interface SummaryInput extends ModelShares {
  record: SessionRecord;
  server: string;
  inclusive: Usage;
  descendants: readonly SessionRecord[];
  /** The server's per-day trend (see usageByDay). */
  trend: UsageByDay;
  compactions: number[];
  contextLimit?: number;
  threshold: number;
  loading: boolean;
  /** Sessions whose read for the trend failed (among `trend.pending`). */
  trendFailed?: number;
}

export function buildSummary(input: SummaryInput): UsageSummary {
  const { record } = input;
  return {
    sessionID: record.info.id,
    title: sessionTitle(record.info),
    server: input.server,
    own: figures(record.own),
    inclusive: figures(input.inclusive),
    children: input.descendants.map((child) => ({
      label: child.info.title ? sessionTitle(child.info) : child.info.id,
      usage: figures(child.own),
    })),
    byModel: input.byModel,
    ...(input.otherModels && { otherModels: input.otherModels }),
    compactions: input.compactions,
    contextLimit: input.contextLimit,
    threshold: input.threshold,
    days: input.trend.days,
    trend: { pending: input.trend.pending, sessions: input.trend.sessions, failed: input.trendFailed ?? 0 },
    loading: input.loading,
  };
}

/** Cache read ÷ (input + cache read): the share of prompt tokens served from the cache. */
export function cacheEfficiency(u: Usage): number | undefined {
  const prompt = u.input + u.cacheRead;
  return prompt > 0 ? u.cacheRead / prompt : undefined;
}

/** A Usage of its six figures only (a row or record holds more). */
export function figures(u: Usage): Usage {
  return { input: u.input, output: u.output, reasoning: u.reasoning, cacheRead: u.cacheRead, cacheWrite: u.cacheWrite, cost: u.cost };
}
