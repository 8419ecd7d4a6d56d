// The includeSubagents setting (a parent's Changes count its sub-agents' files) with its toggle, and where files open.
import * as vscode from 'vscode';
import { readSetting, updateSetting } from '../../app/settings/settingAccess';
import { SETTING } from '../../app/settings/settingKeys';

/** `opencodeSessions.changes.includeSubagents`: a parent's Changes include its sub-agents' files, each once. */
export function includeSubagentChanges(): boolean {
  return readSetting<boolean>(SETTING.includeSubagentChanges) === true;
}

/** True when `directory` is an open workspace folder: its changed files exist here and can be opened. */
export function isWorkspaceDirectory(directory: string): boolean {
  return (vscode.workspace.workspaceFolders ?? []).some((f) => f.uri.scheme === 'file' && f.uri.fsPath === directory);
}

/** The toggle on a Changes row: include sub-agents' files (each once, with the sessions that touched it), or not. */
export function registerSubagentChanges(): vscode.Disposable {
  const set = (include: boolean) => updateSetting(SETTING.includeSubagentChanges, include, vscode.ConfigurationTarget.Global);
  return vscode.Disposable.from(
    vscode.commands.registerCommand('opencodeSessions.includeSubagentChanges', () => set(true)),
    vscode.commands.registerCommand('opencodeSessions.excludeSubagentChanges', () => set(false)),
  );
}
