import * as vscode from 'vscode';
import type { CommandContext } from '../../app/commands/context';

/** The toggle on a Changes row: include sub-agents' files (each once, with the sessions that touched it), or not. */
export function registerSubagentChanges(_ctx: CommandContext): vscode.Disposable {
  const set = (include: boolean) => vscode.workspace.getConfiguration('opencodeSessions').update('changes.includeSubagents', include, vscode.ConfigurationTarget.Global);
  return vscode.Disposable.from(
    vscode.commands.registerCommand('opencodeSessions.includeSubagentChanges', () => set(true)),
    vscode.commands.registerCommand('opencodeSessions.excludeSubagentChanges', () => set(false)),
  );
}
