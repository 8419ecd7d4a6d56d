import type * as vscode from 'vscode';
import type { CommandContext } from '../../app/commands/context';
import { registerPermissionReply } from './permissionReply';

/** Lets the tool run this once; the next such call asks again. */
export function registerAllowOnce(ctx: CommandContext): vscode.Disposable {
  return registerPermissionReply(ctx, 'opencodeSessions.allowOnce', 'once');
}
