// What the usage panel shows for one session, derived from the connection's store: its steps (with the
// context % of each) and the summary, trend and totals above them.
import type { ServerConnection } from '../../client/serverConnection';
import { sessionSteps } from '../../present/usageSteps';
import { buildSummary } from '../../present/usageSummary';
import type { StepRow, UsageSummary } from '../../present/usageRows';
import { modelKey } from '../../store/modelLimits';
import type { SessionRecord } from '../../store/sessionRecord';
import { usageByDay } from '../../store/usageByDay';

export type { StepRow, UsageSummary };

/** `limits`: context limits per model key, as read so far (undefined: the server does not know). */
export function usageReport(
  connection: ServerConnection,
  record: SessionRecord,
  limits: ReadonlyMap<string, number | undefined>,
  options: { threshold: number; loading: boolean; listPrices: boolean; trendFailed?: number },
): { steps: StepRow[]; summary: UsageSummary } {
  const sessionId = record.info.id;
  const { steps, compactions } = sessionSteps(
    record,
    (p, m) => limits.get(modelKey(p, m)),
    options.listPrices ? connection.listPrices.pricer : undefined,
  );
  const known = [...limits.values()].filter((l): l is number => l !== undefined);
  const summary = buildSummary({
    record,
    server: connection.label,
    inclusive: connection.sessions.inclusive(sessionId),
    descendants: connection.sessions.descendantsOf(sessionId),
    trend: usageByDay(connection.sessions.all(), (r) => connection.history.isComplete(r)),
    steps,
    compactions,
    contextLimit: known.length ? Math.max(...known) : undefined,
    threshold: options.threshold,
    loading: options.loading,
    trendFailed: options.trendFailed ?? 0,
  });
  return { steps, summary };
}
