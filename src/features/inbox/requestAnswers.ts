// Sending an answer: refused plainly while the server is offline, "already answered" when another client
// was first (404), and afterwards the server's list is read again so the rows match it whatever happened.
import * as vscode from 'vscode';
import { showError } from '../../app/notify';
import type { ServerApi } from '../../client/serverApi';
import { asServerError, ServerError } from '../../client/serverError';
import { messageSafe } from '../../present/plainText';
import type { RequestTarget } from './requestTarget';

/** Requests with an answer on its way: a second click must not send a second answer. */
const answering = new Set<string>();

/** True when the server took the answer. */
export async function sendAnswer(
  target: RequestTarget,
  what: string,
  send: (api: ServerApi, directory: string) => Promise<void>,
): Promise<boolean> {
  const { connection, record } = target;
  const key = `${connection.config.id}\u0000${target.request.id}`;
  if (answering.has(key)) return false;
  if (connection.state.kind !== 'online') {
    const reconnect = vscode.l10n.t('Reconnect');
    const choice = await showError(
      vscode.l10n.t('{0} is offline, so the answer cannot reach it. Reconnect, then answer again.', messageSafe(connection.label)),
      reconnect,
    );
    if (choice === reconnect) connection.reconnect();
    return false;
  }
  answering.add(key);
  try {
    await send(connection.api, record.info.directory);
    return true;
  } catch (err) {
    // 404: gone; 409: a form already answered or dismissed (FormAlreadySettledError, protocol errors.ts@b6226260).
    if (err instanceof ServerError && (err.status === 404 || err.status === 409)) {
      vscode.window.setStatusBarMessage('$(check) That request was already answered elsewhere.', 5000);
    } else {
      void showError(messageSafe(asServerError(err, what).message));
    }
    await connection.refreshRequests().catch(() => undefined);
    return false;
  } finally {
    answering.delete(key);
  }
}
