// Allow Once and Allow Always: a permission request answered with that reply.
import * as vscode from 'vscode';
import type { PermissionReply } from '../../client/serverApi';
import { sendAnswer } from './requestAnswers';
import type { RequestTargets } from './requestTarget';

/**
 * Allow Once lets the tool run this once (the next such call asks again); Allow Always allows the request's
 * `always` patterns (e.g. `npm *`) for the rest of the server's run: matching calls no longer ask.
 */
export function registerPermissionReplies(targets: RequestTargets): vscode.Disposable {
  return vscode.Disposable.from(
    registerPermissionReply(targets, 'opencodeSessions.allowOnce', 'once'),
    registerPermissionReply(targets, 'opencodeSessions.allowAlways', 'always'),
  );
}

/** A command that answers a permission request with `reply`. */
function registerPermissionReply(targets: RequestTargets, id: string, reply: Exclude<PermissionReply, 'reject'>): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (arg?: unknown) => {
    const target = await targets.find(arg, 'permission');
    if (target?.request.kind !== 'permission') return false;
    const request = target.request;
    return sendAnswer(target, vscode.l10n.t('Allowing the request'), (api, directory) => api.replyToPermission(directory, request, reply));
  });
}
