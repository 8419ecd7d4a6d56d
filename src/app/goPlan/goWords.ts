// How Go's windows are named and shown: `Go 5h 62 % · resets 16:40`.
import * as vscode from 'vscode';
import { formatClock } from '../../present/clock';
import type { GoWindow, GoWindowName } from '../../store/goPlan';

const SHORT: Record<GoWindowName, string> = { rolling: '5h', weekly: 'week', monthly: 'month' };

/** "5-hour", "weekly", "monthly": as a warning names the window. */
export function goWindowLabel(name: GoWindowName): string {
  switch (name) {
    case 'rolling':
      return vscode.l10n.t('5-hour');
    case 'weekly':
      return vscode.l10n.t('weekly');
    case 'monthly':
      return vscode.l10n.t('monthly');
  }
}

/** `Go 5h 62 % · resets 16:40`, rate-limited said plainly. */
export function goWindowText(name: GoWindowName, w: GoWindow, now = Date.now()): string {
  const limited = w.status === 'rate-limited' ? ` · ${vscode.l10n.t('rate-limited')}` : '';
  return `Go ${SHORT[name]} ${w.percent} %${limited} · ${vscode.l10n.t('resets {0}', formatClock(w.resetsAt, now))}`;
}

/** The compact form for the status bar text: `Go 5h 85%`. */
export function goCompact(name: GoWindowName, w: GoWindow): string {
  return `Go ${SHORT[name]} ${w.percent}%`;
}
