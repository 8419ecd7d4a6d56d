// Transcripts as read-only documents (`opencode-transcript:` URIs, Markdown): the newest page shows first, the
// older pages fill in behind it; a working session is followed (its newest messages read again as it moves). A
// child session's line links to its own transcript (a link this extension computes, not one parsed from text).
import * as vscode from 'vscode';
import type { App } from '../../app';
import { Disposable } from '../../base/disposable';
import type { ServerConnection } from '../../client/serverConnection';
import { asServerError } from '../../client/transport/serverError';
import type { TranscriptMessage } from '../../store/transcript';
import { TranscriptRender, type RenderedTranscript } from './transcriptMarkdown';

export const TRANSCRIPT_SCHEME = 'opencode-transcript';
const FOLLOW_MS = 300;

export interface TranscriptTarget {
  serverId: string;
  sessionId: string;
}

export function transcriptUri(target: TranscriptTarget, title = 'transcript'): vscode.Uri {
  const name =
    title
      .slice(0, 200)
      .replace(/[^\p{L}\p{N} _-]+/gu, ' ')
      .trim()
      .slice(0, 60) || 'transcript';
  const query = new URLSearchParams({ server: target.serverId, session: target.sessionId }).toString();
  return vscode.Uri.from({ scheme: TRANSCRIPT_SCHEME, path: `/${name}.md`, query });
}

export function targetOf(uri: vscode.Uri): TranscriptTarget | undefined {
  const query = new URLSearchParams(uri.query);
  const serverId = query.get('server');
  const sessionId = query.get('session');
  return serverId && sessionId ? { serverId, sessionId } : undefined;
}

interface Loaded {
  target: TranscriptTarget;
  messages: Map<string, TranscriptMessage>;
  /** Messages known to exist before the ones read (while older pages are read). */
  reading: boolean;
  rendered: RenderedTranscript;
  /** Keeps the document rendered: each message once, what changed re-rendered. */
  renderer: TranscriptRender;
  /** One render at a time (a render yields between slices). */
  rendering: Promise<void>;
  /** Settles once every page is read. */
  complete: Promise<void>;
  error?: string;
}

export class TranscriptDocuments extends Disposable implements vscode.TextDocumentContentProvider, vscode.DocumentLinkProvider {
  private readonly changed = this.register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;
  private readonly loaded = new Map<string, Loaded>();
  private readonly following = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly app: App) {
    super();
    this.register(vscode.workspace.registerTextDocumentContentProvider(TRANSCRIPT_SCHEME, this));
    this.register(vscode.languages.registerDocumentLinkProvider({ scheme: TRANSCRIPT_SCHEME }, this));
    this.register(vscode.workspace.onDidCloseTextDocument((doc) => this.loaded.delete(doc.uri.toString())));
    this.register(
      app.sessions.onDidChange((change) => {
        for (const [connection, own] of change.sessions) for (const id of own.changed) this.follow(connection, id);
      }),
    );
    this.register({ dispose: () => this.following.forEach((t) => clearTimeout(t)) });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const loaded = this.loaded.get(uri.toString()) ?? (await this.load(uri));
    return loaded.rendered.text;
  }

  /** The document's rendering once the first page is in (and `whole`: every page). */
  async rendered(uri: vscode.Uri, whole = false): Promise<RenderedTranscript> {
    const loaded = this.loaded.get(uri.toString()) ?? (await this.load(uri));
    if (whole) await loaded.complete;
    return loaded.rendered;
  }

  provideDocumentLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
    const loaded = this.loaded.get(document.uri.toString());
    if (!loaded) return [];
    return loaded.rendered.children
      .filter(({ line }) => line < document.lineCount)
      .map(({ line, sessionId }) => {
        const link = new vscode.DocumentLink(
          document.lineAt(line).range,
          transcriptUri({ serverId: loaded.target.serverId, sessionId }, this.titleOf(loaded.target.serverId, sessionId)),
        );
        link.tooltip = vscode.l10n.t('Open the transcript of this session');
        return link;
      });
  }

  titleOf(serverId: string, sessionId: string): string {
    return this.app.registry.get(serverId)?.sessions.get(sessionId)?.info.title ?? sessionId;
  }

  private async load(uri: vscode.Uri): Promise<Loaded> {
    const target = targetOf(uri);
    const key = uri.toString();
    const loaded: Loaded = {
      target: target ?? { serverId: '', sessionId: '' },
      messages: new Map(),
      reading: true,
      rendered: { text: '', lines: new Map(), folds: [], children: [] },
      renderer: new TranscriptRender(),
      rendering: Promise.resolve(),
      complete: Promise.resolve(),
    };
    this.loaded.set(key, loaded);
    const connection = target && this.app.registry.get(target.serverId);
    const record = connection?.sessions.get(target!.sessionId);
    if (!target || !connection || !record) {
      loaded.reading = false;
      loaded.error = vscode.l10n.t('This session is not listed by any server shown in OpenCode Sessions.');
      await this.render(loaded);
      return loaded;
    }
    const pages = connection.api.transcriptPages(record.info)[Symbol.asyncIterator]();
    let firstPage: TranscriptMessage[] = [];
    try {
      const first = await pages.next();
      firstPage = first.done ? [] : first.value;
      loaded.reading = !first.done && firstPage.length > 0;
    } catch (err) {
      loaded.reading = false;
      loaded.error = asServerError(err, 'Reading the transcript').message;
    }
    for (const message of firstPage) loaded.messages.set(message.id, message);
    await this.render(loaded);
    loaded.complete = loaded.reading ? this.readRest(key, loaded, pages) : Promise.resolve();
    return loaded;
  }

  private async readRest(key: string, loaded: Loaded, pages: AsyncIterator<TranscriptMessage[]>): Promise<void> {
    try {
      for (let page = await pages.next(); !page.done; page = await pages.next())
        for (const message of page.value) loaded.messages.set(message.id, message);
    } catch (err) {
      loaded.error = asServerError(err, 'Reading the transcript').message;
    }
    loaded.reading = false;
    await this.render(loaded);
    this.changed.fire(vscode.Uri.parse(key));
  }

  /** Renders what is new, a slice of time at a time, after any render under way. */
  private render(loaded: Loaded): Promise<void> {
    loaded.rendering = loaded.rendering.then(() => this.renderNow(loaded));
    return loaded.rendering;
  }

  private async renderNow(loaded: Loaded): Promise<void> {
    const connection = this.app.registry.get(loaded.target.serverId);
    const info = connection?.sessions.get(loaded.target.sessionId)?.info;
    const messages = [...loaded.messages.values()].sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : 1));
    loaded.rendered = await loaded.renderer.update(
      {
        title: info?.title ?? loaded.target.sessionId,
        server: connection?.label ?? loaded.target.serverId,
        directory: info?.directory ?? '',
        sessionId: loaded.target.sessionId,
        parentId: info?.parentID,
        cost: info?.cost,
        tokens: info?.tokens,
      },
      messages,
      { earlier: loaded.reading ? 1 : 0, error: loaded.error },
      () => new Promise((resolve) => setImmediate(resolve)),
    );
  }

  /** A shown transcript's session moved: its newest messages are read again and merged. */
  private follow(connection: ServerConnection, sessionId: string): void {
    for (const [key, loaded] of this.loaded) {
      if (loaded.target.serverId !== connection.config.id || loaded.target.sessionId !== sessionId || this.following.has(key)) continue;
      this.following.set(
        key,
        setTimeout(() => {
          this.following.delete(key);
          void this.refreshNewest(key, loaded, connection);
        }, FOLLOW_MS),
      );
    }
  }

  private async refreshNewest(key: string, loaded: Loaded, connection: ServerConnection): Promise<void> {
    const record = connection.sessions.get(loaded.target.sessionId);
    if (!record || this.loaded.get(key) !== loaded) return;
    try {
      for await (const page of connection.api.transcriptPages(record.info, { newest: 20 }))
        for (const message of page) loaded.messages.set(message.id, message);
    } catch {
      return; // The next move tries again; what is shown stays.
    }
    await this.render(loaded);
    this.changed.fire(vscode.Uri.parse(key));
  }
}
