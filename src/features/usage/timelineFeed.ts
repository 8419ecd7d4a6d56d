// The usage panel's timeline: the lanes of the panel's session and every descendant, read from the connection's
// store and kept (laneCache.ts): a frame's changes make again only the bars of the messages they touched, and what
// is taken then is those bars (a live step on a session of 50 000 messages: its one bar). It reads every message of
// the descendants once, so their bars are whole. No `vscode` import; the panel posts what it takes.
import { Disposable, toDisposable } from '../../base/disposable';
import type { Event } from '../../base/emitter';
import { runSliced, type Steps } from '../../base/slices';
import type { ServerConnection } from '../../client/serverConnection';
import { modelName } from '../../present/modelName';
import { sessionTitle } from '../../present/sessionTitle';
import { MAX_DEPTH } from '../../store/sessionTree';
import type { StoreChange } from '../../store/storeChange';
import { LaneCache } from '../../store/timeline/laneCache';
import type { LaneNames, OpenPause, PauseSpan } from '../../store/timeline/timelineLanes';
import { laneDescendants, MAX_LANES } from '../../store/timeline/treeTimeline';
import type { LaneDelta } from './protocol';

/** What changed since the last take: every lane whole (`full`), or the changed ones' changed bars and the ids of lanes gone. */
export interface TimelineDelta {
  full: boolean;
  lanes: LaneDelta[];
  removed: string[];
}

const NAMES: LaneNames = { model: modelName, title: sessionTitle };

/** Messages changed at once past which a kept lane is built again in slices rather than patched in one go. */
const REBUILD_BATCH = 2048;

export class TimelineFeed extends Disposable {
  private readonly abort = new AbortController();
  /** Sessions whose lanes are out of date, each with the messages that changed ('all': any may have). */
  private readonly dirty = new Map<string, Set<string> | 'all'>();
  private readonly removed = new Set<string>();
  /** The lanes the page has. */
  private readonly known = new Set<string>();
  /** Each lane's bars as last built. */
  private readonly caches = new Map<string, LaneCache>();
  /** Nothing taken yet: the first take is every lane. */
  private first = true;
  /** How many times each lane stopped being followed (a build under way of it is kept only if this did not move). */
  private readonly generations = new Map<string, number>();
  /** The tree's lanes as last walked (a walk of a tree of 50 000 sub-agents is milliseconds). */
  private ids?: string[];

  constructor(
    private readonly connection: Pick<ServerConnection, 'sessions' | 'loadAllMessages'>,
    readonly rootId: string,
    private readonly changes: Event<StoreChange>,
    private readonly onChange: () => void,
    /** When a budget paused a session and which, if it is paused. */
    private readonly pausedNow: (sessionId: string) => OpenPause | undefined = () => undefined,
    /** The budget pauses of a session that ended: marked from the stop to the resume. */
    private readonly pausedBefore: (sessionId: string) => ReadonlyArray<PauseSpan> = () => [],
  ) {
    super();
    this._register(toDisposable(() => this.abort.abort()));
  }

  /** Follows the store from now on (so no change is missed while the panel's own session is read). */
  start(): void {
    this._register(
      this.changes((change) => {
        if (change.structure.size || change.removed.size) this.ids = undefined;
        let moved = false;
        for (const id of change.removed) {
          this.forget(id);
          this.dirty.delete(id);
          if (this.known.has(id)) {
            this.removed.add(id);
            moved = true;
          }
        }
        for (const id of change.changed)
          if (this.inTree(id)) {
            this.markDirty(id, change.messages?.get(id));
            // New to the page: sub-agents listed before it (their lanes waited for it to reach the tree) come too.
            if (!this.known.has(id))
              for (const d of this.connection.sessions.descendantsOf(id))
                if (!this.known.has(d.info.id)) this.markDirty(d.info.id, undefined);
            moved = true;
          } else {
            // Out of the tree (or never in it): its changes are not followed, so its lane is built whole if it comes back;
            // moved out with its sub-agents, their lanes go from the page.
            for (const gone of [id, ...(this.known.has(id) ? this.connection.sessions.descendantsOf(id).map((d) => d.info.id) : [])]) {
              this.forget(gone);
              if (this.known.has(gone)) {
                this.removed.add(gone);
                this.dirty.delete(gone);
                moved = true;
              }
            }
          }
        // A tree's shape changed (a session came, or came back with sub-agents the page never had or whose changes
        // were not followed while out of the tree: no kept lane): those come too.
        // (The tree's lanes, not every descendant: a tree of 50 000 sub-agents has MAX_LANES lanes.)
        if ([...change.structure].some((parent) => parent !== undefined && this.inTree(parent)))
          for (const id of this.treeIds())
            if ((!this.known.has(id) || !this.caches.has(id)) && !this.dirty.has(id)) {
              this.markDirty(id, undefined);
              moved = true;
            }
        if (moved) this.onChange();
      }),
    );
  }

  /** Reads every message of the descendants, one session at a time (after the panel's own session). */
  async readDescendants(): Promise<void> {
    for (const record of laneDescendants(this.connection.sessions, this.rootId).records) {
      if (this.abort.signal.aborted) return;
      await this.connection.loadAllMessages(record.info.id, this.abort.signal).catch(() => undefined);
    }
  }

  /**
   * The next take (`all`: of every lane) would build some lane whole, having none kept, or make again the bars of
   * a batch of thousands of messages (a long history read in): build those in slices first (`warm`).
   */
  cold(all: boolean): boolean {
    if (all || this.first) return this.treeIds().some((id) => this.needsBuild(id));
    for (const id of this.dirty.keys()) if (this.needsBuild(id) && this.connection.sessions.get(id)) return true;
    return false;
  }

  /**
   * Builds in slices what the next take would build in one go (see `cold`): a session of 50 000 messages is a
   * hundred ms of work on the host's one thread. Starts at the next turn of the event loop (not within the change
   * that asked for it); changes meanwhile are marked as ever, and the take makes them again on the lane built here.
   */
  async warm(now = Date.now()): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    await runSliced(this.warmSteps(now));
  }

  /** `warm` a step at a time (a slice of a lane's messages per step). */
  *warmSteps(now?: number): Steps<void> {
    const sessions = this.connection.sessions;
    for (const id of this.treeIds()) {
      const record = sessions.get(id);
      if (!record || !this.needsBuild(id)) continue;
      const cache = new LaneCache(NAMES);
      const steps = cache.rebuildSteps(record, now);
      // Its first step reads the messages the record holds now: what was marked of them so far is in the build (a
      // take meanwhile builds the lane whole).
      let done = steps.next().done;
      this.caches.delete(id);
      if (this.dirty.has(id)) this.dirty.set(id, new Set());
      const generation = this.generations.get(id);
      while (!done) {
        yield;
        if (this.abort.signal.aborted) return;
        done = steps.next().done;
      }
      // Listed again meanwhile (another record), built by a take (that one stands), or out of the tree meanwhile (its
      // changes then were not followed): not kept, so the next take or warm builds it again.
      if (sessions.get(id) === record && !this.caches.has(id) && this.inTree(id) && this.generations.get(id) === generation)
        this.caches.set(id, cache);
      yield;
    }
  }

  /** A lane gone or out of the tree: its changes are no longer followed, so no build under way of it is kept. */
  private forget(id: string): void {
    this.caches.delete(id);
    this.generations.set(id, (this.generations.get(id) ?? 0) + 1);
  }

  /** No lane kept, or thousands of its messages to make again. */
  private needsBuild(id: string): boolean {
    const marked = this.dirty.get(id);
    return !this.caches.has(id) || (marked !== undefined && marked !== 'all' && marked.size > REBUILD_BATCH);
  }

  /** The root and the descendants it has lanes for (walked again only after the tree's shape may have changed). */
  private treeIds(): string[] {
    const sessions = this.connection.sessions;
    this.ids ??= sessions.get(this.rootId) ? [this.rootId, ...laneDescendants(sessions, this.rootId).records.map((r) => r.info.id)] : [];
    return this.ids;
  }

  /** The lanes to send now; `all` sends every lane whole (a new page, or one that showed no timeline meanwhile). */
  take(all: boolean, now = Date.now()): TimelineDelta {
    const sessions = this.connection.sessions;
    all ||= this.first;
    this.first = false;
    // Up to MAX_LANES lanes, as session_status counts them: a new session past them gets none.
    const ids = all
      ? this.treeIds()
      : [...this.dirty.keys()].filter((id) => (this.known.has(id) || this.known.size < MAX_LANES) && this.inTree(id));
    const lanes: LaneDelta[] = [];
    const taken = new Set<string>();
    for (const id of ids) {
      const record = sessions.get(id);
      if (!record) continue;
      let cache = this.caches.get(id);
      const changed = cache ? this.dirty.get(id) : 'all';
      if (!cache) this.caches.set(id, (cache = new LaneCache(NAMES)));
      if (changed) cache.update(record, changed);
      const open = this.pausedNow(id);
      const read = { now, pausedAt: open?.at, pausedBy: open?.why, pausedBefore: this.pausedBefore(id) };
      if (all || !this.known.has(id)) lanes.push(cache.lane(read));
      else {
        const { lane, from } = cache.patch(read);
        lanes.push({ ...lane, barsFrom: from });
      }
      taken.add(id);
    }
    const removed = all ? [] : [...this.removed].filter((id) => !sessions.get(id) || !this.inTree(id));
    if (all) this.known.clear();
    for (const id of removed) this.known.delete(id);
    for (const id of taken) {
      this.known.add(id);
      this.dirty.delete(id);
    }
    // Lanes not taken (past MAX_LANES, gone): what changed in them is not kept, so they are built whole if taken.
    for (const id of this.dirty.keys()) this.forget(id);
    this.dirty.clear();
    this.removed.clear();
    return { full: all, lanes, removed };
  }

  private markDirty(id: string, messages: ReadonlySet<string> | undefined): void {
    const known = this.dirty.get(id);
    if (known === 'all') return;
    if (!known) this.dirty.set(id, new Set(messages));
    else for (const m of messages ?? []) known.add(m);
  }

  /** The session is the root or below it (a walk up, at most MAX_DEPTH steps). */
  private inTree(id: string): boolean {
    let at: string | undefined = id;
    for (let i = 0; at && i <= MAX_DEPTH; i++) {
      if (at === this.rootId) return true;
      at = this.connection.sessions.parentOf(at);
    }
    return false;
  }
}
