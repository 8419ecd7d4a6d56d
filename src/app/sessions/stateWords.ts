// The words for what a session is doing, as the views show them: translated, the same in the tree, its tooltip,
// the status bar and the inbox. The API keeps the untranslated names (src/present/stateWords.ts).
import * as vscode from 'vscode';
import type { ServerConnection } from '../../client/serverConnection';
import { stateName, type ViewStateName } from '../../present/stateWords';
import type { SessionRecord } from '../../store/sessionRecord';
import type { PausedSession } from '../../store/pausedSession';
import { formatCost } from '../../present/format';

export function shownState(name: ViewStateName): string {
  switch (name) {
    case 'idle':
      return vscode.l10n.t('idle');
    case 'working':
      return vscode.l10n.t('working');
    case 'waiting':
      return vscode.l10n.t('waiting for you');
    case 'retrying':
      return vscode.l10n.t('retrying');
    case 'error':
      return vscode.l10n.t('error');
    case 'offline':
      return vscode.l10n.t('offline');
    case 'connecting':
      return vscode.l10n.t('connecting');
  }
}

/**
 * A session's state in words, given how its server's sessions read (ServerConnection.sessionsPhase):
 * `connecting` while the server's first listing loads, `offline` when the figures are the last known.
 */
export function shownSessionState(record: SessionRecord, phase: ServerConnection['sessionsPhase']): string {
  return phase === 'connecting' ? shownState('connecting') : shownState(stateName(record, phase === 'online'));
}

/** "1 waiting", "3 waiting": what a row or the status bar adds while requests wait. */
export function shownWaiting(count: number): string {
  return vscode.l10n.t('{0} waiting', count);
}

/** "paused by the $5.00 session budget": a budget paused it (store/pauseBook.ts); "resuming" once resumed. */
export function shownPause(pause: Pick<PausedSession, 'budget' | 'limit' | 'phase'>): string {
  if (pause.phase === 'resuming') return vscode.l10n.t('resuming');
  const limit = formatCost(pause.limit);
  switch (pause.budget) {
    case 'session':
      return vscode.l10n.t('paused by the {0} session budget', limit);
    case 'hour':
      return vscode.l10n.t('paused by the {0} hourly budget', limit);
    case 'day':
      return vscode.l10n.t('paused by the {0} daily budget', limit);
    case 'week':
      return vscode.l10n.t('paused by the {0} weekly budget', limit);
  }
}
