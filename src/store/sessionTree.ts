// One server's sessions as a forest: where each hangs (linked so no tree loops or grows deeper than MAX_DEPTH)
// and the inclusive totals cached up each tree. The store (sessionStore.ts) builds on it; no I/O, no `vscode`.
import type { SessionInfo } from './events';
import type { SessionRecord } from './sessionRecord';
import type { StoreChange } from './storeChange';
import { addUsage, addUsageInto, ZERO_USAGE, type Usage } from './usage';

/** The deepest a session is linked below its root; deeper ones show at the root. */
export const MAX_DEPTH = 100;
/** Deltas a cached inclusive total takes before it is summed afresh. */
const SHIFTS_BEFORE_SUM = 1000;

export abstract class SessionTree {
  protected readonly sessions = new Map<string, SessionRecord>();
  /** parentID → child ids; kept for parents we have not seen yet, so early children attach when they arrive. */
  protected readonly children = new Map<string, Set<string>>();
  /** Inclusive totals as last summed, and how many shifts each took since (see shift()). */
  protected readonly inclusiveCache = new Map<string, { usage: Usage; shifts: number }>();
  /** How many levels hang below a parent (an upper bound; absent for a leaf): link() keeps trees MAX_DEPTH deep. */
  protected readonly heights = new Map<string, number>();

  get size(): number {
    return this.sessions.size;
  }

  get(id: string): SessionRecord | undefined {
    return this.sessions.get(id);
  }

  all(): IterableIterator<SessionRecord> {
    return this.sessions.values();
  }

  /** Sessions without a parent, and children whose parent this server does not (yet) have. */
  roots(): SessionRecord[] {
    return [...this.sessions.values()].filter((s) => this.visibleParent(s.info) === undefined);
  }

  /** The parent a session is shown under, if that parent is here (and linking it made no cycle). */
  parentOf(id: string): string | undefined {
    const record = this.sessions.get(id);
    return record ? this.visibleParent(record.info) : undefined;
  }

  childrenOf(id: string): SessionRecord[] {
    const ids = this.children.get(id);
    if (!ids) return [];
    return [...ids].map((c) => this.sessions.get(c)).filter((s): s is SessionRecord => s !== undefined);
  }

  /**
   * Every known descendant, each exactly once, parents before their children. A loop of its own (no recursion):
   * a server decides how deep a tree is. No set of those seen: link() keeps the links a forest (a session is in
   * its one parent's children, and never below itself), so a walk meets each once; it stops at as many as there are
   * sessions all the same.
   */
  descendantsOf(id: string): SessionRecord[] {
    const found: SessionRecord[] = [];
    const stack = [id];
    while (stack.length && found.length < this.sessions.size) {
      const ids = this.children.get(stack.pop()!);
      if (!ids) continue;
      for (const child of ids) {
        const record = this.sessions.get(child);
        if (!record) continue;
        found.push(record);
        stack.push(child);
      }
    }
    return found;
  }

  /**
   * Own usage plus every descendant's own usage, each descendant counted exactly once: its own plus each child's
   * inclusive, cached per session (computing one caches every session below it).
   */
  inclusive(id: string): Usage {
    const cached = this.inclusiveCache.get(id);
    if (cached) return cached.usage;
    if (!this.sessions.has(id)) return ZERO_USAGE;
    // Children before parents, without recursion, descending only where nothing is cached (a cached total is
    // current: shift() and invalidate() keep every ancestor's so): `order` is summed from last to first.
    // A leaf child adds its own figures and is not cached: 100 000 sub-agents of one parent made 100 000 entries.
    const order = [id];
    for (let i = 0; i < order.length; i++)
      for (const child of this.children.get(order[i]) ?? [])
        if (this.children.has(child) && this.sessions.has(child) && !this.inclusiveCache.has(child)) order.push(child);
    for (let i = order.length - 1; i >= 0; i--) {
      const at = order[i];
      const total = { ...this.sessions.get(at)!.own };
      for (const child of this.children.get(at) ?? []) {
        const below = this.inclusiveCache.get(child)?.usage ?? (this.children.has(child) ? undefined : this.sessions.get(child)?.own);
        if (below) addUsageInto(total, below);
      }
      this.inclusiveCache.set(at, { usage: total, shifts: 0 });
    }
    return this.inclusiveCache.get(id)!.usage;
  }

  /**
   * Drops cached inclusive totals of `id` and every ancestor it is shown under, and marks their rows changed: a
   * subtree came or went (a move, a removal), rarer than a session's own figures moving (shift()).
   */
  protected invalidate(id: string | undefined, change: StoreChange): void {
    // Up the shown ancestry (shownAncestry) without an array: a listing's install runs this once a session.
    let steps = 0;
    for (let cur = id; cur !== undefined && steps++ <= MAX_DEPTH; cur = this.parentOf(cur)) {
      if (this.inclusiveCache.size) this.inclusiveCache.delete(cur);
      if (this.sessions.has(cur)) change.changed.add(cur);
    }
  }

  /**
   * `id`'s own figures moved by `delta` (or it arrived as a leaf with them): it and every ancestor it is shown under
   * add the delta to their cached inclusive totals, and their rows are marked changed. So an event under a parent
   * of 100 000 children costs the walk up, not a sum over them. A cached total is summed afresh after SHIFTS_BEFORE_SUM
   * deltas, so that rounding never adds up over a long run.
   */
  protected shift(id: string, delta: Usage, change: StoreChange): void {
    let steps = 0;
    for (let cur: string | undefined = id; cur !== undefined && steps++ <= MAX_DEPTH; cur = this.parentOf(cur)) {
      if (this.sessions.has(cur)) change.changed.add(cur);
      const cached = this.inclusiveCache.get(cur);
      if (!cached) continue;
      // Summing afresh costs a pass over the children: after as many shifts as there are, it costs one per shift.
      if (cached.shifts >= Math.max(SHIFTS_BEFORE_SUM, this.children.get(cur)?.size ?? 0)) this.inclusiveCache.delete(cur);
      else this.inclusiveCache.set(cur, { usage: addUsage(cached.usage, delta), shifts: cached.shifts + 1 });
    }
  }

  /** The root a session is shown under (itself when it shows at the root). */
  protected rootOf(id: string): string {
    let root = id;
    for (let parent = this.parentOf(root), steps = 0; parent !== undefined && steps <= MAX_DEPTH; parent = this.parentOf(root), steps++)
      root = parent;
    return root;
  }

  /** `id`, then the parents it is shown under (linked, so no loop): at most MAX_DEPTH of them. */
  protected shownAncestry(id: string | undefined): string[] {
    const ids: string[] = [];
    for (let cur = id; cur !== undefined && ids.length <= MAX_DEPTH; cur = this.parentOf(cur)) ids.push(cur);
    return ids;
  }

  protected visibleParent(info: SessionInfo): string | undefined {
    const parentID = info.parentID;
    return parentID && this.sessions.has(parentID) && this.children.get(parentID)?.has(info.id) ? parentID : undefined;
  }

  /**
   * Links a child under its parent unless that would close a loop or make a tree deeper than MAX_DEPTH: malformed
   * data must not hide sessions (the child shows at the root instead), and no walk up a tree is longer than that
   * (OpenCode's own sub-agents nest a few levels). Children that came before their parent count too.
   */
  protected link(id: string, parentID: string | undefined): void {
    if (!parentID) return;
    const below = this.heights.get(id) ?? 0;
    let depth = below;
    // Up the linked parents, which never loop: a loop would pass `id`.
    for (let cur: string | undefined = parentID; cur !== undefined; cur = this.parentOf(cur)) if (cur === id || ++depth > MAX_DEPTH) return;
    let set = this.children.get(parentID);
    if (!set) this.children.set(parentID, (set = new Set()));
    set.add(id);
    // Every ancestor is now at least this tall (never lowered when a child goes: an upper bound is enough).
    let height = below + 1;
    for (let cur: string | undefined = parentID; cur !== undefined && (this.heights.get(cur) ?? 0) < height; cur = this.parentOf(cur))
      this.heights.set(cur, height++);
  }

  protected unlink(id: string, parentID: string | undefined): void {
    if (!parentID) return;
    const set = this.children.get(parentID);
    set?.delete(id);
    // No child linked: its height is 0 again (exact, not an upper bound), so no entry is kept for it. Kept, a
    // session whose deep subtree went could never be linked again, and sessions gone would pile up here.
    if (set && set.size === 0) {
      this.children.delete(parentID);
      this.heights.delete(parentID);
    }
  }
}
