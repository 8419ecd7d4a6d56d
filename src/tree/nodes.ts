import type { ServerConnection } from '../client/serverConnection';

export interface ServerNode {
  readonly kind: 'server';
  readonly connection: ServerConnection;
}

/** A project directory under a server that hosts sessions in more than one. */
export interface GroupNode {
  readonly kind: 'group';
  readonly connection: ServerConnection;
  readonly directory: string;
}

export interface SessionNode {
  readonly kind: 'session';
  readonly connection: ServerConnection;
  readonly sessionId: string;
}

/** A permission request or question that waits under its session. */
export interface RequestNode {
  readonly kind: 'request';
  readonly connection: ServerConnection;
  readonly sessionId: string;
  readonly requestId: string;
}

/** The files a session changed (a collapsible row under it). */
export interface ChangesNode {
  readonly kind: 'changes';
  readonly connection: ServerConnection;
  readonly sessionId: string;
}

/** One changed file under a session's Changes. */
export interface ChangedFileNode {
  readonly kind: 'changedFile';
  readonly connection: ServerConnection;
  readonly sessionId: string;
  readonly path: string;
}

export type TreeNode = ServerNode | GroupNode | SessionNode | RequestNode | ChangesNode | ChangedFileNode;

/**
 * Hands out one node object per server, directory group and session, so that a refresh fired with a node
 * reaches the row VS Code already shows (tree refresh matches elements by identity).
 */
export class NodeCache {
  private readonly servers = new Map<ServerConnection, ServerNode>();
  private readonly groups = new Map<ServerConnection, Map<string, GroupNode>>();
  private readonly sessions = new Map<ServerConnection, Map<string, SessionNode>>();
  private readonly requests = new Map<ServerConnection, Map<string, RequestNode>>();
  private readonly changeRows = new Map<ServerConnection, Map<string, ChangesNode>>();
  private readonly fileRows = new Map<ServerConnection, Map<string, ChangedFileNode>>();

  server(connection: ServerConnection): ServerNode {
    let node = this.servers.get(connection);
    if (!node) this.servers.set(connection, (node = { kind: 'server', connection }));
    return node;
  }

  group(connection: ServerConnection, directory: string): GroupNode {
    let byDir = this.groups.get(connection);
    if (!byDir) this.groups.set(connection, (byDir = new Map()));
    let node = byDir.get(directory);
    if (!node) byDir.set(directory, (node = { kind: 'group', connection, directory }));
    return node;
  }

  session(connection: ServerConnection, sessionId: string): SessionNode {
    let byId = this.sessions.get(connection);
    if (!byId) this.sessions.set(connection, (byId = new Map()));
    let node = byId.get(sessionId);
    if (!node) byId.set(sessionId, (node = { kind: 'session', connection, sessionId }));
    return node;
  }

  request(connection: ServerConnection, sessionId: string, requestId: string): RequestNode {
    let byId = this.requests.get(connection);
    if (!byId) this.requests.set(connection, (byId = new Map()));
    let node = byId.get(requestId);
    if (!node) byId.set(requestId, (node = { kind: 'request', connection, sessionId, requestId }));
    return node;
  }

  changes(connection: ServerConnection, sessionId: string): ChangesNode {
    let byId = this.changeRows.get(connection);
    if (!byId) this.changeRows.set(connection, (byId = new Map()));
    let node = byId.get(sessionId);
    if (!node) byId.set(sessionId, (node = { kind: 'changes', connection, sessionId }));
    return node;
  }

  existingChanges(connection: ServerConnection, sessionId: string): ChangesNode | undefined {
    return this.changeRows.get(connection)?.get(sessionId);
  }

  changedFile(connection: ServerConnection, sessionId: string, path: string): ChangedFileNode {
    let byKey = this.fileRows.get(connection);
    if (!byKey) this.fileRows.set(connection, (byKey = new Map()));
    const key = `${sessionId}\u0000${path}`;
    let node = byKey.get(key);
    if (!node) byKey.set(key, (node = { kind: 'changedFile', connection, sessionId, path }));
    return node;
  }

  /** Drops the nodes of a session's requests that no longer wait (answered requests never come back). */
  forgetRequests(connection: ServerConnection, sessionId: string, waiting: ReadonlySet<string>): void {
    const byId = this.requests.get(connection);
    if (!byId) return;
    for (const [id, node] of byId) if (node.sessionId === sessionId && !waiting.has(id)) byId.delete(id);
  }

  /** The node if one was handed out already; refreshing a row VS Code never asked for is pointless. */
  existingSession(connection: ServerConnection, sessionId: string): SessionNode | undefined {
    return this.sessions.get(connection)?.get(sessionId);
  }

  forget(connection: ServerConnection, sessionId?: string): void {
    if (sessionId === undefined) {
      this.servers.delete(connection);
      this.groups.delete(connection);
      this.sessions.delete(connection);
      this.requests.delete(connection);
      this.changeRows.delete(connection);
      this.fileRows.delete(connection);
    } else {
      this.changeRows.get(connection)?.delete(sessionId);
      this.sessions.get(connection)?.delete(sessionId);
      this.forgetRequests(connection, sessionId, new Set());
    }
  }
}
