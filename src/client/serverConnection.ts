// Keeps one server's SessionStore in step with the server: snapshot, then live events, and after any
// drop a backoff and a fresh snapshot (the server replays nothing). Sessions stay listed while offline.
import { parseEvent, sessionInfo, type StoreEvent } from '../store/events';
import { SessionStore, type StoreChange } from '../store/sessionStore';
import { Emitter } from './emitter';
import { runEventStream } from './eventStream';
import { listAllSessions, listStatuses } from './listSessions';
import { MessageHistory } from './messageHistory';
import { backfillMessageTotals, liveMessageId, loadAllAssistantMessages, loadAssistantMessages, type MessageSink } from './messageLoader';
import { ModelLimitCache } from './modelLimitCache';
import { clientFor, type ServerEndpoint } from './opencodeClient';
import { asServerError, ServerError, unwrap } from './serverError';

export interface ServerConfig {
  /** Stable key (the normalized URL). */
  id: string;
  name?: string;
  url: string;
  /**
   * configured: from settings; discovered: answered on 127.0.0.1:4096; embedded: started by this extension;
   * cluster: a kubeopencode Agent (its `url` is the in-cluster URL, reached through a loopback relay).
   */
  origin: 'configured' | 'discovered' | 'embedded' | 'cluster';
  /** Where a cluster Agent lives, for placing it in the tree. */
  cluster?: AgentPlacement;
}

export interface AgentPlacement {
  /** The cluster's key (its kubeconfig context). */
  context: string;
  namespace: string;
  agent: string;
}

/** Where requests go: the config's URL with its password, or for a cluster Agent a relay opened on demand. */
export type EndpointSource = () => Promise<ServerEndpoint>;

export type ConnectionState =
  | { kind: 'connecting' }
  | { kind: 'online' }
  | { kind: 'offline'; reason: string; retryAt: number }
  | { kind: 'unauthorized'; reason: string };

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ConnectionOptions {
  stallMs: number;
  /** Delay before retry number `attempt` (1-based). */
  backoffMs(attempt: number): number;
}

export const DEFAULT_CONNECTION_OPTIONS: ConnectionOptions = {
  stallMs: 30_000,
  backoffMs: (attempt) => Math.min(30_000, 1000 * 2 ** (attempt - 1)),
};

const REQUEST_TIMEOUT_MS = 10_000;

export class ServerConnection {
  readonly store = new SessionStore();
  readonly onDidChangeSessions = new Emitter<StoreChange>();
  readonly onDidChangeState = new Emitter<ConnectionState>();
  state: ConnectionState = { kind: 'connecting' };
  version?: string;

  private disposed = false;
  private current?: AbortController;
  private wake?: () => void;
  private running = false;
  /** List archived sessions too (the tree's "show archived"); changing it reloads. */
  private archived = false;
  /** Messages the live stream reported since it (re)connected: fetched copies must not overwrite them. */
  private liveMessages = new Set<string>();
  private readonly sink: MessageSink = { seenLive: (id) => this.liveMessages.has(id), apply: (event) => this.emit(this.store.apply(event)) };
  /** Which sessions have every message in the store (per-day figures), and their loader. */
  readonly history = new MessageHistory(async (record, signal) =>
    loadAllAssistantMessages(clientFor(await this.endpoint(), record.info.directory), record.info.id, this.sink, signal),
  );
  /** Context limits per model, for the tooltip's context %. */
  readonly modelLimits = new ModelLimitCache(async () =>
    unwrap(clientFor(await this.endpoint()).config.providers({}, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }), 'Reading providers'),
  );

  constructor(
    readonly config: ServerConfig,
    private readonly resolveEndpoint: EndpointSource,
    private readonly log: Logger,
    private readonly options: ConnectionOptions = DEFAULT_CONNECTION_OPTIONS,
  ) {}

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
    this.onDidChangeSessions.clear();
    this.onDidChangeState.clear();
  }

  /** Archived sessions are listed only when asked for, so toggling this re-reads the server. */
  setShowArchived(show: boolean): void {
    if (this.archived === show) return;
    this.archived = show;
    this.reconnect();
  }

  /** Reads the newest `limit` messages of a session into the store (the tooltip's context %). */
  async loadRecentMessages(sessionId: string, limit: number): Promise<void> {
    const record = this.store.get(sessionId);
    if (!record) return;
    await loadAssistantMessages(clientFor(await this.endpoint(), record.info.directory), sessionId, this.sink, { limit });
  }

  /** Reads every message of a session into the store, unless it is already complete there. */
  async loadAllMessages(sessionId: string, signal?: AbortSignal): Promise<void> {
    const record = this.store.get(sessionId);
    if (record) await this.history.ensure(record, signal);
  }

  /** Re-reads one session (info, then its newest messages) and applies it like a live update. */
  async refreshSession(sessionId: string): Promise<void> {
    const record = this.store.get(sessionId);
    if (!record) return;
    const client = clientFor(await this.endpoint(), record.info.directory);
    let raw: unknown;
    try {
      raw = await unwrap(client.session.get({ sessionID: sessionId }, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }), 'Reading the session');
    } catch (err) {
      // Gone on the server while we missed the event: drop it here too.
      if (err instanceof ServerError && err.status === 404) return this.emit(this.store.apply({ type: 'session.deleted', sessionID: sessionId }));
      throw err;
    }
    const info = sessionInfo(raw);
    if (info) this.emit(this.store.apply({ type: 'session.upsert', info }));
    await this.loadRecentMessages(sessionId, 20);
  }

  endpoint(): Promise<ServerEndpoint> {
    return this.resolveEndpoint();
  }

  private async loop(): Promise<void> {
    let attempt = 0;
    while (!this.disposed) {
      this.setState({ kind: 'connecting' });
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
    const endpoint = await this.endpoint();
    const client = clientFor(endpoint);
    const health = await unwrap(client.global.health({ signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]) }), 'Health check');
    this.version = health.version;
    this.liveMessages = new Set();
    this.history.reconnected();
    this.modelLimits.clear();
    // Subscribe before taking the snapshot so nothing that happens in between is lost;
    // events that arrive before the snapshot is in are applied after it.
    let buffered: StoreEvent[] | undefined = [];
    let firstItem!: () => void;
    const subscribed = new Promise<void>((resolve) => (firstItem = resolve));
    const stream = runEventStream(endpoint, {
      stallMs: this.options.stallMs,
      signal,
      onItem: (item) => {
        firstItem();
        const event = parseEvent(item);
        if (!event) return;
        if (buffered) buffered.push(event);
        else this.apply(event);
      },
    });
    await Promise.race([subscribed, stream]);
    const sessions = await listAllSessions(client, { archived: this.archived });
    const statuses = await listStatuses((dir) => clientFor(endpoint, dir), sessions.map((s) => s.directory));
    if (signal.aborted) return;
    this.emit(this.store.loadSnapshot(sessions, statuses));
    const pending = buffered;
    buffered = undefined;
    for (const event of pending) this.apply(event);
    this.log.info(`${this.label}: connected to OpenCode ${this.version} — ${this.store.size} sessions.`);
    this.setState({ kind: 'online' });
    // Servers before 1.15 have no session totals: sum their messages, without holding up the tree.
    void backfillMessageTotals(sessions, (dir) => clientFor(endpoint, dir), this.sink, {
      signal,
      onError: (id, err) => this.log.warn(`${this.label}: could not read the messages of ${id}: ${asServerError(err, 'Reading messages').message}`),
    });
    await stream;
  }

  private apply(event: StoreEvent): void {
    const messageId = liveMessageId(event);
    if (messageId) this.liveMessages.add(messageId);
    this.emit(this.store.apply(event));
  }

  private emit(change: StoreChange): void {
    if (change.changed.size || change.structure.size || change.removed.size) this.onDidChangeSessions.fire(change);
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    this.onDidChangeState.fire(state);
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
