// Which session the active one is, frame by frame, from what each frame reports changed: the user's pick
// while it lives, else the most recently active session kept until it ends (followRecent.ts). A frame is news
// to the views of the active session only when the target is another one or what they show of it changed, so
// a busy neighbour at 10 000 sessions costs its changed rows and tells nobody anything.
import { keepFollowing } from './followRecent';
import { RecentSession, touchesSession, type SessionsHolder } from './recentSession';
import { requestCount, type SessionRecord } from './sessionRecord';
import type { SessionRef } from './sessionRef';
import type { StoreChange } from './storeChange';

/** A server as the follower reads it: its id and its store. */
export interface FollowedServer extends SessionsHolder {
  readonly config: { readonly id: string };
}

export interface Followed<C> {
  connection: C;
  record: SessionRecord;
  /** true when the user picked it; false when it is the most recently active one by default. */
  picked: boolean;
}

/** What one frame brought: per server what its store reported, servers whose state changed, servers that came or went. */
export interface FrameChange<C> {
  readonly sessions: ReadonlyMap<C, StoreChange>;
  readonly states: ReadonlySet<C>;
  readonly servers: boolean;
}

export class ActiveFollow<C extends FollowedServer> {
  private readonly recent = new RecentSession<C>();
  /** The most recently active session as last chosen: kept while it lives, so turns elsewhere do not swap it. */
  private followed: SessionRef | undefined;
  /** What views were last told of. */
  private told: Followed<C> | undefined;

  constructor(
    private readonly connections: () => readonly C[],
    /** The user's pick (remembered by the caller). */
    public pick: SessionRef | undefined,
  ) {}

  get(): Followed<C> | undefined {
    const picked = this.pick && this.find(this.pick);
    return picked ? { ...picked, picked: true } : this.follow();
  }

  /** Makes a session the pick (undefined: back to the default) and returns the target to tell of. */
  set(ref: SessionRef | undefined): Followed<C> | undefined {
    this.pick = ref;
    this.followed = undefined;
    return (this.told = this.get());
  }

  /** The target after a frame, when the views of the active session should hear of it; else undefined. */
  frame(change: FrameChange<C>): { target: Followed<C> | undefined } | undefined {
    this.recent.update(change.sessions, change.servers);
    const target = this.get();
    const told = this.told;
    const same = target?.connection === told?.connection && target?.record === told?.record;
    const moved =
      !same ||
      change.servers ||
      (!!target && (change.states.has(target.connection) || touchesSession(change.sessions, target.connection, target.record.info.id)));
    if (!moved) return undefined;
    this.told = target;
    return { target };
  }

  private follow(): Followed<C> | undefined {
    const followed = this.followed && this.find(this.followed);
    const found = this.recent.get(this.connections());
    const newest = found && { ...found, picked: false };
    const candidate = (t: Followed<C> | undefined) =>
      t && { lastActivity: t.record.lastActivity, live: t.record.status.type !== 'idle' || requestCount(t.record) > 0 };
    if (followed && keepFollowing(candidate(followed), candidate(newest), Date.now())) return followed;
    this.followed = newest && { serverId: newest.connection.config.id, sessionId: newest.record.info.id };
    return newest;
  }

  private find(ref: SessionRef): Followed<C> | undefined {
    const connection = this.connections().find((c) => c.config.id === ref.serverId);
    const record = connection?.sessions.get(ref.sessionId);
    return connection && record ? { connection, record, picked: false } : undefined;
  }
}
