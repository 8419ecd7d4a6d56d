// What the usage panel shows above a session's steps, derived from the connection's store: the summary, the
// per-day trend and the totals, with the steps as the panel's StepList holds them.
import type { ServerConnection } from '../../client/serverConnection';
import { buildSummary } from '../../present/usageSummary';
import type { ModelShares, StepRow, UsageSummary } from '../../present/usageRows';
import type { SessionRecord } from '../../store/sessionRecord';
import type { UsageByDay } from '../../store/usageByDay';

export type { StepRow, UsageSummary };

/** The steps' parts of the summary: where compactions happened and each model's share (StepList.shares). */
export interface StepsSummary extends ModelShares {
  compactions: number[];
}

/** `contextLimit`: the largest context limit known of the session's models. */
export function usageSummary(
  connection: ServerConnection,
  record: SessionRecord,
  steps: StepsSummary,
  /** The server's per-day trend (DayTrend). */
  trend: UsageByDay,
  contextLimit: number | undefined,
  options: { threshold: number; loading: boolean; trendFailed?: number },
): UsageSummary {
  const sessionId = record.info.id;
  return buildSummary({
    record,
    server: connection.label,
    inclusive: connection.sessions.inclusive(sessionId),
    descendants: connection.sessions.descendantsOf(sessionId),
    trend,
    byModel: steps.byModel,
    otherModels: steps.otherModels,
    compactions: steps.compactions,
    contextLimit,
    threshold: options.threshold,
    loading: options.loading,
    trendFailed: options.trendFailed ?? 0,
  });
}
