import * as vscode from 'vscode';
import { formatCount } from '../../../present/format';
import { nextPageCount } from './listPages';
import type { MoreNode } from './nodes';

const MORE_ICON = new vscode.ThemeIcon('ellipsis');
export const SHOW_MORE_COMMAND = 'opencodeSessions.showMoreSessions';

/** The last row of a long root list: Enter or a click adds the next page; the label says how many. */
export function moreTreeItem(node: MoreNode, hidden: number): vscode.TreeItem {
  const count = nextPageCount(hidden);
  const item = new vscode.TreeItem(vscode.l10n.t('Show {0} more', formatCount(count)), vscode.TreeItemCollapsibleState.None);
  const list = node.list;
  item.id = `more\u0000${node.serverId}\u0000${list.kind === 'group' ? list.directory : ''}`;
  item.description = vscode.l10n.t('{0} not shown', formatCount(hidden));
  item.tooltip = vscode.l10n.t('{0} more sessions are not shown; this shows the next {1}.', formatCount(hidden), formatCount(count));
  item.iconPath = MORE_ICON;
  item.contextValue = 'more';
  item.command = { command: SHOW_MORE_COMMAND, title: vscode.l10n.t('Show More Sessions'), arguments: [node] };
  item.accessibilityInformation = {
    label: vscode.l10n.t('Show {0} more sessions, {1} not shown', formatCount(count), formatCount(hidden)),
  };
  return item;
}
