import * as vscode from 'vscode';
import { unwrap } from '../client/serverError';
import { changeSet } from '../changes/changeSet';
import { pickTurn } from '../changes/turnPick';
import { quotedTitle } from '../present/sessionTitle';
import { composeChanges } from '../store/fileChanges';
import type { CommandContext } from './context';
import { registerSessionCommand } from './registerSessionCommand';
import { sessionClient } from './sessionTarget';

/**
 * Revert to Before This Turn…: OpenCode restores the files the chosen turn and every later one changed and
 * hides those turns until Undo Revert (or the session's next prompt, which drops them). Scripts may pass
 * `{ messageID, confirmed: true }` after the session.
 */
export function registerRevertTurn(ctx: CommandContext): vscode.Disposable {
  return registerSessionCommand(ctx, {
    id: 'opencodeSessions.revertTurn',
    title: 'Revert an OpenCode Session to Before a Turn',
    failure: 'Reverting the session',
    async run(target, options?: { messageID?: string; confirmed?: boolean }) {
      const { connection, record } = target;
      if (record.status.type !== 'idle') {
        void vscode.window.showErrorMessage(`${quotedTitle(record.info)} is working: abort it or wait until it is idle, then revert.`);
        return false;
      }
      const set = changeSet(ctx.changes, connection, record.info.id, false);
      if (!set) {
        vscode.window.setStatusBarMessage('$(sync~spin) Reading the session’s changes… try again in a moment.', 4000);
        return false;
      }
      const own = set.turns.filter((t) => t.sessionID === record.info.id);
      const turn = options?.messageID ? own.find((t) => t.messageID === options.messageID) : await pickTurn(own, 'Revert to Before This Turn…', 'The files go back to how they were before the turn you pick');
      if (!turn) return false;
      const files = composeChanges(own.filter((t) => t.created >= turn.created)).length;
      // OpenCode takes back every prompt from this one on, with or without changes.
      const prompts = Math.max(1, [...record.userMessages.values()].filter((u) => u.created >= turn.created).length);
      const confirm = `Revert ${files} file${files === 1 ? '' : 's'}`;
      const message = `Revert ${quotedTitle(record.info)} to before this turn? This restores ${files} file${files === 1 ? '' : 's'} on disk and takes back ${prompts} prompt${prompts === 1 ? '' : 's'} with every reply after ${prompts === 1 ? 'it' : 'them'}. Undo Revert brings them back until the session's next prompt.`;
      if (!options?.confirmed && (await vscode.window.showWarningMessage(message, { modal: true }, confirm)) !== confirm) return false;
      const client = await sessionClient(target);
      await unwrap(client.session.revert({ sessionID: record.info.id, messageID: turn.messageID }), 'Reverting the session');
      ctx.changes.forget(connection, record.info.id);
      await connection.refreshSession(record.info.id);
      return true;
    },
  });
}
