// Choosing one of a session's turns that changed files: newest first, each with when, how much and which files.
import * as vscode from 'vscode';
import { iconSafe } from '../present/plainText';
import { changeCounts, changedFileLabel } from '../present/changeText';
import { formatLocalTime } from '../present/format';
import { composeChanges, changeTotals, type Turn } from '../store/fileChanges';

export async function pickTurn(turns: readonly Turn[], title: string, placeHolder: string): Promise<Turn | undefined> {
  if (!turns.length) {
    void vscode.window.showInformationMessage('No turn of this session changed a file.');
    return undefined;
  }
  const items = [...turns].reverse().map((turn) => {
    const totals = changeTotals(composeChanges([turn]));
    const names = turn.files.map((f) => changedFileLabel(f.path).name);
    return {
      label: `$(history) ${formatLocalTime(turn.created)}`,
      description: `${totals.files} file${totals.files === 1 ? '' : 's'} · ${changeCounts(totals)}`,
      detail: iconSafe(names.slice(0, 8).join(', ') + (names.length > 8 ? ` and ${names.length - 8} more` : '')),
      turn,
    };
  });
  return (await vscode.window.showQuickPick(items, { title, placeHolder, matchOnDetail: true }))?.turn;
}
