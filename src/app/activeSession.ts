// The session the status bar, the usage panel and session commands follow: the one the user last
// picked (tree selection, Switch Session, the panel), remembered per workspace; until then (or once it
// is gone) the most recently active session on any server.
import * as vscode from 'vscode';
import type { ServerConnection } from '../client/serverConnection';
import type { SessionRecord } from '../store/sessionRecord';
import type { ServerRegistry } from './serverRegistry';

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

export class ActiveSession implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ActiveTarget | undefined>();
  /** Fires (coalesced) when the target changes or its figures or state move. */
  readonly onDidChange = this.emitter.event;
  private pick: SessionRef | undefined;
  private timer: NodeJS.Timeout | undefined;
  private subscriptions: Array<{ dispose(): void }> = [];
  private readonly registrySubscription: { dispose(): void };

  constructor(
    private readonly registry: ServerRegistry,
    private readonly memento: vscode.Memento,
  ) {
    this.pick = memento.get<SessionRef>(MEMENTO_KEY);
    this.registrySubscription = registry.onDidChange.on((connections) => this.watch(connections));
    this.watch(registry.all);
  }

  get(): ActiveTarget | undefined {
    if (this.pick) {
      const connection = this.registry.get(this.pick.serverId);
      const record = connection?.sessions.get(this.pick.sessionId);
      if (connection && record) return { connection, record, picked: true };
    }
    return mostRecent(this.registry.all);
  }

  /** Makes a session active (and remembers it for this workspace); undefined goes back to the default. */
  set(ref: SessionRef | undefined): void {
    this.pick = ref;
    void this.memento.update(MEMENTO_KEY, ref);
    this.schedule(0);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.registrySubscription.dispose();
    this.emitter.dispose();
  }

  private watch(connections: readonly ServerConnection[]): void {
    for (const s of this.subscriptions) s.dispose();
    this.subscriptions = connections.flatMap((c) => [c.onDidChangeSessions.on(() => this.schedule()), c.onDidChangeState.on(() => this.schedule())]);
    this.schedule();
  }

  // Sessions emit many events a second while busy: listeners hear at most one change per tick.
  private schedule(delayMs = 100): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // Fired even for the same target: its figures may have moved, and listeners re-render cheaply.
      this.emitter.fire(this.get());
    }, delayMs);
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

