// What waits under a session in the sessions view: one row per permission request or question, first.
import * as vscode from 'vscode';
import type { Row, RowContribution, RowHost } from '../../app/sessions/sessionsView';
import type { ServerConnection } from '../../client/serverConnection';
import { compareRequests } from '../../store/pendingRequest';
import type { SessionRef } from '../../store/sessionRef';
import { requestTreeItem } from './requestTreeItem';

/** A permission request or question that waits under its session. */
export interface RequestNode extends SessionRef {
  readonly kind: 'request';
  readonly requestId: string;
}

export class RequestRows implements RowContribution {
  /** One node per request (tree refreshes match by identity); answered requests never come back. */
  private readonly nodes = new Map<string, Map<string, RequestNode>>();

  constructor(
    private readonly host: () => RowHost,
    /** The server a row names, while it is registered. */
    private readonly connectionOf: (serverId: string) => ServerConnection | undefined,
  ) {}

  owns(row: Row): row is RequestNode {
    return row.kind === 'request';
  }

  underSession(connection: ServerConnection, sessionId: string): Row[] {
    const record = connection.sessions.get(sessionId);
    const waiting = record ? [...record.requests.values()].sort(compareRequests) : [];
    const serverId = connection.config.id;
    const byId = this.nodes.get(serverId) ?? new Map<string, RequestNode>();
    this.nodes.set(serverId, byId);
    const still = new Set(waiting.map((r) => r.id));
    for (const [id, node] of byId) if (node.sessionId === sessionId && !still.has(id)) byId.delete(id);
    return waiting.map((r) => {
      let node = byId.get(r.id);
      if (!node) byId.set(r.id, (node = { kind: 'request', serverId, sessionId, requestId: r.id }));
      return node;
    });
  }

  treeItem(row: Row): vscode.TreeItem {
    const { serverId, sessionId, requestId } = row as RequestNode;
    const connection = this.connectionOf(serverId);
    const record = connection?.sessions.get(sessionId);
    if (!connection || !record) return new vscode.TreeItem('(removed)');
    const request = record.requests.get(requestId);
    return request ? requestTreeItem(connection, record, request) : new vscode.TreeItem(vscode.l10n.t('(answered)'));
  }

  children(): Row[] {
    return [];
  }

  parent(row: Row): Row | undefined {
    const { serverId, sessionId } = row as RequestNode;
    const connection = this.connectionOf(serverId);
    return connection && this.host().sessionRow(connection, sessionId);
  }

  forget(connection: ServerConnection, sessionId?: string): void {
    const byId = this.nodes.get(connection.config.id);
    if (sessionId === undefined) this.nodes.delete(connection.config.id);
    else for (const [id, node] of byId ?? []) if (node.sessionId === sessionId) byId!.delete(id);
  }
}
