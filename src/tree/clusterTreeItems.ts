// Rows of the cluster part of the tree. Names come from the cluster (untrusted): labels and descriptions
// are plain text, and tooltips escape them.
import * as vscode from 'vscode';
import type { ServerConnection } from '../client/serverConnection';
import type { ClusterView } from '../k8s/clusterManager';
import type { ClusterProblemKind } from '../k8s/kubeBackend';
import { agentStateText, agentView } from '../store/k8s/agentView';
import { mixedTokens, type ClusterTotal } from '../store/k8s/clusterTotals';
import type { NamespaceGroup } from '../store/k8s/namespaceGroups';
import type { AgentObject, TaskObject } from '../store/k8s/kubeObjects';
import { taskDescription, taskTooltipRows } from '../present/k8s/taskFormat';
import { taskPhaseIcon, taskView } from '../store/k8s/taskView';
import { formatCost, formatExactCost, formatLocalTime, formatTokens } from '../present/format';
import { appendUntrusted } from '../present/markdown';
import { serverTreeItem } from './serverTreeItem';

const Expanded = vscode.TreeItemCollapsibleState.Expanded;
const WARNING = new vscode.ThemeColor('problemsWarningIcon.foreground');

export function clusterTreeItem(view: ClusterView, total: ClusterTotal): vscode.TreeItem {
  const { snapshot } = view;
  const item = new vscode.TreeItem(view.context, Expanded);
  item.id = `cluster\u0000${view.context}`;
  const state = snapshot.state === 'online' ? 'online' : snapshot.state === 'connecting' ? 'connecting…' : PROBLEM_TITLES[snapshot.problem?.kind ?? 'unreachable'];
  const cost = `${formatCost(total.cost)}${total.unknownCostTasks ? '+' : ''}`;
  // Without a context the label already says "Kubernetes".
  item.description = [view.context === 'Kubernetes' ? undefined : 'Kubernetes', state, snapshot.state === 'problem' ? undefined : cost].filter(Boolean).join(' · ');
  item.iconPath =
    snapshot.state === 'connecting' ? new vscode.ThemeIcon('loading~spin')
    : snapshot.state === 'problem' ? new vscode.ThemeIcon('warning', WARNING)
    : new vscode.ThemeIcon('cloud', new vscode.ThemeColor('testing.iconPassed'));
  item.contextValue = `cluster ${snapshot.state}`;
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**');
  appendUntrusted(md, view.context);
  md.appendMarkdown('** — Kubernetes context  \n');
  const lines = [
    `Namespaces: ${view.settings.namespaces.length ? view.settings.namespaces.join(', ') : 'all'}${snapshot.fallback ? ` (showing ${snapshot.namespaces.join(', ')}: ${snapshot.fallback.reason})` : ''}`,
    `Agents reached through ${view.settings.access === 'portForward' ? 'a port-forward to their pod' : "the API server's service proxy"}`,
    view.source ? `Kubeconfig: ${view.source}` : undefined,
    `${snapshot.agents.length} Agents, ${snapshot.tasks.length} Tasks`,
    `Total: ${formatExactCost(total.cost)}${total.unknownCostTasks ? ` (at least: ${total.unknownCostTasks} Task cost unreadable)` : ''} · ${formatTokens(mixedTokens(total))} tokens`,
    `Counted once each: every session on ${total.agentServers} connected Agent servers, plus ${total.tasksCounted} finished Task summaries whose session is on no connected server`,
    snapshot.problem ? snapshot.problem.message : undefined,
  ];
  for (const line of lines) if (line) appendUntrusted(md, line).appendMarkdown('  \n');
  item.tooltip = md;
  return item;
}

export function namespaceTreeItem(context: string, group: NamespaceGroup): vscode.TreeItem {
  const empty = group.agents.length === 0 && group.tasks.length === 0;
  const item = new vscode.TreeItem(group.namespace, empty ? vscode.TreeItemCollapsibleState.None : Expanded);
  item.id = `namespace\u0000${context}\u0000${group.namespace}`;
  item.description = `${count(group.agents.length, 'Agent')} · ${count(group.tasks.length, 'Task')}`;
  item.iconPath = new vscode.ThemeIcon('symbol-namespace');
  item.contextValue = 'namespace';
  return item;
}

/** An Agent row: its server's row (state, version, sessions), told apart by the Agent's own readiness. */
export function agentTreeItem(connection: ServerConnection, agent: AgentObject | undefined, via?: string): vscode.TreeItem {
  const item = serverTreeItem(connection);
  const view = agent ? agentView(agent) : undefined;
  const server = connection.state.kind === 'online' ? `v${connection.version ?? '?'}` : connection.state.kind === 'connecting' ? 'connecting…' : connection.state.kind;
  item.description = [view ? agentStateText(view.state) : 'removed', server].join(' · ');
  if (view && view.state !== 'ready') item.iconPath = new vscode.ThemeIcon(view.state === 'suspended' ? 'debug-pause' : 'warning', WARNING);
  item.contextValue = `${item.contextValue} agent ${view?.state ?? 'removed'}`;
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**');
  appendUntrusted(md, connection.label);
  md.appendMarkdown('** — kubeopencode Agent  \n');
  const state = connection.state;
  const lines = [
    `Namespace: ${connection.config.cluster?.namespace ?? ''}`,
    `Agent: ${view ? agentStateText(view.state) : 'removed'}${view?.reason ? ` — ${view.reason}` : ''}`,
    `In-cluster URL: ${connection.config.url}`,
    via ? `Reached through: ${via}` : undefined,
    `Server: ${state.kind}${state.kind === 'offline' || state.kind === 'unauthorized' ? ` — ${state.reason}` : ''}`,
  ];
  for (const line of lines) if (line) appendUntrusted(md, line).appendMarkdown('  \n');
  item.tooltip = md;
  return item;
}

export function taskTreeItem(context: string, task: TaskObject, linkedSession: boolean, now: number): vscode.TreeItem {
  const view = taskView(task, now);
  const item = new vscode.TreeItem(task.metadata.name, vscode.TreeItemCollapsibleState.None);
  item.id = `task\u0000${context}\u0000${task.metadata.namespace}\u0000${task.metadata.name}`;
  item.description = taskDescription(view, now);
  const icon = taskPhaseIcon(view.phase);
  item.iconPath = new vscode.ThemeIcon(icon.icon, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
  item.contextValue = ['task', view.phase, view.ref?.kind === 'agent' ? 'agentRef' : 'templateRef', linkedSession ? 'linked' : ''].join(' ').trim();
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**');
  appendUntrusted(md, task.metadata.name);
  md.appendMarkdown('** — kubeopencode Task  \n');
  for (const [label, value] of taskTooltipRows(view, task, formatLocalTime)) {
    appendUntrusted(md, `${label}: ${value}`).appendMarkdown('  \n');
  }
  if (linkedSession) md.appendMarkdown('\n').appendText('Click to show its session on the Agent.');
  item.tooltip = md;
  if (linkedSession) item.command = { command: 'opencodeSessions.openTaskSession', title: 'Show Task Session', arguments: [{ kind: 'task', context, namespace: task.metadata.namespace, name: task.metadata.name }] };
  item.accessibilityInformation = { label: `Task ${task.metadata.name}, ${item.description}` };
  return item;
}

export const PROBLEM_TITLES: Record<ClusterProblemKind, string> = {
  noKubeconfig: 'no kubeconfig',
  unreachable: 'API server unreachable',
  unauthorized: 'not authorized',
  forbidden: 'forbidden',
  crdsMissing: 'kubeopencode not installed',
};

/** The action a problem row offers, as a command the row runs when clicked. */
export const PROBLEM_ACTIONS: Record<ClusterProblemKind, { command: string; title: string }> = {
  noKubeconfig: { command: 'opencodeSessions.chooseKubeconfig', title: 'Choose a kubeconfig file' },
  unreachable: { command: 'opencodeSessions.retryCluster', title: 'Retry now' },
  unauthorized: { command: 'opencodeSessions.chooseClusterContext', title: 'Choose another context' },
  forbidden: { command: 'opencodeSessions.chooseClusterNamespaces', title: 'Choose namespaces you may read' },
  crdsMissing: { command: 'opencodeSessions.retryCluster', title: 'Retry once kubeopencode is installed' },
};

export function noticeTreeItem(id: string, label: string, detail: string, action: { command: string; title: string; arguments?: unknown[] }, icon: string): vscode.TreeItem {
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.id = `notice\u0000${id}`;
  item.description = action.title;
  item.iconPath = new vscode.ThemeIcon(icon, WARNING);
  const md = new vscode.MarkdownString();
  appendUntrusted(md, detail).appendMarkdown('  \n\n');
  md.appendText(`Click: ${action.title}.`);
  item.tooltip = md;
  item.command = action;
  item.contextValue = 'notice';
  return item;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
