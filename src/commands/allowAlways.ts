import * as vscode from 'vscode';
import { replyToPermission } from '../client/pendingRequests';
import type { CommandContext } from './context';
import { sendAnswer } from './requestAnswers';
import { requestTarget } from './requestTarget';

/** Allows the request's `always` patterns (e.g. `npm *`) for the rest of the server's run: matching calls no longer ask. */
export function registerAllowAlways(ctx: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.allowAlways', async (arg?: unknown) => {
    const target = await requestTarget(ctx, arg, 'permission');
    if (target?.request.kind !== 'permission') return false;
    const request = target.request;
    return sendAnswer(target, vscode.l10n.t('Allowing the request'), (client) => replyToPermission(client, request, 'always'));
  });
}
