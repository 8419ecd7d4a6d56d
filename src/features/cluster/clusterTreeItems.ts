// Rows of the cluster part of the tree. Names come from the cluster (untrusted): labels and descriptions
// are plain text, and tooltips escape them.
import * as vscode from 'vscode';
import type { ServerConnection } from '../../client/serverConnection';
import type { ClusterView } from '../../app/cluster';
import type { ClusterProblemKind } from '../../client/k8s/kubeBackend';
import {
  agentStateText,
  agentView,
  mixedTokens,
  type ClusterTotal,
  type NamespaceGroup,
  type AgentObject,
  type RecentEvent,
  type TaskObject,
  taskPhaseIcon,
  taskView,
} from '../../store/k8s';
import { taskRowText, taskTooltipRows, type TaskSessionFigures } from '../../present/k8s/taskFormat';
import { formatCost, formatExactCost, formatLocalTime, formatTokens } from '../../present/format';
import { appendUntrusted } from '../../present/markdown';
import { serverStateText, serverTotalText, serverTreeItem } from '../../app/servers/serverTreeItem';

const Expanded = vscode.TreeItemCollapsibleState.Expanded;
const WARNING = new vscode.ThemeColor('problemsWarningIcon.foreground');

export function clusterTreeItem(view: ClusterView, total: ClusterTotal): vscode.TreeItem {
  const { snapshot } = view;
  const item = new vscode.TreeItem(view.context, Expanded);
  item.id = `cluster\u0000${view.context}`;
  const state =
    snapshot.state === 'online'
      ? vscode.l10n.t('online')
      : snapshot.state === 'connecting'
        ? vscode.l10n.t('connecting…')
        : problemTitle(snapshot.problem?.kind ?? 'unreachable');
  const cost = `${formatCost(total.cost)}${total.unknownCostTasks ? '+' : ''}`;
  // The money and the state first, where a narrow side bar still shows them. Without a context the label already
  // says "Kubernetes".
  item.description = [snapshot.state === 'problem' ? undefined : cost, state, view.context === 'Kubernetes' ? undefined : 'Kubernetes']
    .filter(Boolean)
    .join(' · ');
  item.iconPath =
    snapshot.state === 'connecting'
      ? new vscode.ThemeIcon('loading~spin')
      : snapshot.state === 'problem'
        ? new vscode.ThemeIcon('warning', WARNING)
        : new vscode.ThemeIcon('cloud', new vscode.ThemeColor('testing.iconPassed'));
  item.contextValue = `cluster ${snapshot.state}`;
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**');
  appendUntrusted(md, view.context);
  md.appendMarkdown(`** — ${vscode.l10n.t('Kubernetes context')}  \n`);
  const lines = [
    vscode.l10n.t('Namespaces: {0}', view.settings.namespaces.length ? view.settings.namespaces.join(', ') : vscode.l10n.t('all')) +
      (snapshot.fallback ? ` ${vscode.l10n.t('(showing {0}: {1})', snapshot.namespaces.join(', '), snapshot.fallback.reason)}` : ''),
    view.settings.access === 'portForward'
      ? vscode.l10n.t('Agents reached through a port-forward to their pod')
      : view.settings.access === 'kubeopencodeServer'
        ? vscode.l10n.t('Agents reached through kubeopencode-server at {0}', view.settings.kubeopencodeServer || vscode.l10n.t('(not set)'))
        : vscode.l10n.t("Agents reached through the API server's service proxy"),
    view.source ? vscode.l10n.t('Kubeconfig: {0}', view.source) : undefined,
    `${agentsText(snapshot.agents.length)}, ${tasksText(snapshot.tasks.length)}`,
    vscode.l10n.t(
      'Total: {0} · {1} tokens',
      formatExactCost(total.cost) +
        (total.unknownCostTasks ? ` ${vscode.l10n.t('(at least: {0} Task cost unreadable)', total.unknownCostTasks)}` : ''),
      formatTokens(mixedTokens(total)),
    ),
    vscode.l10n.t(
      'Counted once each: every session on {0}, plus {1}',
      total.agentServers === 1
        ? vscode.l10n.t('1 connected Agent server')
        : vscode.l10n.t('{0} connected Agent servers', total.agentServers),
      total.tasksCounted === 1
        ? vscode.l10n.t('1 finished Task summary whose session is on no connected server')
        : vscode.l10n.t('{0} finished Task summaries whose session is on no connected server', total.tasksCounted),
    ),
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
  item.description = `${agentsText(group.agents.length)} · ${tasksText(group.tasks.length)}`;
  item.iconPath = new vscode.ThemeIcon('symbol-namespace');
  item.contextValue = 'namespace';
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**');
  appendUntrusted(md, group.namespace);
  md.appendMarkdown('**  \n');
  md.appendText(
    vscode.l10n.t(
      'Kubernetes namespace in the context {0}: {1}, {2}.',
      context,
      agentsText(group.agents.length),
      tasksText(group.tasks.length),
    ),
  );
  if (empty) md.appendMarkdown('  \n').appendText(vscode.l10n.t('Nothing of kubeopencode runs here yet.'));
  item.tooltip = md;
  return item;
}

/** An Agent row: its server's row (state, version, sessions), told apart by the Agent's own readiness. */
export function agentTreeItem(
  connection: ServerConnection,
  agent: AgentObject | undefined,
  via?: string,
  events: RecentEvent[] = [],
): vscode.TreeItem {
  const item = serverTreeItem(connection);
  const view = agent ? agentView(agent) : undefined;
  const server = connection.state.kind === 'online' ? `v${connection.version ?? '?'}` : serverStateText(connection.state.kind);
  // What its sessions cost, then its state, as a server row leads; the version last.
  item.description = [serverTotalText(connection), view ? agentStateText(view.state, view.suspendedBy) : vscode.l10n.t('removed'), server]
    .filter(Boolean)
    .join(' · ');
  if (view && view.state !== 'ready') item.iconPath = new vscode.ThemeIcon(view.state === 'suspended' ? 'debug-pause' : 'warning', WARNING);
  item.contextValue = `${item.contextValue} agent ${view?.state ?? 'removed'}`;
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**');
  appendUntrusted(md, connection.label);
  md.appendMarkdown(`** — ${vscode.l10n.t('kubeopencode Agent')}  \n`);
  const lines = [
    vscode.l10n.t('Namespace: {0}', connection.config.cluster?.namespace ?? ''),
    vscode.l10n.t('Agent: {0}', agentLine(view)),
    ...standbyLines(view),
    vscode.l10n.t('In-cluster URL: {0}', connection.config.url),
    ...reachLines(connection, via),
  ];
  for (const line of lines) if (line) appendUntrusted(md, line).appendMarkdown('  \n');
  appendEvents(md, events);
  item.tooltip = md;
  return item;
}

/** How a cluster row's server is reached, and its state (with why, when it cannot be read). */
function reachLines(connection: ServerConnection, via: string | undefined): Array<string | undefined> {
  const state = connection.state;
  const why = state.kind === 'offline' || state.kind === 'unauthorized' ? ` — ${state.reason}` : '';
  return [via ? vscode.l10n.t('Reached through: {0}', via) : undefined, vscode.l10n.t('Server: {0}', serverStateText(state.kind) + why)];
}

/** The row of a namespace's finished Tasks whose sessions no Agent server lists, read through kubeopencode-server. */
export function finishedTasksTreeItem(connection: ServerConnection, via?: string): vscode.TreeItem {
  const item = serverTreeItem(connection);
  item.label = vscode.l10n.t('Finished Tasks');
  const state = connection.state;
  item.description = [serverTotalText(connection), state.kind === 'online' ? undefined : serverStateText(state.kind)]
    .filter(Boolean)
    .join(' · ');
  item.contextValue = `${item.contextValue} finishedTasks`;
  item.iconPath = new vscode.ThemeIcon('archive');
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${vscode.l10n.t('Finished Tasks')}**  \n`);
  const lines = [
    vscode.l10n.t(
      'Sessions of finished Tasks that no Agent server lists (the Agent is gone, or its server no longer lists them), read through kubeopencode-server. Read-only.',
    ),
    vscode.l10n.t('Namespace: {0}', connection.config.cluster?.namespace ?? ''),
    ...reachLines(connection, via),
  ];
  for (const line of lines) if (line) appendUntrusted(md, line).appendMarkdown('  \n');
  item.tooltip = md;
  return item;
}

/** Where a Task row leads: to its session (a click shows it), or nowhere and why; and its session's live figures. */
export interface TaskLink {
  /** A click shows the session: its Agent's server is connected and lists it (or may, for a running Task). */
  linked: boolean;
  /** Why a Task that has a session cannot show it (said in the tooltip, instead of offering the click). */
  unlinkedBecause?: string;
  /** Its session's figures while a store holds it, online or not: the ones the session's row shows (its summary's are older). */
  session?: TaskSessionFigures;
}

export function taskTreeItem(context: string, task: TaskObject, link: TaskLink, now: number, events: RecentEvent[] = []): vscode.TreeItem {
  const linkedSession = link.linked;
  const view = taskView(task, now);
  const row = taskRowText(task.metadata.name, view, now, link.session);
  const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
  item.id = `task\u0000${context}\u0000${task.metadata.namespace}\u0000${task.metadata.name}`;
  item.description = row.description;
  const icon = taskPhaseIcon(view.phase, view.outcome);
  item.iconPath = new vscode.ThemeIcon(icon.icon, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
  item.contextValue = ['task', view.phase, view.ref?.kind === 'agent' ? 'agentRef' : 'templateRef', linkedSession ? 'linked' : '']
    .join(' ')
    .trim();
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**');
  appendUntrusted(md, task.metadata.name);
  md.appendMarkdown(`** — ${vscode.l10n.t('kubeopencode Task')}  \n`);
  for (const [label, value] of taskTooltipRows(view, task, formatLocalTime)) {
    appendUntrusted(md, `${label}: ${value}`).appendMarkdown('  \n');
  }
  if (link.session)
    appendUntrusted(md, vscode.l10n.t('Its session so far: {0}', `${link.session.money} · ${link.session.tokens}`)).appendMarkdown('  \n');
  appendEvents(md, events);
  if (linkedSession) md.appendMarkdown('\n').appendText(vscode.l10n.t('Click to show its session on the Agent.'));
  else if (link.unlinkedBecause) md.appendMarkdown('\n').appendText(link.unlinkedBecause);
  item.tooltip = md;
  if (linkedSession)
    item.command = {
      command: 'opencodeSessions.openTaskSession',
      title: vscode.l10n.t('Show Task Session'),
      arguments: [{ kind: 'task', context, namespace: task.metadata.namespace, name: task.metadata.name }],
    };
  const figures = [row.money, row.description].filter(Boolean).join(' · ');
  item.accessibilityInformation = { label: vscode.l10n.t('Task {0}, {1}', task.metadata.name, figures) };
  return item;
}

/** What a cluster problem is called, in the cluster row and (capitalized) its notice row. */
export function problemTitle(kind: ClusterProblemKind): string {
  switch (kind) {
    case 'noKubeconfig':
      return vscode.l10n.t('no kubeconfig');
    case 'unreachable':
      return vscode.l10n.t('API server unreachable');
    case 'unauthorized':
      return vscode.l10n.t('not authorized');
    case 'forbidden':
      return vscode.l10n.t('forbidden');
    case 'crdsMissing':
      return vscode.l10n.t('kubeopencode not installed');
  }
}

/** The action a problem row offers, as a command the row runs when clicked. */
export function problemAction(kind: ClusterProblemKind): { command: string; title: string } {
  switch (kind) {
    case 'noKubeconfig':
      return { command: 'opencodeSessions.chooseKubeconfig', title: vscode.l10n.t('Choose a kubeconfig file') };
    case 'unreachable':
      return { command: 'opencodeSessions.retryCluster', title: vscode.l10n.t('Retry now') };
    case 'unauthorized':
      return { command: 'opencodeSessions.chooseClusterContext', title: vscode.l10n.t('Choose another context') };
    case 'forbidden':
      return { command: 'opencodeSessions.chooseClusterNamespaces', title: vscode.l10n.t('Choose namespaces you may read') };
    case 'crdsMissing':
      return { command: 'opencodeSessions.retryCluster', title: vscode.l10n.t('Retry once kubeopencode is installed') };
  }
}

export function noticeTreeItem(
  id: string,
  label: string,
  detail: string,
  /** What a click does; with a string instead, there is nothing to click and that says what happens next. */
  action: { command: string; title: string; arguments?: unknown[] } | string,
  icon: string,
): vscode.TreeItem {
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.id = `notice\u0000${id}`;
  item.description = typeof action === 'string' ? action : action.title;
  item.iconPath = new vscode.ThemeIcon(icon, WARNING);
  const md = new vscode.MarkdownString();
  appendUntrusted(md, detail).appendMarkdown('  \n\n');
  if (typeof action === 'string') md.appendText(capitalize(action) + '.');
  else {
    md.appendText(vscode.l10n.t('Click: {0}.', action.title));
    item.command = action;
  }
  item.tooltip = md;
  item.contextValue = 'notice';
  return item;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function agentsText(n: number): string {
  return n === 1 ? vscode.l10n.t('1 Agent') : vscode.l10n.t('{0} Agents', n);
}

function tasksText(n: number): string {
  return n === 1 ? vscode.l10n.t('1 Task') : vscode.l10n.t('{0} Tasks', n);
}

/** The Events kubeopencode recorded about the object, newest first: "10:42 Timeout: Task exceeded its timeout". */
function appendEvents(md: vscode.MarkdownString, events: RecentEvent[]): void {
  if (events.length === 0) return;
  md.appendMarkdown('\n').appendText(vscode.l10n.t('Recent events:')).appendMarkdown('  \n');
  for (const e of events) {
    const when = e.at !== undefined ? `${formatLocalTime(e.at)} ` : '';
    const times = e.count ? ` (×${e.count})` : '';
    appendUntrusted(md, `${e.warning ? '⚠ ' : ''}${when}${e.reason}${times}${e.note ? `: ${e.note}` : ''}`).appendMarkdown('  \n');
  }
}

/** What standby means for this Agent: when it suspends itself, and since when it idles. */
function standbyLines(view: ReturnType<typeof agentView> | undefined): string[] {
  const lines: string[] = [];
  if (view?.standbyAfter) lines.push(vscode.l10n.t('Standby: suspends itself after {0} idle; the next Task wakes it', view.standbyAfter));
  if (view?.idleSince !== undefined) lines.push(vscode.l10n.t('Idle since: {0}', formatLocalTime(view.idleSince)));
  return lines;
}

/** "suspended — why", leaving out a reason that only repeats the state (kubeopencode's condition says "Suspended"). */
function agentLine(view: ReturnType<typeof agentView> | undefined): string {
  if (!view) return vscode.l10n.t('removed');
  const state = agentStateText(view.state, view.suspendedBy);
  return view.reason && view.reason.toLowerCase() !== state.toLowerCase() ? `${state} — ${view.reason}` : state;
}
