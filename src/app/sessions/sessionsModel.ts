// Every server's sessions as one model: the only listener on each connection, it gathers what their stores
// and states report and tells every view once per frame, so a busy server costs one batch per frame, not
// one redraw per event per view.
import * as vscode from 'vscode';
import { Emitter } from '../../base/emitter';
import type { ServerConnection } from '../../client/serverConnection';
import type { StoreChange } from '../../store/storeChange';
import { copyStoreChange, mergeStoreChange } from '../../store/storeChange';
import { Disposable } from '../../base/disposable';
import type { ServerRegistry } from '../servers/serverRegistry';

/** What one server's store reported: the part of a frame's change views read per server. */
export type { StoreChange };

/** How long changes gather before views hear them (the tree's refresh rate). */
export const FRAME_MS = 50;

export interface SessionsChange {
  /** Per server whose store changed this frame: what changed, merged in order. */
  readonly sessions: ReadonlyMap<ServerConnection, StoreChange>;
  /** Servers whose connection state changed this frame. */
  readonly states: ReadonlySet<ServerConnection>;
  /** Servers came or went (the registry's list is the new one). */
  readonly servers: boolean;
}

export class SessionsModel extends Disposable {
  private readonly emitter = this._register(new Emitter<SessionsChange>());
  /** One batched change per frame, for every view. */
  readonly onDidChange = this.emitter.event;
  private readonly watched = new Map<ServerConnection, vscode.Disposable>();
  private sessions = new Map<ServerConnection, StoreChange>();
  private states = new Set<ServerConnection>();
  private servers = false;
  private readonly frame = this.ownTimer();

  constructor(private readonly registry: ServerRegistry) {
    super();
    this._register(registry.onDidChange(() => this.watch()));
    this._register({ dispose: () => this.unwatch([...this.watched.keys()]) });
    this.watch();
  }

  get connections(): readonly ServerConnection[] {
    return this.registry.all;
  }

  /** The server a row or a command names by id, while it is registered. */
  connection(serverId: string): ServerConnection | undefined {
    return this.registry.get(serverId);
  }

  /** Whether a change waits for its frame (tests wait for it to be told). */
  get framePending(): boolean {
    return this.frame.pending;
  }

  /** One server's part of each frame, for views that follow one server. */
  changesOf(connection: ServerConnection): vscode.Event<StoreChange> {
    return (listener, thisArgs?, disposables?) =>
      this.onDidChange(
        (change) => {
          const own = change.sessions.get(connection);
          if (own) listener.call(thisArgs, own);
        },
        undefined,
        disposables,
      );
  }

  /** Tells the views now what gathered so far (a command that needs them current). */
  flush(): void {
    this.frame.clear();
    if (!this.sessions.size && !this.states.size && !this.servers) return;
    const change: SessionsChange = { sessions: this.sessions, states: this.states, servers: this.servers };
    this.sessions = new Map();
    this.states = new Set();
    this.servers = false;
    this.emitter.fire(change);
  }

  private watch(): void {
    const connections = this.registry.all;
    this.unwatch([...this.watched.keys()].filter((c) => !connections.includes(c)));
    for (const connection of connections) {
      if (this.watched.has(connection)) continue;
      const sessions = connection.onDidChangeSessions((change) => this.gather(connection, change));
      const state = connection.onDidChangeState(() => {
        this.states.add(connection);
        this.soon();
      });
      this.watched.set(connection, { dispose: () => (sessions.dispose(), state.dispose()) });
    }
    this.servers = true;
    this.soon();
  }

  private unwatch(connections: ServerConnection[]): void {
    for (const connection of connections) {
      this.watched.get(connection)?.dispose();
      this.watched.delete(connection);
      this.sessions.delete(connection);
      this.states.delete(connection);
    }
  }

  private gather(connection: ServerConnection, change: StoreChange): void {
    const pending = this.sessions.get(connection);
    this.sessions.set(connection, pending ? mergeStoreChange(pending, change) : copyStoreChange(change));
    this.soon();
  }

  private soon(): void {
    if (!this.frame.pending && !this.disposed) this.frame.set(() => this.flush(), FRAME_MS);
  }
}
