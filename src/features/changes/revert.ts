// Revert to Before This Turn… and Undo Revert: OpenCode restores the files, the Changes row follows.
import * as vscode from 'vscode';
import { showError, showInformation, showWarning } from '../../app/host/notify';
import { changeSet, type ServerChanges } from './changeSet';
import { pickTurn } from './turnPick';
import { quotedTitle } from '../../present/sessionTitle';
import { composeChanges } from './fileChanges';
import type { SessionTargets } from '../../app/commands/sessionTarget';
import { registerSessionCommand } from '../../app/commands/registerSessionCommand';

/**
 * Revert to Before This Turn…: OpenCode restores the files the chosen turn and every later one changed and
 * hides those turns until Undo Revert (or the session's next prompt, which drops them). Scripts may pass
 * `{ messageID, confirmed: true }` after the session.
 */
export function registerRevertTurn(targets: SessionTargets, changes: ServerChanges): vscode.Disposable {
  return registerSessionCommand(targets, {
    needs: 'revert',
    id: 'opencodeSessions.revertTurn',
    title: vscode.l10n.t('Revert an OpenCode Session to Before a Turn'),
    failure: 'Reverting the session',
    async run(target, options?: { messageID?: string; confirmed?: boolean }) {
      const { connection, record } = target;
      if (record.status.type !== 'idle') {
        void showError(vscode.l10n.t('{0} is working: abort it or wait until it is idle, then revert.', quotedTitle(record.info)));
        return false;
      }
      const set = changeSet(changes, connection, record.info.id, false);
      if (!set) {
        vscode.window.setStatusBarMessage(`$(sync~spin) ${vscode.l10n.t('Reading the session’s changes… try again in a moment.')}`, 4000);
        return false;
      }
      const own = set.turns.filter((t) => t.sessionID === record.info.id);
      const turn = options?.messageID
        ? own.find((t) => t.messageID === options.messageID)
        : await pickTurn(
            own,
            vscode.l10n.t('Revert to Before This Turn…'),
            vscode.l10n.t('The files go back to how they were before the turn you pick'),
          );
      if (!turn) return false;
      const files = composeChanges(own.filter((t) => t.created >= turn.created)).length;
      // OpenCode takes back every prompt from this one on, with or without changes.
      const prompts = Math.max(1, [...record.userMessages.values()].filter((u) => u.created >= turn.created).length);
      const confirm = files === 1 ? vscode.l10n.t('Revert 1 file') : vscode.l10n.t('Revert {0} files', files);
      const message = vscode.l10n.t(
        'Revert {0} to before this turn? This restores {1} on disk and takes back {2} with every reply after them. Undo Revert brings them back until the session’s next prompt.',
        quotedTitle(record.info),
        files === 1 ? vscode.l10n.t('1 file') : vscode.l10n.t('{0} files', files),
        prompts === 1 ? vscode.l10n.t('1 prompt') : vscode.l10n.t('{0} prompts', prompts),
      );
      if (!options?.confirmed && (await showWarning(message, { modal: true }, confirm)) !== confirm) return false;
      await target.connection.api.revert(record.info, turn.messageID);
      changes.forget(connection, record.info.id);
      await connection.refreshSession(record.info.id);
      return true;
    },
  });
}

/** Undo Revert: OpenCode puts back the files and turns the last revert took back. */
export function registerUnrevertSession(targets: SessionTargets, changes: ServerChanges): vscode.Disposable {
  return registerSessionCommand(targets, {
    id: 'opencodeSessions.unrevertSession',
    title: vscode.l10n.t('Undo the Revert of an OpenCode Session'),
    needs: 'unrevert',
    failure: 'Undoing the revert',
    async run(target) {
      const { connection, record } = target;
      if (!record.info.revert) {
        void showInformation(vscode.l10n.t('{0} is not reverted.', quotedTitle(record.info)));
        return false;
      }
      if (record.status.type !== 'idle') {
        void showError(vscode.l10n.t('{0} is working: wait until it is idle, then undo the revert.', quotedTitle(record.info)));
        return false;
      }
      await target.connection.api.unrevert(record.info);
      changes.forget(connection, record.info.id);
      await connection.refreshSession(record.info.id);
      return true;
    },
  });
}
