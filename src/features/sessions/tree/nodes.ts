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

/** The last row of a long root list: shows the list's next page (see listPages.ts). */
export interface MoreNode {
  readonly kind: 'more';
  readonly connection: ServerConnection;
  /** The list it continues: a server's root sessions, or a project folder's. */
  readonly list: ServerNode | GroupNode;
}

/** The rows this feature draws; the other features' rows come through the app's SessionsView. */
export type TreeNode = ServerNode | GroupNode | SessionNode | MoreNode;

/**
 * Hands out one node object per server, directory group and session, so that a refresh fired with a node
 * reaches the row VS Code already shows (tree refresh matches elements by identity).
 */
export class NodeCache {
  private readonly servers = new Map<ServerConnection, ServerNode>();
  private readonly groups = new Map<ServerConnection, Map<string, GroupNode>>();
  private readonly sessions = new Map<ServerConnection, Map<string, SessionNode>>();
  private readonly mores = new WeakMap<ServerNode | GroupNode, MoreNode>();

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

  more(list: ServerNode | GroupNode): MoreNode {
    let node = this.mores.get(list);
    if (!node) this.mores.set(list, (node = { kind: 'more', connection: list.connection, list }));
    return node;
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
    } else {
      this.sessions.get(connection)?.delete(sessionId);
    }
  }
}

/** The node kept for (connection, key), made on first use: one object per row, so refreshes find it. */
export function once<N>(all: Map<ServerConnection, Map<string, N>>, connection: ServerConnection, key: string, make: () => N): N {
  let byKey = all.get(connection);
  if (!byKey) all.set(connection, (byKey = new Map<string, N>()));
  let node = byKey.get(key);
  if (!node) byKey.set(key, (node = make()));
  return node;
}
