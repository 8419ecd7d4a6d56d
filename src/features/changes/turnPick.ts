// Choosing one of a session's turns that changed files: newest first, each with when, how much and which files.
import * as vscode from 'vscode';
import { showInformation } from '../../app/host/notify';
import { iconSafe } from '../../present/plainText';
import { changeCounts, changedFileLabel } from './changeText';
import { formatLocalTime } from '../../present/format';
import type { TurnFigures } from './fileChanges';
import { composeChanges, changeTotals } from './fileChanges';

export async function pickTurn(turns: readonly TurnFigures[], title: string, placeHolder: string): Promise<TurnFigures | undefined> {
  if (!turns.length) {
    void showInformation(vscode.l10n.t('No turn of this session changed a file.'));
    return undefined;
  }
  const items = [...turns].reverse().map((turn) => {
    const totals = changeTotals(composeChanges([turn]));
    const names = turn.files.map((f) => changedFileLabel(f.path).name);
    return {
      label: `$(history) ${formatLocalTime(turn.created)}`,
      description: `${totals.files === 1 ? vscode.l10n.t('1 file') : vscode.l10n.t('{0} files', totals.files)} · ${changeCounts(totals)}`,
      detail: iconSafe(names.slice(0, 8).join(', ') + (names.length > 8 ? ` ${vscode.l10n.t('and {0} more', names.length - 8)}` : '')),
      turn,
    };
  });
  return (await vscode.window.showQuickPick(items, { title, placeHolder, matchOnDetail: true }))?.turn;
}
