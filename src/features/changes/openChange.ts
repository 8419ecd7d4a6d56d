// Opening one change: its diff (before ↔ after, from the server) or, where the session's folder is open here,
// the file itself. Both take a changed file row (or the same shape from a script).
import * as vscode from 'vscode';
import { showError, showInformation } from '../../app/host/notify';
import { changeUri, findChangedFile, parseChangeUri } from './changeDocuments';
import { diffTitle, onlySide, sideTitle } from './changeText';
import { sessionTitle } from '../../present/sessionTitle';
import { isSessionRef, type SessionRef } from '../../store/sessionRef';
import type { ServerRegistry } from '../../app/servers/serverRegistry';
import type { ServerChanges } from './changeSet';
import { existsSync } from 'node:fs';
import { isWorkspaceDirectory } from './changeSettings';
import { containedChangedFile } from './changedFilePath';

/**
 * Opens a changed file in the diff editor, before ↔ after, from the server's diff (so remote files work).
 * Show Entire Change (a file row, or the title bar of a diff it opened) lifts the cut of very large texts.
 */
export function registerOpenChange(registry: ServerRegistry, changes: ServerChanges): vscode.Disposable {
  const open = async (ref: (ChangedFileRef & { turns?: readonly string[] }) | undefined, full: boolean) => {
    if (!ref) {
      void showInformation(vscode.l10n.t('Pick a changed file under a session’s Changes in the OpenCode view.'));
      return false;
    }
    const connection = registry.get(ref.serverId);
    const file = connection && findChangedFile(changes, connection, ref.sessionId, ref.path, ref.turns);
    if (!file) {
      vscode.window.setStatusBarMessage(`$(info) ${vscode.l10n.t('That change is no longer there, or is still being read.')}`, 5000);
      return false;
    }
    if (file.binary) {
      void showInformation(vscode.l10n.t('This is a binary file: it is listed, not diffed.'));
      return false;
    }
    const record = connection.sessions.get(ref.sessionId);
    const options = { full, turns: ref.turns };
    const session = sessionTitle(record?.info ?? {});
    // An added (or deleted) file has nothing on its other side: a diff against an empty text showed that text's
    // one empty line as removed. It opens alone, as VS Code's git opens an added file.
    const alone = onlySide(file.status);
    if (alone) {
      await vscode.commands.executeCommand(
        'vscode.open',
        changeUri(connection, ref.sessionId, file.path, alone, options),
        { preview: !full },
        sideTitle(file, session),
      );
      return true;
    }
    await vscode.commands.executeCommand(
      'vscode.diff',
      changeUri(connection, ref.sessionId, file.path, 'before', options),
      changeUri(connection, ref.sessionId, file.path, 'after', options),
      diffTitle(file, session),
      { preview: !full },
    );
    return true;
  };
  /** A diff editor of ours (its URI) stands for the change it shows. */
  const fromUri = (arg: unknown): (ChangedFileRef & { turns?: readonly string[] }) | undefined => {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    const parsed = uri && parseChangeUri(uri);
    return (
      parsed && { kind: 'changedFile', serverId: parsed.serverId, sessionId: parsed.sessionId, path: parsed.path, turns: parsed.turns }
    );
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand('opencodeSessions.openChange', (arg?: unknown) => open(changedFileRef(arg), false)),
    vscode.commands.registerCommand('opencodeSessions.openEntireChange', (arg?: unknown) =>
      open(changedFileRef(arg) ?? fromUri(arg), true),
    ),
  );
}

export interface ChangedFileRef extends SessionRef {
  kind: 'changedFile';
  path: string;
}

export function changedFileRef(value: unknown): ChangedFileRef | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const ref = value as Partial<ChangedFileRef>;
  return ref.kind === 'changedFile' && typeof ref.path === 'string' && isSessionRef(ref) ? (ref as ChangedFileRef) : undefined;
}

/** Opens the file itself, when the session's folder is open here; a name that points outside it is refused. */
export function registerOpenChangedFile(registry: ServerRegistry): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.openChangedFile', async (arg?: unknown) => {
    const ref = changedFileRef(arg);
    const record = ref && registry.get(ref.serverId)?.sessions.get(ref.sessionId);
    if (!ref || !record || !isWorkspaceDirectory(record.info.directory)) {
      void showInformation(
        vscode.l10n.t('Only files of a session whose folder is open in this window can be opened; use its diff instead.'),
      );
      return false;
    }
    const target = containedChangedFile(record.info.directory, ref.path);
    if (!target) {
      void showError(vscode.l10n.t('That file name points outside the session’s project, so it is not opened.'));
      return false;
    }
    if (!existsSync(target)) {
      void showInformation(vscode.l10n.t('That file is not there any more; its diff shows what it was.'));
      return false;
    }
    await vscode.window.showTextDocument(vscode.Uri.file(target), { preview: true });
    return true;
  });
}
