// Transcripts: any session's transcript as a read-only document (Open Transcript, Export Transcript as Markdown),
// opened from the tree, its hover, Switch Session, a search result (the search feature runs Open Transcript with
// the part it matched) or a link (the extension's URI handler).
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { showError, showInformation, withProgress } from '../../app/host/notify';
import type { App } from '../../app';
import { registerSessionCommand } from '../../app/commands/registerSessionCommand';
import { transcriptLink } from '../../app/sessions/transcriptLink';
import { asServerError } from '../../client/serverApi';
import { messageSafe } from '../../present/plainText';
import { matchedPartOf } from './matchedPart';
import { openTranscript, type OpenAt } from './openTranscript';
import { TranscriptDocuments } from './transcriptDocuments';
import { TRANSCRIPT_SCHEME, targetOf } from './transcriptUri';
import { standaloneText, type RenderedTranscript } from './transcriptMarkdown';

export function registerTranscripts(app: App): { transcripts: TranscriptDocuments } {
  const transcripts = new TranscriptDocuments(app);
  const open = (at: OpenAt) => openTranscript(app, transcripts, at);
  app.extension.subscriptions.push(
    transcripts,
    registerSessionCommand(app.targets, {
      id: 'opencodeSessions.openTranscript',
      title: vscode.l10n.t('Open the transcript of which session?'),
      failure: 'Opening the transcript',
      // A search result passes the part it matched (shown at once, before the transcript is read), and 'source'
      // for its Markdown source rather than the rendered transcript.
      run: ({ connection, record }, partId?: unknown, match?: unknown, view?: unknown) => {
        const matched = matchedPartOf(match);
        return open({
          serverId: connection.config.id,
          sessionId: record.info.id,
          partId: typeof partId === 'string' ? partId : undefined,
          ...(matched && { match: matched }),
          ...(view === 'source' && { source: true }),
        });
      },
    }),
    vscode.commands.registerCommand('opencodeSessions.exportTranscript', (uri?: unknown) =>
      exportTranscript(app, transcripts, shownTranscript(uri, transcripts)),
    ),
    vscode.window.registerUriHandler({
      handleUri: (uri) => {
        const query = new URLSearchParams(uri.query);
        const serverId = query.get('server');
        const sessionId = query.get('session');
        if (uri.path !== '/transcript' || !serverId || !sessionId) return;
        // A link comes from anywhere: an id no server makes (huge, or with control characters) goes no further, not
        // even into the log.
        if (!plausibleId(sessionId) || !plausibleId(serverId)) {
          void showInformation(vscode.l10n.t('That link names no session OpenCode Sessions can open.'));
          return;
        }
        if (!app.registry.get(serverId)) {
          void showInformation(vscode.l10n.t('That link names a server OpenCode Sessions does not show.'));
          return;
        }
        // A link is followed outside any command: its failure is logged and said here, or it would go unheard.
        open({ serverId, sessionId, partId: query.get('part') ?? undefined }).catch((err: unknown) => {
          const message = asServerError(err, 'Opening the transcript').message;
          app.log.error(`Opening the transcript of ${sessionId} from a link failed: ${message}`);
          void showError(messageSafe(message));
        });
      },
    }),
  );
  return { transcripts };
}

/** The transcript the user is looking at: its source in the editor, or its Markdown preview (by the tab's exact label). */
function shownTranscript(given: unknown, transcripts: TranscriptDocuments): vscode.Uri | undefined {
  if (given instanceof vscode.Uri) return given;
  const editor = vscode.window.activeTextEditor?.document.uri;
  if (editor?.scheme === TRANSCRIPT_SCHEME) return editor;
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
  // A Markdown preview is a webview: it names no document, only its title ("Preview <file name>").
  return tab?.input instanceof vscode.TabInputWebview ? transcripts.previews.previewed(tab.label) : undefined;
}

const EXPORT_FOLDER = 'opencodeSessions.exportFolder';

/**
 * Saves the transcript shown (or named) as a Markdown file where the user picks, starting in the folder last chosen
 * (else Documents, else home: never the workspace, which may be a scratch folder), then offers to open it. What is
 * written is the whole transcript: every page read (while the user picks where, with progress if that takes longer).
 */
async function exportTranscript(app: App, transcripts: TranscriptDocuments, uri: vscode.Uri | undefined): Promise<void> {
  if (!uri || uri.scheme !== TRANSCRIPT_SCHEME || !targetOf(uri)) {
    void showInformation(vscode.l10n.t('Open a transcript first (Open Transcript on a session).'));
    return;
  }
  const whole = transcripts.rendered(uri, true);
  // Settled whatever happens to the dialog: a failure is reported once the user has picked where.
  whole.catch(() => undefined);
  const name = uri.path.split('/').pop() ?? 'transcript.md';
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(await exportFolder(app), name),
    filters: { Markdown: ['md'] },
    title: vscode.l10n.t('Export Transcript as Markdown'),
    saveLabel: vscode.l10n.t('Export'),
  });
  if (!target) return;
  const rendered = await wholeText(whole);
  if (rendered === undefined) return;
  const serverId = targetOf(uri)!.serverId;
  const text = standaloneText(rendered, (sessionId) => transcriptLink(app.extension.extension.id, { serverId, sessionId }));
  await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
  await app.extension.globalState.update(EXPORT_FOLDER, vscode.Uri.joinPath(target, '..').toString());
  const open = vscode.l10n.t('Open');
  const chosen = await showInformation(vscode.l10n.t('Transcript exported to {0}.', target.fsPath), open);
  if (chosen === open) await vscode.commands.executeCommand('vscode.open', target);
}

/** The transcript's text once every page is rendered; a notification with progress while it is not (undefined: cancelled). */
async function wholeText(whole: Promise<RenderedTranscript>): Promise<RenderedTranscript | undefined> {
  // A rendering already whole wins the race (it comes first): no notification flashes for it.
  const pending = Symbol('pending');
  const first = await Promise.race([whole, Promise.resolve(pending)]);
  if (first !== pending) return first;
  return withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Reading every page of the transcript to export it…'),
      cancellable: true,
    },
    (_progress, token) =>
      new Promise<RenderedTranscript | undefined>((resolve, reject) => {
        token.onCancellationRequested(() => resolve(undefined));
        whole.then(resolve, reject);
      }),
  );
}

/** The folder an export starts in: the last one chosen while it still exists, else Documents, else home. */
async function exportFolder(app: App): Promise<vscode.Uri> {
  const last = app.extension.globalState.get<string>(EXPORT_FOLDER);
  const documents = vscode.Uri.file(join(homedir(), 'Documents'));
  for (const folder of [last ? vscode.Uri.parse(last) : undefined, documents]) {
    if (!folder) continue;
    try {
      if ((await vscode.workspace.fs.stat(folder)).type & vscode.FileType.Directory) return folder;
    } catch {
      // Gone (or never there): the next place.
    }
  }
  return vscode.Uri.file(homedir());
}

/** At most 512 characters, none of them a control character (a newline would forge a line of the log). */
function plausibleId(id: string): boolean {
  if (id.length > 512) return false;
  for (let i = 0; i < id.length; i++) if (id.charCodeAt(i) < 0x20 || id.charCodeAt(i) === 0x7f) return false;
  return true;
}
