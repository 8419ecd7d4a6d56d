// Transcripts as read-only documents (`opencode-transcript:` URIs, Markdown): the newest page shows first, the
// older pages fill in behind it; a working session is followed (its newest messages read again as it moves). A
// child session's line links to its own transcript (a link this extension computes, not one parsed from text).
import * as vscode from 'vscode';
import { Emitter } from '../../base/emitter';
import type { App } from '../../app';
import { Disposable } from '../../base/disposable';
import { KeyedTimer } from '../../base/keyedTimer';
import type { ServerConnection } from '../../client/serverConnection';
import { asServerError } from '../../client/serverApi';
import { sessionTitle } from '../../present/sessionTitle';
import type { SessionReader } from '../../store/sessionReader';
import type { TranscriptMessage } from '../../store/transcript';
import { permissionWaitOf } from '../../store/timelineRecord';
import { renderMatchedPart } from './matchedPart';
import type { MatchedPart } from '../../app/commands/commandTable';
import { subAgentsOf, type SubAgents } from './subAgents';
import { TranscriptMessages } from './transcriptMessages';
import { TranscriptPreviews } from './transcriptPreviews';
import { linkBetween, targetOf, TRANSCRIPT_SCHEME, transcriptUri, type TranscriptTarget } from './transcriptUri';
import { followDelay } from './followPace';
import { MATCH_FRAGMENT } from './matchAnchor';
import { MatchDocument, type MatchPlace } from './matchDocument';
import {
  TranscriptRender,
  type PermissionWaits,
  type RenderedTranscript,
  type SessionLink,
  type TranscriptHeader,
} from './transcriptMarkdown';

/**
 * Which transcript a URI shows: its fragment aside. The rendered transcript at a match is the preview of the URI with
 * MATCH_FRAGMENT (matchAnchor.ts), a document of its own to VS Code (the transcript with the match marked): one per
 * transcript, whatever the match, so a live change re-reads at most two documents of it.
 */
const keyOf = (uri: vscode.Uri) => uri.with({ fragment: '' }).toString();

interface Loaded {
  /** The transcript's URI, its fragment aside. */
  uri: vscode.Uri;
  /** The documents VS Code opened of it, by their own URIs (a change names exactly each). */
  shown: Map<string, vscode.Uri>;
  target: TranscriptTarget;
  messages: TranscriptMessages;
  /** Messages known to exist before the ones read (while older pages are read). */
  reading: boolean;
  rendered: RenderedTranscript;
  /** Keeps the document rendered: each message once, what changed re-rendered. */
  renderer: TranscriptRender;
  /** One render at a time (a render yields between slices). */
  rendering: Promise<void>;
  /** Settles once the first page is rendered. */
  ready: Promise<void>;
  /** Settles once every page is read and rendered (or reading failed). */
  complete: Promise<void>;
  error?: string;
  /** Moves whenever the rendering's text changes. */
  version: number;
  /** The version last handed to VS Code: a change is fired only when the rendering moved since. */
  given?: number;
  /** The sub-agents listed, as of the server's tree at `revision` (a walk of every descendant: not at every render). */
  subAgents?: { revision: number; list: SubAgents };
  /** Opened at a search match: shown alone, as the index holds it, until every page is read. */
  match?: MatchedPart;
  /** The document at MATCH_FRAGMENT. */
  atMatch: MatchDocument;
}

export class TranscriptDocuments extends Disposable implements vscode.TextDocumentContentProvider, vscode.DocumentLinkProvider {
  private readonly changed = this._register(new Emitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;
  private readonly loaded = new Map<string, Loaded>();
  /** Per shown transcript, its newest messages read again once its session's moves have gathered (followPace.ts). */
  private readonly following = this._register(new KeyedTimer<string>());
  /** Per server, a number that moves whenever a session's children (or titles) changed: when sub-agents are listed again. */
  private readonly treeRevisions = new Map<string, number>();
  /** Which transcript a preview tab shows; a previewed transcript kept open while its preview is. */
  readonly previews: TranscriptPreviews;
  /**
   * Per transcript, its newest open (openTranscript.ts): the follow-up of an older open at a match (once the whole
   * transcript is read) leaves a newer one be (a second result opened while the first was read landed on the first).
   */
  private readonly opens = new Map<string, object>();

  constructor(private readonly app: App) {
    super();
    this.previews = this._register(new TranscriptPreviews(() => [...this.loaded.values()].map(({ uri }) => uri)));
    this._register(vscode.workspace.registerTextDocumentContentProvider(TRANSCRIPT_SCHEME, this));
    this._register(vscode.languages.registerDocumentLinkProvider({ scheme: TRANSCRIPT_SCHEME }, this));
    this._register(
      vscode.workspace.onDidCloseTextDocument((doc) => {
        const loaded = this.loaded.get(keyOf(doc.uri));
        // VS Code lets go of a document a Markdown preview shows (no editor): it is opened again (transcriptPreviews.ts).
        if (loaded && this.previews.reopenWhilePreviewed(doc.uri)) return;
        this.previews.closed(doc.uri);
        loaded?.shown.delete(doc.uri.toString());
        if (loaded && !loaded.shown.size) this.loaded.delete(keyOf(doc.uri));
      }),
    );
    // VS Code drops a change to a document it has not finished opening: a document opened by its URI alone (a
    // link followed, the Markdown preview) may finish reading before that. Once open, it is brought up to date.
    this._register(
      vscode.workspace.onDidOpenTextDocument((doc) => {
        const loaded = this.loaded.get(keyOf(doc.uri));
        const given = doc.uri.fragment === MATCH_FRAGMENT ? loaded?.atMatch.text : loaded?.rendered.text;
        if (loaded && doc.getText() !== given) this.changed.fire(doc.uri);
      }),
    );
    this._register(
      app.sessions.onDidChange((change) => {
        for (const [connection, own] of change.sessions) {
          // A title shows only when it changes the row; a row changes often while a session works: compared only
          // against the sessions listed (at most SUB_AGENTS_SHOWN per transcript), never the whole tree.
          if (own.structure.size || own.removed.size || this.listedChanged(connection.config.id, own.changed))
            this.treeMoved(connection.config.id);
          for (const id of own.changed) this.follow(connection, id);
        }
      }),
    );
  }

  /**
   * An open of the transcript begins: `newest` says whether no later open of it began since; `done` ends it (the
   * newest's clears the transcript's entry: nothing is under way for it any more).
   */
  beginOpen(uri: vscode.Uri): { newest: () => boolean; done: () => void } {
    const key = keyOf(uri);
    const open = {};
    this.opens.set(key, open);
    const newest = () => this.opens.get(key) === open;
    return { newest, done: () => void (newest() && this.opens.delete(key)) };
  }

  /** Whether an open of the transcript is under way, or its follow-up once the whole transcript is read (tests wait for it). */
  opening(uri: vscode.Uri): boolean {
    return this.opens.has(keyOf(uri));
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const loaded = this.loaded.get(keyOf(uri)) ?? this.load(uri);
    loaded.shown.set(uri.toString(), uri);
    await loaded.ready;
    loaded.given = loaded.version;
    return uri.fragment === MATCH_FRAGMENT ? loaded.atMatch.textOf(loaded.rendered, loaded.version) : loaded.rendered.text;
  }

  /**
   * Marks `place` in the transcript's document at MATCH_FRAGMENT (the one the preview opens at a match); resolves with
   * that URI once VS Code's copy, if it has one open, shows this match (a preview opened before would start at the last).
   */
  async placeMatch(uri: vscode.Uri, place: MatchPlace): Promise<vscode.Uri> {
    const marked = uri.with({ fragment: MATCH_FRAGMENT });
    const loaded = this.loaded.get(keyOf(uri)) ?? this.load(uri);
    loaded.atMatch.place = place;
    await loaded.ready;
    const text = await loaded.atMatch.textOf(loaded.rendered, loaded.version);
    await loaded.atMatch.shown(marked, text, () => this.changed.fire(marked));
    return marked;
  }

  /**
   * Starts reading a transcript opened at a search match (unless it is read already): the match shows at once, as
   * the index holds it; the whole transcript once every page is read, in one walk of the pages and one render.
   */
  openAtMatch(uri: vscode.Uri, match: MatchedPart): void {
    const key = keyOf(uri);
    const loaded = this.loaded.get(key);
    if (!loaded) {
      this.load(uri, match);
      return;
    }
    // Another match of a transcript still being read: that one shows instead, until every page is in.
    if (!loaded.match || !loaded.reading || loaded.match.part === match.part) return;
    loaded.match = match;
    loaded.ready = this.render(loaded).then(
      () => {
        if (this.loaded.get(key) === loaded) this.changedIfNew(loaded);
      },
      (err: unknown) => {
        this.renderFailed(key, loaded, err);
        throw err;
      },
    );
  }

  /** The document's rendering as it is now, if it is open or being read. */
  current(uri: vscode.Uri): RenderedTranscript | undefined {
    return this.loaded.get(keyOf(uri))?.rendered;
  }

  /** The document's rendering once the first page is in (and `whole`: every page). */
  async rendered(uri: vscode.Uri, whole = false): Promise<RenderedTranscript> {
    const loaded = this.loaded.get(keyOf(uri)) ?? this.load(uri);
    await loaded.ready;
    if (whole) await loaded.complete;
    return loaded.rendered;
  }

  provideDocumentLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
    const loaded = this.loaded.get(keyOf(document.uri));
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

  /** A session's name as the tree shows it (a kubeopencode Task's by its Task), its id while it is not listed. */
  titleOf(serverId: string, sessionId: string): string {
    const info = this.app.registry.get(serverId)?.sessions.get(sessionId)?.info;
    return info ? sessionTitle(info) : sessionId;
  }

  /** Another session of the same server: its name and a link that opens its transcript rendered (linkBetween). */
  private linkFor(from: TranscriptTarget): SessionLink {
    return (sessionId) => {
      const title = this.titleOf(from.serverId, sessionId);
      return { title, target: linkBetween(this.app.extension.extension.id, { serverId: from.serverId, sessionId }, title) };
    };
  }

  /** The permission waits of the session's tool calls, as its store saw them (the Timeline's marks). */
  private permissionWaits(target: TranscriptTarget): PermissionWaits {
    return (call, start, end) => {
      const record = this.app.registry.get(target.serverId)?.sessions.get(target.sessionId);
      return record && permissionWaitOf(record, call, start, end);
    };
  }

  /**
   * Starts reading a transcript: kept at once (a second caller waits on the same reading, never reads it again),
   * `ready` once the first page is rendered, `complete` once every page is.
   */
  private load(uri: vscode.Uri, match?: MatchedPart): Loaded {
    const target = targetOf(uri);
    const key = keyOf(uri);
    let finish!: () => void;
    const loaded: Loaded = {
      uri: uri.with({ fragment: '' }),
      shown: new Map(),
      target: target ?? { serverId: '', sessionId: '' },
      messages: new TranscriptMessages(),
      atMatch: new MatchDocument(),
      version: 0,
      reading: true,
      rendered: { text: '', lines: new Map(), folds: [], children: [] },
      renderer: new TranscriptRender(
        undefined,
        this.linkFor(target ?? { serverId: '', sessionId: '' }),
        this.permissionWaits(target ?? { serverId: '', sessionId: '' }),
      ),
      rendering: Promise.resolve(),
      ready: Promise.resolve(),
      complete: new Promise<void>((resolve) => (finish = resolve)),
    };
    this.loaded.set(key, loaded);
    const pages = match && this.pagesOf(loaded.target);
    // A rendering that failed is not kept: the callers hear the failure, and opening the transcript again reads it anew.
    const failed = (err: unknown) => {
      finish();
      this.renderFailed(key, loaded, err);
      throw err;
    };
    if (pages) {
      loaded.match = match;
      loaded.ready = this.render(loaded).catch(failed);
      void this.readRest(key, loaded, pages).finally(finish);
      return loaded;
    }
    loaded.ready = this.readFirst(loaded).then((pages) => {
      if (pages) void this.readRest(key, loaded, pages).finally(finish);
      else finish();
    }, failed);
    return loaded;
  }

  /** Forgets a transcript whose rendering failed (once, while it is still the one kept), and logs why. */
  private renderFailed(key: string, loaded: Loaded, err: unknown): void {
    if (this.loaded.get(key) !== loaded) return;
    this.loaded.delete(key);
    this.app.log.error(
      `Rendering the transcript of ${loaded.target.sessionId} failed: ${err instanceof Error ? err.message : String(err)}`,
    );
  }

  /** Every page of the session's transcript, newest first, once asked; undefined when no server lists it. */
  private pagesOf(target: TranscriptTarget): AsyncIterator<TranscriptMessage[]> | undefined {
    const connection = this.app.registry.get(target.serverId);
    const record = connection?.sessions.get(target.sessionId);
    return record && connection?.api.transcriptPages(record.info)[Symbol.asyncIterator]();
  }

  /** Reads and renders the first page: the pages still to read, if there are more. */
  private async readFirst(loaded: Loaded): Promise<AsyncIterator<TranscriptMessage[]> | undefined> {
    const pages = this.pagesOf(loaded.target);
    if (!pages) {
      loaded.reading = false;
      loaded.error = vscode.l10n.t('This session is not listed by any server shown in OpenCode Sessions.');
      await this.render(loaded);
      return undefined;
    }
    let firstPage: TranscriptMessage[] = [];
    try {
      const first = await pages.next();
      firstPage = first.done ? [] : first.value;
      loaded.reading = !first.done && firstPage.length > 0;
    } catch (err) {
      loaded.reading = false;
      loaded.error = asServerError(err, 'Reading the transcript').message;
    }
    await this.merge(loaded, firstPage);
    await this.render(loaded);
    return loaded.reading ? pages : undefined;
  }

  private async readRest(key: string, loaded: Loaded, pages: AsyncIterator<TranscriptMessage[]>): Promise<void> {
    try {
      for (let page = await pages.next(); !page.done; page = await pages.next()) await this.merge(loaded, page.value);
    } catch (err) {
      loaded.error = asServerError(err, 'Reading the transcript').message;
    }
    loaded.reading = false;
    try {
      await this.render(loaded);
    } catch (err) {
      return this.renderFailed(key, loaded, err);
    }
    if (this.loaded.get(key) === loaded) this.changedIfNew(loaded);
  }

  /** Tells VS Code to read the document again when its rendering is not what VS Code was last given. */
  private changedIfNew(loaded: Loaded): void {
    if (loaded.version === loaded.given) return;
    for (const uri of loaded.shown.size ? loaded.shown.values() : [loaded.uri]) this.changed.fire(uri);
  }

  /** Takes in messages read, after any render under way (a render yields between slices: its list must not move). */
  private merge(loaded: Loaded, messages: readonly TranscriptMessage[]): Promise<void> {
    loaded.rendering = loaded.rendering.then(() => loaded.messages.merge(messages));
    return loaded.rendering;
  }

  /** Renders what is new, a slice of time at a time, after any render under way. */
  private render(loaded: Loaded): Promise<void> {
    loaded.rendering = loaded.rendering.then(() => this.renderNow(loaded));
    return loaded.rendering;
  }

  private treeMoved(serverId: string): void {
    this.treeRevisions.set(serverId, (this.treeRevisions.get(serverId) ?? 0) + 1);
  }

  /** Whether a session changed that a shown transcript of this server lists (its title may be new). */
  private listedChanged(serverId: string, changed: ReadonlySet<string>): boolean {
    if (!changed.size) return false;
    for (const loaded of this.loaded.values()) {
      if (loaded.target.serverId !== serverId || !loaded.subAgents) continue;
      for (const { sessionId } of loaded.subAgents.list.shown) if (changed.has(sessionId)) return true;
    }
    return false;
  }

  /** The sub-agents the header lists: walked again only when the server's tree moved since. */
  private subAgents(loaded: Loaded, sessions: SessionReader | undefined): SubAgents {
    if (!sessions) return { shown: [], total: 0 };
    const revision = this.treeRevisions.get(loaded.target.serverId) ?? 0;
    if (loaded.subAgents?.revision !== revision) loaded.subAgents = { revision, list: subAgentsOf(sessions, loaded.target.sessionId) };
    return loaded.subAgents.list;
  }

  private headerOf(loaded: Loaded): TranscriptHeader {
    const connection = this.app.registry.get(loaded.target.serverId);
    const info = connection?.sessions.get(loaded.target.sessionId)?.info;
    const subAgents = this.subAgents(loaded, connection?.sessions);
    return {
      title: info ? sessionTitle(info) : loaded.target.sessionId,
      server: connection?.label ?? loaded.target.serverId,
      directory: info?.directory ?? '',
      sessionId: loaded.target.sessionId,
      parentId: info?.parentID,
      descendants: subAgents.shown,
      descendantCount: subAgents.total,
      cost: info?.cost,
      tokens: info?.tokens,
    };
  }

  private async renderNow(loaded: Loaded): Promise<void> {
    const header = this.headerOf(loaded);
    const options = { earlier: loaded.reading ? 1 : 0, error: loaded.error };
    // Opened at a match: the match alone until every page is in (the whole is rendered once, not page by page).
    if (loaded.match && (loaded.reading || !loaded.messages.size)) {
      loaded.rendered = renderMatchedPart(header, loaded.match, options, this.linkFor(loaded.target));
      loaded.version++;
      return;
    }
    // Only the messages from the first that changed are looked at: a live change costs what it brought.
    const from = loaded.messages.takeChanged();
    const before = loaded.renderer.version;
    loaded.rendered = await loaded.renderer.update(
      header,
      loaded.messages.all,
      options,
      () => new Promise((resolve) => setImmediate(resolve)),
      from,
    );
    if (loaded.renderer.version !== before) loaded.version++;
  }

  /** A shown transcript's session moved: its newest messages are read again and merged. */
  private follow(connection: ServerConnection, sessionId: string): void {
    for (const [key, loaded] of this.loaded) {
      if (loaded.target.serverId !== connection.config.id || loaded.target.sessionId !== sessionId) continue;
      // The transcript as kept when the run comes (closed and opened again meanwhile: the new one is brought up to date).
      const refresh = () => {
        const current = this.loaded.get(key);
        if (current) void this.refreshNewest(key, current, connection);
      };
      // A large transcript less often: VS Code reads the whole text again at each change (followPace.ts).
      this.following.setIfNotSet(key, refresh, followDelay(loaded.renderer.size));
    }
  }

  private async refreshNewest(key: string, loaded: Loaded, connection: ServerConnection): Promise<void> {
    const record = connection.sessions.get(loaded.target.sessionId);
    if (!record || this.loaded.get(key) !== loaded) return;
    try {
      for await (const page of connection.api.transcriptPages(record.info, { newest: 20 })) await this.merge(loaded, page);
    } catch {
      return; // The next move tries again; what is shown stays.
    }
    try {
      await this.render(loaded);
    } catch (err) {
      return this.renderFailed(key, loaded, err);
    }
    this.changedIfNew(loaded);
  }
}
