import * as vscode from 'vscode';
import type { CommandContext } from '../../app/commands/context';
import { respond } from './respondToRequest';
import { choosePendingRequest } from './requestTarget';

/** Everything that waits for an answer on every server and cluster Agent, oldest first; pick one to answer it. */
export function registerShowPendingRequests(ctx: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.showPendingRequests', async () => {
    const target = await choosePendingRequest(ctx);
    return target ? respond(target) : false;
  });
}
