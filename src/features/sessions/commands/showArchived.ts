import * as vscode from 'vscode';
import { SETTINGS_SECTION } from '../../../app/serverRegistry';
import { settingTarget } from '../../../app/settings/settingTarget';
import type { CommandContext } from '../../../app/commands/context';

// Both write `opencodeSessions.showArchived`; the tree and the servers' listings follow the setting.
const write = (show: boolean) => vscode.workspace.getConfiguration(SETTINGS_SECTION).update('showArchived', show, settingTarget(SETTINGS_SECTION, 'showArchived'));

export function registerShowArchived(_: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.showArchived', () => write(true));
}

export function registerHideArchived(_: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.hideArchived', () => write(false));
}
