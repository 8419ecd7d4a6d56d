import * as vscode from 'vscode';
import { showInformation } from '../../app/host/notify';
import { changeSet, type ServerChanges } from './changeSet';
import { openTurnChanges } from './openChangeList';
import { pickTurn } from './turnPick';
import { turnOfStep } from './turnOfStep';
import type { SessionTargets } from '../../app/commands/sessionTarget';
import { registerSessionCommand } from '../../app/commands/registerSessionCommand';

/**
 * Show Changes of a Turn…: what one turn changed, in the multi-file diff editor. The usage panel passes
 * `{ stepMessageID }` (a step's assistant message: its turn is the user message before it); scripts `{ messageID }`.
 */
export function registerShowTurnChanges(targets: SessionTargets, changes: ServerChanges): vscode.Disposable {
  return registerSessionCommand(targets, {
    needs: 'changes',
    id: 'opencodeSessions.showTurnChanges',
    title: vscode.l10n.t('Show Changes of a Turn'),
    online: false,
    async run({ connection, record }, options?: { messageID?: string; stepMessageID?: string }) {
      const set = changeSet(changes, connection, record.info.id, false);
      if (!set) {
        vscode.window.setStatusBarMessage(`$(sync~spin) ${vscode.l10n.t('Reading the session’s changes… try again in a moment.')}`, 4000);
        return false;
      }
      const turns = set.turns.filter((t) => t.sessionID === record.info.id);
      const wanted = options?.stepMessageID ? turnOfStep(record, options.stepMessageID) : options?.messageID;
      const turn = wanted
        ? turns.find((t) => t.messageID === wanted)
        : await pickTurn(turns, vscode.l10n.t('Show Changes of a Turn…'), vscode.l10n.t('Pick a turn to see what it changed'));
      if (!turn) {
        if (wanted) void showInformation(vscode.l10n.t('That turn changed no files.'));
        return false;
      }
      return openTurnChanges(connection, record, turn);
    },
  });
}
