// The status bar tooltip's lines about spending: today on every server, every session everywhere, and each
// budget that is on. The first two differ (issue 77: "Today $3.57" beside "All sessions $3.66"), so each label
// says what it covers: the replies since local midnight, and every session loaded whatever its day.
import * as vscode from 'vscode';
import { formatCost, formatTokens } from '../../present/format';
import { mixedTokens } from '../../store/k8s';
import type { BudgetName } from '../../store/budget';
import { forecastPhrase, paceExplained } from '../../app/budgets/forecastWords';
import { formatRate } from '../../present/clock';
import type { Line } from './sessionLines';
import type { Figures } from '../../app/budgets/budgetFigures';

const BUDGET_ROWS: ReadonlyArray<[BudgetName, () => string]> = [
  ['session', () => vscode.l10n.t('Session budget')],
  ['hour', () => vscode.l10n.t('Hourly budget (last 60 min)')],
  ['day', () => vscode.l10n.t('Daily budget')],
  ['week', () => vscode.l10n.t('Weekly budget (since Monday)')],
];

export type SpendFigures = Pick<Figures, 'spent' | 'limits'> &
  Partial<Pick<Figures, 'allServers' | 'forecasts' | 'serverPaces' | 'partial'>>;

/** "at least $1.20" where the figure leaves out sub-agents not read yet. */
function money(cost: number, partial: boolean | undefined): string {
  return partial ? vscode.l10n.t('at least {0}', formatCost(cost)) : formatCost(cost);
}

export function spendLines({ spent, limits, allServers, forecasts, serverPaces, partial }: SpendFigures): Line[] {
  const lines: Line[] = [{ label: vscode.l10n.t('Today since 00:00, all servers'), value: money(spent.day, partial?.windows) }];
  if (allServers) {
    const where = [
      allServers.servers === 0
        ? undefined
        : allServers.servers === 1
          ? vscode.l10n.t('1 server')
          : vscode.l10n.t('{0} servers', allServers.servers),
      allServers.clusters === 1
        ? vscode.l10n.t('1 Kubernetes cluster')
        : allServers.clusters
          ? vscode.l10n.t('{0} Kubernetes clusters', allServers.clusters)
          : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    const cost = money(allServers.total.cost, allServers.total.unknownCostTasks > 0 || partial?.allServers);
    lines.push({
      label: vscode.l10n.t('All sessions loaded, any day'),
      value: vscode.l10n.t('{0} · {1} tokens ({2})', cost, formatTokens(mixedTokens(allServers.total)), where),
    });
  }
  let paced = false;
  for (const [name, label] of BUDGET_ROWS)
    if (limits[name] > 0) {
      const unread = name === 'session' ? partial?.session : partial?.windows;
      const used = vscode.l10n.t('{0} of {1}', money(spent[name], unread), formatCost(limits[name]));
      // Quiet when nothing spends: the forecast adds words only while it says something.
      const forecast = forecastPhrase(forecasts?.[name]);
      paced ||= forecast !== undefined;
      lines.push({ label: label(), value: forecast ? `${used} · ${forecast}` : used });
    }
  // The shares of the windows' pace, so they add up to the rate the hour, day and week rows name.
  if (serverPaces?.length)
    lines.push({
      label: vscode.l10n.t('Pace by server'),
      value: vscode.l10n.t(
        "{0} = {1}, every server's",
        serverPaces.map(({ label, share }) => `${label} ${formatRate(share)}`).join(' + '),
        formatRate(serverPaces.reduce((sum, { share }) => sum + share, 0)),
      ),
    });
  const sessionPaced = forecastPhrase(forecasts?.session) !== undefined;
  if (paced || serverPaces?.length) lines.push({ label: vscode.l10n.t('Pace'), value: paceExplained(sessionPaced) });
  if (partial?.windows || partial?.allServers)
    lines.push({ label: vscode.l10n.t('Sub-agents'), value: vscode.l10n.t('not all read yet: "at least" figures leave them out') });
  return lines;
}
