// The status bar's lines about OpenCode Go's plan windows (only with a Go key): `Go 5h 62 % · resets 16:40`, each
// window's forecast, and the last read's failure with the time of the figures kept.
import * as vscode from 'vscode';
import type { GoPlanModel } from '../../app/goPlan/goPlanModel';
import { goCompact, goWindowText } from '../../app/goPlan/goWords';
import { formatClock } from '../../present/clock';
import { GO_WINDOWS } from '../../store/goPlan';
import type { Line } from './sessionLines';

const WARN_PERCENT = 80;

export function goLines(plan: GoPlanModel | undefined, now = Date.now()): Line[] {
  if (!plan?.enabled) return [];
  const { usage, readAt, error, forecasts } = plan.shown;
  const lines: Line[] = [];
  const label = vscode.l10n.t('OpenCode Go');
  if (usage)
    for (const name of GO_WINDOWS) {
      const f = forecasts[name];
      const pace =
        f?.state === 'reached'
          ? ` · ${vscode.l10n.t('at this pace 100 % at {0}', formatClock(f.reachedAt!, now))}`
          : f?.state === 'afterReset'
            ? ` · ${vscode.l10n.t('at this pace not before it resets')}`
            : '';
      lines.push({ label, value: goWindowText(name, usage.windows[name], now) + pace });
    }
  if (error)
    lines.push({
      label,
      value: usage && readAt ? `${error} ${vscode.l10n.t('Figures from {0}.', formatClock(readAt, now))}` : error,
    });
  else if (!usage) lines.push({ label, value: vscode.l10n.t('reading…') });
  return lines;
}

/** `Go 5h 85%` for every window over the warning threshold, for the status bar text; '' when none is. */
export function goCompactText(plan: GoPlanModel | undefined): string {
  const usage = plan?.enabled ? plan.shown.usage : undefined;
  if (!usage) return '';
  return GO_WINDOWS.filter((n) => usage.windows[n].percent >= WARN_PERCENT || usage.windows[n].status === 'rate-limited')
    .map((n) => goCompact(n, usage.windows[n]))
    .join(' · ');
}
