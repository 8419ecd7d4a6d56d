// Where a server lists by parent (OpenCode 2 whose document offers `parentID` on `GET /api/session`), the snapshot
// holds the roots only, and what hangs below them is read here: a session's whole subtree when its row opens (one
// listing of children per session, a few at a time, so that its inclusive total is complete once read), and a live
// session the store does not hold with its ancestors (a sub-agent of a tree not read yet starts work).
// Budgets and spend windows sum every session's replies, sub-agents included: after connect the trees whose root
// was active within the longest window (the week) are read in the background, one tree at a time, newest first,
// and a root that changes while connected has its tree read too. Older trees are read when their rows open: a
// server of 50 000 sessions would otherwise cost a listing per session where the roots cost a page per 200, and
// until read their Σ says "at least" (SessionReader.partial).
import type { SessionInfo, StoreEvent } from '../../store/events';
import type { SessionStore } from '../../store/sessionStore';
import type { StoreChange } from '../../store/storeChange';
import { MAX_DEPTH } from '../../store/sessionTree';
import type { ServerApi } from '../serverApi';
import { UnreadableSessions } from './unreadableSessions';

/** Children listings under way at once for one subtree read: enough to overlap round trips, few for the server. */
const AT_ONCE = 4;
/** Sessions read up a live session's ancestry before giving up (a loop or a chain no tree has). */
const MAX_ANCESTORS = MAX_DEPTH;
/** Sessions remembered as gone (the newest kept): late events about them are many only while a tree is deleted. */
const MAX_GONE = 1_000;
/** Live sessions read with their ancestors at once; more wait their turn (a stream naming many sessions not held). */
const UP_AT_ONCE = 4;
/** Live sessions waiting for their read: beyond this, one is read on a later event about it. */
const MAX_UP_WAITING = 1_000;

export interface TreeReadHost {
  api(): ServerApi;
  store: SessionStore;
  emit(change: StoreChange): void;
  /** Whether archived sessions are listed (the tree's "show archived"). */
  archived(): boolean;
  /** A read failed: said in the log, the rows stay as they were (read again when the row opens again). */
  failed(what: string, err: unknown): void;
  /** A children listing skipped `count` entries that were not sessions (the connection's tally). */
  malformed?(kind: string, count: number): void;
  /** The clock the waits of sessions that could not be read are measured by (tests give their own). */
  now?(): number;
}

/** Lets other work run between two trees read in the background. */
const yieldTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class TreeReads {
  /** Subtree reads under way, by the session whose row opened. */
  private readonly subtrees = new Map<string, Promise<void>>();
  /** Live sessions being read with their ancestors. */
  private readonly unknown = new Set<string>();
  /**
   * Sessions deleted (told live) or answered as gone (404) when read: a later event about one, which the stream
   * may still send, reads nothing; a deleted session never comes back.
   */
  private readonly gone = new Set<string>();
  /** The current connection's: aborted when it ends, which stops the reads it started. */
  private signal?: AbortSignal;
  /** The background read of the recent trees, while under way. */
  private recent?: Promise<void>;
  /** Counts connections: a listing answered for an earlier one changes nothing this one knows. */
  private epoch = 0;
  /** `connecting()` began this connection: `connected()` does not begin it again. */
  private begun = false;
  /**
   * This connection's server answered a children listing with sessions of other parents: it ignores `parentID`,
   * so no more listings are asked (each would read its whole list); its trees stay partial ("at least").
   */
  private notByParent = false;
  /** Parents whose listing was incomplete on this connection (malformed entries, a cap): not asked again. */
  private readonly incomplete = new Set<string>();
  /** Sessions (and their parents) whose read failed lately: not asked again before their wait ends. */
  private readonly unreadable: UnreadableSessions;
  /** Live sessions' reads up under way, and those waiting for one of the UP_AT_ONCE turns. */
  private upRunning = 0;
  private readonly upWaiting: string[] = [];

  constructor(private readonly host: TreeReadHost) {
    this.unreadable = new UnreadableSessions(host.now ? () => host.now!() : undefined);
  }

  /**
   * Reads every level below `id` whose children are not read yet: its inclusive total is complete once this
   * settles. A second call while one is under way joins it. Never rejects: a failure is told to the host (the log),
   * and what was not read stays marked so, to be read when the row opens again.
   */
  readSubtree(id: string, signal?: AbortSignal): Promise<void> {
    const under = this.subtrees.get(id);
    if (under) return under;
    const read = this.walk(id, signal)
      // A walk cut short by its connection ending failed nothing: the next connection reads it again.
      .catch((err: unknown) => (signal?.aborted ? undefined : this.host.failed(`the sessions below ${id}`, err)))
      .finally(() => this.subtrees.delete(id));
    this.subtrees.set(id, read);
    return read;
  }

  /**
   * Connected (listed by parent): reads in the background the trees of the roots active since `since` (the
   * longest spend window's start), newest first, one tree at a time; stops when `signal` aborts. The trees in
   * `reopened` (rows open before a reconnect) are read first, in the same one-at-a-time queue.
   */
  connected(signal: AbortSignal, since: number, reopened: readonly string[] = []): void {
    this.signal = signal;
    // Begun at `connecting()` already: walks started since (a row opened from the first page) go on.
    if (!this.begun) this.newConnection();
    this.begun = false;
    const { store } = this.host;
    if (!store.readsByParent) return;
    const recent = store.roots().filter((r) => r.lastActivity >= since && store.partial(r.info.id));
    recent.sort((a, b) => b.lastActivity - a.lastActivity);
    const roots = [...new Set([...reopened, ...recent.map((r) => r.info.id)])];
    if (!roots.length) return;
    const read = (async () => {
      for (const root of roots) {
        if (signal.aborted) return;
        if (store.get(root)) await this.readSubtree(root, signal);
        await yieldTurn();
      }
    })().finally(() => {
      if (this.recent === read) this.recent = undefined;
    });
    this.recent = read;
  }

  /** A connection begins (before its listing): what the last one learned of the server no longer holds. */
  connecting(): void {
    this.newConnection();
    this.begun = true;
  }

  /** What was learned of the server on the last connection no longer holds on a new one. */
  private newConnection(): void {
    this.epoch += 1;
    this.notByParent = false;
    this.incomplete.clear();
    this.unreadable.clear();
    for (const id of this.upWaiting) this.unknown.delete(id);
    this.upWaiting.length = 0;
  }

  /** The background read of the recent trees while it is under way (the spend windows wait for it). */
  get reading(): Promise<void> | undefined {
    return this.recent;
  }

  private async walk(id: string, signal?: AbortSignal): Promise<void> {
    const { store } = this.host;
    const api = this.host.api();
    if (!api.listChildren || !store.readsByParent || this.notByParent) return;
    const epoch = this.epoch;
    const stopped = () => signal?.aborted || this.notByParent || epoch !== this.epoch;
    // Level by level, the listings of a level a few at a time; a level read already is walked, not asked again.
    let level = [id];
    while (level.length && !stopped()) {
      const below: string[] = [];
      for (let i = 0; i < level.length && !stopped(); i += AT_ONCE)
        await Promise.all(
          level.slice(i, i + AT_ONCE).map(async (parent) => {
            if (store.childrenUnread(parent) && !this.incomplete.has(parent) && !stopped()) {
              const listing = await api.listChildren!(parent, { archived: this.host.archived(), signal });
              if (stopped() || !store.readsByParent) return;
              // A server that answers sessions of other parents ignores `parentID`: asking it once per session would
              // read its whole list that many times, so no more listings are asked on this connection (said once).
              if (listing.sessions.some((s) => s.parentID !== parent)) {
                this.notByParent = true;
                throw new Error(
                  'the server answered sessions of other parents: it does not list by parent, so its trees are not read on this connection (their totals say "at least")',
                );
              }
              // Entries skipped or a cap reached: what was listed is added, but the level is not read whole (its
              // Σ says "at least", and children it did not list stay); asked again on the next connection only.
              const complete = !listing.malformed && !listing.capped;
              if (listing.malformed) this.host.malformed?.('session list entry', listing.malformed);
              if (!complete) this.incomplete.add(parent);
              this.host.emit(store.childrenRead(parent, listing.sessions, complete));
              if (listing.capped) this.host.failed(`every session below ${parent}`, new Error(listing.capped));
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
    if (event.type === 'session.deleted') return this.noteGone(event.sessionID);
    if (!store.readsByParent || this.signal?.aborted) return;
    const id = sessionOf(event);
    if (id === undefined || this.gone.has(id)) return;
    const held = store.get(id);
    const parentID = held ? held.info.parentID : undefined;
    // A root changed (it runs, or was touched): what it spends through sub-agents counts now, so its tree is read.
    if (held && !parentID && event.type === 'session.upsert' && !this.subtrees.has(id) && store.partial(id))
      void this.readSubtree(id, this.signal);
    if (held && (!parentID || store.get(parentID))) return;
    const start = held ? parentID! : id;
    if (this.unknown.has(start) || this.gone.has(start) || this.unreadable.waiting(start)) return;
    if (this.upRunning >= UP_AT_ONCE && this.upWaiting.length >= MAX_UP_WAITING) return;
    this.unknown.add(start);
    if (this.upRunning >= UP_AT_ONCE) this.upWaiting.push(start);
    else this.startReadUp(start);
  }

  /** Reads `start` up (one of the UP_AT_ONCE turns), then its tree; the next waiting one takes the turn after. */
  private startReadUp(start: string): void {
    this.upRunning += 1;
    const signal = this.signal;
    const up = this.readUp(start, signal).finally(() => {
      this.unknown.delete(start);
      this.upRunning -= 1;
      const next = this.upWaiting.shift();
      if (next !== undefined) this.startReadUp(next);
    });
    void up
      // Its tree is then read whole, as a root that changed.
      .then((root) => (root === undefined || signal?.aborted ? undefined : this.readSubtree(root, signal)))
      .catch((err: unknown) => (signal?.aborted ? undefined : this.host.failed(`the session ${start} and its parents`, err)));
  }

  /** Whether `id` was deleted, or is being deleted from here: nothing reads it any more. */
  isGone(id: string): boolean {
    return this.gone.has(id);
  }

  /** Deleting `id` from here (`true`), or that deletion failed (`false`: it stays, and is read again as before). */
  deleting(id: string, going: boolean): void {
    if (going) this.noteGone(id);
    else this.gone.delete(id);
  }

  private noteGone(id: string): void {
    this.gone.delete(id);
    this.gone.add(id);
    if (this.gone.size > MAX_GONE) this.gone.delete(this.gone.values().next().value!);
  }

  /** `cur` could not be read on the way up from `id`: both wait before they are asked again. */
  private unreadableUp(id: string, cur: string): void {
    this.unreadable.failed(cur);
    if (cur !== id) this.unreadable.failed(id);
  }

  /** Reads `id` and its ancestors not held, top down into the store; the root it then shows under, if any was read. */
  private async readUp(id: string, signal: AbortSignal | undefined): Promise<string | undefined> {
    const { store } = this.host;
    const read: SessionInfo[] = [];
    const seen = new Set<string>();
    // The connection that told of it: once it ends (the server's address changed, say) nothing more is asked,
    // as another server would answer 404 for this one's sessions.
    const api = this.host.api();
    for (let cur: string | undefined = id; cur && !store.get(cur) && !seen.has(cur) && read.length < MAX_ANCESTORS;) {
      if (signal?.aborted) return undefined;
      seen.add(cur);
      let answer: { info?: SessionInfo } | undefined;
      try {
        answer = await api.getSession({ id: cur, directory: read.at(-1)?.directory ?? '' });
      } catch (err) {
        if (!signal?.aborted) this.unreadableUp(id, cur);
        throw err;
      }
      if (signal?.aborted) return undefined;
      // Gone on the server (deleted while its events were on their way): not asked again, not an error.
      if (answer === undefined) this.noteGone(cur);
      else if (!answer.info) this.unreadableUp(id, cur);
      else this.unreadable.read(cur);
      if (!answer?.info) break;
      read.push(answer.info);
      cur = answer.info.parentID;
    }
    // One deleted while it was read would come back as a session no event removes again.
    if (!read.length || signal?.aborted || read.some((s) => this.gone.has(s.id))) return undefined;
    this.host.emit(store.sessionsRead(read.reverse()));
    let root = id;
    for (let up = store.parentOf(root), steps = 0; up !== undefined && steps <= MAX_ANCESTORS; up = store.parentOf(root), steps++)
      root = up;
    return store.get(root) ? root : undefined;
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
