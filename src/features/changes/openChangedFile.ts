import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { isWorkspaceDirectory } from './changeSettings';
import type { CommandContext } from '../../app/commands/context';
import { changedFileRef } from './changeTarget';

/** Opens the file itself, when the session's folder is open here; a name that points outside it is refused. */
export function registerOpenChangedFile(_ctx: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.openChangedFile', async (arg?: unknown) => {
    const ref = changedFileRef(arg);
    const record = ref?.connection.sessions.get(ref.sessionId);
    if (!ref || !record || !isWorkspaceDirectory(record.info.directory)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Only files of a session whose folder is open in this window can be opened; use its diff instead.'));
      return false;
    }
    // OpenCode names files from the root of the git repository, which may be above the session's folder.
    const root = gitRoot(path.resolve(record.info.directory));
    const target = path.resolve(root, ref.path);
    if (target !== root && !target.startsWith(root + path.sep)) {
      void vscode.window.showErrorMessage(vscode.l10n.t('That file name points outside the session’s project, so it is not opened.'));
      return false;
    }
    if (!existsSync(target)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('That file is not there any more; its diff shows what it was.'));
      return false;
    }
    await vscode.window.showTextDocument(vscode.Uri.file(target), { preview: true });
    return true;
  });
}

/** The nearest folder at or above `dir` with a `.git`, else `dir` itself. */
function gitRoot(dir: string): string {
  for (let cur = dir; ; cur = path.dirname(cur)) {
    if (existsSync(path.join(cur, '.git'))) return cur;
    if (path.dirname(cur) === cur) return dir;
  }
}
