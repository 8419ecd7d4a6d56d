// What a forecast says, in the tooltip, the notifications and the usage panel: one wording everywhere.
import * as vscode from 'vscode';
import { formatClock, formatRate, formatSpan } from '../../present/clock';
import { forecastAll, PACE_WINDOW_MS, type Forecast } from '../../store/forecast';
import { budgetLimits } from '../settings/budgetLimits';
import type { SpendWindows } from './spendWindows';

/**
 * The window the pace is measured over, as the tooltip explains it, and whose pace each budget's is when the
 * session budget's (its task tree's) differs from the windows' (every server's).
 */
export function paceExplained(sessionPaced = false): string {
  const minutes = PACE_WINDOW_MS / 60_000;
  return sessionPaced
    ? vscode.l10n.t(
        "what was spent over the last {0} minutes, from its first reply to its last: the session budget's by this session and its sub-agents, the other budgets' by every server.",
        minutes,
      )
    : vscode.l10n.t('what was spent over the last {0} minutes, from its first reply to its last.', minutes);
}

/** "at this pace, reached at 16:40 ($1.20/h)"; undefined when there is nothing to say (quiet, over, off). */
export function forecastPhrase(forecast: Forecast | null | undefined, now = Date.now()): string | undefined {
  switch (forecast?.state) {
    case 'reached':
      return vscode.l10n.t(
        'at this pace, reached at {0} ({1})',
        formatClock(Math.max(now, forecast.reachedAt!), now),
        formatRate(forecast.ratePerHour),
      );
    case 'afterReset':
      return vscode.l10n.t('at this pace, not before it resets ({0})', formatRate(forecast.ratePerHour));
    case 'stopped':
      return vscode.l10n.t('spending stopped');
    default:
      return undefined;
  }
}

/** "At this pace the day budget is reached in ~25 min."; undefined unless it is reached before it resets. */
export function reachedInSentence(budget: string, forecast: Forecast | null | undefined, now = Date.now()): string | undefined {
  if (forecast?.state !== 'reached') return undefined;
  return vscode.l10n.t(
    'At this pace the {0} budget is reached in {1} (at {2}).',
    budget,
    formatSpan(Math.max(0, forecast.reachedAt! - now)),
    formatClock(Math.max(now, forecast.reachedAt!), now),
  );
}

/**
 * One line for the usage panel's header, under the session's own figures: every server's pace and the soonest
 * window budget it reaches, "All servers are spending $2.40/h (last 15 min) · day budget at this pace, reached at
 * 16:40"; undefined when nothing spends. It names what it covers: shown with an idle session, it must not read as
 * that session's rate.
 */
export function paceHeadline(spend: SpendWindows, now = Date.now()): string | undefined {
  const { all } = spend.pace(now);
  if (!all || all.stoppedAt !== undefined) return undefined;
  const limits = budgetLimits();
  const forecasts = forecastAll({ limits, windows: spend.current(limits.week > 0, now), pace: all });
  const names = { hour: vscode.l10n.t('hourly budget'), day: vscode.l10n.t('day budget'), week: vscode.l10n.t('week budget') };
  const soonest = (['hour', 'day', 'week'] as const)
    .map((name) => ({ name, f: forecasts[name] }))
    .filter(({ f }) => f?.state === 'reached')
    .sort((a, b) => a.f!.reachedAt! - b.f!.reachedAt!)[0];
  const pace = vscode.l10n.t('All servers are spending {0} (last {1} min)', formatRate(all.ratePerHour), PACE_WINDOW_MS / 60_000);
  return soonest ? `${pace} · ${names[soonest.name]} ${forecastPhrase(soonest.f, now)}` : pace;
}
