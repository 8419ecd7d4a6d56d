// The session the status bar, the usage panel and session commands follow: the one the user last
// picked (tree selection, Switch Session, the panel), remembered per workspace; until then (or once it
// is gone) the most recently active session on any server, kept until it ends (see followRecent). It follows
// the one change flow: each frame's report says which sessions changed, and listeners hear only when the
// target is another one or what they show of it changed (store/activeFollow.ts).
import * as vscode from 'vscode';
import { Emitter } from '../../base/emitter';
import type { ServerConnection } from '../../client/serverConnection';
import { ActiveFollow, type Followed } from '../../store/activeFollow';
import type { SessionRef } from '../../store/sessionRef';
import { Disposable } from '../../base/disposable';
import type { SessionsModel } from './sessionsModel';

export type ActiveTarget = Followed<ServerConnection>;

const MEMENTO_KEY = 'opencodeSessions.activeSession';

export class ActiveSession extends Disposable {
  private readonly emitter = this._register(new Emitter<ActiveTarget | undefined>());
  /** Fires on a pick, and at most once per frame of the sessions model when the target is another or what it shows of it moved. */
  readonly onDidChange = this.emitter.event;
  private readonly picked = this._register(new Emitter<SessionRef | undefined>());
  /** The user picked a session (the tree, Switch Session, the panel): they are looking at it. */
  readonly onDidPick = this.picked.event;
  private readonly follow: ActiveFollow<ServerConnection>;
  /** Whether a frame waits to be told (tests wait for none before they look at the views). */
  readonly frames: { readonly pending: boolean };

  constructor(
    sessions: SessionsModel,
    private readonly memento: vscode.Memento,
  ) {
    super();
    this.frames = {
      get pending() {
        return sessions.framePending;
      },
    };
    this.follow = new ActiveFollow(() => sessions.connections, memento.get<SessionRef>(MEMENTO_KEY));
    this._register(
      sessions.onDidChange((change) => {
        const news = this.follow.frame(change);
        if (news) this.emitter.fire(news.target);
      }),
    );
  }

  get(): ActiveTarget | undefined {
    return this.follow.get();
  }

  /** Makes a session active (and remembers it for this workspace); undefined goes back to the default. */
  set(ref: SessionRef | undefined): void {
    void this.memento.update(MEMENTO_KEY, ref);
    this.emitter.fire(this.follow.set(ref));
    this.picked.fire(ref);
  }
}
