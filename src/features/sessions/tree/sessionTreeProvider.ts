import * as vscode from 'vscode';
import { Emitter } from '../../../base/emitter';
import type { ServerConnection } from '../../../client/serverConnection';
import type { SessionDecorations } from '../../../app/sessions/sessionDecorations';
import { Disposable } from '../../../base/disposable';
import { affectsSetting } from '../../../app/settings/settingAccess';
import { SETTING } from '../../../app/settings/settingKeys';
import type { SessionsChange, SessionsModel, StoreChange } from '../../../app/sessions/sessionsModel';
import type { Row, RowContribution, SessionsView } from '../../../app/sessions/sessionsView';
import { changedRows } from './changedRows';
import { NodeCache, type GroupNode, type MoreNode, type ServerNode, type SessionNode, type TreeNode } from './nodes';
import { RefreshQueue } from './refreshQueue';
import { RowListFigures } from './rowListFigures';
import { TotalsRefresh } from './totalsRefresh';
import { TreeLayout, type ViewOptions } from './treeLayout';
import { sessionTooltipOf, treeItemOf } from './treeItems';

/**
 * Server → directory groups (several projects only) → root sessions (sorted) → child task sessions (oldest
 * first), to any depth, with the rows other features add through the SessionsView (what waits under a session,
 * its Changes, the cluster). `N` is the union of every feature's rows, known only where the features are assembled.
 */
export class SessionTreeProvider<N extends Row = Row> extends Disposable implements vscode.TreeDataProvider<N> {
  /** The rows a flush redraws, in one event (refreshQueue.ts); `undefined`: the whole tree. */
  private readonly changeEmitter = this._register(new Emitter<N[] | undefined>());
  readonly onDidChangeTreeData: vscode.Event<N[] | undefined> = this.changeEmitter.event;
  private readonly optionsEmitter = this._register(new Emitter<ViewOptions>());
  readonly onDidChangeOptions = this.optionsEmitter.event;
  private readonly nodes = new NodeCache();
  /** Rows' list-price figures, summed when their session or the setting changes. */
  readonly listFigures = new RowListFigures();
  private readonly layout = new TreeLayout(this.nodes, (serverId) => this.model.connection(serverId));
  private readonly queue = this._register(
    new RefreshQueue<Row>(
      (nodes) => this.changeEmitter.fire(nodes as N[] | undefined),
      50,
      () => this.settleLists(),
      (row) => this.linkedRows(row),
    ),
  );
  /** Lists whose order may have moved since the last flush; compared once per flush, not per event. */
  private readonly listsToCheck = new Set<TreeNode>();
  private connections: readonly ServerConnection[] = [];
  /** The children last handed to VS Code, per node: a change refreshes a list only if its order really differs. */
  private readonly shownOrder = new Map<Row, Row[]>();
  /** Waiting for VS Code to read a list again: showSession() after a page grew, a reveal that found no row. */
  private readonly readWaiters = new Map<Row, Array<() => void>>();
  /** Server and folder rows lead with their sessions' total: redrawn at most once a second as it moves. */
  private readonly totals = this._register(
    new TotalsRefresh<ServerNode | GroupNode>(
      (node) => {
        const connection = this.model.connection(node.serverId);
        return connection ? String(this.totalRowItem(connection, node).description ?? '') : '';
      },
      (nodes) => {
        for (const node of nodes) this.queue.add(node);
        this.queue.flush();
      },
    ),
  );

  constructor(
    private readonly model: SessionsModel,
    private readonly view: SessionsView,
    private readonly decorations: SessionDecorations,
  ) {
    super();
    // A mark came or went (a pause, a root read or newly unread elsewhere): its row is redrawn; its store did not change.
    this._register(
      decorations.onDidChange((refs) => {
        for (const { serverId, sessionId } of refs) {
          const connection = model.connection(serverId);
          const row = connection && this.shownSessionNode(connection, sessionId);
          if (row) this.queue.add(row);
        }
      }),
    );
    this._register(model.onDidChange((change) => this.onModelChange(change)));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!affectsSetting(e, SETTING.showListPrice)) return;
        this.listFigures.settingChanged();
        this.queue.add(undefined);
      }),
    );
    this.setConnections(model.connections);
  }

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

  /** Redraws one row soon (undefined: the whole tree); what other features' rows ask for. */
  refresh(row?: Row): void {
    this.queue.add(row);
  }

  getTreeItem(node: N): vscode.TreeItem {
    const owner = this.view.ownerOf(node);
    if (owner) return owner.treeItem(node);
    const own = node as unknown as TreeNode;
    const connection = this.model.connection(own.serverId);
    // A row VS Code still holds for a server just removed; the next refresh drops it.
    if (!connection) return new vscode.TreeItem('');
    if (own.kind === 'server' || own.kind === 'group') {
      const item = this.totalRowItem(connection, own);
      this.totals.shown(own, String(item.description ?? ''));
      return item;
    }
    if (own.kind === 'more') return treeItemOf(connection, own, this.listFigures, undefined, this.layout.hidden(own));
    // Rows that do not open a session (its Changes) leave it collapsed; sub-agents or what waits open it.
    const loud =
      this.layout.children(own).length > 0 ||
      this.view.contributions.some((c) => !c.quiet && c.underSession?.(connection, own.sessionId).length);
    const quiet = this.view.contributions.some((c) => c.quiet && c.underSession?.(connection, own.sessionId).length);
    // Listed by parent, a row whose children are not read yet may have some: it opens to read them.
    const unread = connection.sessions.childrenUnread(own.sessionId);
    return treeItemOf(
      connection,
      own,
      this.listFigures,
      loud
        ? vscode.TreeItemCollapsibleState.Expanded
        : quiet || unread
          ? vscode.TreeItemCollapsibleState.Collapsed
          : vscode.TreeItemCollapsibleState.None,
      0,
      this.decorations.of(connection, own.sessionId),
    );
  }

  /** A server's row (an Agent's is the cluster's), or a project folder's. */
  private totalRowItem(connection: ServerConnection, node: ServerNode | GroupNode): vscode.TreeItem {
    return (node.kind === 'server' && this.placing(connection)?.serverItem?.(connection)) || treeItemOf(connection, node, this.listFigures);
  }

  /** Called on hover: the tooltip needs the session's latest reply and its model's limit, read only now. */
  async resolveTreeItem(item: vscode.TreeItem, node: N, _token?: vscode.CancellationToken): Promise<vscode.TreeItem> {
    const own = node as unknown as TreeNode;
    const connection = this.model.connection(own.serverId);
    if (own.kind !== 'session' || !connection || item.tooltip !== undefined) return item;
    item.tooltip = (await sessionTooltipOf(connection, own.sessionId)) ?? item.tooltip;
    return item;
  }

  getChildren(node?: N): N[] {
    const children = this.childrenOf(node);
    if (node) {
      for (const settle of this.readWaiters.get(node) ?? []) settle();
      this.readWaiters.delete(node);
    }
    if (node && !this.view.ownerOf(node)) this.shownOrder.set(node, children);
    return children as N[];
  }

  getParent(node: N): N | undefined {
    const owner = this.view.ownerOf(node);
    if (owner) return owner.parent(node) as N | undefined;
    const own = node as unknown as TreeNode;
    const connection = own.kind === 'server' ? this.model.connection(own.serverId) : undefined;
    const placing = connection && this.placing(connection);
    return (placing ? placing.serverParent?.(connection) : this.layout.parent(own)) as N | undefined;
  }

  /** The "Show more" row's command: its list shows the next page. */
  showMore(node: MoreNode): void {
    this.layout.showMore(node);
    this.queue.add(node.list);
    this.queue.flush();
  }

  /**
   * Makes sure the session's row is among the rows handed to VS Code (a session beyond a long list's first
   * page grows that page; one created a moment ago may not have been read yet), and once a visible view has read
   * the list again, settles: reveal() then finds the row where VS Code shows it. A hidden view reads its lists
   * again when reveal() opens it.
   */
  async showSession(connection: ServerConnection, sessionId: string, visible: boolean): Promise<void> {
    // A session that came within the frame is in the store, not yet in the view's lists: they are told now.
    this.model.flush();
    const at = this.layout.include(connection, sessionId);
    if (!at) return;
    const read = this.shownOrder.get(at.list);
    if (!at.grew && (!read || read.includes(at.root))) return;
    // A list VS Code has not read yet is read with the grown page when reveal() expands it.
    if (!visible || !read) {
      this.queue.add(at.list);
      return this.queue.flush();
    }
    await this.redrawList(at.list);
  }

  /**
   * Redraws the list that holds a session's row and settles once VS Code has read it again: a reveal() that
   * found no row (VS Code expanded lists it had read before the session joined them) then finds it.
   */
  async redrawListOf(connection: ServerConnection, sessionId: string): Promise<void> {
    this.model.flush();
    const list = this.layout.parent(this.nodes.session(connection, sessionId));
    if (list) await this.redrawList(list);
  }

  private redrawList(list: TreeNode): Promise<void> {
    const readAgain = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, READ_AGAIN_MS);
      // Two reveals may wait for the same list: each is told.
      const waiters = this.readWaiters.get(list) ?? [];
      this.readWaiters.set(list, waiters);
      waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.queue.add(list);
    this.queue.flush();
    return readAgain;
  }

  /** The node for a server, for commands started outside the tree (e.g. the password prompt). */
  serverNode(connection: ServerConnection): ServerNode {
    return this.nodes.server(connection);
  }

  /** The node for a session, for reveal() and for tests. */
  sessionNode(connection: ServerConnection, sessionId: string): SessionNode {
    return this.nodes.session(connection, sessionId);
  }

  /** The session's node if VS Code has been handed it already. */
  shownSessionNode(connection: ServerConnection, sessionId: string): SessionNode | undefined {
    return this.nodes.existingSession(connection, sessionId);
  }

  private childrenOf(node?: Row): Row[] {
    const { contributions } = this.view;
    if (!node)
      return [
        ...this.connections.filter((c) => !this.placing(c)).map((c) => this.nodes.server(c)),
        ...contributions.flatMap((c) => c.roots?.() ?? []),
      ];
    const owner = this.view.ownerOf(node);
    if (owner) return owner.children(node);
    const own = node as TreeNode;
    const connection = this.model.connection(own.serverId);
    if (own.kind === 'more' || !connection) return [];
    // What waits for the user comes first: it is what needs doing.
    // Listed by parent: a row opened reads what is below it not read yet (its rows and Σ follow as a store change).
    if (own.kind === 'session' && connection.sessions.partial(own.sessionId)) void connection.readChildren(own.sessionId);
    const added =
      own.kind === 'server'
        ? contributions.flatMap((c) => c.underServer?.(own) ?? [])
        : own.kind === 'session'
          ? contributions.flatMap((c) => c.underSession?.(connection, own.sessionId) ?? [])
          : [];
    return [...added, ...this.layout.shown(own)];
  }

  /** The feature that places this server elsewhere than the top (a cluster Agent under its namespace). */
  private placing(connection: ServerConnection): RowContribution | undefined {
    return this.view.contributions.find((c) => c.serverParent && c.places?.(connection));
  }

  /** What other features show of a session row's figures (a Task's row): drawn in the same flush, never apart. */
  private linkedRows(row: Row): Row[] {
    const node = row as TreeNode;
    if (node.kind !== 'session') return [];
    const connection = this.model.connection(node.serverId);
    return connection ? this.view.contributions.flatMap((c) => c.linkedRows?.(connection, node.sessionId) ?? []) : [];
  }

  private onModelChange(change: SessionsChange): void {
    this.listFigures.changed(change);
    if (change.servers) this.setConnections(this.model.connections);
    for (const [connection, storeChange] of change.sessions) this.onStoreChange(connection, storeChange);
    // Offline greys out every row of that server. A state change is rare, so the whole tree redraws:
    // VS Code silently drops an element refresh that arrives while it re-reads the root (seen as a
    // server row stuck at "connecting" with no sessions), and a whole-tree refresh is never dropped.
    if (change.states.size) this.queue.add(undefined);
    // The model has gathered for a frame already: redraw now rather than a frame later.
    this.queue.flush();
  }

  private setConnections(connections: readonly ServerConnection[]): void {
    for (const old of this.connections) if (!connections.includes(old)) this.forget(old);
    const ids = new Set(connections.map((c) => c.config.id));
    for (const node of [...this.shownOrder.keys()])
      if ('serverId' in node && typeof node.serverId === 'string' && !ids.has(node.serverId)) this.shownOrder.delete(node);
    this.connections = [...connections];
    this.queue.add(undefined);
  }

  private forget(connection: ServerConnection, sessionId?: string): void {
    if (sessionId === undefined) this.layout.forget(connection);
    this.nodes.forget(connection, sessionId);
    for (const contribution of this.view.contributions) contribution.forget?.(connection, sessionId);
  }

  private onStoreChange(connection: ServerConnection, change: StoreChange): void {
    this.layout.invalidate(connection, change);
    const server = this.nodes.server(connection);
    const serverShown = (this.shownOrder.get(server) ?? []) as TreeNode[];
    const { rows, lists } = changedRows(connection, change, this.nodes, this.layout, serverShown);
    for (const list of lists) this.listsToCheck.add(list);
    if (lists.size) this.queue.schedule();
    // Their figures moved: so may the totals of the server and its folders.
    if (change.changed.size) this.totals.changed([server, ...serverShown.filter((n): n is GroupNode => n.kind === 'group')]);
    for (const row of rows) this.queue.add(row);
    for (const id of change.removed) {
      const node = this.nodes.existingSession(connection, id);
      if (node) this.shownOrder.delete(node);
      this.forget(connection, id);
    }
  }

  /** Refreshes each list whose order really differs from what VS Code shows (checked once per tick). */
  private settleLists(): void {
    for (const list of this.listsToCheck) {
      const shown = this.shownOrder.get(list);
      if (!shown) continue;
      const now = this.childrenOf(list);
      if (!sameNodes(shown, now)) this.queue.add(list);
      // The "Show more" row says how many are not shown: it redraws when the list may have grown or shrunk.
      const last = now[now.length - 1] as TreeNode | undefined;
      if (last?.kind === 'more') this.queue.add(last);
    }
    this.listsToCheck.clear();
  }
}

/** How long showSession() waits for VS Code to read a grown list again (it is not read while the view is hidden). */
const READ_AGAIN_MS = 2_000;

function sameNodes(a: Row[], b: Row[]): boolean {
  return a.length === b.length && a.every((node, i) => node === b[i]);
}
