// The extension's own output channel and settings page.
import * as vscode from 'vscode';
import type { ExtensionLogger } from '../../app/host/log';

/** Show Log, Open Settings. */
export function registerExtensionCommands(log: ExtensionLogger): vscode.Disposable {
  return vscode.Disposable.from(registerShowLog(log), registerOpenSettings());
}

function registerShowLog(log: ExtensionLogger): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.showLog', () => log.show());
}

function registerOpenSettings(): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.openSettings', () =>
    vscode.commands.executeCommand('workbench.action.openSettings', '@ext:opencode-sessions.opencode-sessions'),
  );
}
