import * as vscode from 'vscode';
import type { CommandContext } from '../../app/commands/context';

/** The welcome view's "Start Local Server" button; resolves with what happened (the tests read it). */
export function registerStartLocalServer({ localServer }: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.startLocalServer', () => localServer.start());
}
