// The rows this feature draws: plain objects that name their server and session by id (commands resolve them
// through the app's registry), one object per row.
import type { ServerConnection } from '../../../client/serverConnection';
import type { SessionRef } from '../../../store/sessionRef';

export interface ServerNode {
  readonly kind: 'server';
  readonly serverId: string;
}

/** A project directory under a server that hosts sessions in more than one. */
export interface GroupNode {
  readonly kind: 'group';
  readonly serverId: string;
  readonly directory: string;
}

export interface SessionNode extends SessionRef {
  readonly kind: 'session';
}

/** The last row of a long root list: shows the list's next page (see listPages.ts). */
export interface MoreNode {
  readonly kind: 'more';
  readonly serverId: string;
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
  private readonly servers = new Map<string, ServerNode>();
  private readonly groups = new Map<string, Map<string, GroupNode>>();
  private readonly sessions = new Map<string, Map<string, SessionNode>>();
  private readonly mores = new WeakMap<ServerNode | GroupNode, MoreNode>();

  server(connection: ServerConnection): ServerNode {
    const serverId = connection.config.id;
    let node = this.servers.get(serverId);
    if (!node) this.servers.set(serverId, (node = { kind: 'server', serverId }));
    return node;
  }

  group(connection: ServerConnection, directory: string): GroupNode {
    const serverId = connection.config.id;
    return once(this.groups, serverId, directory, () => ({ kind: 'group', serverId, directory }));
  }

  session(connection: ServerConnection, sessionId: string): SessionNode {
    const serverId = connection.config.id;
    return once(this.sessions, serverId, sessionId, () => ({ kind: 'session', serverId, sessionId }));
  }

  more(list: ServerNode | GroupNode): MoreNode {
    let node = this.mores.get(list);
    if (!node) this.mores.set(list, (node = { kind: 'more', serverId: list.serverId, list }));
    return node;
  }

  /** The node if one was handed out already; refreshing a row VS Code never asked for is pointless. */
  existingSession(connection: ServerConnection, sessionId: string): SessionNode | undefined {
    return this.sessions.get(connection.config.id)?.get(sessionId);
  }

  forget(connection: ServerConnection, sessionId?: string): void {
    const serverId = connection.config.id;
    if (sessionId === undefined) {
      this.servers.delete(serverId);
      this.groups.delete(serverId);
      this.sessions.delete(serverId);
    } else {
      this.sessions.get(serverId)?.delete(sessionId);
    }
  }
}

/** The node kept for (server, key), made on first use: one object per row, so refreshes find it. */
export function once<K, N>(all: Map<K, Map<string, N>>, owner: K, key: string, make: () => N): N {
  let byKey = all.get(owner);
  if (!byKey) all.set(owner, (byKey = new Map<string, N>()));
  let node = byKey.get(key);
  if (!node) byKey.set(key, (node = make()));
  return node;
}
