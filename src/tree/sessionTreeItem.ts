import * as vscode from 'vscode';
import type { ServerConnection } from '../client/serverConnection';
import { formatExactCost, formatTokens, sessionBadge } from '../store/format';
import { sessionState, type SessionRecord, type SessionState } from '../store/sessionRecord';
import type { Usage } from '../store/usage';

const STATE_ICONS: Record<SessionState, vscode.ThemeIcon> = {
  idle: new vscode.ThemeIcon('comment-discussion'),
  busy: new vscode.ThemeIcon('loading~spin'),
  retry: new vscode.ThemeIcon('sync', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  permission: new vscode.ThemeIcon('shield', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
};
const OFFLINE_ICON = new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('disabledForeground'));

export function sessionTreeItem(connection: ServerConnection, record: SessionRecord): vscode.TreeItem {
  const { store } = connection;
  const id = record.info.id;
  const hasChildren = store.childrenOf(id).length > 0;
  const inclusive = store.inclusive(id);
  const state = sessionState(record);
  const online = connection.state.kind === 'online';
  // Titles are untrusted: TreeItem labels and descriptions are plain text, and the tooltip escapes them.
  const item = new vscode.TreeItem(record.info.title || 'Untitled session', hasChildren ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
  item.id = `${connection.config.id}\u0000${id}`;
  item.description = sessionBadge(record.own, inclusive, hasChildren);
  item.iconPath = online ? STATE_ICONS[state] : OFFLINE_ICON;
  item.contextValue = ['session', state, hasChildren ? 'parent' : 'leaf', record.info.parentID ? 'child' : 'root', online ? 'online' : 'offline'].join(' ');
  item.tooltip = sessionTooltip(connection, record, inclusive, hasChildren);
  item.accessibilityInformation = { label: `${record.info.title || 'Untitled session'}, ${state}, ${item.description}` };
  return item;
}

function sessionTooltip(connection: ServerConnection, record: SessionRecord, inclusive: Usage, hasChildren: boolean): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown('**').appendText(record.info.title || 'Untitled session').appendMarkdown('**\n\n');
  const row = (label: string, value: string) => md.appendMarkdown(`${label}: `).appendText(value).appendMarkdown('  \n');
  const own = record.own;
  row('Input', formatTokens(own.input));
  row('Output', formatTokens(own.output));
  row('Reasoning', formatTokens(own.reasoning));
  row('Cache read', formatTokens(own.cacheRead));
  row('Cache write', formatTokens(own.cacheWrite));
  row('Cost', formatExactCost(own.cost));
  if (hasChildren) row('With sub-agents', formatExactCost(inclusive.cost));
  const model = record.info.model;
  if (model?.id) row('Model', `${model.providerID ?? ''}/${model.id}`);
  if (record.info.agent) row('Agent', record.info.agent);
  if (record.lastError) row('Last error', record.lastError.message);
  row('Updated', new Date(record.info.time.updated).toLocaleString());
  row('Server', connection.label);
  row('Directory', record.info.directory);
  return md;
}
