// Several changed files at once in VS Code's multi-file diff editor (`vscode.changes`), or, where the
// VS Code version lacks it, the first file's diff with a note.
import * as vscode from 'vscode';
import { showInformation } from '../../app/host/notify';
import { formatLocalTime } from '../../present/format';
import { oneLine } from '../../present/requestText';
import { sessionTitle } from '../../present/sessionTitle';
import type { SessionRecord } from '../../store/sessionRecord';
import type { ServerConnection } from '../../client/serverConnection';
import { composeChanges, type ChangedFile, type TurnFigures } from './fileChanges';
import { changeUri } from './changeDocuments';
import { onlySide } from './changeText';

/** `turns`: the files are these turns' changes only (Show Changes of This Turn). */
export async function openChangeList(
  connection: ServerConnection,
  sessionId: string,
  files: readonly ChangedFile[],
  title: string,
  turns?: readonly string[],
): Promise<boolean> {
  const diffable = files.filter((f) => !f.binary);
  if (!diffable.length) {
    void showInformation(
      files.length ? vscode.l10n.t('Only binary files changed: they are listed, not diffed.') : vscode.l10n.t('Nothing changed.'),
    );
    return false;
  }
  // An added file has no original and a deleted one no modified text: the multi-file diff editor then shows it
  // as added or deleted, not as a diff against an empty text (whose one empty line read as a line removed).
  const entries = diffable.map((f) => {
    const after = changeUri(connection, sessionId, f.path, 'after', { turns });
    const before = changeUri(connection, sessionId, f.path, 'before', { turns });
    const side = onlySide(f.status);
    return [side === 'before' ? before : after, side === 'after' ? undefined : before, side === 'before' ? undefined : after];
  });
  if ((await vscode.commands.getCommands(true)).includes('vscode.changes')) {
    await vscode.commands.executeCommand('vscode.changes', title, entries);
    return true;
  }
  const [first] = entries;
  if (first[1] && first[2]) await vscode.commands.executeCommand('vscode.diff', first[1], first[2], title);
  else await vscode.commands.executeCommand('vscode.open', first[0], {}, title);
  void showInformation(vscode.l10n.t('This VS Code has no multi-file diff editor: the first file is open; the others are in the tree.'));
  return true;
}

/** What one turn changed, titled with its session and when it was. */
export function openTurnChanges(connection: ServerConnection, record: SessionRecord, turn: TurnFigures): Promise<boolean> {
  return openChangeList(
    connection,
    record.info.id,
    composeChanges([turn]),
    vscode.l10n.t('{0}: turn of {1}', oneLine(sessionTitle(record.info)), formatLocalTime(turn.created)),
    [turn.messageID],
  );
}
