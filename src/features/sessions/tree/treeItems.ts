// What each of this feature's rows shows: a server, a project folder, a session (its tooltip on hover).
import * as vscode from 'vscode';
import { serverTreeItem } from '../../../app/serverTreeItem';
import { loadSessionContext } from '../../../client/sessionContext';
import { groupTreeItem } from './groupTreeItem';
import { moreTreeItem } from './moreTreeItem';
import type { TreeNode } from './nodes';
import { sessionTooltip } from './sessionTooltip';
import { sessionTreeItem } from './sessionTreeItem';

/** `hidden`: for a "Show more" row, the sessions of its list not shown yet. */
export function treeItemOf(node: TreeNode, collapsible = vscode.TreeItemCollapsibleState.None, hidden = 0): vscode.TreeItem {
  if (node.kind === 'server') return serverTreeItem(node.connection);
  if (node.kind === 'group') return groupTreeItem(node);
  if (node.kind === 'more') return moreTreeItem(node, hidden);
  return sessionTreeItem(node.connection, node.sessionId, collapsible) ?? new vscode.TreeItem('(removed)');
}

/** Read on hover: the tooltip needs the session's latest reply and its model's limit. */
export async function sessionTooltipOf(node: TreeNode & { kind: 'session' }): Promise<vscode.MarkdownString | undefined> {
  const context = await loadSessionContext(node.connection, node.sessionId);
  return sessionTooltip(node.connection, node.sessionId, context);
}
