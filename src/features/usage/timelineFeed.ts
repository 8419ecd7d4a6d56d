// The usage panel's timeline: the lanes of the panel's session and every descendant, read from the connection's
// store, rebuilt only for the sessions a frame changed (a sub-agent's live step rebuilds its own lane). It reads
// every message of the descendants once, so their bars are whole. No `vscode` import; the panel posts what it takes.
import type { Event } from '../../base/emitter';
import type { ServerConnection } from '../../client/serverConnection';
import { modelName } from '../../present/modelName';
import { sessionTitle } from '../../present/sessionTitle';
import { MAX_DEPTH } from '../../store/sessionStore';
import type { StoreChange } from '../../store/storeChange';
import { timelineLane, type LaneNames } from '../../store/timeline/timelineLanes';
import { laneDescendants, MAX_LANES } from '../../store/timeline/treeTimeline';
import type { TimelineLane } from '../../store/timeline/timelineTypes';

/** What changed since the last take: every lane (`full`), or the changed ones and the ids of lanes gone. */
export interface TimelineDelta {
  full: boolean;
  lanes: TimelineLane[];
  removed: string[];
}

const NAMES: LaneNames = { model: modelName, title: sessionTitle };

export class TimelineFeed {
  private readonly abort = new AbortController();
  private subscription?: { dispose(): void };
  /** Sessions whose lanes are out of date; 'all' before the first take. */
  private dirty: Set<string> | 'all' = 'all';
  private readonly removed = new Set<string>();
  /** The lanes the page has. */
  private readonly known = new Set<string>();

  constructor(
    private readonly connection: Pick<ServerConnection, 'sessions' | 'loadAllMessages'>,
    readonly rootId: string,
    private readonly changes: Event<StoreChange>,
    private readonly onChange: () => void,
    /** When a budget paused a session, if it is paused. */
    private readonly pausedAt: (sessionId: string) => number | undefined = () => undefined,
  ) {}

  /** Follows the store from now on (so no change is missed while the panel's own session is read). */
  start(): void {
    this.subscription = this.changes((change) => {
      let moved = false;
      for (const id of change.removed)
        if (this.known.has(id)) {
          this.removed.add(id);
          moved = true;
        }
      for (const id of change.changed)
        if (this.inTree(id)) {
          if (this.dirty !== 'all') this.dirty.add(id);
          moved = true;
        }
      if (moved) this.onChange();
    });
  }

  /** Reads every message of the descendants, one session at a time (after the panel's own session). */
  async readDescendants(): Promise<void> {
    for (const record of laneDescendants(this.connection.sessions, this.rootId).records) {
      if (this.abort.signal.aborted) return;
      await this.connection.loadAllMessages(record.info.id, this.abort.signal).catch(() => undefined);
    }
  }

  /** The lanes to send now; `all` sends every lane (a new page). */
  take(all: boolean, now = Date.now()): TimelineDelta {
    const sessions = this.connection.sessions;
    const full = all || this.dirty === 'all';
    // Up to MAX_LANES lanes, as session_status counts them: a new session past them gets none.
    const ids = full
      ? [this.rootId, ...laneDescendants(sessions, this.rootId).records.map((r) => r.info.id)]
      : [...(this.dirty as Set<string>)].filter((id) => this.known.has(id) || this.known.size < MAX_LANES);
    const lanes: TimelineLane[] = [];
    for (const id of ids) {
      const record = sessions.get(id);
      if (!record) continue;
      lanes.push(timelineLane(record, { now, pausedAt: this.pausedAt(id), names: NAMES }));
    }
    const removed = full ? [] : [...this.removed].filter((id) => !sessions.get(id));
    if (full) this.known.clear();
    for (const id of removed) this.known.delete(id);
    for (const lane of lanes) this.known.add(lane.id);
    this.dirty = new Set();
    this.removed.clear();
    return { full, lanes, removed };
  }

  dispose(): void {
    this.abort.abort();
    this.subscription?.dispose();
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
