// Every request that waits for the user, on every server and cluster Agent that is online: what the
// waiting status bar item, the notifications and Show Pending Requests all read, so they never disagree.
import { Emitter } from '../../base/emitter';
import type { ServerConnection } from '../../client/serverConnection';
import { compareRequests, type PendingRequest } from '../../store/pendingRequest';
import { Disposable } from '../../base/disposable';
import type { SessionsModel } from '../../app/sessions/sessionsModel';

export interface WaitingRequest {
  connection: ServerConnection;
  request: PendingRequest;
}

export class WaitingRequests extends Disposable {
  private readonly changed = this._register(new Emitter<readonly WaitingRequest[]>());
  readonly onDidChange = this.changed.event;
  private current: WaitingRequest[] = [];

  constructor(private readonly model: SessionsModel) {
    super();
    // Only frames that touch requests (or a server's state): token events by the thousand never rebuild the list.
    this._register(
      model.onDidChange(
        ({ sessions, states, servers }) => (servers || states.size || [...sessions.values()].some((c) => c.requests)) && this.refreshNow(),
      ),
    );
    this.refreshNow();
  }

  /** Oldest first, across servers. */
  get all(): readonly WaitingRequest[] {
    return this.current;
  }

  /** Reads the stores now instead of waiting for the next frame (a command needs the list as it is). */
  refreshNow(): readonly WaitingRequest[] {
    const next = this.model.connections
      .filter((c) => c.state.kind === 'online')
      .flatMap((connection) => connection.sessions.pendingRequests().map((request) => ({ connection, request })))
      .sort((a, b) => compareRequests(a.request, b.request));
    const changed = next.length !== this.current.length || next.some((w, i) => w.request !== this.current[i].request);
    this.current = next;
    if (changed) this.changed.fire(next);
    return next;
  }
}
