// Listed by parent (OpenCode 2 where it offers `parentID`): the roots are listed, what hangs below a session is
// read on demand, and until then the session's Σ is partial. The store builds on it; a whole listing leaves it off.
import type { SessionInfo } from './events';
import { WaitingRequests } from './waitingRequests';
import { emptyChange, type StoreChange } from './storeChange';

export abstract class UnreadTrees extends WaitingRequests {
  /**
   * Listed by parent (OpenCode 2 where it offers `parentID`): the last snapshot held the roots only, and what hangs
   * below a session is read on demand. Set by the snapshot; false for a whole listing, which knows every session.
   */
  protected byParent = false;
  /** Held sessions whose children have not been read (only while listed by parent): their Σ is partial. */
  protected readonly unread = new Set<string>();

  protected abstract upsert(info: SessionInfo, change: StoreChange, listed?: boolean): void;
  protected abstract deleteCascade(id: string, change: StoreChange): void;

  /** Whether the store holds only what was read of each tree (listed by parent): totals may be partial. */
  get readsByParent(): boolean {
    return this.byParent;
  }

  /** True when what hangs below this session has not been read yet (listed by parent): it may have children. */
  childrenUnread(id: string): boolean {
    return this.unread.has(id);
  }

  /**
   * True when the inclusive total leaves something out: the session, or a descendant, has children not read yet.
   * Always false for a whole listing; a walk of the known subtree otherwise (what inclusive() sums too).
   */
  partial(id: string): boolean {
    if (!this.unread.size) return false;
    if (this.unread.has(id)) return true;
    return this.descendantsOf(id).some((d) => this.unread.has(d.info.id));
  }

  /** Some session's children are not read yet: the server's and folders' totals leave them out. */
  get anyUnread(): boolean {
    return this.unread.size > 0;
  }

  /**
   * Some session active since `since` has children not read yet: what spent in a window from then may be left
   * out. One pass over the sessions not read (few once the recent trees are read), at most once a second.
   */
  partialSince(since: number): boolean {
    for (const id of this.unread) if ((this.sessions.get(id)?.lastActivity ?? 0) >= since) return true;
    return false;
  }

  /**
   * One level read below `parentID` (listed by parent): its children as the server lists them now. Each is added
   * or updated, held children the server no longer lists go (with what hangs below them), and `parentID` is read;
   * a child not held before is not (its own children are read in turn). A listing not `complete` (entries
   * skipped as malformed, or cut at a cap) adds what it holds, but `parentID` stays unread (its Σ says "at least")
   * and held children it did not list stay: one it skipped is not gone.
   */
  childrenRead(parentID: string, infos: readonly SessionInfo[], complete = true): StoreChange {
    const change = emptyChange();
    if (!this.sessions.has(parentID)) return change;
    const listed = new Set<string>();
    for (const info of infos) {
      if (info.parentID !== parentID) continue;
      listed.add(info.id);
      if (!this.sessions.has(info.id)) this.unread.add(info.id);
      this.upsert(info, change, true);
    }
    if (!complete) return change;
    for (const child of this.childrenOf(parentID)) if (!listed.has(child.info.id)) this.deleteCascade(child.info.id, change);
    if (this.unread.delete(parentID)) for (const id of this.shownAncestry(parentID)) change.changed.add(id);
    return change;
  }

  /**
   * Sessions read one at a time (listed by parent: a live session the store did not hold, and its ancestors, read
   * from the top down): each is added or updated, and one not held before has children not read yet.
   */
  sessionsRead(infos: readonly SessionInfo[]): StoreChange {
    const change = emptyChange();
    for (const info of infos) {
      if (this.byParent && !this.sessions.has(info.id)) this.unread.add(info.id);
      this.upsert(info, change);
    }
    return change;
  }
}
