import * as vscode from 'vscode';
import { requestRef, type RequestTarget, type RequestTargets } from './requestTarget';
import { iconSafe } from '../../present/plainText';
import { requestSummary } from '../../present/requestText';
import { asksUser } from '../../store/pendingRequest';
import { runCommand } from '../../app/commands/commandTable';

/**
 * A click on a request row: a question opens its answers; a permission offers Allow Once / Allow Always / Reject.
 * Show Pending Requests: everything that waits on every server and cluster Agent, oldest first; pick one to answer it.
 */
export function registerRespondToRequest(targets: RequestTargets): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('opencodeSessions.respondToRequest', async (arg?: unknown) => {
      const target = await targets.find(arg);
      return target ? respond(target) : false;
    }),
    vscode.commands.registerCommand('opencodeSessions.showPendingRequests', async () => {
      const target = await targets.choose();
      return target ? respond(target) : false;
    }),
  );
}

/** Asks how to answer, then answers through the command of that name. */
async function respond(target: RequestTarget): Promise<unknown> {
  const ref = requestRef(target);
  if (asksUser(target.request)) return runCommand('opencodeSessions.answerQuestion', ref);
  const always = target.request.always.join(', ');
  const choice = await vscode.window.showQuickPick(
    [
      { label: `$(check) ${vscode.l10n.t('Allow Once')}`, command: 'opencodeSessions.allowOnce' as const },
      {
        label: `$(check-all) ${vscode.l10n.t('Allow Always')}`,
        description: iconSafe(always ? vscode.l10n.t('from now on: {0}', always) : ''),
        command: 'opencodeSessions.allowAlways' as const,
      },
      {
        label: `$(close) ${vscode.l10n.t('Reject…')}`,
        description: vscode.l10n.t('optionally telling the agent what to do instead'),
        command: 'opencodeSessions.rejectRequest' as const,
      },
    ],
    { title: iconSafe(requestSummary(target.request)), placeHolder: vscode.l10n.t('How do you answer?') },
  );
  return choice ? runCommand(choice.command, ref) : false;
}
