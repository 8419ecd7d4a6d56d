// Opens a session's transcript rendered (VS Code's Markdown preview, in the theme; its Open Source button shows the
// Markdown). At a part (a search result, a copied link) the preview starts scrolled to it: VS Code's preview starts
// where the transcript's editor in front shows its first line, so the source is shown first, the matched word
// selected (the whole word a beginning was typed of) and its line near the top, then the preview in its place; the
// source stays behind it, at the match. At a search match, the match shows at once as the index holds it, and the
// whole transcript replaces it once read: the preview is opened again at the part. Asked for the source (a result's
// button), the source stays in front, its outputs folded but the part's own. The session's row is revealed.
import * as vscode from 'vscode';
import type { App } from '../../app';
import type { MatchedPart } from './matchedPart';
import { matchedWord } from './matchedWord';
import type { TranscriptDocuments, TranscriptTarget } from './transcriptDocuments';
import { transcriptUri } from './transcriptDocuments';
import { partEnd, type RenderedTranscript } from './transcriptMarkdown';

export interface OpenAt extends TranscriptTarget {
  partId?: string;
  /** The search hit's part, as the index holds it: shown before the transcript is read. */
  match?: MatchedPart;
  /** At a part: the Markdown source in front, not the rendered transcript. */
  source?: boolean;
}

/** Where in a transcript to put the cursor: a part, and the query's words to select the first of there. */
interface Place {
  partId: string;
  words: readonly string[];
}

/** Lines of the part's message shown above the matched word in the preview (its heading, a blank line). */
const ABOVE_MATCH = 2;
/** How long VS Code may take to scroll the source (a busy machine) before the preview starts from wherever it then is. */
const SCROLL_WAIT_MS = 3_000;
/** How long VS Code may take to show a preview asked for (a busy machine) before it is taken as not shown. */
const PREVIEW_WAIT_MS = 10_000;

export async function openTranscript(app: App, documents: TranscriptDocuments, at: OpenAt, revealRow = true): Promise<void> {
  const uri = transcriptUri(at, documents.titleOf(at.serverId, at.sessionId));
  const { newest, done } = documents.beginOpen(uri);
  let following = false;
  try {
    if (at.match) documents.openAtMatch(uri, at.match);
    // Without a part the first page shows at once, the older ones fill in; at a part, the lines must be final (a
    // match shows as the index holds it until then).
    await documents.rendered(uri, at.partId !== undefined && !at.match);
    if (at.partId === undefined) {
      if (!(await showPreview(documents, uri))) await showSource(documents, uri);
    } else {
      const place = { partId: at.partId, words: at.match?.words ?? [] };
      const { editor, placedOn } = await showSource(documents, uri, place, !at.source);
      const rendered = !at.source && (await previewInPlaceOf(documents, editor, uri, newest));
      // Closed meanwhile: nothing to follow (reading it again would keep a transcript no one has open).
      if (at.match && !editor.document.isClosed) {
        following = true;
        // A rendering that fails meanwhile is logged where it fails: what is shown then simply stays.
        void (
          rendered ? keepPreviewAtPart(documents, editor, uri, place, placedOn, newest) : keepAtPart(documents, editor, uri, place, newest)
        )
          .catch(() => undefined)
          .finally(done);
      }
    }
  } finally {
    if (!following) done();
  }
  const connection = app.registry.get(at.serverId);
  if (revealRow && connection) void app.view.rows.reveal(connection, at.sessionId);
}

/** The rendered transcript; false where no Markdown preview is to be had (the built-in extension disabled). */
async function showPreview(documents: TranscriptDocuments, uri: vscode.Uri): Promise<boolean> {
  try {
    // Its command is registered once the Markdown extension starts, which running it does.
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    return false;
  }
  // Its label is what Export Transcript finds it by, and what the follow-up at a match checks is still in front.
  const tab = await previewInFront(documents, uri);
  if (tab) documents.previewOpened(tab.label, uri);
  return true;
}

/**
 * The preview of `uri` once the extension host's tabs show it in front, or undefined after a while (not shown). The
 * command returns before that: the Markdown extension runs in this host and only asks VS Code for the panel, so the
 * tabs read at once still showed the source. The follow-up at a match, once the whole transcript came at that
 * moment, took the user for gone from the preview and left it as it was: blank when the whole text came during the
 * preview's first rendering (VS Code's preview drops that one and sends the next only as a body for a page never
 * loaded), else away from the match.
 */
function previewInFront(documents: TranscriptDocuments, uri: vscode.Uri): Promise<vscode.Tab | undefined> {
  // Its label names the file in the user's language ("Preview <file>" in English, the name elsewhere in others): a
  // label that holds this transcript's file name (unique per session: transcriptName.ts) is its preview.
  const fileName = uri.path.split('/').pop() ?? '';
  const front = () => {
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    if (!(tab?.input instanceof vscode.TabInputWebview)) return undefined;
    const shows = documents.previewed(tab.label)?.toString() === uri.toString() || (fileName !== '' && tab.label.includes(fileName));
    return shows ? tab : undefined;
  };
  const now = front();
  if (now) return Promise.resolve(now);
  return new Promise((resolve) => {
    const done = (tab: vscode.Tab | undefined) => {
      clearTimeout(timer);
      changes.dispose();
      resolve(tab);
    };
    const changes = vscode.window.tabGroups.onDidChangeTabs(() => {
      const tab = front();
      if (tab) done(tab);
    });
    const timer = setTimeout(() => done(undefined), PREVIEW_WAIT_MS);
  });
}

/**
 * The preview in place of the source in front, starting at the source's first line shown (once VS Code has scrolled
 * there). A preview of this transcript already open in that group is closed first: VS Code would scroll it only by a
 * message its page can miss while hidden behind the source; a new one starts at the line.
 */
async function previewInPlaceOf(
  documents: TranscriptDocuments,
  editor: vscode.TextEditor,
  uri: vscode.Uri,
  newest: () => boolean,
): Promise<boolean> {
  await shownFrom(editor);
  // The user moved on while the source scrolled (closed it, went to another editor, or opened another result of it,
  // which shows its own preview): the preview would open there.
  if (!newest() || editor.document.isClosed || vscode.window.activeTextEditor?.document !== editor.document) return false;
  const group = vscode.window.tabGroups.all.find((g) => g.viewColumn === editor.viewColumn);
  const previews = (group?.tabs ?? []).filter(
    (tab) => tab.input instanceof vscode.TabInputWebview && documents.previewed(tab.label)?.toString() === uri.toString(),
  );
  if (previews.length) await vscode.window.tabGroups.close(previews, true);
  return showPreview(documents, uri);
}

/** The line the source shows first for the preview to start at: a little above the cursor (the matched word). */
function topLine(editor: vscode.TextEditor): number {
  return Math.max(0, editor.selection.start.line - ABOVE_MATCH);
}

/**
 * Resolves once VS Code shows the editor from the line the preview is to start at, or shows its cursor after having
 * scrolled (with outputs folded above the cursor, VS Code starts the view at the fold, never at the line); or after a
 * while anyway. The view the extension host knows before the scroll is not enough: the cursor may be on it already.
 */
function shownFrom(editor: vscode.TextEditor): Promise<void> {
  const line = editor.selection.start.line;
  const top = topLine(editor);
  if (editor.visibleRanges[0]?.start.line === top) return Promise.resolve();
  const cursorShown = () => editor.visibleRanges.some((range) => range.start.line <= line && line <= range.end.line);
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      scrolls.dispose();
      resolve();
    };
    const scrolls = vscode.window.onDidChangeTextEditorVisibleRanges((e) => e.textEditor === editor && cursorShown() && done());
    // Not scrolled (already there, or an editor VS Code does not show any more): the preview starts where the source is.
    const timer = setTimeout(done, SCROLL_WAIT_MS);
  });
}

/**
 * The transcript's Markdown in an editor, at `place` when one is named (near the top when `atTop`, else centred);
 * `placedOn`: the text the cursor was placed in, when the rendering's lines were that text's (VS Code may not have
 * been given the newest rendering yet).
 */
async function showSource(
  documents: TranscriptDocuments,
  uri: vscode.Uri,
  place?: Place,
  atTop = false,
): Promise<{ editor: vscode.TextEditor; placedOn?: string }> {
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  const rendered = await documents.rendered(uri);
  // Placed by the rendering's lines only while VS Code shows that rendering, before and after (the whole transcript
  // may be read meanwhile: its lines placed on the match's text leave the cursor, and the preview, at the top).
  const shown = document.getText() === rendered.text;
  await placeAt(editor, rendered, place, atTop);
  return { editor, placedOn: shown && document.getText() === rendered.text ? rendered.text : undefined };
}

/** Folds the outputs but the part's own, and selects the matched word (else puts the cursor on the part's line) and shows it. */
async function placeAt(editor: vscode.TextEditor, rendered: RenderedTranscript, place?: Place, atTop = false): Promise<void> {
  const line = place ? rendered.lines.get(place.partId) : undefined;
  // The part's own outputs stay open: the folds from its line to the next part's.
  const end = line === undefined ? line : partEnd(rendered.lines, line);
  const folds = rendered.folds.filter((fold) => line === undefined || fold < line || fold >= end!);
  // Folded before the cursor is shown: a fold above it done later would move it.
  if (folds.length) await vscode.commands.executeCommand('editor.fold', { selectionLines: folds, levels: 1 });
  if (line === undefined || line >= editor.document.lineCount) return;
  const document = editor.document;
  const word = matchedWord((at) => document.lineAt(at).text, line, Math.min(end!, document.lineCount), place!.words);
  const position = new vscode.Position(line, 0);
  editor.selection = word ? new vscode.Selection(word.line, word.start, word.line, word.end) : new vscode.Selection(position, position);
  if (atTop) {
    const top = new vscode.Position(topLine(editor), 0);
    editor.revealRange(new vscode.Range(top, top), vscode.TextEditorRevealType.AtTop);
  } else editor.revealRange(editor.selection, vscode.TextEditorRevealType.InCenter);
}

/**
 * Once the whole transcript replaces the match shown alone, opens the preview again at the part (its line moved),
 * unless the user left the preview meanwhile (another tab in front, or it closed) or opened the transcript again.
 */
async function keepPreviewAtPart(
  documents: TranscriptDocuments,
  editor: vscode.TextEditor,
  uri: vscode.Uri,
  place: Place,
  placedOn: string | undefined,
  newest: () => boolean,
): Promise<void> {
  await documents.rendered(uri, true);
  // Placed in the whole transcript already: the preview started at the part's final line.
  if (!(await whole(documents, editor.document, uri)) || editor.document.getText() === placedOn || !newest()) return;
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
  if (!(tab?.input instanceof vscode.TabInputWebview) || documents.previewed(tab.label)?.toString() !== uri.toString()) return;
  await previewInPlaceOf(documents, (await showSource(documents, uri, place, true)).editor, uri, newest);
}

/**
 * Once the whole transcript replaces the match shown alone, puts the cursor on the part again, unless the user moved
 * it meanwhile (or closed the transcript, or opened it again).
 */
async function keepAtPart(
  documents: TranscriptDocuments,
  editor: vscode.TextEditor,
  uri: vscode.Uri,
  place: Place,
  newest: () => boolean,
): Promise<void> {
  let moved = false;
  const watch = vscode.window.onDidChangeTextEditorSelection((e) => {
    if (e.textEditor === editor && e.kind !== undefined && e.kind !== vscode.TextEditorSelectionChangeKind.Command) moved = true;
  });
  try {
    await documents.rendered(uri, true);
    if (await whole(documents, editor.document, uri)) if (!moved && newest()) await placeAt(editor, documents.current(uri)!, place);
  } finally {
    watch.dispose();
  }
}

/** Resolves once VS Code shows the document's current rendering (true), or once the document is closed (false). */
function whole(documents: TranscriptDocuments, document: vscode.TextDocument, uri: vscode.Uri): Promise<boolean> {
  const shown = () => !document.isClosed && document.getText() === documents.current(uri)?.text;
  if (shown()) return Promise.resolve(true);
  // Closed already: no close event is coming, and the listeners below would wait for good.
  if (document.isClosed) return Promise.resolve(false);
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
