// What each of this feature's rows shows: a server, a project folder, a session (its tooltip on hover).
import * as vscode from 'vscode';
import { serverTreeItem } from '../../../app/servers/serverTreeItem';
import type { ServerConnection } from '../../../client/serverConnection';
import { loadSessionContext } from '../../../client/serverConnection';
import { groupTreeItem } from './groupTreeItem';
import { moreTreeItem } from './moreTreeItem';
import type { TreeNode } from './nodes';
import { sessionTooltip } from './sessionTooltip';
import { sessionTreeItem } from './sessionTreeItem';
import type { RowListFigures } from './rowListFigures';
import type { SessionDecoration } from '../../../app/sessions/sessionDecorations';

/** `hidden`: for a "Show more" row, the sessions of its list not shown yet. */
export function treeItemOf(
  connection: ServerConnection,
  node: TreeNode,
  list: RowListFigures,
  collapsible = vscode.TreeItemCollapsibleState.None,
  hidden = 0,
  marks: readonly SessionDecoration[] = [],
): vscode.TreeItem {
  if (node.kind === 'server') return serverTreeItem(connection);
  if (node.kind === 'group') return groupTreeItem(connection, node);
  if (node.kind === 'more') return moreTreeItem(node, hidden);
  return (
    sessionTreeItem(connection, node.sessionId, list.of(connection, node.sessionId), collapsible, marks) ?? new vscode.TreeItem('(removed)')
  );
}

/** Read on hover: the tooltip needs the session's latest reply and its model's limit. */
export async function sessionTooltipOf(connection: ServerConnection, sessionId: string): Promise<vscode.MarkdownString | undefined> {
  const context = await loadSessionContext(connection, sessionId);
  return sessionTooltip(connection, sessionId, context);
}
