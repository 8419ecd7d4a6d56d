// Opens a session's transcript: rendered (VS Code's Markdown preview, in the theme; its Open Source button shows the
// Markdown), or, at a part (a search result, a copied link), as source with the outputs folded except the one
// asked for and the part's line selected and centred. The session's row is revealed in the tree.
import * as vscode from 'vscode';
import type { App } from '../../app';
import type { TranscriptDocuments, TranscriptTarget } from './transcriptDocuments';
import { transcriptUri } from './transcriptDocuments';
import { partEnd } from './transcriptMarkdown';

export interface OpenAt extends TranscriptTarget {
  partId?: string;
}

export async function openTranscript(app: App, documents: TranscriptDocuments, at: OpenAt, revealRow = true): Promise<void> {
  const uri = transcriptUri(at, documents.titleOf(at.serverId, at.sessionId));
  // Without a part the first page shows at once, the older ones fill in; at a part, the lines must be final.
  await documents.rendered(uri, at.partId !== undefined);
  if (at.partId === undefined && (await showPreview(uri))) {
    // The preview is the active tab once the command is done: its label is what Export Transcript finds it by.
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    if (tab?.input instanceof vscode.TabInputWebview) documents.previewOpened(tab.label, uri);
  } else await showSource(documents, uri, at.partId);
  const connection = app.registry.get(at.serverId);
  if (revealRow && connection) void app.view.rows.reveal(connection, at.sessionId);
}

/** The rendered transcript; false where no Markdown preview is to be had (the built-in extension disabled). */
async function showPreview(uri: vscode.Uri): Promise<boolean> {
  try {
    // Its command is registered once the Markdown extension starts, which running it does.
    await vscode.commands.executeCommand('markdown.showPreview', uri);
    return true;
  } catch {
    return false;
  }
}

/** The transcript's Markdown in an editor, at `partId`'s line when one is named. */
async function showSource(documents: TranscriptDocuments, uri: vscode.Uri, partId?: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  const rendered = await documents.rendered(uri);
  const line = partId ? rendered.lines.get(partId) : undefined;
  // The part's own outputs stay open: the folds from its line to the next part's.
  const end = line === undefined ? line : partEnd(rendered.lines, line);
  const folds = rendered.folds.filter((fold) => line === undefined || fold < line || fold >= end!);
  if (folds.length) void vscode.commands.executeCommand('editor.fold', { selectionLines: folds, levels: 1 });
  if (line !== undefined && line < document.lineCount) {
    const position = new vscode.Position(line, 0);
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
  }
  return editor;
}
