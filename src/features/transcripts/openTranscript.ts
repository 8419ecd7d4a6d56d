// Opens a session's transcript: rendered (VS Code's Markdown preview, in the theme; its Open Source button shows the
// Markdown), or, at a part (a search result, a copied link), as source with the outputs folded except the one
// asked for and the part's line selected and centred. At a search match, the match shows at once as the index holds
// it, and the whole transcript replaces it once read, the part kept in view. The session's row is revealed in the tree.
import * as vscode from 'vscode';
import type { App } from '../../app';
import type { MatchedPart } from './matchedPart';
import type { TranscriptDocuments, TranscriptTarget } from './transcriptDocuments';
import { transcriptUri } from './transcriptDocuments';
import { partEnd, type RenderedTranscript } from './transcriptMarkdown';

export interface OpenAt extends TranscriptTarget {
  partId?: string;
  /** The search hit's part, as the index holds it: shown before the transcript is read. */
  match?: MatchedPart;
}

export async function openTranscript(app: App, documents: TranscriptDocuments, at: OpenAt, revealRow = true): Promise<void> {
  const uri = transcriptUri(at, documents.titleOf(at.serverId, at.sessionId));
  if (at.match) documents.openAtMatch(uri, at.match);
  // Without a part the first page shows at once, the older ones fill in; at a part, the lines must be final (a
  // match shows as the index holds it until then).
  await documents.rendered(uri, at.partId !== undefined && !at.match);
  if (at.partId === undefined && (await showPreview(uri))) {
    // The preview is the active tab once the command is done: its label is what Export Transcript finds it by.
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    if (tab?.input instanceof vscode.TabInputWebview) documents.previewOpened(tab.label, uri);
  } else {
    const editor = await showSource(documents, uri, at.partId);
    // A rendering that fails meanwhile is logged where it fails: the cursor then simply stays.
    if (at.match) keepAtPart(documents, editor, uri, at.match.part).catch(() => undefined);
  }
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
  placeAt(editor, await documents.rendered(uri), partId);
  return editor;
}

/** Folds the outputs but the part's own, and selects and centres the part's line. */
function placeAt(editor: vscode.TextEditor, rendered: RenderedTranscript, partId?: string): void {
  const line = partId ? rendered.lines.get(partId) : undefined;
  // The part's own outputs stay open: the folds from its line to the next part's.
  const end = line === undefined ? line : partEnd(rendered.lines, line);
  const folds = rendered.folds.filter((fold) => line === undefined || fold < line || fold >= end!);
  if (folds.length) void vscode.commands.executeCommand('editor.fold', { selectionLines: folds, levels: 1 });
  if (line !== undefined && line < editor.document.lineCount) {
    const position = new vscode.Position(line, 0);
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
  }
}

/**
 * Once the whole transcript replaces the match shown alone, puts the cursor on the part again, unless the user moved
 * it meanwhile (or closed the transcript).
 */
async function keepAtPart(documents: TranscriptDocuments, editor: vscode.TextEditor, uri: vscode.Uri, partId: string): Promise<void> {
  let moved = false;
  const watch = vscode.window.onDidChangeTextEditorSelection((e) => {
    if (e.textEditor === editor && e.kind !== undefined && e.kind !== vscode.TextEditorSelectionChangeKind.Command) moved = true;
  });
  try {
    await documents.rendered(uri, true);
    if (await whole(documents, editor.document, uri)) if (!moved) placeAt(editor, documents.current(uri)!, partId);
  } finally {
    watch.dispose();
  }
}

/** Resolves once VS Code shows the document's current rendering (true), or once the document is closed (false). */
function whole(documents: TranscriptDocuments, document: vscode.TextDocument, uri: vscode.Uri): Promise<boolean> {
  const shown = () => !document.isClosed && document.getText() === documents.current(uri)?.text;
  if (shown()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (result: boolean) => {
      changes.dispose();
      closes.dispose();
      resolve(result);
    };
    const changes = vscode.workspace.onDidChangeTextDocument((e) => e.document === document && shown() && done(true));
    const closes = vscode.workspace.onDidCloseTextDocument((d) => d === document && done(false));
  });
}
