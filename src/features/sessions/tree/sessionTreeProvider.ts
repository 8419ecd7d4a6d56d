import * as vscode from 'vscode';
import type { ServerConnection } from '../../../client/serverConnection';
import type { ClusterManager } from '../../../app/cluster/clusterManager';
import type { ServerRegistry } from '../../../app/serverRegistry';
import type { StoreChange } from '../../../store/sessionStore';
import type { ClusterTreeNode } from '../../cluster/clusterNodes';
import { ClusterTree } from '../../cluster/clusterTree';
import { groupTreeItem } from './groupTreeItem';
import { NodeCache, type ServerNode, type SessionNode, type TreeNode } from './nodes';
import { RefreshQueue } from './refreshQueue';
import { serverTreeItem } from './serverTreeItem';
import { sessionTooltip } from './sessionTooltip';
import { sessionTreeItem } from './sessionTreeItem';
import { requestTreeItem } from '../../inbox/requestTreeItem';
import { changedFileTreeItem, changesTreeItem } from '../../changes/changesTreeItems';
import { changeSet } from '../../changes/changeSet';
import { includeSubagentChanges, isWorkspaceDirectory } from '../../changes/changeSettings';
import type { SessionChanges } from '../../changes/sessionChanges';
import { loadSessionContext } from '../../../client/sessionContext';
import { TreeLayout, type ViewOptions } from './treeLayout';

/** Every row of the view: the session part and the cluster part. */
export type ViewNode = TreeNode | ClusterTreeNode;

/**
 * Server → directory groups (several projects only) → root sessions (sorted) → child task sessions (oldest
 * first), to any depth; and cluster → namespaces → Agents (each a server, as above) and Tasks.
 */
export class SessionTreeProvider implements vscode.TreeDataProvider<ViewNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<ViewNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly optionsEmitter = new vscode.EventEmitter<ViewOptions>();
  readonly onDidChangeOptions = this.optionsEmitter.event;
  private readonly nodes = new NodeCache();
  private readonly layout = new TreeLayout(this.nodes);
  private readonly queue = new RefreshQueue<ViewNode>((node) => this.changeEmitter.fire(node), 50, () => this.settleLists());
  private cluster: ClusterTree | undefined;
  private clusterRefresh: NodeJS.Timeout | undefined;
  /** Lists whose order may have moved since the last flush; compared once per flush, not per event. */
  private readonly listsToCheck = new Set<TreeNode>();
  private connections: ServerConnection[] = [];
  /** The children last handed to VS Code, per node: a change refreshes a list only if its order really differs. */
  private readonly shownOrder = new Map<TreeNode, ViewNode[]>();
  private subscriptions: Array<{ dispose(): void }> = [];

  get options(): ViewOptions {
    return this.layout.options;
  }

  /** Sort, title filter, archived: a user action, so the whole tree redraws once. */
  setOptions(changes: Partial<ViewOptions>): void {
    const before = this.layout.options;
    this.layout.options = { ...before, ...changes };
    const after = this.layout.options;
    if (after.sortBy === before.sortBy && after.filter === before.filter && after.showArchived === before.showArchived) return;
    this.shownOrder.clear();
    this.queue.add(undefined);
    this.optionsEmitter.fire(after);
  }

  setConnections(connections: ServerConnection[]): void {
    for (const s of this.subscriptions) s.dispose();
    for (const old of this.connections) if (!connections.includes(old)) this.nodes.forget(old);
    for (const node of [...this.shownOrder.keys()]) if ('connection' in node && !connections.includes(node.connection)) this.shownOrder.delete(node);
    this.connections = connections;
    this.subscriptions = connections.flatMap((c) => [
      c.onDidChangeSessions.on((change) => {
        this.onStoreChange(c, change);
        if (c.config.cluster) this.refreshClusterSoon();
      }),
      // Offline greys out every row of that server. A state change is rare, so the whole tree redraws:
      // VS Code silently drops an element refresh that arrives while it re-reads the root (seen as a
      // server row stuck at "connecting" with no sessions), and a whole-tree refresh is never dropped.
      c.onDidChangeState.on(() => this.queue.add(undefined)),
    ]);
    this.queue.add(undefined);
  }

  /** Shows the files sessions changed, read through `changes`; a session's rows redraw once its turns arrive. */
  attachChanges(changes: SessionChanges<ServerConnection>): vscode.Disposable {
    this.layout.changes = (connection, sessionId) => changeSet(changes, connection, sessionId, includeSubagentChanges());
    this.forgetChanges = (connection, sessionId) => changes.forgetSession(connection, sessionId);
    const loaded = changes.onDidLoad.on(({ source, sessionId }) => {
      // With sub-agents included, every ancestor's Changes may move too.
      for (let id: string | undefined = sessionId; id; id = includeSubagentChanges() ? source.sessions.parentOf(id) : undefined) {
        const row = this.nodes.existingSession(source, id);
        if (row) this.queue.add(row);
        const changesRow = this.nodes.existingChanges(source, id);
        if (changesRow) this.queue.add(changesRow);
      }
    });
    const setting = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('opencodeSessions.changes.includeSubagents') || e.affectsConfiguration('opencodeSessions.cost.showListPrice')) this.queue.add(undefined);
    });
    return {
      dispose: () => {
        loaded.dispose();
        setting.dispose();
      },
    };
  }

  private forgetChanges?: (connection: ServerConnection, sessionId: string) => void;

  /** Shows the cluster the manager follows; its snapshots redraw the cluster part. */
  attachCluster(manager: ClusterManager, registry: ServerRegistry): vscode.Disposable {
    this.cluster = new ClusterTree(manager, registry, this.nodes);
    const subscription = manager.onDidChange.on(() => this.queue.add(undefined));
    return { dispose: () => subscription.dispose() };
  }

  /** The cluster row's totals follow its Agents' sessions; redrawn at most once a second. */
  private refreshClusterSoon(): void {
    if (this.clusterRefresh || !this.cluster) return;
    this.clusterRefresh = setTimeout(() => {
      this.clusterRefresh = undefined;
      for (const root of this.cluster?.roots() ?? []) this.queue.add(root);
    }, 1000);
  }

  getTreeItem(node: ViewNode): vscode.TreeItem {
    if (!isSessionPart(node)) return this.cluster!.treeItem(node);
    if (node.kind === 'server' && node.connection.config.cluster && this.cluster) return this.cluster.agentItem(node.connection);
    if (node.kind === 'server') return serverTreeItem(node.connection);
    if (node.kind === 'group') return groupTreeItem(node);
    const record = node.connection.sessions.get(node.sessionId);
    if (!record) return new vscode.TreeItem('(removed)');
    if (node.kind === 'request') {
      const request = record.requests.get(node.requestId);
      return request ? requestTreeItem(node.connection, record, request) : new vscode.TreeItem(vscode.l10n.t('(answered)'));
    }
    if (node.kind === 'changes' || node.kind === 'changedFile') {
      const set = this.layout.changes(node.connection, node.sessionId);
      if (!set) return new vscode.TreeItem(vscode.l10n.t('(reading changes…)'));
      if (node.kind === 'changes') return changesTreeItem(node.connection, node.sessionId, set, includeSubagentChanges());
      const file = set.files.find((f) => f.path === node.path);
      return file ? changedFileTreeItem(node.connection, node.sessionId, file, isWorkspaceDirectory(record.info.directory)) : new vscode.TreeItem(vscode.l10n.t('(no longer changed)'));
    }
    // Only Changes below: collapsed, so a tree of finished sessions stays short; anything else: expanded.
    const children = this.layout.children(node);
    const state = children.some((c) => c.kind !== 'changes') ? vscode.TreeItemCollapsibleState.Expanded : children.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
    return sessionTreeItem(node.connection, record, state);
  }

  /** Called on hover: the tooltip needs the session's latest reply and its model's limit, read only now. */
  async resolveTreeItem(item: vscode.TreeItem, node: ViewNode, _token?: vscode.CancellationToken): Promise<vscode.TreeItem> {
    if (node.kind !== 'session' || item.tooltip !== undefined) return item;
    const context = await loadSessionContext(node.connection, node.sessionId);
    const record = node.connection.sessions.get(node.sessionId);
    if (record) item.tooltip = sessionTooltip(node.connection, record, context);
    return item;
  }

  getChildren(node?: ViewNode): ViewNode[] {
    if (!node) return [...this.connections.filter((c) => !c.config.cluster).map((c) => this.nodes.server(c)), ...(this.cluster?.roots() ?? [])];
    if (!isSessionPart(node)) return this.cluster?.children(node) ?? [];
    const notice = node.kind === 'server' ? this.cluster?.agentNotice(node) : undefined;
    const children: ViewNode[] = [...(notice ? [notice] : []), ...this.layout.children(node)];
    this.shownOrder.set(node, children);
    return children;
  }

  getParent(node: ViewNode): ViewNode | undefined {
    if (!isSessionPart(node) || (node.kind === 'server' && node.connection.config.cluster)) return this.cluster?.parent(node);
    return this.layout.parent(node);
  }

  /** The cluster part, for commands on Tasks. */
  get clusterTree(): ClusterTree | undefined {
    return this.cluster;
  }

  /** The node for a server, for commands started outside the tree (e.g. the password prompt). */
  serverNode(connection: ServerConnection): ServerNode {
    return this.nodes.server(connection);
  }

  /** The node for a session, for reveal() and for tests. */
  sessionNode(connection: ServerConnection, sessionId: string): SessionNode {
    return this.nodes.session(connection, sessionId);
  }

  dispose(): void {
    clearTimeout(this.clusterRefresh);
    for (const s of this.subscriptions) s.dispose();
    this.queue.dispose();
    this.changeEmitter.dispose();
    this.optionsEmitter.dispose();
  }

  private onStoreChange(connection: ServerConnection, change: StoreChange): void {
    this.layout.invalidate(connection);
    const { sessions: store } = connection;
    const server = this.nodes.server(connection);
    const refresh = new Set<TreeNode>();
    /** Lists whose content may have moved; each is refreshed only if what it shows now differs. */
    const lists = new Set<TreeNode>();
    for (const parent of change.structure) {
      if (parent !== undefined) refresh.add(this.nodes.session(connection, parent));
      else for (const node of [server, ...(this.shownOrder.get(server) ?? [])]) if (node.kind === 'server' || node.kind === 'group') lists.add(node);
    }
    for (const id of change.changed) {
      const node = this.nodes.existingSession(connection, id);
      if (node) this.queue.add(node);
      // A new total can move a row within its list; under a title filter, a changed title can also
      // show or hide its ancestors, so their lists and rows are checked too.
      for (let cur: string | undefined = id; cur; cur = this.layout.filtering ? store.parentOf(cur) : undefined) {
        const row = this.nodes.existingSession(connection, cur);
        if (row && cur !== id) this.queue.add(row);
        const list = this.layout.parent(this.nodes.session(connection, cur));
        if (list) lists.add(list);
        if (list?.kind === 'group') lists.add(server);
      }
    }
    for (const list of lists) this.listsToCheck.add(list);
    if (lists.size) this.queue.schedule();
    for (const node of refresh) this.queue.add(node);
    for (const id of change.removed) {
      const node = this.nodes.existingSession(connection, id);
      if (node) this.shownOrder.delete(node);
      this.nodes.forget(connection, id);
      this.forgetChanges?.(connection, id);
    }
  }

  /** Refreshes each list whose order really differs from what VS Code shows (checked once per tick). */
  private settleLists(): void {
    for (const list of this.listsToCheck) {
      const shown = this.shownOrder.get(list);
      if (shown && !sameNodes(shown, this.layout.children(list))) this.queue.add(list);
    }
    this.listsToCheck.clear();
  }
}

function isSessionPart(node: ViewNode): node is TreeNode {
  return ['server', 'group', 'session', 'request', 'changes', 'changedFile'].includes(node.kind);
}

function sameNodes(a: ViewNode[], b: ViewNode[]): boolean {
  return a.length === b.length && a.every((node, i) => node === b[i]);
}
