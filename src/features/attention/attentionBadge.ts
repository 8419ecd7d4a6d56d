// The number on the OpenCode icon in the activity bar (`TreeView.badge`): root sessions waiting for your answer or
// paused by a budget (both wait for you), and unread ones when `opencodeSessions.badge` says so; its tooltip names
// them (the first few).
import * as vscode from 'vscode';
import type { MarkedRoot, SessionDecorations } from '../../app/sessions/sessionDecorations';
import type { SessionsView } from '../../app/sessions/sessionsView';
import { affectsSetting, readSetting } from '../../app/settings/settingAccess';
import { SETTING } from '../../app/settings/settingKeys';
import { oneLine } from '../../present/requestText';
import { sessionTitle } from '../../present/sessionTitle';

/** Sessions named in the tooltip; the rest are counted. */
const NAMED = 3;

/** A root whose tree a budget paused needs you as a waiting one does: counted once, as paused (its first mark). */
export function attentionBadge(decorations: SessionDecorations, view: SessionsView): vscode.Disposable {
  const show = () => view.rows.setBadge(badgeOf(decorations.roots(), badgeSetting()));
  show();
  return vscode.Disposable.from(
    decorations.onDidChange(show),
    vscode.workspace.onDidChangeConfiguration((e) => affectsSetting(e, SETTING.badge) && show()),
  );
}

export type BadgeSetting = 'waiting' | 'waitingAndUnread' | 'off';

function badgeSetting(): BadgeSetting {
  const value = readSetting<string>(SETTING.badge);
  return value === 'waitingAndUnread' || value === 'off' ? value : 'waiting';
}

/** The badge for what needs you; undefined when it counts nothing. */
export function badgeOf(needs: readonly MarkedRoot[], setting: BadgeSetting): vscode.ViewBadge | undefined {
  if (setting === 'off') return undefined;
  const waiting = needs.filter((n) => n.group === 'waiting');
  const paused = needs.filter((n) => n.group === 'paused');
  const unread = setting === 'waitingAndUnread' ? needs.filter((n) => n.group === 'unread') : [];
  const value = waiting.length + paused.length + unread.length;
  if (!value) return undefined;
  const lines = [
    ...(waiting.length ? [vscode.l10n.t('Waiting for you: {0}', names(waiting))] : []),
    ...(paused.length ? [vscode.l10n.t('Paused by a budget: {0}', names(paused))] : []),
    ...(unread.length ? [vscode.l10n.t('Unread: {0}', names(unread))] : []),
  ];
  return { value, tooltip: lines.join('\n') };
}

function names(list: readonly MarkedRoot[]): string {
  const shown = list.slice(0, NAMED).map(({ connection, sessionId }) => {
    const title = oneLine(sessionTitle(connection.sessions.get(sessionId)?.info ?? {}));
    return `“${title}” (${connection.label})`;
  });
  return list.length > NAMED ? vscode.l10n.t('{0} and {1} more', shown.join(', '), list.length - NAMED) : shown.join(', ');
}
