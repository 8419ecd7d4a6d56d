import * as vscode from 'vscode';
import { sendAnswer } from './requestAnswers';
import type { RequestTargets } from './requestTarget';

/**
 * Rejects a permission request, with an optional message the model reads as the reason (what to do instead);
 * dismisses a question. Scripts may pass `{ message }` after the request to skip the input box.
 */
export function registerRejectRequest(targets: RequestTargets): vscode.Disposable {
  // Dismiss Question: the same answer for a question, under the name that says what happens (no dialog).
  const dismiss = vscode.commands.registerCommand('opencodeSessions.dismissQuestion', async (arg?: unknown) => {
    const target = await targets.find(arg, 'question');
    if (target?.request.kind !== 'question') return false;
    const request = target.request;
    return sendAnswer(target, 'Dismissing the question', (api, directory) => api.rejectQuestion(directory, request));
  });
  const reject = vscode.commands.registerCommand(
    'opencodeSessions.rejectRequest',
    async (arg?: unknown, options?: { message?: string }) => {
      const target = await targets.find(arg);
      if (!target) return false;
      const request = target.request;
      if (request.kind === 'question')
        return sendAnswer(target, vscode.l10n.t('Dismissing the question'), (api, directory) => api.rejectQuestion(directory, request));
      const message =
        options?.message ??
        (await vscode.window.showInputBox({
          title: vscode.l10n.t('Reject the request'),
          prompt: vscode.l10n.t('Optional: tell the agent what to do instead. Leave empty to just reject; Escape cancels.'),
          placeHolder: vscode.l10n.t('e.g. Use the test script in package.json instead'),
        }));
      if (message === undefined) return false;
      return sendAnswer(target, vscode.l10n.t('Rejecting the request'), (api, directory) =>
        api.replyToPermission(directory, request, 'reject', message.trim() || undefined),
      );
    },
  );
  return vscode.Disposable.from(dismiss, reject);
}
