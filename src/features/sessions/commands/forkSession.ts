import * as vscode from 'vscode';
import { unwrap } from '../../../client/serverError';
import type { CommandContext } from '../../../app/commands/context';
import { registerSessionCommand } from '../../../app/commands/registerSessionCommand';
import { revealSession } from './revealSession';
import { sessionClient } from '../../../app/commands/sessionTarget';

/** Copies the whole session into a new one on the server, which then becomes the active session. */
export function registerForkSession(ctx: CommandContext): vscode.Disposable {
  return registerSessionCommand(ctx, {
    needs: 'fork',
    id: 'opencodeSessions.forkSession',
    title: vscode.l10n.t('Fork OpenCode Session'),
    failure: vscode.l10n.t('Forking the session'),
    async run(target) {
      const client = await sessionClient(target);
      const fork = await unwrap(client.session.fork({ sessionID: target.record.info.id }), vscode.l10n.t('Forking the session'));
      await revealSession(ctx, target.connection, fork.id);
      return fork.id;
    },
  });
}
