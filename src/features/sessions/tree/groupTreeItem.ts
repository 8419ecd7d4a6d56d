import * as vscode from 'vscode';
import type { ServerConnection } from '../../../client/serverConnection';
import { formatCost, PARTIAL_MARK } from '../../../present/format';
import { visibleText } from '../../../present/plainText';
import { folderName, folderPlace } from '../../../store/directoryGroups';
import { folderFigures } from './folderFigures';
import type { GroupNode } from './nodes';

const FOLDER_ICON = new vscode.ThemeIcon('folder');

/**
 * A project directory under a server; its path comes from the server, and labels are plain text. It reads like
 * the server row above it, money first: what its sessions cost (each with its sub-agents) and how many it lists;
 * where it is only when another folder of the server has the same name (the demo's two both read "…/work").
 */
export function groupTreeItem(connection: ServerConnection, node: GroupNode): vscode.TreeItem {
  const shown = visibleText(node.directory);
  const item = new vscode.TreeItem(folderName(shown), vscode.TreeItemCollapsibleState.Expanded);
  item.id = `group\u0000${node.serverId}\u0000${node.directory}`;
  const { cost, count: sessions, partial, sharesName } = folderFigures(connection.sessions, node.directory);
  const count = sessions === 1 ? vscode.l10n.t('1 session') : vscode.l10n.t('{0} sessions', sessions);
  const place = sharesName ? folderPlace(shown) : undefined;
  item.description = [`${partial ? PARTIAL_MARK : ''}${formatCost(cost)}`, count, place].filter(Boolean).join(' · ');
  item.tooltip = shown;
  item.iconPath = FOLDER_ICON;
  item.contextValue = 'group';
  return item;
}
