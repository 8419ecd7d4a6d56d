// What the usage panel shows above a session's steps, derived from the connection's store: the summary, the
// per-day trend and the totals, with the steps as the panel's StepList holds them.
import type { ServerConnection } from '../../client/serverConnection';
import { buildSummary } from '../../present/usageSummary';
import type { StepRow, UsageSummary } from '../../present/usageRows';
import type { SessionRecord } from '../../store/sessionRecord';
import type { UsageByDay } from '../../store/usageByDay';
import type { StepList } from '../../present/usageStepList';
import { maxOf } from '../../base/arrays';

export type { StepRow, UsageSummary };

/** `limits`: context limits per model key, as read so far (undefined: the server does not know). */
export function usageSummary(
  connection: ServerConnection,
  record: SessionRecord,
  steps: Pick<StepList, 'compactions' | 'byModel'>,
  /** The server's per-day trend (DayTrend). */
  trend: UsageByDay,
  limits: ReadonlyMap<string, number | undefined>,
  options: { threshold: number; loading: boolean; trendFailed?: number },
): UsageSummary {
  const sessionId = record.info.id;
  const known = [...limits.values()].filter((l): l is number => l !== undefined);
  return buildSummary({
    record,
    server: connection.label,
    inclusive: connection.sessions.inclusive(sessionId),
    descendants: connection.sessions.descendantsOf(sessionId),
    trend,
    byModel: steps.byModel(),
    compactions: steps.compactions,
    contextLimit: maxOf(known),
    threshold: options.threshold,
    loading: options.loading,
    trendFailed: options.trendFailed ?? 0,
  });
}
