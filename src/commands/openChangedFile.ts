import * as vscode from 'vscode';
import * as path from 'node:path';
import { isWorkspaceDirectory } from '../changes/changeSettings';
import type { CommandContext } from './context';
import { changedFileRef } from './changeTarget';

/** Opens the file itself, when the session's folder is open here; a name that points outside it is refused. */
export function registerOpenChangedFile(_ctx: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.openChangedFile', async (arg?: unknown) => {
    const ref = changedFileRef(arg);
    const record = ref?.connection.sessions.get(ref.sessionId);
    if (!ref || !record || !isWorkspaceDirectory(record.info.directory)) {
      void vscode.window.showInformationMessage('Only files of a session whose folder is open in this window can be opened; use its diff instead.');
      return false;
    }
    const root = path.resolve(record.info.directory);
    const target = path.resolve(root, ref.path);
    if (target !== root && !target.startsWith(root + path.sep)) {
      void vscode.window.showErrorMessage('That file name points outside the session’s folder, so it is not opened.');
      return false;
    }
    await vscode.window.showTextDocument(vscode.Uri.file(target), { preview: true });
    return true;
  });
}
