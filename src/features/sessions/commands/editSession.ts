// Actions that change a session on its server, for every client: rename, delete, fork. No share: OpenCode's share
// service is gone (serverFeatures.ts).
import * as vscode from 'vscode';
import { showWarning } from '../../../app/host/notify';
import { quotedTitle } from '../../../present/sessionTitle';
import { registerSessionCommand } from '../../../app/commands/registerSessionCommand';
import type { SessionTargets } from '../../../app/commands/sessionTarget';

export function registerSessionEdits(targets: SessionTargets): vscode.Disposable {
  return vscode.Disposable.from(registerDeleteSession(targets), registerRenameSession(targets), registerForkSession(targets));
}

/**
 * Deletes a session after a modal confirmation that says how many sub-agent sessions go with it (the
 * server deletes them too). A second argument `true` confirms without asking (scripts and tests).
 */
function registerDeleteSession(targets: SessionTargets): vscode.Disposable {
  return registerSessionCommand(targets, {
    needs: 'delete',
    id: 'opencodeSessions.deleteSession',
    title: vscode.l10n.t('Delete OpenCode Session'),
    failure: vscode.l10n.t('Deleting the session'),
    async run(target, confirmed) {
      const descendants = target.connection.sessions.descendantsOf(target.record.info.id).length;
      if (confirmed !== true) {
        const title = quotedTitle(target.record.info);
        const question =
          descendants === 0
            ? vscode.l10n.t('Delete {0}?', title)
            : descendants === 1
              ? vscode.l10n.t('Delete {0} and its child session?', title)
              : vscode.l10n.t('Delete {0} and its {1} child sessions?', title, descendants);
        const remove = vscode.l10n.t('Delete');
        const answer = await showWarning(
          question,
          { modal: true, detail: vscode.l10n.t('This deletes it on the server, for every client. It cannot be undone.') },
          remove,
        );
        if (answer !== remove) return;
      }
      await target.connection.deleteSession(target.record.info);
    },
  });
}

/** Renames on the server; the tree follows from the `session.updated` event. A second argument skips the prompt. */
function registerRenameSession(targets: SessionTargets): vscode.Disposable {
  return registerSessionCommand(targets, {
    needs: 'rename',
    id: 'opencodeSessions.renameSession',
    title: vscode.l10n.t('Rename OpenCode Session'),
    failure: vscode.l10n.t('Renaming the session'),
    async run(target, given) {
      const title =
        typeof given === 'string'
          ? given
          : await vscode.window.showInputBox({
              title: vscode.l10n.t('Rename Session'),
              value: target.record.info.title,
              validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('A title cannot be empty.')),
            });
      if (!title?.trim() || title === target.record.info.title) return;
      await target.connection.api.renameSession(target.record.info, title.trim());
    },
  });
}

/** Copies the whole session into a new one on the server, which then becomes the active session. */
function registerForkSession(targets: SessionTargets): vscode.Disposable {
  return registerSessionCommand(targets, {
    needs: 'fork',
    id: 'opencodeSessions.forkSession',
    title: vscode.l10n.t('Fork OpenCode Session'),
    failure: vscode.l10n.t('Forking the session'),
    async run(target) {
      const forkId = await target.connection.api.forkSession(target.record.info);
      await targets.view.rows.reveal(target.connection, forkId);
      return forkId;
    },
  });
}
