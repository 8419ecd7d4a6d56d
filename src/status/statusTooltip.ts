import * as vscode from 'vscode';
import type { ActiveTarget } from '../activeSession';
import { formatCost, formatTokens } from '../present/format';
import { contextText } from '../present/tooltipRows';
import type { ContextUsage } from '../store/contextUsage';
import { totalTokens } from '../store/usage';
import { appendUntrusted } from '../present/markdown';
import { mixedTokens, type MixedUsage } from '../store/k8s/clusterTotals';
import { sessionTitle } from '../present/sessionTitle';

export interface StatusFigures {
  target: ActiveTarget;
  context?: ContextUsage;
  today: number;
  sessionBudget: number;
  dayBudget: number;
  /** Every session of every local and cluster server, each once. */
  allServers?: { total: MixedUsage; servers: number; clusters: number };
}

/** The status bar's tooltip: untrusted values escaped, no command links, no HTML. */
export function statusTooltip({ target, context, today, sessionBudget, dayBudget, allServers }: StatusFigures): vscode.MarkdownString {
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
  row('State', record.status.type);
  row('Server', connection.label);
  row('Today, all servers', formatCost(today));
  if (allServers) {
    const where = [
      allServers.servers ? `${allServers.servers} server${allServers.servers === 1 ? '' : 's'}` : undefined,
      allServers.clusters ? `${allServers.clusters} Kubernetes cluster` : undefined,
    ].filter(Boolean).join(', ');
    const atLeast = allServers.total.unknownCostTasks ? 'at least ' : '';
    row('All sessions', `${atLeast}${formatCost(allServers.total.cost)} · ${formatTokens(mixedTokens(allServers.total))} tokens (${where})`);
  }
  if (sessionBudget > 0) row('Session budget', `${formatCost(inclusive.cost)} of ${formatCost(sessionBudget)}`);
  if (dayBudget > 0) row('Daily budget', `${formatCost(today)} of ${formatCost(dayBudget)}`);
  md.appendMarkdown('\nClick for the usage charts.');
  return md;
}
