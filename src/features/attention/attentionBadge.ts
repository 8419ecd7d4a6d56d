// The number on the OpenCode icon in the activity bar (`TreeView.badge`): root sessions waiting for your answer or
// paused by a budget (both wait for you), and unread ones when `opencodeSessions.badge` says so; its tooltip names
// them (the first few).
import * as vscode from 'vscode';
import type { AttentionModel, NeedsYou } from '../../app/sessions/attention';
import type { BudgetPauses } from '../../app/budgets/budgetPauses';
import type { SessionsView } from '../../app/sessions/sessionsView';
import { affectsSetting, readSetting } from '../../app/settings/settingAccess';
import { SETTING } from '../../app/settings/settingKeys';
import { oneLine } from '../../present/requestText';
import { sessionTitle } from '../../present/sessionTitle';

/** Sessions named in the tooltip; the rest are counted. */
const NAMED = 3;

export function attentionBadge(attention: AttentionModel, view: SessionsView, pauses?: BudgetPauses): vscode.Disposable {
  const show = () => view.rows.setBadge(badgeOf(withPaused(attention.all(), pauses), badgeSetting()));
  show();
  return vscode.Disposable.from(
    attention.onDidChange(show),
    ...(pauses ? [pauses.onDidChange(show)] : []),
    vscode.workspace.onDidChangeConfiguration((e) => affectsSetting(e, SETTING.badge) && show()),
  );
}

/** A root whose tree a budget paused needs you as a waiting one does: counted once, as paused. */
export function withPaused(needs: readonly NeedsYou[], pauses: Pick<BudgetPauses, 'pausedRoots'> | undefined): Badged[] {
  const paused = pauses?.pausedRoots() ?? [];
  const key = (connection: NeedsYou['connection'], id: string) => `${connection.config.id}\u0000${id}`;
  const held = new Set(paused.map((p) => key(p.connection, p.rootId)));
  return [
    ...needs.filter((n) => !held.has(key(n.connection, n.sessionId))),
    ...paused.map((p) => ({ connection: p.connection, sessionId: p.rootId, attention: 'paused' as const })),
  ];
}

/** What the badge counts: what needs you, and roots a budget paused. */
export type Badged = Omit<NeedsYou, 'attention'> & { attention: NeedsYou['attention'] | 'paused' };

export type BadgeSetting = 'waiting' | 'waitingAndUnread' | 'off';

function badgeSetting(): BadgeSetting {
  const value = readSetting<string>(SETTING.badge);
  return value === 'waitingAndUnread' || value === 'off' ? value : 'waiting';
}

/** The badge for what needs you; undefined when it counts nothing. */
export function badgeOf(needs: readonly Badged[], setting: BadgeSetting): vscode.ViewBadge | undefined {
  if (setting === 'off') return undefined;
  const waiting = needs.filter((n) => n.attention === 'waiting');
  const paused = needs.filter((n) => n.attention === 'paused');
  const unread = setting === 'waitingAndUnread' ? needs.filter((n) => n.attention === 'unread') : [];
  const value = waiting.length + paused.length + unread.length;
  if (!value) return undefined;
  const lines = [
    ...(waiting.length ? [vscode.l10n.t('Waiting for you: {0}', names(waiting))] : []),
    ...(paused.length ? [vscode.l10n.t('Paused by a budget: {0}', names(paused))] : []),
    ...(unread.length ? [vscode.l10n.t('Unread: {0}', names(unread))] : []),
  ];
  return { value, tooltip: lines.join('\n') };
}

function names(list: readonly Badged[]): string {
  const shown = list.slice(0, NAMED).map(({ connection, sessionId }) => {
    const title = oneLine(sessionTitle(connection.sessions.get(sessionId)?.info ?? {}));
    return `“${title}” (${connection.label})`;
  });
  return list.length > NAMED ? vscode.l10n.t('{0} and {1} more', shown.join(', '), list.length - NAMED) : shown.join(', ');
}
