import * as vscode from 'vscode';
import type { ServerConnection } from '../../../client/serverConnection';
import { costBadge } from '../../../present/format';
import { sessionRowText } from '../../../present/sessionRow';
import { shownListFigures } from '../../../app/settings/listPrice';
import { isArchived } from '../../../store/sessionFilter';
import { sessionState, type SessionRecord, type SessionState } from '../../../store/sessionRecord';
import { sessionKey } from '../../../store/sessionKey';
import { sessionTitle } from '../../../present/sessionTitle';
import { shownSessionState, shownWaiting } from '../../../app/stateWords';

const STATE_ICONS: Record<SessionState, vscode.ThemeIcon> = {
  idle: new vscode.ThemeIcon('comment-discussion'),
  busy: new vscode.ThemeIcon('loading~spin'),
  retry: new vscode.ThemeIcon('sync', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  waiting: new vscode.ThemeIcon('bell-dot', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
};
const OFFLINE_ICON = new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('disabledForeground'));
const ARCHIVED_ICON = new vscode.ThemeIcon('archive', new vscode.ThemeColor('disabledForeground'));

/** A session row. Its tooltip is left out on purpose: the provider's resolveTreeItem fills it on hover. */
export function sessionTreeItem(connection: ServerConnection, record: SessionRecord, collapsible: vscode.TreeItemCollapsibleState): vscode.TreeItem {
  const { sessions: store } = connection;
  const id = record.info.id;
  const hasChildren = store.childrenOf(id).length > 0;
  const inclusive = store.inclusive(id);
  const state = sessionState(record);
  const online = connection.state.kind === 'online';
  const archived = isArchived(record);
  // Titles are untrusted: TreeItem labels and descriptions are plain text, and the tooltip escapes them.
  const title = sessionTitle(record.info);
  const list = shownListFigures(connection, id);
  const row = sessionRowText(title, record.own, inclusive, hasChildren, list);
  const item = new vscode.TreeItem(row.label, collapsible);
  item.id = sessionKey(connection.config.id, id);
  // Counted over the whole subtree, so a collapsed parent still says that something below it waits.
  const waiting = store.waitingIn(id);
  item.description = [row.description, ...(waiting ? [shownWaiting(waiting)] : []), ...(archived ? [vscode.l10n.t('archived')] : [])].join(' · ');
  item.iconPath = !online ? OFFLINE_ICON : archived && state === 'idle' ? ARCHIVED_ICON : STATE_ICONS[state];
  item.contextValue = ['session', state, hasChildren ? 'parent' : 'leaf', record.info.parentID ? 'child' : 'root', online ? 'online' : 'offline', ...(archived ? ['archived'] : []), ...(record.info.share?.url ? ['shared'] : []), ...(record.info.revert ? ['reverted'] : []), connection.generation].join(' ');
  const words = [title, ...(archived ? [vscode.l10n.t('archived')] : []), shownSessionState(record, online), costBadge(record.own, inclusive, hasChildren, list), ...(list && list.own.listCost > 0 && record.own.cost === 0 ? [vscode.l10n.t('estimated at list price')] : []), vscode.l10n.t('{0} tokens', row.description)];
  item.accessibilityInformation = { label: words.join(', ') };
  return item;
}
