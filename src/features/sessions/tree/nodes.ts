import type { ServerConnection } from '../../../client/serverConnection';

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
    return once(this.groups, connection, directory, () => ({ kind: 'group', connection, directory }));
  }

  session(connection: ServerConnection, sessionId: string): SessionNode {
    return once(this.sessions, connection, sessionId, () => ({ kind: 'session', connection, sessionId }));
  }

  request(connection: ServerConnection, sessionId: string, requestId: string): RequestNode {
    return once(this.requests, connection, requestId, () => ({ kind: 'request', connection, sessionId, requestId }));
  }

  changes(connection: ServerConnection, sessionId: string): ChangesNode {
    return once(this.changeRows, connection, sessionId, () => ({ kind: 'changes', connection, sessionId }));
  }

  existingChanges(connection: ServerConnection, sessionId: string): ChangesNode | undefined {
    return this.changeRows.get(connection)?.get(sessionId);
  }

  changedFile(connection: ServerConnection, sessionId: string, path: string): ChangedFileNode {
    return once(this.fileRows, connection, `${sessionId}\u0000${path}`, () => ({ kind: 'changedFile', connection, sessionId, path }));
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
      const files = this.fileRows.get(connection);
      for (const [key, node] of files ?? []) if (node.sessionId === sessionId) files!.delete(key);
      this.sessions.get(connection)?.delete(sessionId);
      this.forgetRequests(connection, sessionId, new Set());
    }
  }
}

/** The node kept for (connection, key), made on first use: one object per row, so refreshes find it. */
function once<N>(all: Map<ServerConnection, Map<string, N>>, connection: ServerConnection, key: string, make: () => N): N {
  let byKey = all.get(connection);
  if (!byKey) all.set(connection, (byKey = new Map<string, N>()));
  let node = byKey.get(key);
  if (!node) byKey.set(key, (node = make()));
  return node;
}
