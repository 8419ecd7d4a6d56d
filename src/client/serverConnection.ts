// Keeps one server's sessions in step with the server: snapshot, then live events, and after any drop a
// backoff and a fresh snapshot (the event stream replays nothing; on OpenCode 2, what sessions did in the gap is
// replayed from their logs or read again, and the log says which). Sessions stay listed while offline.
// ConnectionLoop runs the attempts and holds the state; one attempt is `connectOnce` here: find the API the
// server speaks, subscribe to its stream, read the snapshot once the stream is registered, then apply what the
// stream sent meanwhile. Everything else is asked of the server through `api`, the ServerApi it speaks.
import type { SessionInfo, StoreEvent } from '../store/events';
import { MalformedTally } from '../store/malformedTally';
import { SnapshotStage } from '../store/snapshotStage';
import { earliestWindowStart } from '../store/budgetWindows';
import { ConnectionLoop } from './connection/connectionLoop';
import { DEFAULT_CONNECTION_OPTIONS, type ConnectionOptions } from './connection/connectionState';
import { apiFor, detectApi } from './connection/detectApi';
import type { ServerEndpoint } from './transport/endpoint';
import type { Logger } from '../base/logger';
import { FIRST_PAGE, type RereadReason, type ServerApi, type SessionAddress } from './serverApi';
import { gapClosed } from './connection/gapWords';
import type { EndpointSource, ServerConfig } from './connection/serverConfig';
import { asServerError } from './transport/serverError';
import { SessionData } from './sessions/sessionData';
import { ContextReads } from './sessions/sessionContext';

/**
 * Applied in order with the events (OpenCode 2): a session brought to this durable sequence, or caught up on what it
 * missed while no stream was open.
 */
type Applied = { sessionID: string; seq: number } | { sessionID: string; caughtUp: true };

/** A listing with at least this many sessions after a page (a full first page) is shown before its last page. */
const PREVIEW_FROM = FIRST_PAGE;

// What a feature names of a connection, handed on here so that features import the client through its faces only.
export type { ConnectionState } from './connection/connectionState';
export type { ServerConfig } from './connection/serverConfig';
export type { ServerEndpoint } from './transport/endpoint';
export type { MessageHistory } from './sessions/messageHistory';
export { loadSessionContext } from './sessions/sessionContext';

export class ServerConnection extends ConnectionLoop {
  private readonly data = this._register(
    new SessionData(
      () => this.api,
      (kind) => this.noteMalformed(kind),
      (type) => this.noteUnknown(type),
      {
        archived: () => this.archived,
        failed: (what, err) => this.log.warn(`${this.label}: could not read ${what}: ${asServerError(err, 'Listing sessions').message}`),
        malformed: (kind, count) => this.noteMalformed(kind, count),
      },
    ),
  );
  /** What this server sent that could not be read, per kind, since the current connection began. */
  readonly malformed = new MalformedTally();
  /** Event and message types this extension does not know (a newer server's), per name, since the connection began. */
  readonly unknown = new MalformedTally();
  /** Events the current connection's stream delivered (the log says how many, and what was malformed). */
  private items = 0;
  /** The settler's first give-up on this connection was logged (the rest go to debug). */
  private gaveUpLogged = false;
  /** The same across reconnects: the stream's reader keeps what it knows of turns under way under it. */
  private readonly readerKey = {};
  /** What views read of this server's sessions. */
  readonly sessions = this.data.reader;
  readonly onDidChangeSessions = this.data.onDidChange;
  /** Which sessions have every message in the store, and their loader. */
  readonly history = this.data.history;
  /** Context limits per model, for the context %. */
  readonly modelLimits = this.data.modelLimits;
  readonly listPrices = this.data.listPrices;
  /** The newest messages read for the context % while the store holds no reply (sessionContext.ts). */
  readonly contextReads = new ContextReads();
  /** List archived sessions too (the tree's "show archived"); changing it reloads. */
  private archived = false;

  constructor(
    readonly config: ServerConfig,
    private readonly resolveEndpoint: EndpointSource,
    log: Logger,
    options: ConnectionOptions = DEFAULT_CONNECTION_OPTIONS,
  ) {
    super(log, options, config);
  }

  get label(): string {
    return this.config.name || new URL(this.config.url).host;
  }

  /** Archived sessions are listed only when asked for, so toggling this re-reads the server. */
  setShowArchived(show: boolean): void {
    if (this.archived === show) return;
    this.archived = show;
    this.reconnect();
  }

  /** Reads the newest `limit` messages of a session into the store (the context %). */
  loadRecentMessages(sessionId: string, limit: number): Promise<void> {
    return this.data.loadRecentMessages(sessionId, limit);
  }

  /**
   * Where the server lists by parent (the store holds what was read of each tree): reads every level below the
   * session not read yet, so that its row's children and inclusive total are complete. Nothing to do otherwise.
   */
  readChildren(sessionId: string, signal?: AbortSignal): Promise<void> {
    return this.data.trees.readSubtree(sessionId, signal);
  }

  /** The background read of the trees active within the spend windows, while under way (listed by parent). */
  get readingRecentTrees(): Promise<void> | undefined {
    return this.data.trees.reading;
  }

  /**
   * Deletes a session and what is below it on the server. From the moment it is asked no read of them starts
   * (the status bar's context read, say, on the events the deletion itself sends), as each would answer 404.
   */
  async deleteSession(info: SessionAddress): Promise<void> {
    const going = [info.id, ...this.sessions.descendantsOf(info.id).map((r) => r.info.id)];
    for (const id of going) this.data.trees.deleting(id, true);
    try {
      await this.api.deleteSession(info);
    } catch (err) {
      for (const id of going) this.data.trees.deleting(id, false);
      throw err;
    }
  }

  /** Reads every message of a session into the store, unless it is already complete there. */
  loadAllMessages(sessionId: string, signal?: AbortSignal): Promise<void> {
    return this.data.loadAllMessages(sessionId, signal);
  }

  /** Re-reads one session (info, then its newest messages) and applies it like a live update. */
  refreshSession(sessionId: string): Promise<void> {
    return this.data.refreshSession(sessionId);
  }

  /** Re-reads the pending permission requests and questions (after an answer failed: the server's list is the truth). */
  async refreshRequests(): Promise<void> {
    const directories = [...this.sessions.all()].map((r) => r.info.directory);
    const pending = await this.api.listPendingRequests(directories);
    this.logRequestFailures(pending.failures);
    this.data.replaceRequests(pending.requests, pending.failedDirectories);
  }

  endpoint(): Promise<ServerEndpoint> {
    return this.resolveEndpoint();
  }

  /** Resolves when the server ends the stream, or the attempt is aborted; rejects on failure. */
  protected async connectOnce(signal: AbortSignal): Promise<void> {
    const endpoint = await this.endpoint();
    this.malformed.reset();
    this.unknown.reset();
    this.items = 0;
    this.gaveUpLogged = false;
    try {
      await this.followConnection(endpoint, signal);
    } finally {
      // What the server sent on this connection, for whoever checks that it was all read.
      if (this.items)
        this.log.info(`${this.label}: the connection read ${this.items} events; malformed: ${this.malformed.summary() || 'none'}.`);
    }
  }

  private async followConnection(endpoint: ServerEndpoint, signal: AbortSignal): Promise<void> {
    // Events that arrive before the snapshot is in are buffered and applied after it, with the sequences they
    // bring each session to (in order: a sequence counts as applied once its events are).
    let buffered: Array<StoreEvent | Applied> | undefined = [];
    const apply = (item: StoreEvent | Applied) =>
      'seq' in item
        ? this.data.sequences.applied(item.sessionID, item.seq)
        : 'caughtUp' in item
          ? this.data.caughtUp(item.sessionID)
          : this.data.applyLive(item);
    const onEvent = (item: StoreEvent | Applied) => {
      if (buffered) buffered.push(item);
      else apply(item);
    };
    // Asked before the snapshot: the statuses are still those of when the last stream ended.
    const behind = this.data.behind();
    // Sessions whose messages are read again (a gap the server's log could not fill): once the snapshot is in.
    let rereads: Set<string> | undefined = new Set();
    const reread = (id: string, why: RereadReason) => {
      this.log.info(gapClosed(this.label, id, why));
      if (rereads) rereads.add(id);
      else this.reread(id, signal);
    };
    // The health check and the subscription go out together (one round trip, not two), on the API the server
    // spoke last time (or its setting). Health is awaited first, so a 401 or a server that is not OpenCode
    // reports as the health check, whatever the stream says; should the server now speak the other API, the
    // guessed stream is dropped and the right one opened.
    const preference = this.config.api ?? 'auto';
    let api = apiFor(endpoint, preference === 'auto' ? this.api.generation : preference);
    let live = this.follow(api, signal, onEvent, reread, behind);
    const detected = await detectApi(endpoint, preference, signal);
    if (detected.api.generation !== api.generation) {
      live.stop();
      buffered = [];
      live = this.follow((api = detected.api), signal, onEvent, reread, behind);
    }
    // Set before anything of the new stream is applied (until the snapshot is in, it is only buffered).
    this.api = api;
    this.version = detected.version;
    // What the server offers (OpenCode 2's own API document) is read while the stream registers, and known
    // before the snapshot's reads choose their routes.
    const contract = api.loadContract(signal);
    this.waitingFor("the event stream's first event");
    const { stream, subscribed } = live;
    this.data.reconnected();
    // The listing starts only once the server has sent the stream's first event, i.e. has registered the
    // subscription: every change after that point reaches us as an event, so nothing between the snapshot's
    // reads and the stream is lost. The listing pages and the per-folder reads below all come after it.
    await Promise.race([subscribed, stream]);
    await contract;
    const note = api.contract().note;
    if (note) this.log.warn(`${this.label}: ${note}`);
    // A server that just started answers its first listing only once its project is loaded, e.g. after
    // OpenCode has installed the plugins its config names (from npm, on first use: tens of seconds).
    this.waitingFor('the session list');
    const folders = api.snapshotReads();
    const stage = new SnapshotStage();
    let previewed = false;
    const {
      sessions,
      malformed,
      capped,
      rootsOnly = false,
    } = await api.listSessions({
      archived: this.archived,
      signal,
      // While later pages load: each folder's statuses and requests are read as soon as a page shows the
      // folder, and the page's sessions are made into records, so the snapshot below only links them.
      onPage: (page) => {
        folders.add(page.map((s) => s.directory));
        stage.add(page);
        // A long listing shows what it has after its first page, while the rest loads (the server row still
        // says it waits for the session list): at 10 000 sessions that is a second sooner on a busy machine.
        if (!previewed && stage.records.size >= PREVIEW_FROM) {
          previewed = true;
          this.data.preview(stage);
        }
      },
    });
    if (malformed) this.noteMalformed('session list entry', malformed);
    if (capped) this.log.warn(`${this.label}: ${capped}`);
    this.waitingFor("each folder's session statuses");
    const { statuses, pending } = await folders.settle();
    if (signal.aborted) return;
    this.logRequestFailures(pending.failures);
    await this.data.takeInSlices(stage, signal, rootsOnly);
    if (signal.aborted) return;
    // Trees whose rows were open before a reconnect: what the store held below their roots is read again.
    const readBefore = rootsOnly
      ? [...this.sessions.all()].filter((r) => !r.info.parentID && this.sessions.childrenOf(r.info.id).length)
      : [];
    this.data.loadSnapshot(stage, statuses, pending.requests, pending.failedDirectories, rootsOnly);
    const early = buffered;
    buffered = undefined;
    for (const item of early) apply(item);
    const later = rereads;
    rereads = undefined;
    for (const id of later) this.reread(id, signal);
    // Sessions idle at the drop that changed meanwhile: nothing was replayed for them. Where the server reads the
    // messages after the last one seen (2.x), they are read again now; elsewhere a view that wants one reads it whole.
    if (api.loadMessagesSince) for (const id of this.data.movedWhileIdle()) if (!later.has(id)) reread(id, 'moved while idle');
    this.log.info(
      `${this.label}: connected to OpenCode ${detected.version ?? ''} (API ${api.generation}) — ${this.sessions.size} sessions${rootsOnly ? ' (roots; the trees active this week are read now, older ones when their rows open)' : ''}.`,
    );
    this.setState({ kind: 'online' });
    // Budgets and spend windows count sub-agents too: the trees active within the longest window are read now,
    // after the trees whose rows were open, one tree at a time.
    this.data.trees.connected(
      signal,
      earliestWindowStart(Date.now()),
      readBefore.map((r) => r.info.id),
    );
    // Servers before 1.15 have no session totals: sum their messages, without holding up the tree.
    void api.backfillTotals(sessions, this.data.sink, {
      signal,
      onError: (id, err) =>
        this.log.warn(`${this.label}: could not read the messages of ${id}: ${asServerError(err, 'Reading messages').message}`),
    });
    // 1.x forks: their records count the copies they were made with; read whole, their own figures leave them out.
    void this.readForks(
      sessions.filter((s) => api.mayHoldCopies?.(s)),
      signal,
    );
    await stream;
  }

  /** Follows `api`'s live stream until `signal` aborts or `stop()`; `subscribed` settles on its first item. */
  private follow(
    api: ServerApi,
    signal: AbortSignal,
    onEvent: (item: StoreEvent | Applied) => void,
    reread: (sessionID: string, why: RereadReason) => void,
    behind: readonly string[],
  ): { stream: Promise<void>; subscribed: Promise<void>; stop(): void } {
    const own = new AbortController();
    const stop = () => own.abort();
    // An attempt dropped while the endpoint was resolved: its 'abort' has fired already.
    if (signal.aborted) stop();
    signal.addEventListener('abort', stop, { once: true });
    let firstItem!: () => void;
    const subscribed = new Promise<void>((resolve) => (firstItem = resolve));
    const stream = api
      .streamEvents(
        { stallMs: this.options.stallMs, signal: own.signal, readerKey: this.readerKey, behind },
        {
          onItem: () => firstItem(),
          onEvent: (event) => {
            if (own.signal.aborted) return;
            this.items += 1;
            onEvent(event);
          },
          malformed: (kind) => this.noteMalformed(kind),
          unknown: (type) => this.noteUnknown(type),
          appliedSeq: (id) => this.data.sequences.get(id),
          onSeq: (sessionID, seq) => !own.signal.aborted && onEvent({ sessionID, seq }),
          reread: (id, why) => !own.signal.aborted && reread(id, why),
          caughtUp: (sessionID) => {
            if (own.signal.aborted) return;
            this.log.info(gapClosed(this.label, sessionID, 'replayed'));
            onEvent({ sessionID, caughtUp: true });
          },
          settleGaveUp: (_ids, line) => this.noteGaveUp(line),
          requestsStale: () =>
            void this.refreshRequests().catch((err: unknown) =>
              this.log.warn(
                `${this.label}: could not read what waits for an answer again: ${asServerError(err, 'Listing requests').message}`,
              ),
            ),
        },
      )
      .finally(() => signal.removeEventListener('abort', stop));
    // Awaited later (or dropped with stop()); failing before then must not count as unhandled.
    void stream.catch(() => undefined);
    return { stream, subscribed, stop };
  }

  /** Reads a session's messages again; a failure is logged (the views show what the store holds). */
  private reread(sessionId: string, signal: AbortSignal): void {
    void this.data.rereadMessages(sessionId, signal).catch((err: unknown) => {
      if (!signal.aborted)
        this.log.warn(
          `${this.label}: could not read the messages of ${sessionId} again: ${asServerError(err, 'Reading messages').message}`,
        );
    });
  }

  /** Reads these sessions whole, one at a time, until `signal` aborts; a failure is logged. */
  private async readForks(forks: readonly SessionInfo[], signal: AbortSignal): Promise<void> {
    for (const info of forks) {
      if (signal.aborted) return;
      await this.data.loadAllMessages(info.id, signal).catch((err: unknown) => {
        if (!signal.aborted)
          this.log.warn(`${this.label}: could not read the messages of fork ${info.id}: ${asServerError(err, 'Reading messages').message}`);
      });
    }
  }

  private logRequestFailures(failures: string[]): void {
    for (const failure of failures) this.log.warn(`${this.label}: could not list pending requests in ${failure}`);
  }

  /** Counts an item of a type this extension does not know; each name is said once per connection, at debug level. */
  private noteUnknown(type: string): void {
    if (this.unknown.note(type))
      this.log.debug?.(
        `${this.label}: skipped ${type} (a type this extension does not know); more of it on this connection are counted, not logged.`,
      );
  }

  /**
   * Sessions the stream's settler gave up on: the first time on a connection as a warning (a server that cannot say
   * what runs), after that for whoever investigates, so a server that lacks the route does not fill the log.
   */
  private noteGaveUp(line: string): void {
    if (this.gaveUpLogged) this.log.debug?.(`${this.label}: ${line}`);
    else this.log.warn(`${this.label}: ${line}`);
    this.gaveUpLogged = true;
  }

  /** Counts a skipped item; its kind is logged once per connection, with this server's name. */
  private noteMalformed(kind: string, count = 1): void {
    if (this.malformed.note(kind, count)) {
      this.log.warn(
        `${this.label}: skipped malformed data (${kind}${count > 1 ? ` × ${count}` : ''}); more of this kind on this connection are counted, not logged.`,
      );
    }
  }
}
