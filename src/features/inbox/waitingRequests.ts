// Every request that waits for the user, on every server and cluster Agent that is online: what the
// waiting status bar item, the notifications and Show Pending Requests all read, so they never disagree.
import type { ServerConnection } from '../../client/serverConnection';
import { Emitter } from '../../client/emitter';
import { compareRequests, type PendingRequest } from '../../store/pendingRequest';
import type { ServerRegistry } from '../../app/serverRegistry';

export interface WaitingRequest {
  connection: ServerConnection;
  request: PendingRequest;
}

/** Events can come by the thousand a second: the list is rebuilt at most this often. */
const SETTLE_MS = 100;

export class WaitingRequests {
  readonly onDidChange = new Emitter<readonly WaitingRequest[]>();
  private current: WaitingRequest[] = [];
  private subscriptions: Array<{ dispose(): void }> = [];
  private readonly registrySubscription: { dispose(): void };
  private timer?: NodeJS.Timeout;

  constructor(private readonly registry: ServerRegistry) {
    this.registrySubscription = registry.onDidChange.on(() => this.watch());
    this.watch();
  }

  /** Oldest first, across servers. */
  get all(): readonly WaitingRequest[] {
    return this.current;
  }

  /** Reads the stores now instead of waiting for the next settle (a command needs the list as it is). */
  refreshNow(): readonly WaitingRequest[] {
    clearTimeout(this.timer);
    this.timer = undefined;
    const next = this.registry.all
      .filter((c) => c.state.kind === 'online')
      .flatMap((connection) => connection.sessions.pendingRequests().map((request) => ({ connection, request })))
      .sort((a, b) => compareRequests(a.request, b.request));
    const changed = next.length !== this.current.length || next.some((w, i) => w.request !== this.current[i].request);
    this.current = next;
    if (changed) this.onDidChange.fire(next);
    return next;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.registrySubscription.dispose();
    this.onDidChange.clear();
  }

  private watch(): void {
    for (const s of this.subscriptions) s.dispose();
    // Only changes that touch requests: token events by the thousand never rebuild the list.
    this.subscriptions = this.registry.all.flatMap((c) => [c.onDidChangeSessions.on((change) => change.requests && this.soon()), c.onDidChangeState.on(() => this.soon())]);
    this.soon();
  }

  private soon(): void {
    this.timer ??= setTimeout(() => this.refreshNow(), SETTLE_MS);
  }
}
