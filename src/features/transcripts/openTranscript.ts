// Opens a session's transcript rendered (VS Code's Markdown preview, in the theme; its Open Source button shows the
// Markdown), as a tab of its own beside what the group shows. At a search match the preview opens at once, on the
// match as the index holds it, scrolled to the matched word, marked (matchAnchor.ts); once every page is read, the
// whole transcript shows, at the word again (the preview keeps its scroll when its text changes, so it is shown anew).
// A link names a part only: the whole transcript is read first. The source is never put in front, so nothing flips
// and no other tab is taken over. Asked for the source (a result's button), the source opens at the match at once
// (the match as the index holds it until the whole transcript is read, then the cursor on it again), its outputs
// folded but the part's own. The session's row is revealed.
import * as vscode from 'vscode';
import type { App } from '../../app';
import { withProgress } from '../../app/host/notify';
import type { MatchedPart } from '../../app/commands/commandTable';
import { matchedWord } from './matchedWord';
import type { MatchPlace } from './matchDocument';
import type { TranscriptDocuments } from './transcriptDocuments';
import { transcriptUri, type TranscriptTarget } from './transcriptUri';
import { partEnd, type RenderedTranscript } from './transcriptMarkdown';

export interface OpenAt extends TranscriptTarget {
  partId?: string;
  /** The search hit's part, as the index holds it: shown before the transcript is read. */
  match?: MatchedPart;
  /** At a part: the Markdown source in front, not the rendered transcript. */
  source?: boolean;
}

/** How long VS Code may take to show a preview asked for (a busy machine) before it is taken as not shown. */
const PREVIEW_WAIT_MS = 10_000;

export async function openTranscript(app: App, documents: TranscriptDocuments, at: OpenAt, revealRow = true): Promise<void> {
  const uri = transcriptUri(at, documents.titleOf(at.serverId, at.sessionId));
  const opening = documents.beginOpen(uri);
  let following = false;
  try {
    if (at.partId !== undefined && !at.source)
      following = await showAtMatch(documents, uri, { partId: at.partId, words: at.match?.words ?? [] }, at.match, opening);
    else {
      if (at.match) documents.openAtMatch(uri, at.match);
      // Without a part the first page shows at once, the older ones fill in; at a part, the lines must be final (a
      // match shows as the index holds it until then).
      await documents.rendered(uri, at.partId !== undefined && !at.match);
      if (at.partId === undefined) {
        if (!(await showPreview(documents, uri))) await showSource(documents, uri);
      } else {
        const place = { partId: at.partId, words: at.match?.words ?? [] };
        const { editor } = await showSource(documents, uri, place);
        // Closed meanwhile: nothing to follow (reading it again would keep a transcript no one has open).
        if (at.match && !editor.document.isClosed) {
          following = true;
          // A rendering that fails meanwhile is logged where it fails: what is shown then simply stays.
          void keepAtPart(documents, editor, uri, place, opening.newest)
            .catch(() => undefined)
            .finally(opening.done);
        }
      }
    }
  } finally {
    if (!following) opening.done();
  }
  const connection = app.registry.get(at.serverId);
  if (revealRow && connection) void app.view.rows.reveal(connection, at.sessionId);
}

/**
 * The rendered transcript scrolled to the match: at once with a search hit (its part as the index holds it), else
 * once read whole; then, once the whole transcript replaced what was shown, shown again at the match while the user
 * is still on it. True while that follow-up runs (it ends the open); the source where no preview is to be had.
 */
async function showAtMatch(
  documents: TranscriptDocuments,
  uri: vscode.Uri,
  place: MatchPlace,
  match: MatchedPart | undefined,
  opening: { newest: () => boolean; done: () => void },
): Promise<boolean> {
  if (match) documents.openAtMatch(uri, match);
  const shown = match ? await documents.rendered(uri) : await readWhole(documents, uri);
  // Another result of it opened meanwhile: that one shows (placed after it, this one's mark replaced it).
  if (!opening.newest()) return false;
  const marked = await documents.placeMatch(uri, place);
  if (!opening.newest()) return false;
  if (!(await showPreview(documents, marked))) {
    await showSource(documents, uri, place);
    return false;
  }
  void (async () => {
    await documents.rendered(uri, true);
    if (documents.current(uri) === shown || !opening.newest()) return;
    await documents.placeMatch(uri, place);
    if (opening.newest() && frontPreview(documents, marked)) await showPreview(documents, marked);
  })()
    .catch(() => undefined)
    .finally(opening.done);
  return true;
}

/** The whole transcript, read with the window's progress showing (a long session takes a while). */
function readWhole(documents: TranscriptDocuments, uri: vscode.Uri): Promise<RenderedTranscript> {
  return Promise.resolve(
    withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading the transcript…') }, () =>
      documents.rendered(uri, true),
    ),
  );
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
  if (tab) documents.previews.opened(tab.label, uri);
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
  const front = () => frontPreview(documents, uri);
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

/** The tab in front when it is the preview of `uri`. */
function frontPreview(documents: TranscriptDocuments, uri: vscode.Uri): vscode.Tab | undefined {
  // Its label names the file in the user's language ("Preview <file>" in English, the name elsewhere in others): a
  // label that holds this transcript's file name (unique per session: transcriptName.ts) is its preview.
  const fileName = uri.path.split('/').pop() ?? '';
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
  if (!(tab?.input instanceof vscode.TabInputWebview)) return undefined;
  const shows = documents.previews.previewed(tab.label)?.toString() === uri.toString() || (fileName !== '' && tab.label.includes(fileName));
  return shows ? tab : undefined;
}

/** The transcript's Markdown in an editor, at `place` when one is named (centred). */
async function showSource(documents: TranscriptDocuments, uri: vscode.Uri, place?: MatchPlace): Promise<{ editor: vscode.TextEditor }> {
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  await placeAt(editor, await documents.rendered(uri), place);
  return { editor };
}

/** Folds the outputs but the part's own, and selects the matched word (else puts the cursor on the part's line) and shows it. */
async function placeAt(editor: vscode.TextEditor, rendered: RenderedTranscript, place?: MatchPlace): Promise<void> {
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
  editor.revealRange(editor.selection, vscode.TextEditorRevealType.InCenter);
}

/**
 * Once the whole transcript replaces the match shown alone, puts the cursor on the part again, unless the user moved
 * it meanwhile (or closed the transcript, or opened it again).
 */
async function keepAtPart(
  documents: TranscriptDocuments,
  editor: vscode.TextEditor,
  uri: vscode.Uri,
  place: MatchPlace,
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
