// The session the status bar, the usage panel and session commands follow: the one the user last
// picked (tree selection, Switch Session, the panel), remembered per workspace; until then (or once it
// is gone) the most recently active session on any server.
import * as vscode from 'vscode';
import type { ServerConnection } from '../client/serverConnection';
import type { SessionRecord } from '../store/sessionRecord';
import { Disposable } from './disposable';
import type { SessionsModel } from './sessionsModel';

export interface SessionRef {
  serverId: string;
  sessionId: string;
}

export interface ActiveTarget {
  connection: ServerConnection;
  record: SessionRecord;
  /** true when the user picked it; false when it is the most recently active one by default. */
  picked: boolean;
}

const MEMENTO_KEY = 'opencodeSessions.activeSession';

export class ActiveSession extends Disposable {
  private readonly emitter = this.register(new vscode.EventEmitter<ActiveTarget | undefined>());
  /** Fires once per frame of the sessions model (and on a pick) when the target changes or its figures or state move. */
  readonly onDidChange = this.emitter.event;
  private pick: SessionRef | undefined;

  constructor(
    private readonly sessions: SessionsModel,
    private readonly memento: vscode.Memento,
  ) {
    super();
    this.pick = memento.get<SessionRef>(MEMENTO_KEY);
    // Fired even for the same target: its figures may have moved, and listeners re-render cheaply.
    this.register(sessions.onDidChange(() => this.emitter.fire(this.get())));
  }

  get(): ActiveTarget | undefined {
    if (this.pick) {
      const connection = this.sessions.connections.find((c) => c.config.id === this.pick!.serverId);
      const record = connection?.sessions.get(this.pick.sessionId);
      if (connection && record) return { connection, record, picked: true };
    }
    return mostRecent(this.sessions.connections);
  }

  /** Makes a session active (and remembers it for this workspace); undefined goes back to the default. */
  set(ref: SessionRef | undefined): void {
    this.pick = ref;
    void this.memento.update(MEMENTO_KEY, ref);
    this.emitter.fire(this.get());
  }
}

function mostRecent(connections: readonly ServerConnection[]): ActiveTarget | undefined {
  let best: ActiveTarget | undefined;
  for (const connection of connections) {
    for (const record of connection.sessions.all()) {
      if (!best || record.lastActivity > best.record.lastActivity) best = { connection, record, picked: false };
    }
  }
  return best;
}
