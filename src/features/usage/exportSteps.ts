// Writes the per-step table where the user chooses. The host does it: the webview has no file access.
import * as vscode from 'vscode';
import { runSliced } from '../../base/slices';
import { csvSteps, jsonSteps, type ExportTimeline } from '../../present/usageExport';
import type { ExportFormat, StepRow } from './protocol';

/** Returns the written file, or undefined when the user cancelled. `target` skips the dialog (tests). */
export async function exportSteps(
  sessionID: string,
  title: string,
  steps: readonly StepRow[],
  format: ExportFormat,
  target?: vscode.Uri,
  timeline?: ExportTimeline,
): Promise<vscode.Uri | undefined> {
  const uri =
    target ??
    (await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Export steps as {0}', format.toUpperCase()),
      defaultUri: defaultUri(title, format),
      filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
    }));
  if (!uri) return undefined;
  const text = (await runSliced(format === 'csv' ? csvSteps(steps, timeline) : jsonSteps(sessionID, steps, timeline)))!;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

function defaultUri(title: string, format: ExportFormat): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = `${trimDashes(title.replace(/[^\w.-]+/g, '-')).slice(0, 60) || 'session'}-steps.${format}`;
  return folder ? vscode.Uri.joinPath(folder, name) : undefined;
}

/** Without leading and trailing dashes; a loop, as `/-+$/` backtracks over every run of dashes in a long title. */
function trimDashes(name: string): string {
  let start = 0;
  let end = name.length;
  while (start < end && name[start] === '-') start++;
  while (end > start && name[end - 1] === '-') end--;
  return name.slice(start, end);
}
