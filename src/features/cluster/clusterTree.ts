// The cluster part of the sessions tree: cluster → namespaces → Agents (each its server's node, sessions
// below) and Tasks, plus rows for problems. The session part below an Agent is the sessions feature's layout.
import * as vscode from 'vscode';
import type { ServerConnection } from '../../client/serverConnection';
import { tokensWord } from '../../present/format';
import { rowMoney } from '../../present/sessionRow';
import { totalTokens } from '../../store/usage';
import type { TaskSessionFigures } from '../../present/k8s/taskFormat';
import { shownListFigures } from '../../app/settings/listPrice';
import {
  agentId,
  type ClusterManager,
  type ClusterView,
  clusterTotalOf,
  finishedTasksServerId,
  sessionsByTitle,
  taskAgentConnection,
  taskSessionId,
} from '../../app/cluster';
import type { ServerRegistry } from '../../app/servers/serverRegistry';
import {
  agentView,
  clusterIndex,
  recentEvents,
  type ClusterTotal,
  type NamespaceGroup,
  type AgentObject,
  type TaskObject,
} from '../../store/k8s';
import { ClusterNodeCache, type ClusterNode, type ClusterTreeNode, type NoticeNode, type TaskNode } from './clusterNodes';
import { clockedTasks, type ClockedTask } from './taskClock';
import {
  agentTreeItem,
  clusterTreeItem,
  finishedTasksTreeItem,
  namespaceTreeItem,
  capitalize,
  noticeTreeItem,
  problemAction,
  problemTitle,
  taskTreeItem,
  type TaskLink,
} from './clusterTreeItems';
import type { Row, RowHost, ServerRow } from '../../app/sessions/sessionsView';
import type { SessionDecorations } from '../../app/sessions/sessionDecorations';

export class ClusterTree {
  readonly nodes = new ClusterNodeCache();
  /** Each Agent server's session of each title, made once per change of its sessions (every Task row looks one up). */
  private readonly titles = new WeakMap<ServerConnection, ReturnType<typeof sessionsByTitle>>();
  constructor(
    private readonly manager: ClusterManager,
    private readonly registry: ServerRegistry,
    private readonly host: () => RowHost,
    private readonly decorations: Pick<SessionDecorations, 'of'>,
  ) {}

  roots(): ClusterNode[] {
    const view = this.manager.view;
    return view ? [this.nodes.cluster(view.context)] : [];
  }

  children(row: Row): Row[] {
    const node = row as ClusterTreeNode;
    const view = this.manager.view;
    if (!view || node.kind === 'task' || node.kind === 'notice') return [];
    if (node.kind === 'cluster') {
      const problem = view.snapshot.problem;
      const notices = problem
        ? [this.nodes.notice(`problem\u0000${view.context}`, node)]
        : view.snapshot.fallback
          ? [this.nodes.notice(`fallback\u0000${view.context}`, node)]
          : [];
      return [...notices, ...this.groups(view).map((g) => this.nodes.namespace(view.context, g.namespace))];
    }
    const group = clusterIndex(view.snapshot).group(node.namespace);
    if (!group) return [];
    const agents = [
      ...group.agents.map((a) => this.registry.get(agentId(view.context, a))),
      this.registry.get(finishedTasksServerId(view.context, group.namespace)),
    ].filter((c): c is ServerConnection => !!c);
    return [
      ...agents.map((c) => this.host().serverRow(c)),
      ...group.tasks.map((t) => this.nodes.task(view.context, t.metadata.namespace, t.metadata.name)),
    ];
  }

  /** The first child of an Agent's row when its server cannot be up: why, and how to retry. */
  agentNotice(server: ServerRow): NoticeNode | undefined {
    const connection = this.registry.get(server.serverId);
    const agent = connection && this.agentOf(connection);
    if (!agent || agentView(agent).state === 'ready') return undefined;
    return this.nodes.notice(`agent\u0000${server.serverId}`, server);
  }

  parent(row: Row): Row | undefined {
    const node = row as ClusterTreeNode;
    if (node.kind === 'cluster') return undefined;
    if (node.kind === 'namespace') return this.nodes.cluster(node.context);
    if (node.kind === 'task') return this.nodes.namespace(node.context, node.namespace);
    if (node.under.kind === 'cluster') return node.under;
    const connection = this.registry.get(node.under.serverId);
    return connection && this.host().serverRow(connection);
  }

  treeItem(row: Row, now = Date.now()): vscode.TreeItem {
    const node = row as ClusterTreeNode;
    const view = this.manager.view;
    if (node.kind === 'cluster' && view) return clusterTreeItem(view, this.total(view));
    if (node.kind === 'namespace' && view) {
      return namespaceTreeItem(
        view.context,
        clusterIndex(view.snapshot).group(node.namespace) ?? { namespace: node.namespace, agents: [], tasks: [] },
      );
    }
    if (node.kind === 'task' && view) {
      const task = this.task(node);
      if (task) {
        const events = recentEvents(view.snapshot.events, 'Task', task.metadata.namespace, task.metadata.name);
        return taskTreeItem(view.context, task, this.taskLink(view, task), now, events);
      }
    }
    if (node.kind === 'notice') return this.noticeItem(node);
    return noticeTreeItem(
      `gone\u0000${JSON.stringify(node)}`,
      vscode.l10n.t('(removed)'),
      vscode.l10n.t('This row is no longer in the cluster.'),
      { command: 'opencodeSessions.retryCluster', title: vscode.l10n.t('Refresh') },
      'circle-slash',
    );
  }

  /** Where an Agent's server sits: under its namespace. */
  serverParent(connection: ServerConnection): Row | undefined {
    const placement = connection.config.cluster;
    return placement ? this.nodes.namespace(placement.context, placement.namespace) : undefined;
  }

  agentItem(connection: ServerConnection, via?: string): vscode.TreeItem {
    const placement = connection.config.cluster;
    if (placement?.finishedTasks) return finishedTasksTreeItem(connection, via);
    const events = placement ? recentEvents(this.manager.view?.snapshot.events ?? [], 'Agent', placement.namespace, placement.agent) : [];
    return agentTreeItem(connection, this.agentOf(connection), via, events);
  }

  /** The rows of the Tasks running now. */
  runningTasks(): TaskNode[] {
    const view = this.manager.view;
    if (!view) return [];
    return clusterIndex(view.snapshot).running.map(({ task: t }) => this.nodes.task(view.context, t.metadata.namespace, t.metadata.name));
  }

  /**
   * The rows of the Tasks that show figures of these sessions of an Agent's server (or of its namespace's finished
   * Tasks): redrawn in the frame the session's own row is, so the two never show different figures.
   */
  linkedTaskRows(connection: ServerConnection, sessionIds: Iterable<string>): TaskNode[] {
    const view = this.manager.view;
    const placement = connection.config.cluster;
    if (!view || !placement || placement.context !== view.context) return [];
    const sessions = [...sessionIds].map((id) => ({ id, title: connection.sessions.get(id)?.info.title }));
    return clusterIndex(view.snapshot)
      .linkedTasks(placement.namespace, sessions)
      .filter((t) => placement.finishedTasks || !t.spec?.agentRef?.name || t.spec.agentRef.name === placement.agent)
      .map((t) => this.nodes.task(view.context, t.metadata.namespace, t.metadata.name));
  }

  /** The rows of the Tasks running now that say when they started, with that moment: their clocks. */
  clockedTasks(): Array<ClockedTask<TaskNode>> {
    const view = this.manager.view;
    return view ? clockedTasks(view.context, view.snapshot, this.nodes) : [];
  }

  /** The Task behind a node, and the connection and session id its session lives on (if found). */
  taskSession(node: TaskNode): { task: TaskObject; connection?: ServerConnection; sessionId?: string } | undefined {
    const view = this.manager.view;
    const task = this.task(node);
    if (!view || !task) return undefined;
    const connection = this.sessionConnection(view, task);
    return { task, connection, sessionId: connection && this.taskSessionOn(connection, task) };
  }

  /** The sessions of `connection` changed: the titles are read again when a row next asks. */
  sessionsChanged(connection: ServerConnection): void {
    this.titles.delete(connection);
  }

  private taskSessionOn(connection: ServerConnection, task: TaskObject): string | undefined {
    let byTitle = this.titles.get(connection);
    if (!byTitle) this.titles.set(connection, (byTitle = sessionsByTitle(connection)));
    return taskSessionId(connection, task, byTitle);
  }

  total(view: ClusterView): ClusterTotal {
    return clusterTotalOf(view, this.registry);
  }

  /**
   * Whether a click on the Task can show its session, and if not why: a row offers only what it does not know to
   * fail. A finished Task names its session, shown only if its Agent's connected server lists it (the cluster total,
   * which knows the same, counts such a Task's summary instead); a running one's is found by its title. Once listed,
   * its session's figures are the row's, summary or not (the summary, written at the Task's end, leaves out its
   * sub-agents and what the session spent since: the two rows disagreed, issue 77).
   */
  private taskLink(view: ClusterView, task: TaskObject): TaskLink {
    const connection = this.sessionConnection(view, task);
    if (!connection) return { linked: false };
    const sessionId = this.taskSessionOn(connection, task);
    const record = sessionId ? connection.sessions.get(sessionId) : undefined;
    // Whatever the connection's state, a session the store holds gives the figures its own row shows (a reconnect or
    // an outage keeps them there): the Task row never falls back to the summary beside it.
    const session = record && this.sessionFigures(connection, record.info.id);
    const state = connection.state.kind;
    if (state === 'offline' || state === 'unauthorized')
      return {
        linked: false,
        unlinkedBecause: vscode.l10n.t('Its Agent’s server ({0}) is not connected: its session can be shown once it is.', connection.label),
        session,
      };
    // Still connecting: what it lists is not known yet, so the click is offered (it says what it finds).
    if (state !== 'online') return { linked: true, session };
    const recorded = task.status?.session?.id;
    if (recorded && !record && connection.config.cluster?.finishedTasks)
      return { linked: false, unlinkedBecause: this.unreadableBecause(task, recorded) };
    if (recorded && !record)
      return {
        linked: false,
        unlinkedBecause: vscode.l10n.t(
          'Its session ({0}) is on no connected server: {1} does not list it (an earlier Pod’s, deleted or archived). Its figures above are the summary kubeopencode kept.',
          recorded,
          connection.label,
        ),
      };
    return { linked: true, session };
  }

  /** The figures its session's row shows, by the same function from the same store: never a summary beside them. */
  private sessionFigures(connection: ServerConnection, id: string): TaskSessionFigures | undefined {
    const store = connection.sessions;
    const record = store.get(id);
    if (!record) return undefined;
    const money = rowMoney(
      record.own,
      store.inclusive(id),
      store.childrenOf(id).length > 0,
      shownListFigures(connection, id),
      store.partial(id),
    );
    // What marks the session in its row's words (paused by a budget, waits for you) marks its running Task's too.
    const marks = this.decorations.of(connection, id).flatMap((mark) => (mark.described ? [mark.words] : []));
    return { money, tokens: tokensWord(totalTokens(record.own)), marks };
  }

  /** Why a finished Task's session is not on its namespace's finished Tasks server: kubeopencode-server did not give it. */
  private unreadableBecause(task: TaskObject, recorded: string): string {
    const problem = this.manager.finishedTaskProblem(task);
    return problem
      ? vscode.l10n.t(
          'Its session ({0}) cannot be read: kubeopencode-server answered “{1}”. Its figures above are the summary kubeopencode kept.',
          recorded,
          problem,
        )
      : vscode.l10n.t(
          'Its session ({0}) cannot be read through kubeopencode-server. Its figures above are the summary kubeopencode kept.',
          recorded,
        );
  }

  /** Where a Task's session is shown: its namespace's finished Tasks server when no Agent server lists it, else its Agent's. */
  private sessionConnection(view: ClusterView, task: TaskObject): ServerConnection | undefined {
    return this.manager.finishedTaskConnection(task) ?? taskAgentConnection(this.registry, view.context, task);
  }

  private noticeItem(node: NoticeNode): vscode.TreeItem {
    const view = this.manager.view;
    if (node.under.kind === 'cluster') {
      const problem = view?.snapshot.problem;
      if (problem)
        return noticeTreeItem(node.key, capitalize(problemTitle(problem.kind)), problem.message, problemAction(problem.kind), 'warning');
      const reason = view?.snapshot.fallback?.reason ?? '';
      return noticeTreeItem(
        node.key,
        vscode.l10n.t('Showing namespace {0} only', view?.snapshot.namespaces.join(', ') ?? ''),
        vscode.l10n.t('Listing every namespace is forbidden ({0}).', reason),
        problemAction('forbidden'),
        'info',
      );
    }
    const connection = this.registry.get(node.under.serverId);
    const server = connection && this.host().serverRow(connection);
    const agent = connection && this.agentOf(connection);
    const state = agent ? agentView(agent) : undefined;
    const suspended = state?.state === 'suspended';
    const standby = state?.suspendedBy === 'standby';
    const label = standby
      ? vscode.l10n.t('Agent on standby')
      : suspended
        ? vscode.l10n.t('Agent suspended')
        : vscode.l10n.t('Agent not ready');
    return noticeTreeItem(
      node.key,
      label,
      state?.reason ?? label,
      // A suspended Agent has no server to reconnect to; the cluster watch connects it once it resumes.
      standby
        ? vscode.l10n.t('connects once a Task wakes it')
        : suspended
          ? vscode.l10n.t('connects once the Agent resumes')
          : { command: 'opencodeSessions.reconnect', title: vscode.l10n.t('Reconnect'), arguments: [server] },
      suspended ? 'debug-pause' : 'warning',
    );
  }

  private agentOf(connection: ServerConnection): AgentObject | undefined {
    const view = this.manager.view;
    const placement = connection.config.cluster;
    if (!view || !placement) return undefined;
    return clusterIndex(view.snapshot).agent(placement.namespace, placement.agent);
  }

  private task(node: TaskNode): TaskObject | undefined {
    const view = this.manager.view;
    return view && clusterIndex(view.snapshot).task(node.namespace, node.name);
  }

  private groups(view: ClusterView): readonly NamespaceGroup[] {
    return clusterIndex(view.snapshot).groups;
  }
}
