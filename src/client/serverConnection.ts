// Keeps one server's sessions in step with the server: snapshot, then live events, and after any drop a
// backoff and a fresh snapshot (the server replays nothing). Sessions stay listed while offline.
// The loop and the state are ConnectionLoop's (connectionLoop.ts), one attempt is connectAttempt.ts's; this
// class holds the server's sessions (SessionData) and what the views and commands ask of the server.
import { MalformedTally } from '../store/malformedTally';
import { connectOnce, type AttemptHost } from './connectAttempt';
import { ConnectionLoop } from './connectionLoop';
import { DEFAULT_CONNECTION_OPTIONS, type ConnectionOptions } from './connectionState';
import type { Logger } from './logger';
import { clientFor, type OpencodeClient, type ServerEndpoint } from './opencodeClient';
import type { EndpointSource, ServerConfig } from './serverConfig';
import { SessionData } from './sessionData';

export class ServerConnection extends ConnectionLoop {
  private readonly data = new SessionData(
    () => this.api,
    (kind) => this.noteMalformed(kind),
  );
  /** What this server sent that could not be read, per kind, since the current connection began. */
  readonly malformed = new MalformedTally();
  /** What views read of this server's sessions. */
  readonly sessions = this.data.reader;
  readonly onDidChangeSessions = this.data.onDidChange;
  /** Which sessions have every message in the store, and their loader. */
  readonly history = this.data.history;
  /** Context limits per model, for the context %. */
  readonly modelLimits = this.data.modelLimits;
  readonly listPrices = this.data.listPrices;
  /** List archived sessions too (the tree's "show archived"); changing it reloads. */
  private archived = false;
  /** What an attempt reads of this connection, and what it tells it (connectAttempt.ts). */
  private readonly attempt: AttemptHost;

  constructor(
    readonly config: ServerConfig,
    private readonly resolveEndpoint: EndpointSource,
    log: Logger,
    options: ConnectionOptions = DEFAULT_CONNECTION_OPTIONS,
  ) {
    super(log, options, config);
    this.attempt = {
      log,
      data: this.data,
      stallMs: options.stallMs,
      label: () => this.label,
      endpoint: () => this.endpoint(),
      preference: () => this.config.api ?? 'auto',
      lastApi: () => this.api,
      found: (api, version) => {
        this.api = api;
        this.version = version;
      },
      showArchived: () => this.archived,
      waitingFor: (what) => this.waitingFor(what),
      online: () => this.setState({ kind: 'online' }),
      resetMalformed: () => this.malformed.reset(),
      noteMalformed: (kind, count) => this.noteMalformed(kind, count),
      logRequestFailures: (failures) => this.logRequestFailures(failures),
    };
  }

  get label(): string {
    return this.config.name || new URL(this.config.url).host;
  }

  protected connectOnce(signal: AbortSignal): Promise<void> {
    return connectOnce(this.attempt, signal);
  }

  override dispose(): void {
    super.dispose();
    this.data.dispose();
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

  /** Counts a skipped item; its kind is logged once per connection, with this server's name. */
  private noteMalformed(kind: string, count = 1): void {
    if (this.malformed.note(kind, count)) {
      this.log.warn(
        `${this.label}: skipped malformed data (${kind}${count > 1 ? ` × ${count}` : ''}); more of this kind on this connection are counted, not logged.`,
      );
    }
  }
}
