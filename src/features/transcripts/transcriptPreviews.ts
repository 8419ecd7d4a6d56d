// The Markdown previews of transcripts: which transcript a preview tab shows (a preview is a webview: it names no
// document, only its tab's label; transcriptName.ts matches it), and a previewed transcript kept open while its preview
// is. VS Code lets go of a document no editor shows 3 minutes after it was opened (or past 50 such): a Markdown preview
// is no editor, so its transcript would stop following the session (a snapshot, its total behind the row's).
import * as vscode from 'vscode';
import { Disposable } from '../../base/disposable';
import { forgetClosedPreviews, previewedTranscript, previewPrefix, recordPreview } from './transcriptName';
import { TRANSCRIPT_SCHEME } from './transcriptUri';

/** Preview labels remembered: more than anyone keeps open. */
const PREVIEWS_KEPT = 500;
/** A previewed document VS Code lets go of is opened again at most this often (it keeps one 3 minutes). */
const REOPEN_MS = 60_000;

const fileNameOf = (uri: vscode.Uri) => uri.path.split('/').pop() ?? '';

export class TranscriptPreviews extends Disposable {
  /**
   * The transcripts of each Markdown preview this extension opened, by its tab's label, while a tab of that label is
   * open: Export Transcript from it (a webview names no document).
   */
  private readonly previews = new Map<string, string[]>();
  /** When each previewed document was last opened again after VS Code let it go (keptForPreview). */
  private readonly reopened = new Map<string, number>();
  /**
   * The words VS Code's Markdown preview puts before a file name in a tab's label, in the user's language: English
   * known, else learnt from the first preview opened here (none known: any words fit).
   */
  private prefix = vscode.env.language.startsWith('en') ? 'Preview' : undefined;

  /** `open`: the transcripts read, each by its URI without a fragment. */
  constructor(private readonly open: () => Iterable<vscode.Uri>) {
    super();
    // A label closed (or renamed: a link followed in the preview) no longer stands for the transcript previewed.
    this._register(
      vscode.window.tabGroups.onDidChangeTabs(({ closed, changed }) => {
        if (!closed.length && !changed.length) return;
        const shown = new Set(vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((tab) => tab.label)));
        forgetClosedPreviews(this.previews, shown);
      }),
    );
  }

  /** Records the preview of `uri` VS Code shows under this tab label (the most recent few hundred are kept). */
  opened(label: string, uri: vscode.Uri): void {
    this.prefix = previewPrefix(label, fileNameOf(uri)) ?? this.prefix;
    recordPreview(this.previews, label, uri.toString(), PREVIEWS_KEPT);
  }

  /**
   * VS Code let go of a transcript's document: while a preview of it is open, it is opened again (true), and so
   * followed again.
   */
  reopenWhilePreviewed(uri: vscode.Uri): boolean {
    if (!this.keptForPreview(uri)) return false;
    vscode.workspace.openTextDocument(uri).then(undefined, () => undefined);
    return true;
  }

  /** A document VS Code let go of for good: it was not opened again. */
  closed(uri: vscode.Uri): void {
    this.reopened.delete(uri.toString());
  }

  /**
   * Whether a preview of this document is open and it was not opened again for it within the last REOPEN_MS (VS Code
   * lets go at once of a document past 80 MB: two of them would otherwise be opened in turn for ever).
   */
  private keptForPreview(uri: vscode.Uri): boolean {
    const key = uri.toString();
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs);
    // Each of two previews of one title (a label that names neither) stays followed.
    const shows = (label: string) => this.previews.get(label)?.includes(key) || this.previewed(label)?.toString() === key;
    if (!tabs.some((tab) => tab.input instanceof vscode.TabInputWebview && shows(tab.label))) return false;
    const now = Date.now();
    if (now - (this.reopened.get(key) ?? -Infinity) < REOPEN_MS) return false;
    this.reopened.set(key, now);
    return true;
  }

  /**
   * The transcript a Markdown preview tab of this label shows, if it is one (exactly: transcriptName.ts); none while a
   * document of that name that is no transcript is open (a workspace file's preview reads the same).
   */
  previewed(label: string): vscode.Uri | undefined {
    const open = [...this.open()].map((uri) => ({ fileName: fileNameOf(uri), uri: uri.toString() }));
    const others = vscode.workspace.textDocuments.filter(({ uri }) => uri.scheme !== TRANSCRIPT_SCHEME).map(({ uri }) => fileNameOf(uri));
    const found = previewedTranscript(label, this.previews, open, others, this.prefix);
    return found === undefined ? undefined : vscode.Uri.parse(found);
  }
}
