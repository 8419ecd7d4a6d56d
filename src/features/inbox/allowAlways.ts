import type * as vscode from 'vscode';
import type { CommandContext } from '../../app/commands/context';
import { registerPermissionReply } from './permissionReply';

/** Allows the request's `always` patterns (e.g. `npm *`) for the rest of the server's run: matching calls no longer ask. */
export function registerAllowAlways(ctx: CommandContext): vscode.Disposable {
  return registerPermissionReply(ctx, 'opencodeSessions.allowAlways', 'always');
}
