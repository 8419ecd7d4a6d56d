import * as vscode from 'vscode';
import type { ActiveTarget } from '../../app/activeSession';
import type { BudgetName } from '../../store/sessionStatus';
import { formatCost, formatTokens } from '../../present/format';
import { listPriceRows } from '../../present/listPriceText';
import { shownListFigures } from '../../app/settings/listPrice';
import { contextText } from '../../present/tooltipRows';
import type { ContextUsage } from '../../store/contextUsage';
import { totalTokens, type Usage } from '../../store/usage';
import { appendUntrusted } from '../../present/markdown';
import { mixedTokens, type MixedUsage } from '../../store/k8s/clusterTotals';
import { sessionTitle } from '../../present/sessionTitle';
import { stateName, stateWords } from '../../present/stateWords';

export interface StatusFigures {
  target: ActiveTarget;
  context?: ContextUsage;
  /** USD against each budget: the session with its sub-agents, and the hour, day and week windows. */
  spent: Record<BudgetName, number>;
  /** USD; 0 = off. */
  limits: Record<BudgetName, number>;
  /** Every session of every local and cluster server, each once. */
  allServers?: { total: MixedUsage; servers: number; clusters: number };
}

/** The status bar's tooltip: untrusted values escaped, no command links, no HTML. */
const BUDGET_ROWS: ReadonlyArray<[BudgetName, () => string]> = [
  ['session', () => vscode.l10n.t('Session budget')],
  ['hour', () => vscode.l10n.t('Hourly budget (last 60 min)')],
  ['day', () => vscode.l10n.t('Daily budget')],
  ['week', () => vscode.l10n.t('Weekly budget (since Monday)')],
];

export function statusTooltip({ target, context, spent, limits, allServers }: StatusFigures): vscode.MarkdownString {
  const { connection, record } = target;
  const inclusive = connection.sessions.inclusive(record.info.id);
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown('**');
  appendUntrusted(md, sessionTitle(record.info));
  md.appendMarkdown(`**${target.picked ? '' : ` ${vscode.l10n.t('(most recently active)')}`}\n\n`);
  const row = (label: string, value: string) => {
    md.appendMarkdown(`${label}: `);
    appendUntrusted(md, value);
    md.appendMarkdown('  \n');
  };
  const figures = (u: Usage) => vscode.l10n.t('{0} · {1} tokens', formatCost(u.cost), formatTokens(totalTokens(u)));
  row(vscode.l10n.t('Own'), figures(record.own));
  const hasChildren = connection.sessions.childrenOf(record.info.id).length > 0;
  if (hasChildren) row(vscode.l10n.t('With sub-agents'), figures(inclusive));
  const list = shownListFigures(connection, record.info.id);
  if (list) for (const r of listPriceRows(record.own, inclusive, hasChildren, list)) row(r.label, r.value);
  if (context) row(vscode.l10n.t('Context'), contextText(context));
  const model = record.info.model?.id ?? context?.modelID;
  if (model) row(vscode.l10n.t('Model'), model);
  row(vscode.l10n.t('State'), stateWords(stateName(record, connection.state.kind === 'online')));
  row(vscode.l10n.t('Server'), connection.label);
  row(vscode.l10n.t('Today, all servers'), formatCost(spent.day));
  if (allServers) {
    const where = [
      allServers.servers === 0 ? undefined : allServers.servers === 1 ? vscode.l10n.t('1 server') : vscode.l10n.t('{0} servers', allServers.servers),
      allServers.clusters ? vscode.l10n.t('{0} Kubernetes cluster', allServers.clusters) : undefined,
    ].filter(Boolean).join(', ');
    const cost = allServers.total.unknownCostTasks ? vscode.l10n.t('at least {0}', formatCost(allServers.total.cost)) : formatCost(allServers.total.cost);
    row(vscode.l10n.t('All sessions'), vscode.l10n.t('{0} · {1} tokens ({2})', cost, formatTokens(mixedTokens(allServers.total)), where));
  }
  for (const [name, label] of BUDGET_ROWS) if (limits[name] > 0) row(label(), vscode.l10n.t('{0} of {1}', formatCost(spent[name]), formatCost(limits[name])));
  md.appendMarkdown(`\n${vscode.l10n.t('Click for the usage charts.')}`);
  return md;
}
