import * as vscode from 'vscode';
import { changeUri, findChangedFile, parseChangeUri } from './changeDocuments';
import { diffTitle } from './changeText';
import { sessionTitle } from '../../present/sessionTitle';
import type { CommandContext } from '../../app/commands/context';
import { changedFileRef, type ChangedFileRef } from './changeTarget';

/**
 * Opens a changed file in the diff editor, before ↔ after, from the server's diff (so remote files work).
 * Show Entire Change (a file row, or the title bar of a diff it opened) lifts the cut of very large texts.
 */
export function registerOpenChange(ctx: CommandContext): vscode.Disposable {
  const open = async (ref: (ChangedFileRef & { turns?: readonly string[] }) | undefined, full: boolean) => {
    if (!ref) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Pick a changed file under a session’s Changes in the OpenCode view.'));
      return false;
    }
    const file = findChangedFile(ctx.changes, ref.connection, ref.sessionId, ref.path, ref.turns);
    if (!file) {
      vscode.window.setStatusBarMessage(`$(info) ${vscode.l10n.t('That change is no longer there, or is still being read.')}`, 5000);
      return false;
    }
    if (!file.sides) {
      void vscode.window.showInformationMessage(vscode.l10n.t('This is a binary file: it is listed, not diffed.'));
      return false;
    }
    const record = ref.connection.sessions.get(ref.sessionId);
    const options = { full, turns: ref.turns };
    await vscode.commands.executeCommand(
      'vscode.diff',
      changeUri(ref.connection, ref.sessionId, file.path, 'before', options),
      changeUri(ref.connection, ref.sessionId, file.path, 'after', options),
      diffTitle(file, sessionTitle(record?.info ?? {})),
      { preview: !full },
    );
    return true;
  };
  /** A diff editor of ours (its URI) stands for the change it shows. */
  const fromUri = (arg: unknown): (ChangedFileRef & { turns?: readonly string[] }) | undefined => {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    const parsed = uri && parseChangeUri(uri);
    const connection = parsed && ctx.registry.all.find((c) => c.config.id === parsed.serverId);
    return parsed && connection ? { kind: 'changedFile', connection, sessionId: parsed.sessionId, path: parsed.path, turns: parsed.turns } : undefined;
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand('opencodeSessions.openChange', (arg?: unknown) => open(changedFileRef(arg), false)),
    vscode.commands.registerCommand('opencodeSessions.openEntireChange', (arg?: unknown) => open(changedFileRef(arg) ?? fromUri(arg), true)),
  );
}
