// The extension's own output channel and settings page.
import * as vscode from 'vscode';
import { openSettingsEditor } from '../../app/settings/settingAccess';
import type { ExtensionLogger } from '../../app/host/log';

/** This extension's id (publisher.name), as the Settings editor's `@ext:` filter names it. */
const EXTENSION_ID = 'opencode-sessions.opencode-sessions';

export function registerExtensionCommands(log: ExtensionLogger): vscode.Disposable {
  return vscode.Disposable.from(registerShowLog(log), registerOpenSettings());
}

function registerShowLog(log: ExtensionLogger): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.showLog', () => log.show());
}

function registerOpenSettings(): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.openSettings', () => openSettingsEditor(`@ext:${EXTENSION_ID}`));
}
