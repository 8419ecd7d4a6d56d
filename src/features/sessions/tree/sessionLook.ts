// How a session row looks at a glance: its state's icon (greyed while its server is offline or still connecting,
// an archive box for an archived idle one), and the facts the row's words and menus read.
import * as vscode from 'vscode';
import type { ServerConnection } from '../../../client/serverConnection';
import { isArchived } from '../../../store/sessionFilter';
import { sessionState, type SessionRecord, type SessionState } from '../../../store/sessionRecord';

const STATE_ICONS: Record<SessionState, vscode.ThemeIcon> = {
  idle: new vscode.ThemeIcon('comment-discussion'),
  busy: new vscode.ThemeIcon('loading~spin'),
  retry: new vscode.ThemeIcon('sync', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  waiting: new vscode.ThemeIcon('bell-dot', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
};
const OFFLINE_ICON = new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('disabledForeground'));
// A long listing shows its first page while the rest loads: those rows are not the last known, their state is
// not read yet (not `sync`: that is retrying's). Rows kept while a server retries or reconnects stay offline:
// their figures are the last known.
const CONNECTING_ICON = new vscode.ThemeIcon('ellipsis', new vscode.ThemeColor('disabledForeground'));
const ARCHIVED_ICON = new vscode.ThemeIcon('archive', new vscode.ThemeColor('disabledForeground'));

export function sessionLook(
  connection: ServerConnection,
  record: SessionRecord,
): { state: SessionState; online: boolean; archived: boolean; icon: vscode.ThemeIcon } {
  const state = sessionState(record);
  const phase = connection.sessionsPhase;
  const online = phase === 'online';
  const archived = isArchived(record);
  const icon =
    phase === 'connecting' ? CONNECTING_ICON : !online ? OFFLINE_ICON : archived && state === 'idle' ? ARCHIVED_ICON : STATE_ICONS[state];
  return { state, online, archived, icon };
}
