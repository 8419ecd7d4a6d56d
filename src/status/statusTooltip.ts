import * as vscode from 'vscode';
import type { ActiveTarget } from '../activeSession';
import type { BudgetName } from '../store/sessionStatus';
import { formatCost, formatTokens } from '../present/format';
import { contextText } from '../present/tooltipRows';
import type { ContextUsage } from '../store/contextUsage';
import { totalTokens } from '../store/usage';
import { appendUntrusted } from '../present/markdown';
import { mixedTokens, type MixedUsage } from '../store/k8s/clusterTotals';
import { sessionTitle } from '../present/sessionTitle';
import { stateName, stateWords } from '../present/stateWords';

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
const BUDGET_ROWS: ReadonlyArray<[BudgetName, string]> = [
  ['session', 'Session budget'],
  ['hour', 'Hourly budget (last 60 min)'],
  ['day', 'Daily budget'],
  ['week', 'Weekly budget (since Monday)'],
];

export function statusTooltip({ target, context, spent, limits, allServers }: StatusFigures): vscode.MarkdownString {
  const { connection, record } = target;
  const inclusive = connection.sessions.inclusive(record.info.id);
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown('**');
  appendUntrusted(md, sessionTitle(record.info));
  md.appendMarkdown(`**${target.picked ? '' : ' (most recently active)'}\n\n`);
  const row = (label: string, value: string) => {
    md.appendMarkdown(`${label}: `);
    appendUntrusted(md, value);
    md.appendMarkdown('  \n');
  };
  row('Own', `${formatCost(record.own.cost)} · ${formatTokens(totalTokens(record.own))} tokens`);
  if (connection.sessions.childrenOf(record.info.id).length) row('With sub-agents', `${formatCost(inclusive.cost)} · ${formatTokens(totalTokens(inclusive))} tokens`);
  if (context) row('Context', contextText(context));
  const model = record.info.model?.id ?? context?.modelID;
  if (model) row('Model', model);
  row('State', stateWords(stateName(record, connection.state.kind === 'online')));
  row('Server', connection.label);
  row('Today, all servers', formatCost(spent.day));
  if (allServers) {
    const where = [
      allServers.servers ? `${allServers.servers} server${allServers.servers === 1 ? '' : 's'}` : undefined,
      allServers.clusters ? `${allServers.clusters} Kubernetes cluster` : undefined,
    ].filter(Boolean).join(', ');
    const atLeast = allServers.total.unknownCostTasks ? 'at least ' : '';
    row('All sessions', `${atLeast}${formatCost(allServers.total.cost)} · ${formatTokens(mixedTokens(allServers.total))} tokens (${where})`);
  }
  for (const [name, label] of BUDGET_ROWS) if (limits[name] > 0) row(label, `${formatCost(spent[name])} of ${formatCost(limits[name])}`);
  md.appendMarkdown('\nClick for the usage charts.');
  return md;
}
