// The marks every view shows of a session (sessionDecorations.ts): a budget paused it, something in it waits for
// you, a run of it ended since you looked. Each reads its own model; the views read only the merged decoration.
import * as vscode from 'vscode';
import type { ServerConnection } from '../../client/serverConnection';
import { requestCount, sessionState } from '../../store/sessionRecord';
import type { SessionReader } from '../../store/sessionReader';
import type { SessionRef } from '../../store/sessionRef';
import type { BudgetPauses } from '../budgets/budgetPauses';
import type { AttentionChange, AttentionModel } from './attention';
import type { SessionDecorationProvider } from './sessionDecorations';
import type { SessionsModel } from './sessionsModel';
import { shownPause, shownWaiting } from './stateWords';

/** A budget paused it: it waits for the user to raise the budget (or resume it anyway). */
const PAUSED_ICON = new vscode.ThemeIcon('debug-pause', new vscode.ThemeColor('problemsWarningIcon.foreground'));
/** A run ended since you last looked: the dot VS Code's own views use for what is new. */
const UNREAD_ICON = new vscode.ThemeIcon('circle-filled', new vscode.ThemeColor('notificationsInfoIcon.foreground'));

function idleOnline(connection: ServerConnection, sessionId: string): boolean {
  const record = connection.sessions.get(sessionId);
  return !!record && connection.sessionsPhase === 'online' && sessionState(record) === 'idle';
}

/**
 * Paused, said with which budget at what limit (what the user decides on). It reads paused while another client's
 * prompt to it is being stopped (the pause holds): no flicker.
 */
export function pausedMark(pauses: BudgetPauses): SessionDecorationProvider {
  return {
    onDidChange: (listener, thisArgs, disposables) =>
      pauses.onDidChange(({ sessions }) => listener.call(thisArgs, sessions), undefined, disposables),
    decorate(connection, sessionId) {
      const pause = pauses.of(connection.config.id, sessionId);
      if (!pause || connection.sessionsPhase !== 'online' || !connection.sessions.get(sessionId)) return undefined;
      if (pause.phase !== 'paused' && !idleOnline(connection, sessionId)) return undefined;
      const context = pause.phase === 'paused' ? ['paused'] : [];
      return { group: 'paused', icon: PAUSED_ICON, words: shownPause(pause), described: true, context };
    },
    roots: () => pauses.pausedRoots(),
  };
}

/** What needs you moved for these roots. */
function rootsMoved(attention: AttentionModel): SessionDecorationProvider['onDidChange'] {
  const refs = ({ roots }: AttentionChange): SessionRef[] =>
    [...roots].flatMap(([connection, ids]) => [...ids].map((sessionId) => ({ serverId: connection.config.id, sessionId })));
  return (listener, thisArgs, disposables) =>
    attention.onDidChange((change) => listener.call(thisArgs, refs(change)), undefined, disposables);
}

/**
 * Requests waiting in its tree (counted over the whole subtree: a collapsed parent still says so); its root needs
 * you. Each session's count is kept for the frame (the model's change clears them): Switch Session asks for every
 * session, each subtree is walked once.
 */
export function waitingMark(attention: AttentionModel, model: SessionsModel): SessionDecorationProvider {
  const counts = new Map<SessionReader, Map<string, number>>();
  const cleared = model.onDidChange(() => counts.clear());
  return {
    onDidChange: rootsMoved(attention),
    decorate({ sessions }, sessionId) {
      let known = counts.get(sessions);
      if (!known) counts.set(sessions, (known = new Map<string, number>()));
      const count = waitingIn(sessions, sessionId, known);
      return count ? { group: 'waiting', words: shownWaiting(count), described: true } : undefined;
    },
    roots: () => attention.all().flatMap((n) => (n.attention === 'waiting' ? [{ ...n, group: 'waiting' as const }] : [])),
    dispose: () => cleared.dispose(),
  };
}

/** Requests waiting in the session and below it, from `known` where counted already: its subtree's rest walked once. */
function waitingIn(store: SessionReader, id: string, known: Map<string, number>): number {
  const order: string[] = [];
  const walked = new Set<string>();
  for (const stack = [id]; stack.length;) {
    const next = stack.pop()!;
    if (known.has(next) || walked.has(next)) continue; // counted, or a malformed parent link's loop
    walked.add(next);
    order.push(next);
    for (const child of store.childrenOf(next)) stack.push(child.info.id);
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const record = store.get(order[i]);
    let count = record ? requestCount(record) : 0;
    for (const child of store.childrenOf(order[i])) count += known.get(child.info.id) ?? 0;
    known.set(order[i], count);
  }
  return known.get(id) ?? 0;
}

/** A run of its root's tree ended since you last looked: said by the icon and to a screen reader, not in the row's text. */
export function unreadMark(attention: AttentionModel): SessionDecorationProvider {
  return {
    onDidChange: rootsMoved(attention),
    decorate(connection, sessionId) {
      if (attention.of(connection, sessionId) !== 'unread') return undefined;
      const icon = idleOnline(connection, sessionId) ? UNREAD_ICON : undefined;
      return { group: 'unread', icon, words: vscode.l10n.t('unread'), described: false, context: ['unread'] };
    },
    roots: () => attention.all().flatMap((n) => (n.attention === 'unread' ? [{ ...n, group: 'unread' as const }] : [])),
  };
}
