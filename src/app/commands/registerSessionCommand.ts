// The skeleton every session action shares: find the session it acts on, refuse while its server is offline,
// and turn a failure into one plain error message. Each command keeps only what is its own.
import * as vscode from 'vscode';
import { showError, showInformation } from '../host/notify';
import { asServerError, type SessionAction } from '../../client/serverApi';
import { messageSafe } from '../../present/plainText';
import { notOfferedMessage } from '../servers/serverFeatures';
import type { SessionTarget, SessionTargets } from './sessionTarget';

export interface SessionCommand<T> {
  id: string;
  /** The quick pick's title when neither a tree row nor the active session names the session. */
  title: string;
  /** false for actions that need no server (Copy ID, Show Usage); otherwise an offline server is refused. */
  online?: boolean;
  /** What failed, for the error message ("Deleting the session"); without it the command reports its own failures. */
  failure?: string;
  /** What the server must offer (OpenCode 2 has no share; a newer release may drop a route): refused, said so, otherwise. */
  needs?: SessionAction;
  /** The command's own work; extra arguments (scripts and tests) follow the target. */
  run(target: SessionTarget, ...args: unknown[]): Promise<T> | T;
}

export function registerSessionCommand<T>(targets: SessionTargets, command: SessionCommand<T>): vscode.Disposable {
  return vscode.commands.registerCommand(command.id, async (node?: unknown, ...args: unknown[]): Promise<T | undefined> => {
    const target = await targets.find(node, command.title);
    if (!target || (command.online !== false && !ensureOnline(target))) return undefined;
    if (command.needs && !ensureOffered(target, command.needs)) return undefined;
    if (!command.failure) return command.run(target, ...args);
    try {
      return await command.run(target, ...args);
    } catch (err) {
      reportFailure(command.failure, err);
      return undefined;
    }
  });
}

/** False (after telling the user) when the session's server is not connected. */
function ensureOnline({ connection }: SessionTarget): boolean {
  if (connection.state.kind === 'online') return true;
  void showError(vscode.l10n.t('{0} is offline: reconnect before acting on its sessions.', messageSafe(connection.label)));
  return false;
}

/** False (after saying so) when the session's server does not offer this: not an error, a fact about the server. */
function ensureOffered({ connection }: SessionTarget, action: SessionAction): boolean {
  if (connection.api.offers(action)) return true;
  void showInformation(notOfferedMessage(connection, action));
  return false;
}

function reportFailure(what: string, err: unknown): void {
  void showError(messageSafe(asServerError(err, what).message));
}
