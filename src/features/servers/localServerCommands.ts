// The embedded server: Start Local Server (the welcome view's button) and Stop.
import * as vscode from 'vscode';
import type { LocalServerManager } from './localServer';

export function registerLocalServerCommands(localServer: LocalServerManager): vscode.Disposable {
  return vscode.Disposable.from(registerStartLocalServer(localServer), registerStopLocalServer(localServer));
}

/** The welcome view's "Start Local Server" button; resolves with what happened (the tests read it). */
function registerStartLocalServer(localServer: LocalServerManager): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.startLocalServer', () => localServer.start());
}

/** Stops the server this extension started (from the view's menu, the server row, or the palette). */
function registerStopLocalServer(localServer: LocalServerManager): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.stopLocalServer', () => localServer.stop());
}
