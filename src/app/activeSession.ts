// The session the status bar, the usage panel and session commands follow: the one the user last
// picked (tree selection, Switch Session, the panel), remembered per workspace; until then (or once it
// is gone) the most recently active session on any server, kept until it ends (see followRecent).
import * as vscode from 'vscode';
import type { ServerConnection } from '../client/serverConnection';
import { keepFollowing } from '../store/followRecent';
import { requestCount, type SessionRecord } from '../store/sessionRecord';
import { Disposable } from '../base/disposable';
import type { SessionsModel } from './sessionsModel';
import { sessionRef, type SessionRef } from './sessionRef';

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
  private readonly picked = this.register(new vscode.EventEmitter<SessionRef | undefined>());
  /** The user picked a session (the tree, Switch Session, the panel): they are looking at it. */
  readonly onDidPick = this.picked.event;
  private pick: SessionRef | undefined;
  /** The most recently active session as last chosen: kept while it lives, so turns elsewhere do not swap it. */
  private followed: SessionRef | undefined;

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
    const picked = this.pick && this.find(this.pick);
    return picked ? { ...picked, picked: true } : this.follow();
  }

  private follow(): ActiveTarget | undefined {
    const followed = this.followed && this.find(this.followed);
    const newest = mostRecent(this.sessions.connections);
    const candidate = (t: ActiveTarget | undefined) =>
      t && { lastActivity: t.record.lastActivity, live: t.record.status.type !== 'idle' || requestCount(t.record) > 0 };
    if (followed && keepFollowing(candidate(followed), candidate(newest), Date.now())) return followed;
    this.followed = newest && sessionRef(newest.connection, newest.record.info.id);
    return newest;
  }

  private find(ref: SessionRef): ActiveTarget | undefined {
    const connection = this.sessions.connections.find((c) => c.config.id === ref.serverId);
    const record = connection?.sessions.get(ref.sessionId);
    return connection && record ? { connection, record, picked: false } : undefined;
  }

  /** Makes a session active (and remembers it for this workspace); undefined goes back to the default. */
  set(ref: SessionRef | undefined): void {
    this.pick = ref;
    this.followed = undefined;
    void this.memento.update(MEMENTO_KEY, ref);
    this.emitter.fire(this.get());
    this.picked.fire(ref);
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
