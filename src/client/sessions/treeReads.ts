// Where a server lists by parent (OpenCode 2 whose document offers `parentID` on `GET /api/session`), the snapshot
// holds the roots only, and what hangs below them is read here: a session's whole subtree when its row opens (one
// listing of children per session, a few at a time, so that its inclusive total is complete once read), and a live
// session the store does not hold with its ancestors (a sub-agent of a tree not read yet starts work). Nothing is
// read in the background after connect: a tree of 50 000 sessions would cost a listing per session, where the roots
// cost a page per 200; until a subtree is read its Σ says it is partial (SessionReader.partial).
import type { SessionInfo, StoreEvent } from '../../store/events';
import type { SessionStore } from '../../store/sessionStore';
import type { StoreChange } from '../../store/storeChange';
import { MAX_DEPTH } from '../../store/sessionStore';
import type { ServerApi } from '../serverApi';

/** Children listings under way at once for one subtree read: enough to overlap round trips, few for the server. */
const AT_ONCE = 4;
/** Sessions read up a live session's ancestry before giving up (a loop or a chain no tree has). */
const MAX_ANCESTORS = MAX_DEPTH;

export interface TreeReadHost {
  api(): ServerApi;
  store: SessionStore;
  emit(change: StoreChange): void;
  /** Whether archived sessions are listed (the tree's "show archived"). */
  archived(): boolean;
  /** A read failed: said in the log, the rows stay as they were (read again when the row opens again). */
  failed(what: string, err: unknown): void;
}

export class TreeReads {
  /** Subtree reads under way, by the session whose row opened. */
  private readonly subtrees = new Map<string, Promise<void>>();
  /** Live sessions being read with their ancestors. */
  private readonly unknown = new Set<string>();
  /** Told each children listing asked (tests count them). */
  childrenListed = 0;

  constructor(private readonly host: TreeReadHost) {}

  /**
   * Reads every level below `id` whose children are not read yet: its inclusive total is complete once this
   * settles. A second call while one is under way joins it. Never rejects: a failure is told to the host (the log),
   * and what was not read stays marked so, to be read when the row opens again.
   */
  readSubtree(id: string, signal?: AbortSignal): Promise<void> {
    const under = this.subtrees.get(id);
    if (under) return under;
    const read = this.walk(id, signal)
      .catch((err: unknown) => this.host.failed(`the sessions below ${id}`, err))
      .finally(() => this.subtrees.delete(id));
    this.subtrees.set(id, read);
    return read;
  }

  private async walk(id: string, signal?: AbortSignal): Promise<void> {
    const { store } = this.host;
    const api = this.host.api();
    if (!api.listChildren || !store.readsByParent) return;
    // Level by level, the listings of a level a few at a time; a level read already is walked, not asked again.
    let level = [id];
    while (level.length && !signal?.aborted) {
      const below: string[] = [];
      for (let i = 0; i < level.length && !signal?.aborted; i += AT_ONCE)
        await Promise.all(
          level.slice(i, i + AT_ONCE).map(async (parent) => {
            if (store.childrenUnread(parent)) {
              this.childrenListed += 1;
              const listing = await api.listChildren!(parent, { archived: this.host.archived(), signal });
              if (signal?.aborted || !store.readsByParent) return;
              // A server that answers sessions of other parents ignores `parentID`: asking it once per session would
              // read its whole list that many times, so the read stops here and says so.
              if (listing.sessions.some((s) => s.parentID !== parent))
                throw new Error('the server answered sessions of other parents: it does not list by parent');
              this.host.emit(store.childrenRead(parent, listing.sessions));
            }
            for (const child of store.childrenOf(parent)) below.push(child.info.id);
          }),
        );
      level = below;
    }
  }

  /**
   * A live event named a session the store does not hold (listed by parent: a sub-agent of a tree not read yet),
   * or one whose parent it does not hold: reads it and its ancestors up to one held (or a root), then adds them top
   * down, so the session shows under its parent.
   */
  noticed(event: StoreEvent): void {
    const { store } = this.host;
    if (!store.readsByParent) return;
    const id = sessionOf(event);
    if (id === undefined) return;
    const held = store.get(id);
    const parentID = held ? held.info.parentID : undefined;
    if (held && (!parentID || store.get(parentID))) return;
    const start = held ? parentID! : id;
    if (this.unknown.has(start)) return;
    this.unknown.add(start);
    void this.readUp(start)
      .catch((err: unknown) => this.host.failed(`the session ${start} and its parents`, err))
      .finally(() => this.unknown.delete(start));
  }

  private async readUp(id: string): Promise<void> {
    const { store } = this.host;
    const read: SessionInfo[] = [];
    const seen = new Set<string>();
    for (let cur: string | undefined = id; cur && !store.get(cur) && !seen.has(cur) && read.length < MAX_ANCESTORS;) {
      seen.add(cur);
      const answer = await this.host.api().getSession({ id: cur, directory: read.at(-1)?.directory ?? '' });
      if (!answer?.info) break;
      read.push(answer.info);
      cur = answer.info.parentID;
    }
    if (read.length) this.host.emit(store.sessionsRead(read.reverse()));
  }
}

/** The session a live event is about. */
function sessionOf(event: StoreEvent): string | undefined {
  if (event.type === 'session.upsert') return event.info.id;
  if (event.type === 'request.asked') return event.request.sessionID;
  if (event.type === 'message.assistant') return event.info.sessionID;
  if (event.type === 'server.connected' || event.type === 'session.deleted') return undefined;
  return 'sessionID' in event ? event.sessionID : undefined;
}
