import * as vscode from 'vscode';
import { visibleText } from '../../../present/plainText';
import { folderName, folderPlace } from '../../../store/directoryGroups';
import type { GroupNode } from './nodes';

const FOLDER_ICON = new vscode.ThemeIcon('folder');

/** A project directory under a server; its path comes from the server, and labels are plain text. */
export function groupTreeItem(node: GroupNode): vscode.TreeItem {
  const shown = visibleText(node.directory);
  const item = new vscode.TreeItem(folderName(shown), vscode.TreeItemCollapsibleState.Expanded);
  item.id = `group\u0000${node.serverId}\u0000${node.directory}`;
  item.description = folderPlace(shown);
  item.tooltip = shown;
  item.iconPath = FOLDER_ICON;
  item.contextValue = 'group';
  return item;
}
