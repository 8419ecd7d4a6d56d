import * as vscode from 'vscode';
import { changeUri, findChangedFile } from '../changes/changeDocuments';
import { diffTitle } from '../present/changeText';
import { sessionTitle } from '../present/sessionTitle';
import type { CommandContext } from './context';
import { changedFileRef } from './changeTarget';

/**
 * Opens a changed file in the diff editor, before ↔ after, from the server's diff (so remote files work).
 * `{ full: true }` (Show Entire Change) lifts the cut of very large texts.
 */
export function registerOpenChange(ctx: CommandContext): vscode.Disposable {
  const open = async (arg: unknown, options?: { full?: boolean }) => {
    const ref = changedFileRef(arg);
    if (!ref) {
      void vscode.window.showInformationMessage('Pick a changed file under a session’s Changes in the OpenCode view.');
      return false;
    }
    const file = findChangedFile(ctx.changes, ref.connection, ref.sessionId, ref.path);
    if (!file) {
      vscode.window.setStatusBarMessage('$(info) That change is no longer there.', 5000);
      return false;
    }
    if (!file.sides) {
      void vscode.window.showInformationMessage('This is a binary file: it is listed, not diffed.');
      return false;
    }
    const record = ref.connection.sessions.get(ref.sessionId);
    const full = options?.full === true;
    await vscode.commands.executeCommand(
      'vscode.diff',
      changeUri(ref.connection, ref.sessionId, file.path, 'before', full),
      changeUri(ref.connection, ref.sessionId, file.path, 'after', full),
      diffTitle(file, sessionTitle(record?.info ?? {})),
      { preview: !full },
    );
    return true;
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand('opencodeSessions.openChange', open),
    vscode.commands.registerCommand('opencodeSessions.openEntireChange', (arg?: unknown) => open(arg, { full: true })),
  );
}
