// The words for what a session is doing, as the views show them: translated, the same in the tree, its tooltip,
// the status bar and the inbox. The API keeps the untranslated names (src/present/stateWords.ts).
import * as vscode from 'vscode';
import type { ConnectionState } from '../client/connectionState';
import { stateName, type ViewStateName } from '../present/stateWords';
import type { SessionRecord } from '../store/sessionRecord';

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
 * A session's state in words, given its server's: `connecting` while the server is not online yet, `offline`
 * when it is not connected (what is shown is then what was listed so far, or the last known).
 */
export function shownSessionState(record: SessionRecord, server: ConnectionState['kind']): string {
  return server === 'connecting' ? shownState('connecting') : shownState(stateName(record, server === 'online'));
}

/** "1 waiting", "3 waiting": what a row or the status bar adds while requests wait. */
export function shownWaiting(count: number): string {
  return vscode.l10n.t('{0} waiting', count);
}
