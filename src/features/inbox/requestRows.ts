// What waits under a session in the sessions view: one row per permission request or question, first.
import * as vscode from 'vscode';
import type { Row, RowContribution, RowHost } from '../../app/sessions/sessionsView';
import type { ServerConnection } from '../../client/serverConnection';
import { RequestNodes, type RequestNode } from './requestNodes';
import { requestTreeItem } from './requestTreeItem';

export type { RequestNode } from './requestNodes';

export class RequestRows implements RowContribution {
  /** One node per request, kept per session: drawing a row costs what its session holds. */
  private readonly nodes = new RequestNodes();

  constructor(
    private readonly host: () => RowHost,
    /** The server a row names, while it is registered. */
    private readonly connectionOf: (serverId: string) => ServerConnection | undefined,
  ) {}

  owns(row: Row): row is RequestNode {
    return row.kind === 'request';
  }

  underSession(connection: ServerConnection, sessionId: string): Row[] {
    return this.nodes.underSession(connection, sessionId);
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
    this.nodes.forget(connection.config.id, sessionId);
  }
}
