import * as vscode from 'vscode';
import type { PermissionReply } from '../../client/pendingRequests';
import type { CommandContext } from '../../app/commands/context';
import { sendAnswer } from './requestAnswers';
import { requestTarget } from './requestTarget';

/** A command that answers a permission request with `reply` (Allow Once, Allow Always). */
export function registerPermissionReply(ctx: CommandContext, id: string, reply: Exclude<PermissionReply, 'reject'>): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (arg?: unknown) => {
    const target = await requestTarget(ctx, arg, 'permission');
    if (target?.request.kind !== 'permission') return false;
    const request = target.request;
    return sendAnswer(target, vscode.l10n.t('Allowing the request'), (api, directory) => api.replyToPermission(directory, request, reply));
  });
}
