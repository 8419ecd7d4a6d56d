// A connection that keeps itself connected: one attempt after another, a backoff after a failure, a wait for
// a password after a 401, and the state the views show, with a log line once a step is slow. What an attempt
// does is the subclass's (ServerConnection.connectOnce).
import { apiFor } from './detectApi';
import type { ApiGeneration, ServerApi } from '../serverApi';
import type { ConnectionOptions, ConnectionState } from './connectionState';
import { Disposable, toDisposable } from '../../base/disposable';
import { Emitter } from '../../base/emitter';
import type { Logger } from '../../base/logger';
import type { ServerConfig } from './serverConfig';
import { ReconnectSchedule } from './reconnectSchedule';
import { asServerError, ServerError } from '../transport/serverError';

/** A step of connecting that takes this long is logged, once, with what it waits for. */
const SLOW_STEP_MS = 10_000;

export abstract class ConnectionLoop extends Disposable {
  /**
   * The API this server speaks, as its last connection found (V1 until then, or the server's setting):
   * reads and every action go through it, so nothing above src/client knows the generation.
   */
  api: ServerApi;
  private readonly stateChanged = this._register(new Emitter<ConnectionState>());
  readonly onDidChangeState = this.stateChanged.event;
  state: ConnectionState = { kind: 'connecting' };
  /** When the connection last left online (ms): the sessions were live until then. */
  private leftOnlineAt?: number;
  /** An attempt has ended (online, offline or refused): the sessions kept from then on are the last known. */
  private attemptEnded = false;
  version?: string;

  private current?: AbortController;
  /** The failure last logged: a server that keeps failing alike (a suspended Agent) logs it once, not every retry. */
  private loggedFailure?: string;
  private wake?: () => void;
  /** Why no attempt is made (a suspended Agent has no server): set by hold(), cleared by hold(undefined). */
  private heldBecause?: string;
  private running = false;
  private slowStep?: NodeJS.Timeout;
  private readonly schedule: ReconnectSchedule;

  constructor(
    protected readonly log: Logger,
    protected readonly options: ConnectionOptions,
    config: Pick<ServerConfig, 'url' | 'api'>,
  ) {
    super();
    // Ends the attempt or wait under way; the loop then finds itself disposed.
    this._register(toDisposable(() => this.reconnect()));
    this.api = apiFor({ url: config.url }, config.api === 'v2' ? 'v2' : 'v1');
    this.schedule = new ReconnectSchedule(options.backoffMs, options.clock);
  }

  /** The server, in the log's words. */
  abstract get label(): string;

  /** Resolves when the server ends the stream, or the attempt is aborted; rejects on failure. */
  protected abstract connectOnce(signal: AbortSignal): Promise<void>;

  /** The server's API generation, for the server row and what commands offer. */
  get generation(): ApiGeneration {
    return this.api.generation;
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

  /**
   * With a reason: stops trying (ends the current attempt) and shows offline with that reason, logged once;
   * undefined: tries again now. For a server known to be down until something else says otherwise.
   */
  hold(reason: string | undefined): void {
    if (reason === this.heldBecause) return;
    this.heldBecause = reason;
    if (reason) this.log.info(`${this.label}: not connecting: ${reason}`);
    this.reconnect();
  }

  private async loop(): Promise<void> {
    while (!this.disposed) {
      if (this.heldBecause) {
        this.setState({ kind: 'offline', reason: this.heldBecause });
        await this.waitForReconnect();
        this.schedule.reset();
        continue;
      }
      this.waitingFor('the health check');
      const controller = new AbortController();
      this.current = controller;
      this.schedule.started();
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
          this.schedule.reset();
          continue;
        }
        const delay = this.schedule.failed();
        if (error.message !== this.loggedFailure)
          this.log.warn(
            `${this.label}: ${error.message} Retrying in ${(delay / 1000).toFixed(1)} s (retries that fail alike are not logged).`,
          );
        this.loggedFailure = error.message;
        this.setState({ kind: 'offline', reason: error.message, retryAt: Date.now() + delay });
        await this.waitForReconnect(delay);
      }
    }
  }

  /** Undefined while online (the sessions are live); else when they last were, if ever in this run. */
  get staleSince(): { liveAt: number | undefined } | undefined {
    return this.state.kind === 'online' ? undefined : { liveAt: this.leftOnlineAt };
  }

  /**
   * How its sessions read: `online`; `connecting` during its first attempt (they are what its listing has
   * shown so far); else `offline` (the last known, also while it retries or reconnects).
   */
  get sessionsPhase(): 'online' | 'connecting' | 'offline' {
    if (this.state.kind === 'online') return 'online';
    return this.state.kind === 'connecting' && !this.attemptEnded ? 'connecting' : 'offline';
  }

  protected setState(state: ConnectionState): void {
    clearTimeout(this.slowStep);
    if (this.state.kind === 'online' && state.kind !== 'online') this.leftOnlineAt = Date.now();
    if (state.kind === 'online') this.schedule.online();
    if (state.kind !== 'connecting') this.attemptEnded = true;
    if (state.kind === 'online') this.loggedFailure = undefined;
    this.state = state;
    this.stateChanged.fire(state);
  }

  /** Connecting, at this step: the state says what it waits for, and the log says so once it is slow. */
  protected waitingFor(what: string): void {
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
