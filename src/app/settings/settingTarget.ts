import * as vscode from 'vscode';

/**
 * Where a setting is written: the workspace if it already sets it there (else that value would keep
 * winning over the write), otherwise the user settings.
 */
export function settingTarget(section: string, key: string): vscode.ConfigurationTarget {
  const inspected = vscode.workspace.getConfiguration(section).inspect(key);
  return inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
}
