// Keeps one server's sessions in step with the server: snapshot, then live events, and after any drop a
// backoff and a fresh snapshot (the server replays nothing). Sessions stay listed while offline.
import type { SessionReader } from '../store/sessionReader';
import type { StoreEvent } from '../store/events';
import { SnapshotStage } from '../store/snapshotStage';
import { MalformedTally } from '../store/malformedTally';
import { apiFor, detectApi } from './api/detectApi';
import type { ApiGeneration, ServerApi } from './api/serverApi';
import { DEFAULT_CONNECTION_OPTIONS, type ConnectionOptions, type ConnectionState } from './connectionState';
import { Emitter } from './emitter';
import type { Logger } from './logger';
import { clientFor, type OpencodeClient, type ServerEndpoint } from './opencodeClient';
import type { EndpointSource, ServerConfig } from './serverConfig';
import { SessionData } from './sessionData';
import { asServerError, ServerError } from './serverError';

/** A step of connecting that takes this long is logged, once, with what it waits for. */
const SLOW_STEP_MS = 10_000;

export class ServerConnection {
  private readonly data = new SessionData(
    () => this.api,
    (kind) => this.noteMalformed(kind),
  );
  /**
   * The API this server speaks, as its last connection found (V1 until then, or the server's setting):
   * reads and every action go through it, so nothing above src/client knows the generation.
   */
  api: ServerApi;
  /** What this server sent that could not be read, per kind, since the current connection began. */
  readonly malformed = new MalformedTally();
  /** What views read of this server's sessions. */
  readonly sessions: SessionReader = this.data.reader;
  readonly onDidChangeSessions = this.data.onDidChange;
  private readonly stateChanged = new Emitter<ConnectionState>();
  readonly onDidChangeState = this.stateChanged.event;
  /** Which sessions have every message in the store, and their loader. */
  readonly history = this.data.history;
  /** Context limits per model, for the context %. */
  readonly modelLimits = this.data.modelLimits;
  readonly listPrices = this.data.listPrices;
  state: ConnectionState = { kind: 'connecting' };
  /** When the connection last left online (ms): the sessions were live until then. */
  private leftOnlineAt?: number;
  version?: string;

  private disposed = false;
  private current?: AbortController;
  private wake?: () => void;
  private running = false;
  /** List archived sessions too (the tree's "show archived"); changing it reloads. */
  private archived = false;
  private slowStep?: NodeJS.Timeout;

  constructor(
    readonly config: ServerConfig,
    private readonly resolveEndpoint: EndpointSource,
    private readonly log: Logger,
    private readonly options: ConnectionOptions = DEFAULT_CONNECTION_OPTIONS,
  ) {
    this.api = apiFor({ url: config.url }, config.api === 'v2' ? 'v2' : 'v1');
  }

  /** The server's API generation, for the server row and what commands offer. */
  get generation(): ApiGeneration {
    return this.api.generation;
  }

  get label(): string {
    return this.config.name || new URL(this.config.url).host;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.loop();
  }

  /** Drops the current attempt or wait and connects again now (also after a 401, once a password is set). */
  reconnect(): void {
    this.current?.abort();
    this.wake?.();
  }

  dispose(): void {
    this.disposed = true;
    this.reconnect();
    this.data.dispose();
    this.stateChanged.dispose();
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

  private logRequestFailures(failures: string[]): void {
    for (const failure of failures) this.log.warn(`${this.label}: could not list pending requests in ${failure}`);
  }

  endpoint(): Promise<ServerEndpoint> {
    return this.resolveEndpoint();
  }

  /**
   * A V1 SDK client for this server; with `directory`, scoped to that project (per-session routes need it).
   * Only for what V1 alone offers (rename, share…): commands check `api.unsupported()` first.
   */
  async client(directory?: string): Promise<OpencodeClient> {
    return clientFor(await this.endpoint(), directory);
  }

  private async loop(): Promise<void> {
    let attempt = 0;
    while (!this.disposed) {
      this.waitingFor('the health check');
      const controller = new AbortController();
      this.current = controller;
      try {
        await this.connectOnce(controller.signal);
        if (controller.signal.aborted) continue;
        throw new ServerError('unreachable', 'The server closed the event stream.');
      } catch (err) {
        const cancelled = controller.signal.aborted;
        controller.abort();
        if (this.disposed) break;
        if (cancelled) continue; // reconnect() asked for a fresh attempt
        const error = asServerError(err, 'Connecting');
        if (error.kind === 'unauthorized') {
          this.log.warn(`${this.label}: authentication failed — set the password to connect.`);
          this.setState({ kind: 'unauthorized', reason: error.message });
          await this.waitForReconnect();
          attempt = 0;
          continue;
        }
        attempt += 1;
        const delay = this.options.backoffMs(attempt);
        this.log.warn(`${this.label}: ${error.message} Retrying in ${Math.round(delay / 1000)} s.`);
        this.setState({ kind: 'offline', reason: error.message, retryAt: Date.now() + delay });
        await this.waitForReconnect(delay);
      }
    }
  }

  /** Resolves when the server ends the stream, or the attempt is aborted; rejects on failure. */
  private async connectOnce(signal: AbortSignal): Promise<void> {
    const endpoint: ServerEndpoint = await this.endpoint();
    this.malformed.reset();
    // Events that arrive before the snapshot is in are buffered and applied after it.
    let buffered: StoreEvent[] | undefined = [];
    const onEvent = (event: StoreEvent) => {
      if (buffered) buffered.push(event);
      else this.data.applyLive(event);
    };
    // The health check and the subscription go out together (one round trip, not two), on the API the server
    // spoke last time (or its setting). Health is awaited first, so a 401 or a server that is not OpenCode
    // reports as the health check, whatever the stream says; should the server now speak the other API, the
    // guessed stream is dropped and the right one opened.
    const preference = this.config.api ?? 'auto';
    let api = apiFor(endpoint, preference === 'auto' ? this.api.generation : preference);
    let live = this.follow(api, signal, onEvent);
    const detected = await detectApi(endpoint, preference, signal);
    if (detected.api.generation !== api.generation) {
      live.stop();
      buffered = [];
      live = this.follow((api = detected.api), signal, onEvent);
    }
    this.api = api;
    this.version = detected.version;
    this.waitingFor("the event stream's first event");
    const { stream, subscribed } = live;
    // Before anything from the new stream is applied (until the snapshot is in, it is only buffered).
    this.data.reconnected();
    // The listing starts only once the server has sent the stream's first event, i.e. has registered the
    // subscription: every change after that point reaches us as an event, so nothing between the snapshot's
    // reads and the stream is lost. The listing pages and the per-folder reads below all come after it.
    await Promise.race([subscribed, stream]);
    // A server that just started answers its first listing only once its project is loaded, e.g. after
    // OpenCode has installed the plugins its config names (from npm, on first use: tens of seconds).
    this.waitingFor('the session list');
    const folders = api.snapshotReads();
    const stage = new SnapshotStage();
    const { sessions, malformed } = await api.listSessions({
      archived: this.archived,
      signal,
      // While later pages load: each folder's statuses and requests are read as soon as a page shows the
      // folder, and the page's sessions are made into records, so the snapshot below only links them.
      onPage: (page) => {
        folders.add(page.map((s) => s.directory));
        stage.add(page);
      },
    });
    if (malformed) this.noteMalformed('session list entry', malformed);
    this.waitingFor("each folder's session statuses");
    const { statuses, pending } = await folders.settle();
    if (signal.aborted) return;
    this.logRequestFailures(pending.failures);
    this.data.loadSnapshot(stage, statuses, pending.requests, pending.failedDirectories);
    const early = buffered;
    buffered = undefined;
    for (const event of early) this.data.applyLive(event);
    this.log.info(`${this.label}: connected to OpenCode ${this.version ?? ''} (API ${api.generation}) — ${this.sessions.size} sessions.`);
    this.setState({ kind: 'online' });
    // Servers before 1.15 have no session totals: sum their messages, without holding up the tree.
    void api.backfillTotals(sessions, this.data.sink, {
      signal,
      onError: (id, err) =>
        this.log.warn(`${this.label}: could not read the messages of ${id}: ${asServerError(err, 'Reading messages').message}`),
    });
    await stream;
  }

  /** Follows `api`'s live stream until `signal` aborts or `stop()`; `subscribed` settles on its first item. */
  private follow(
    api: ServerApi,
    signal: AbortSignal,
    onEvent: (event: StoreEvent) => void,
  ): { stream: Promise<void>; subscribed: Promise<void>; stop(): void } {
    const own = new AbortController();
    const stop = () => own.abort();
    // An attempt dropped while the endpoint was resolved: its 'abort' has fired already.
    if (signal.aborted) stop();
    signal.addEventListener('abort', stop, { once: true });
    let firstItem!: () => void;
    const subscribed = new Promise<void>((resolve) => (firstItem = resolve));
    const stream = api
      .streamEvents({
        stallMs: this.options.stallMs,
        signal: own.signal,
        onItem: () => firstItem(),
        onEvent: (event) => !own.signal.aborted && onEvent(event),
        malformed: (kind) => this.noteMalformed(kind),
      })
      .finally(() => signal.removeEventListener('abort', stop));
    // Awaited later (or dropped with stop()); failing before then must not count as unhandled.
    void stream.catch(() => undefined);
    return { stream, subscribed, stop };
  }

  /** Counts a skipped item; its kind is logged once per connection, with this server's name. */
  private noteMalformed(kind: string, count = 1): void {
    if (this.malformed.note(kind, count)) {
      this.log.warn(
        `${this.label}: skipped malformed data (${kind}${count > 1 ? ` × ${count}` : ''}); more of this kind on this connection are counted, not logged.`,
      );
    }
  }

  /** Undefined while online (the sessions are live); else when they last were, if ever in this run. */
  get staleSince(): { liveAt: number | undefined } | undefined {
    return this.state.kind === 'online' ? undefined : { liveAt: this.leftOnlineAt };
  }

  private setState(state: ConnectionState): void {
    clearTimeout(this.slowStep);
    if (this.state.kind === 'online' && state.kind !== 'online') this.leftOnlineAt = Date.now();
    this.state = state;
    this.stateChanged.fire(state);
  }

  /** Connecting, at this step: the state says what it waits for, and the log says so once it is slow. */
  private waitingFor(what: string): void {
    const state: ConnectionState = { kind: 'connecting', waitingFor: what, since: Date.now() };
    this.setState(state);
    this.slowStep = setTimeout(() => {
      if (this.state === state && !this.disposed)
        this.log.info(`${this.label}: connecting: still waiting for ${what} after ${Math.round(SLOW_STEP_MS / 1000)} s.`);
    }, SLOW_STEP_MS);
    this.slowStep.unref?.();
  }

  private waitForReconnect(ms?: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(done, ms);
      this.wake = done;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
  }
}
