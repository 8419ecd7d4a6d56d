import * as vscode from 'vscode';
import { asksUser } from '../../store/pendingRequest';
import { sendAnswer } from './requestAnswers';
import type { RequestTarget, RequestTargets } from './requestTarget';

/**
 * Rejects a permission request, with an optional message the model reads as the reason (what to do instead);
 * dismisses a question. Scripts may pass `{ message }` after the request to skip the input box.
 */
export function registerRejectRequest(targets: RequestTargets): vscode.Disposable {
  // Dismiss Question: the same answer for a question, under the name that says what happens (no dialog).
  const dismissQuestion = vscode.commands.registerCommand('opencodeSessions.dismissQuestion', async (arg?: unknown) => {
    const target = await targets.find(arg, 'question');
    return target && asksUser(target.request) ? dismiss(target) : false;
  });
  const reject = vscode.commands.registerCommand(
    'opencodeSessions.rejectRequest',
    async (arg?: unknown, options?: { message?: string }) => {
      const target = await targets.find(arg);
      if (!target) return false;
      const request = target.request;
      if (asksUser(request)) return dismiss(target);
      const message =
        options?.message ??
        (await vscode.window.showInputBox({
          title: vscode.l10n.t('Reject the request'),
          prompt: vscode.l10n.t('Optional: tell the agent what to do instead. Leave empty to just reject; Escape cancels.'),
          placeHolder: vscode.l10n.t('e.g. Use the test script in package.json instead'),
        }));
      if (message === undefined) return false;
      return sendAnswer(
        target,
        vscode.l10n.t('Rejecting the request'),
        (api, directory) => api.replyToPermission(directory, request, 'reject', message.trim() || undefined),
        'reject',
      );
    },
  );
  return vscode.Disposable.from(dismissQuestion, reject);
}

/** A question is rejected; OpenCode 2's form is cancelled. Either way the model reads that the user dismissed it. */
export function dismiss(target: RequestTarget): Promise<boolean> {
  const { request } = target;
  return sendAnswer(
    target,
    vscode.l10n.t('Dismissing the question'),
    (api, directory) => (request.kind === 'form' ? api.cancelForm(directory, request) : api.rejectQuestion(directory, request)),
    'dismiss',
  );
}
