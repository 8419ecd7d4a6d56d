import * as vscode from 'vscode';
import { unwrap } from '../client/serverError';
import type { CommandContext } from './context';
import { revealSession } from './revealSession';
import { ensureOnline, reportFailure, sessionClient } from './sessionClient';
import { sessionTarget } from './sessionTarget';

/** Copies the whole session into a new one on the server, which then becomes the active session. */
export function registerForkSession(ctx: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.forkSession', async (node?: unknown) => {
    const target = await sessionTarget(ctx, node, 'Fork OpenCode Session');
    if (!target || !ensureOnline(target)) return;
    try {
      const client = await sessionClient(target);
      const fork = await unwrap(client.session.fork({ sessionID: target.record.info.id }), 'Forking the session');
      await revealSession(ctx, target.connection, fork.id);
      return fork.id;
    } catch (err) {
      reportFailure('Forking the session', err);
      return undefined;
    }
  });
}
