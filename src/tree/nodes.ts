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

export type TreeNode = ServerNode | GroupNode | SessionNode | RequestNode;

/**
 * Hands out one node object per server, directory group and session, so that a refresh fired with a node
 * reaches the row VS Code already shows (tree refresh matches elements by identity).
 */
export class NodeCache {
  private readonly servers = new Map<ServerConnection, ServerNode>();
  private readonly groups = new Map<ServerConnection, Map<string, GroupNode>>();
  private readonly sessions = new Map<ServerConnection, Map<string, SessionNode>>();
  private readonly requests = new Map<ServerConnection, Map<string, RequestNode>>();

  server(connection: ServerConnection): ServerNode {
    let node = this.servers.get(connection);
    if (!node) this.servers.set(connection, (node = { kind: 'server', connection }));
    return node;
  }

  group(connection: ServerConnection, directory: string): GroupNode {
    let byDir = this.groups.get(connection);
    if (!byDir) this.groups.set(connection, (byDir = new Map<string, GroupNode>()));
    let node = byDir.get(directory);
    if (!node) byDir.set(directory, (node = { kind: 'group', connection, directory }));
    return node;
  }

  session(connection: ServerConnection, sessionId: string): SessionNode {
    let byId = this.sessions.get(connection);
    if (!byId) this.sessions.set(connection, (byId = new Map<string, SessionNode>()));
    let node = byId.get(sessionId);
    if (!node) byId.set(sessionId, (node = { kind: 'session', connection, sessionId }));
    return node;
  }

  request(connection: ServerConnection, sessionId: string, requestId: string): RequestNode {
    let byId = this.requests.get(connection);
    if (!byId) this.requests.set(connection, (byId = new Map<string, RequestNode>()));
    let node = byId.get(requestId);
    if (!node) byId.set(requestId, (node = { kind: 'request', connection, sessionId, requestId }));
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
    } else {
      this.sessions.get(connection)?.delete(sessionId);
      this.forgetRequests(connection, sessionId, new Set());
    }
  }
}
