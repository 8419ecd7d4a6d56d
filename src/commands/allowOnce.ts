import * as vscode from 'vscode';
import { replyToPermission } from '../client/pendingRequests';
import type { CommandContext } from './context';
import { sendAnswer } from './requestAnswers';
import { requestTarget } from './requestTarget';

/** Lets the tool run this once; the next such call asks again. */
export function registerAllowOnce(ctx: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.allowOnce', async (arg?: unknown) => {
    const target = await requestTarget(ctx, arg, 'permission');
    if (target?.request.kind !== 'permission') return false;
    const request = target.request;
    return sendAnswer(target, vscode.l10n.t('Allowing the request'), (client) => replyToPermission(client, request, 'once'));
  });
}
