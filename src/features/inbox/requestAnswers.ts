// Sending an answer: refused plainly while the server is offline, "already answered" when another client
// was first (404), and afterwards the server's list is read again so the rows match it whatever happened.
import * as vscode from 'vscode';
import { showError, showInformation } from '../../app/host/notify';
import { asServerError, ServerError, type ServerApi } from '../../client/serverApi';
import { messageSafe } from '../../present/plainText';
import { notOfferedMessage } from '../../app/servers/serverFeatures';
import type { RequestTarget } from './requestTarget';
import { shownPause } from '../../app/sessions/stateWords';
import { quotedTitle } from '../../present/sessionTitle';

/** Requests with an answer on its way: a second click must not send a second answer. */
const answering = new Set<string>();

/** What the user's answer was: a Reject or a Dismiss lets nothing run, whatever the pause. */
export type AnswerKind = 'answer' | 'reject' | 'dismiss';

/** True when the server took the answer. */
export async function sendAnswer(
  target: RequestTarget,
  what: string,
  send: (api: ServerApi, directory: string) => Promise<void>,
  kind: AnswerKind = 'answer',
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
    const paused = target.pausedAs?.();
    await send(connection.api, record.info.directory);
    // The pause holds (issue 77 review: an answer that lifted it let a Reject or a failed Allow run past the budget).
    if (paused) void showInformation(heldNotice(kind, quotedTitle(record.info), shownPause(paused)));
    return true;
  } catch (err) {
    const request = target.request;
    if (err instanceof ServerError && err.noRoute) {
      // The server has no route for this answer at all (its document names none): a fact, not a failure.
      const feature = request.kind === 'form' ? 'forms' : request.kind === 'question' ? 'questions' : 'permissions';
      void showInformation(messageSafe(notOfferedMessage(connection, feature)));
    } else if (err instanceof ServerError && (err.status === 404 || err.status === 409)) {
      // 404: gone; 409: a form already answered or dismissed (FormAlreadySettledError, protocol errors.ts@1066927).
      const state = request.kind === 'form' ? await connection.api.formState(request).catch(() => undefined) : undefined;
      vscode.window.setStatusBarMessage(
        state === 'cancelled'
          ? vscode.l10n.t('$(check) That question was dismissed elsewhere.')
          : vscode.l10n.t('$(check) That request was already answered elsewhere.'),
        5000,
      );
    } else {
      void showError(messageSafe(asServerError(err, what).message));
    }
    await connection.refreshRequests().catch(() => undefined);
    return false;
  } finally {
    answering.delete(key);
  }
}

/** What the user is told when a paused session's request was answered: what was sent, and that the pause holds. */
function heldNotice(kind: AnswerKind, title: string, pause: string): string {
  switch (kind) {
    case 'answer':
      return vscode.l10n.t(
        'OpenCode: your answer was sent. {0} stays {1}: it goes on when you raise the budget or resume it.',
        title,
        pause,
      );
    case 'reject':
      return vscode.l10n.t(
        'OpenCode: the request was rejected. {0} stays {1}: nothing runs until you raise the budget or resume it.',
        title,
        pause,
      );
    case 'dismiss':
      return vscode.l10n.t(
        'OpenCode: the question was dismissed. {0} stays {1}: nothing runs until you raise the budget or resume it.',
        title,
        pause,
      );
  }
}
