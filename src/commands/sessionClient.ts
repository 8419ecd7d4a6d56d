// What every session action needs: the directory-scoped client (per-session routes live under the
// session's project), an online check, and one way to report failures.
import * as vscode from 'vscode';
import { clientFor, type OpencodeClient } from '../client/opencodeClient';
import { asServerError } from '../client/serverError';
import { messageSafe } from '../present/plainText';
import type { SessionTarget } from './sessionTarget';

export async function sessionClient({ connection, record }: SessionTarget): Promise<OpencodeClient> {
  return clientFor(await connection.endpoint(), record.info.directory);
}

/** False (after telling the user) when the session's server is not connected. */
export function ensureOnline({ connection }: SessionTarget): boolean {
  if (connection.state.kind === 'online') return true;
  void vscode.window.showErrorMessage(`${messageSafe(connection.label)} is offline: reconnect before acting on its sessions.`);
  return false;
}

export function reportFailure(what: string, err: unknown): void {
  void vscode.window.showErrorMessage(messageSafe(asServerError(err, what).message));
}

/** A title for messages: quoted, and unable to render as a link or an icon. */
export function titleOf({ record }: SessionTarget): string {
  return `“${messageSafe(record.info.title || 'Untitled session')}”`;
}
