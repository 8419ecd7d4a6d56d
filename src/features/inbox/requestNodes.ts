// The nodes of the requests that wait under each session (the sessions view's request rows), kept per server and per
// session so that drawing one session's row reads only what that session holds: VS Code asks every drawn row's
// TreeItem, and a root's n sub-agents that each wait are drawn at once. No `vscode` here (the scale suite runs it).
import type { ServerConnection } from '../../client/serverConnection';
import { compareRequests } from '../../store/pendingRequest';
import type { SessionRef } from '../../store/sessionRef';

/** A permission request or question that waits under its session. */
export interface RequestNode extends SessionRef {
  readonly kind: 'request';
  readonly requestId: string;
}

export class RequestNodes {
  /** Server id → session id → request id → node. One node per request (tree refreshes match by identity). */
  private readonly servers = new Map<string, Map<string, Map<string, RequestNode>>>();

  /**
   * The nodes of what waits on the session now, in order (compareRequests); the nodes of its answered requests are
   * dropped (answered requests never come back). Costs what that session holds.
   */
  underSession(connection: Pick<ServerConnection, 'config' | 'sessions'>, sessionId: string): RequestNode[] {
    const requests = connection.sessions.get(sessionId)?.requests;
    const serverId = connection.config.id;
    const sessions = this.servers.get(serverId);
    const old = sessions?.get(sessionId);
    // The same requests as last drawn (a redraw): the same nodes, already in order (it depends on the ids alone).
    if (old && requests && old.size === requests.size && [...old.keys()].every((id) => requests.has(id))) return [...old.values()];
    const waiting = requests ? [...requests.values()].sort(compareRequests) : [];
    if (!waiting.length) {
      if (old) this.forget(serverId, sessionId);
      return [];
    }
    const kept = new Map<string, RequestNode>();
    const nodes = waiting.map((r) => {
      const node = old?.get(r.id) ?? { kind: 'request' as const, serverId, sessionId, requestId: r.id };
      kept.set(r.id, node);
      return node;
    });
    if (sessions) sessions.set(sessionId, kept);
    else this.servers.set(serverId, new Map([[sessionId, kept]]));
    return nodes;
  }

  /** Drops one session's nodes, or (no session) all of the server's. */
  forget(serverId: string, sessionId?: string): void {
    const sessions = this.servers.get(serverId);
    if (!sessions) return;
    if (sessionId !== undefined) sessions.delete(sessionId);
    if (sessionId === undefined || !sessions.size) this.servers.delete(serverId);
  }

  /** How many nodes are kept, over every server (for tests). */
  get size(): number {
    let n = 0;
    for (const sessions of this.servers.values()) for (const nodes of sessions.values()) n += nodes.size;
    return n;
  }
}
