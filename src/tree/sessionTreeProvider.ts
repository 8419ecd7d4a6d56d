import * as vscode from 'vscode';
import type { ServerConnection } from '../client/serverConnection';
import type { SessionRecord } from '../store/sessionRecord';
import type { StoreChange } from '../store/sessionStore';
import { NodeCache, type SessionNode, type TreeNode } from './nodes';
import { RefreshQueue } from './refreshQueue';
import { serverTreeItem } from './serverTreeItem';
import { sessionTreeItem } from './sessionTreeItem';

/** Server → root sessions (most recent first) → child task sessions (oldest first), to any depth. */
export class SessionTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly nodes = new NodeCache();
  private readonly queue = new RefreshQueue<TreeNode>((node) => this.changeEmitter.fire(node));
  private connections: ServerConnection[] = [];
  /** The child order last handed to VS Code, per parent: a re-sort refreshes the parent only if it differs. */
  private readonly shownOrder = new Map<TreeNode, string[]>();
  private subscriptions: Array<{ dispose(): void }> = [];

  setConnections(connections: ServerConnection[]): void {
    for (const s of this.subscriptions) s.dispose();
    for (const old of this.connections) if (!connections.includes(old)) this.nodes.forget(old);
    this.connections = connections;
    this.subscriptions = connections.flatMap((c) => [
      c.onDidChangeSessions.on((change) => this.onStoreChange(c, change)),
      // Offline greys out every row of that server, so its whole subtree redraws.
      c.onDidChangeState.on(() => this.queue.add(this.nodes.server(c))),
    ]);
    this.queue.add(undefined);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    if (node.kind === 'server') return serverTreeItem(node.connection);
    const record = node.connection.store.get(node.sessionId);
    if (!record) return new vscode.TreeItem('(removed)');
    return sessionTreeItem(node.connection, record);
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) return this.connections.map((c) => this.nodes.server(c));
    const ids = this.orderedChildIds(node);
    this.shownOrder.set(node, ids);
    return ids.map((id) => this.nodes.session(node.connection, id));
  }

  getParent(node: TreeNode): TreeNode | undefined {
    if (node.kind === 'server') return undefined;
    const parentID = node.connection.store.parentOf(node.sessionId);
    if (parentID) return this.nodes.session(node.connection, parentID);
    return this.nodes.server(node.connection);
  }

  /** The node for a session, for reveal() and for tests. */
  sessionNode(connection: ServerConnection, sessionId: string): SessionNode {
    return this.nodes.session(connection, sessionId);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.queue.dispose();
    this.changeEmitter.dispose();
  }

  private orderedChildIds(node: TreeNode): string[] {
    const { store } = node.connection;
    const records = node.kind === 'server' ? sortRecent(store.roots()) : sortOldest(store.childrenOf(node.sessionId));
    return records.map((r) => r.info.id);
  }

  private onStoreChange(connection: ServerConnection, change: StoreChange): void {
    const parents = new Set<TreeNode>();
    for (const parent of change.structure) parents.add(this.parentNode(connection, parent));
    for (const id of change.changed) {
      const node = this.nodes.existingSession(connection, id);
      if (!node) continue;
      this.queue.add(node);
      // A newer update can move a row up its list; refresh the list only when the order really changed.
      const parent = this.getParent(node);
      const shown = parent && this.shownOrder.get(parent);
      if (parent && shown && !sameOrder(shown, this.orderedChildIds(parent))) parents.add(parent);
    }
    for (const parent of parents) this.queue.add(parent);
    for (const id of change.removed) {
      const node = this.nodes.existingSession(connection, id);
      if (node) this.shownOrder.delete(node);
      this.nodes.forget(connection, id);
    }
  }

  private parentNode(connection: ServerConnection, parentId: string | undefined): TreeNode {
    return parentId === undefined ? this.nodes.server(connection) : this.nodes.session(connection, parentId);
  }
}

function sameOrder(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

const sortRecent = (records: SessionRecord[]) => records.sort((a, b) => b.info.time.updated - a.info.time.updated);
const sortOldest = (records: SessionRecord[]) => records.sort((a, b) => a.info.time.created - b.info.time.created);
