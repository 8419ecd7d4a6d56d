// Opens a session's transcript in the editor, at a part when one is named (a search result, a copied link):
// the outputs folded except the one asked for, the part's line selected and centred, and the session's row
// revealed in the tree.
import * as vscode from 'vscode';
import type { App } from '../../app';
import type { TranscriptDocuments, TranscriptTarget } from './transcriptDocuments';
import { transcriptUri } from './transcriptDocuments';
import { partEnd } from './transcriptMarkdown';

export interface OpenAt extends TranscriptTarget {
  partId?: string;
}

export async function openTranscript(app: App, documents: TranscriptDocuments, at: OpenAt, revealRow = true): Promise<vscode.TextEditor> {
  const uri = transcriptUri(at, documents.titleOf(at.serverId, at.sessionId));
  // Without a part the first page shows at once, the older ones fill in; at a part, the lines must be final.
  await documents.rendered(uri, at.partId !== undefined);
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  const rendered = await documents.rendered(uri);
  const line = at.partId ? rendered.lines.get(at.partId) : undefined;
  // The part's own outputs stay open: the folds from its line to the next part's.
  const end = line === undefined ? line : partEnd(rendered.lines, line);
  const folds = rendered.folds.filter((fold) => line === undefined || fold < line || fold >= end!);
  if (folds.length) void vscode.commands.executeCommand('editor.fold', { selectionLines: folds, levels: 1 });
  if (line !== undefined && line < document.lineCount) {
    const position = new vscode.Position(line, 0);
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
  }
  const connection = app.registry.get(at.serverId);
  if (revealRow && connection) void app.view.rows.reveal(connection, at.sessionId);
  return editor;
}
