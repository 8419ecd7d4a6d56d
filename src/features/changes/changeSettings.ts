import * as vscode from 'vscode';

/** `opencodeSessions.changes.includeSubagents`: a parent's Changes include its sub-agents' files, each once. */
export function includeSubagentChanges(): boolean {
  return vscode.workspace.getConfiguration('opencodeSessions').get<boolean>('changes.includeSubagents') === true;
}

/** True when `directory` is an open workspace folder: its changed files exist here and can be opened. */
export function isWorkspaceDirectory(directory: string): boolean {
  return (vscode.workspace.workspaceFolders ?? []).some((f) => f.uri.scheme === 'file' && f.uri.fsPath === directory);
}
