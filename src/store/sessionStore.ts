// The sessions of one OpenCode server, fed by a snapshot and then by its event stream. No I/O and no
// `vscode` import: every method is a deterministic state change (given the clock that stamps marks) that reports
// which session rows changed, so views refresh exactly those rows.
import type { SessionReader } from './sessionReader';
import type { AssistantInfo, SessionInfo, SessionStatus, StoreEvent } from './events';
import { compareRequests, type PendingRequest } from './pendingRequest';
import { copiedUsage, noteMessage, ownUsage } from './copiedHistory';
import {
  hasServerTotals,
  MAX_MARKS,
  newRecord,
  requestCount,
  runningToolCount,
  type AssistantUsage,
  type SessionMark,
  type SessionRecord,
} from './sessionRecord';
import { addMark, closeMarks, recordToolCall, requestDetail } from './timelineRecord';
import { askedAt } from './requestTime';
import { SnapshotStage } from './snapshotStage';
import { sameSessionInfo } from './sameSessionInfo';
import { emptyChange, LAYOUT, markMessage, type StoreChange } from './storeChange';
import { addUsage, addUsageInto, sameUsage, usageDelta, usageGrowth, usageOf, ZERO_USAGE, type Usage } from './usage';
import { pushAll } from '../base/arrays';

const IDLE: SessionStatus = { type: 'idle' };
/** The deepest a session is linked below its root; deeper ones show at the root. */
export const MAX_DEPTH = 100;
/** Deltas a cached inclusive total takes before it is summed afresh. */
const SHIFTS_BEFORE_SUM = 1000;

export class SessionStore implements SessionReader {
  private readonly sessions = new Map<string, SessionRecord>();
  /** parentID → child ids; kept for parents we have not seen yet, so early children attach when they arrive. */
  private readonly children = new Map<string, Set<string>>();
  /** Inclusive totals as last summed, and how many shifts each took since (see shift()). */
  private readonly inclusiveCache = new Map<string, { usage: Usage; shifts: number }>();
  /** How many levels hang below a parent (an upper bound; absent for a leaf): link() keeps trees MAX_DEPTH deep. */
  private readonly heights = new Map<string, number>();
  /** Sessions whose status is not idle: what the budget guard reads, without a pass over every session. */
  private readonly running = new Set<string>();
  /**
   * Listed by parent (OpenCode 2 where it offers `parentID`): the last snapshot held the roots only, and what hangs
   * below a session is read on demand. Set by the snapshot; false for a whole listing, which knows every session.
   */
  private byParent = false;
  /** Held sessions whose children have not been read (only while listed by parent): their Σ is partial. */
  private readonly unread = new Set<string>();

  /** `clock` stamps what the wire sends without a time (a request waiting, a retry, an error): see SessionMark. */
  constructor(private readonly clock: () => number = Date.now) {}

  get size(): number {
    return this.sessions.size;
  }

  get(id: string): SessionRecord | undefined {
    return this.sessions.get(id);
  }

  all(): IterableIterator<SessionRecord> {
    return this.sessions.values();
  }

  /** Sessions whose status is not idle (busy, retrying). */
  *notIdle(): IterableIterator<SessionRecord> {
    for (const id of this.running) yield this.sessions.get(id)!;
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

  /** Sessions whose children are not read yet. */
  unreadParents(): IterableIterator<string> {
    return this.unread.values();
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

  /** Requests waiting in this session and every descendant, each once: what a collapsed row must still tell. */
  waitingIn(id: string): number {
    const record = this.sessions.get(id);
    // requestCount, not `requests.size`: reading `requests` makes a lazy record's map (one per sub-agent, kept).
    let count = record ? requestCount(record) : 0;
    for (const child of this.descendantsOf(id)) count += requestCount(child);
    return count;
  }

  /** Every request waiting on this server, oldest first. */
  pendingRequests(): PendingRequest[] {
    const all: PendingRequest[] = [];
    for (const record of this.sessions.values()) pushAll(all, record.requests.values());
    return all.sort(compareRequests);
  }

  /**
   * Replaces everything with a fresh listing from the server (after connect or reconnect): sessions, their
   * non-idle statuses and the requests that wait for an answer.
   */
  loadSnapshot(
    infos: readonly SessionInfo[] | SnapshotStage,
    statuses: Readonly<Record<string, SessionStatus>> = {},
    requests: readonly PendingRequest[] = [],
    unreadDirectories: readonly string[] = [],
    /** The listing held the roots only (listed by parent): what was read below them stays, to be read again. */
    rootsOnly = false,
  ): StoreChange {
    const change = emptyChange();
    this.byParent = rootsOnly;
    if (!rootsOnly && this.unread.size) {
      for (const id of this.unread) if (this.sessions.has(id)) change.changed.add(id);
      this.unread.clear();
    }
    let incoming: ReadonlySet<string> | ReadonlyMap<string, unknown>;
    if (infos instanceof SnapshotStage) {
      incoming = infos.records;
      for (const record of infos.records.values()) this.takeStaged(record, change);
    } else {
      const ids = new Set<string>();
      incoming = ids;
      for (const info of infos) {
        ids.add(info.id);
        this.upsert(info, change, true);
      }
    }
    // Every incoming session is now held, so only a larger store has sessions the server no longer lists. Listed by
    // parent, a session below a listed root stays (its tree is read again); one whose root the server no longer
    // lists goes.
    if (this.sessions.size > incoming.size)
      for (const id of [...this.sessions.keys()]) if (!incoming.has(rootsOnly ? this.rootOf(id) : id)) this.remove(id, change);
    // Listed by parent, nothing below any session is known to be current: every held session is read again.
    if (rootsOnly)
      for (const id of this.sessions.keys())
        if (!this.unread.has(id)) {
          this.unread.add(id);
          change.changed.add(id);
        }
    // Requests first: a busy session keeps what it waits on; one the snapshot finds idle then drops it.
    this.setRequests(requests, change, new Set(unreadDirectories));
    // Most listings name few statuses: no lookup of 100 000 ids in an empty object.
    const anyStatus = Object.keys(statuses).length > 0;
    for (const record of this.sessions.values()) this.setStatus(record, (anyStatus && statuses[record.info.id]) || IDLE, change);
    return change;
  }

  /**
   * Staged records taken ahead of the snapshot (stagedInstall.ts: a long listing a slice at a time): added or
   * updated, nothing removed; the snapshot then finds them held and settles removals, statuses and requests.
   */
  takeStagedPart(records: Iterable<SessionRecord>): StoreChange {
    const change = emptyChange();
    for (const record of records) this.takeStaged(record, change);
    return change;
  }

  /**
   * Held sessions a listing no longer names, removed ahead of its snapshot (stagedInstall.ts: a slice at a time);
   * the snapshot would remove them, in one step.
   */
  dropUnlistedPart(ids: Iterable<string>): StoreChange {
    const change = emptyChange();
    for (const id of ids) this.remove(id, change);
    return change;
  }

  private takeStaged(record: SessionRecord, change: StoreChange): void {
    const held = this.sessions.get(record.info.id);
    // Taken already (a slice before the snapshot): nothing to do. On a reconnect the store keeps its own record
    // and a slice updated it with this info: upserting it again would redo every session in the snapshot's step.
    if (held === record || held?.info === record.info) return;
    // A session the store does not hold takes its ready-made record; a held one is updated as ever.
    if (held) this.upsert(record.info, change, true);
    else this.insert(record, change);
  }

  /**
   * The server's pending requests as listed now (after an answer failed, say): the list is the truth, except
   * for sessions in `unreadDirectories`, whose lists could not be read and keep what they had.
   */
  replaceRequests(requests: readonly PendingRequest[], unreadDirectories: readonly string[] = []): StoreChange {
    const change = emptyChange();
    this.setRequests(requests, change, new Set(unreadDirectories));
    return change;
  }

  private setRequests(requests: readonly PendingRequest[], change: StoreChange, unread: ReadonlySet<string>): void {
    const bySession = new Map<string, Map<string, PendingRequest>>();
    for (const request of requests) {
      if (!this.sessions.has(request.sessionID)) continue;
      let map = bySession.get(request.sessionID);
      if (!map) bySession.set(request.sessionID, (map = new Map<string, PendingRequest>()));
      map.set(request.id, request);
    }
    for (const record of this.sessions.values()) {
      const listed = bySession.get(record.info.id);
      // Nothing waited and nothing waits: the common case of a large snapshot costs no allocation.
      if (!listed && requestCount(record) === 0) continue;
      if (unread.has(record.info.directory)) continue;
      const next = listed ?? new Map<string, PendingRequest>();
      if (sameKeys(record.requests, next)) continue;
      this.markRequests(record, next);
      record.requests = next;
      this.markWaitingChanged(record.info.id, change);
    }
  }

  /**
   * A listing's requests against those held: a wait first seen here is marked from when it was asked (its id's time:
   * it may have waited long before this window connected), one gone from the list ends now.
   */
  private markRequests(record: SessionRecord, next: ReadonlyMap<string, PendingRequest>): void {
    const held = requestCount(record) ? record.requests : undefined;
    const now = this.clock();
    // The newest MAX_MARKS are all a session keeps: a listing of thousands marks no more.
    const asked = [...next.values()].filter((r) => !held?.has(r.id)).slice(-MAX_MARKS);
    // A request is marked once: a listing read before its answer came may still name it (its mark is closed).
    const marked = new Set<string>();
    for (const mark of record.marks ?? []) if (mark.ref !== undefined) marked.add(mark.ref);
    // Not before the session was made: an id read as a time (another scheme, a server's clock) cannot stretch the lane.
    const since = record.info.time.created;
    for (const request of asked)
      if (!marked.has(request.id)) addMark(record, waitMark(request, Math.max(askedAt(request.id, now), Math.min(since, now))));
    const gone = held ? [...held.keys()].filter((id) => !next.has(id)) : [];
    // One pass over the marks for every request gone (a listing of thousands gone at once).
    if (gone.length) {
      const ids = new Set(gone);
      closeMarks(record, now, (m) => m.ref !== undefined && ids.has(m.ref));
    }
  }

  /** A request came or went: the session's row and every ancestor's `· N waiting` change. */
  private markWaitingChanged(id: string, change: StoreChange): void {
    change.requests = true;
    for (const cur of this.shownAncestry(id)) change.changed.add(cur);
  }

  apply(event: StoreEvent): StoreChange {
    const change = emptyChange();
    switch (event.type) {
      case 'session.upsert':
        // Listed by parent, a session first heard of now that the server did not just create may have children.
        if (this.byParent && !event.created && !this.sessions.has(event.info.id)) this.unread.add(event.info.id);
        this.upsert(event.info, change);
        break;
      case 'session.deleted':
        this.deleteCascade(event.sessionID, change);
        break;
      case 'session.status': {
        const record = this.sessions.get(event.sessionID);
        if (record) this.setStatus(record, event.status, change);
        break;
      }
      case 'session.error':
        this.touch(event.sessionID, change, (r) => {
          r.lastError = { name: event.name, message: event.message };
          const at = this.clock();
          addMark(r, { kind: 'error', start: at, end: at, ref: event.name });
        });
        break;
      case 'session.compacted':
        this.touch(event.sessionID, change, (r) => (r.compactions += 1));
        break;
      case 'session.totals':
        this.setTotals(event, change);
        break;
      case 'message.assistant':
        this.recordMessage(event.info, change);
        break;
      case 'message.removed':
        // Which message, too: a kept lane takes its bar out rather than building the lane whole.
        markMessage(change, event.sessionID, LAYOUT);
        markMessage(change, event.sessionID, event.messageID);
        this.touch(event.sessionID, change, (r) => {
          const gone = r.messages.get(event.messageID);
          r.messages.delete(event.messageID);
          noteMessage(r, gone, undefined);
          r.steps.delete(event.messageID);
          r.userMessages.delete(event.messageID);
          r.toolCalls?.delete(event.messageID);
          this.refreshOwn(r, change);
        });
        break;
      case 'message.user':
        this.touch(event.sessionID, change, (r) => {
          const known = r.userMessages.get(event.messageID);
          // A compaction's time places it among the steps.
          if (known?.compaction && known.created !== event.created) markMessage(change, event.sessionID, LAYOUT);
          r.userMessages.set(event.messageID, {
            created: event.created,
            compaction: known?.compaction ?? false,
            changedFiles: event.changedFiles ?? known?.changedFiles,
          });
        });
        break;
      case 'compaction.marked':
        markMessage(change, event.sessionID, LAYOUT);
        this.touch(event.sessionID, change, (r) => {
          // The part can arrive before its message: the time follows with the message.
          const known = r.userMessages.get(event.messageID);
          r.userMessages.set(event.messageID, { ...known, created: known?.created ?? 0, compaction: true });
        });
        break;
      case 'step.finished':
        markMessage(change, event.sessionID, event.messageID);
        this.touch(event.sessionID, change, (r) => {
          let steps = r.steps.get(event.messageID);
          if (!steps) r.steps.set(event.messageID, (steps = new Map<string, Usage>()));
          steps.set(event.partID, event.usage);
        });
        break;
      case 'tool.running':
        this.touch(event.sessionID, change, (r) => {
          if (event.running) r.runningTools.set(event.partID, event.tool);
          else r.runningTools.delete(event.partID);
          if (!event.messageID) return;
          // The message's bar lists its tools (and one whose calls made room for these lists none now).
          markMessage(change, event.sessionID, event.messageID);
          const dropped = recordToolCall(r, event.messageID, event.partID, event.tool);
          if (dropped !== undefined) markMessage(change, event.sessionID, dropped);
        });
        break;
      case 'request.asked': {
        const record = this.sessions.get(event.request.sessionID);
        if (!record) break;
        if (!record.requests.has(event.request.id)) addMark(record, waitMark(event.request, this.clock()));
        record.requests.set(event.request.id, event.request);
        this.markWaitingChanged(record.info.id, change);
        break;
      }
      case 'request.closed': {
        const record = this.sessions.get(event.sessionID);
        if (record?.requests.delete(event.id)) {
          closeMarks(record, this.clock(), (m) => m.ref === event.id);
          this.markWaitingChanged(record.info.id, change);
        }
        break;
      }
      case 'server.connected':
        break;
    }
    return change;
  }

  /** `listed`: the record comes from a listing, which names every session again: one that says nothing new is not changed. */
  private upsert(info: SessionInfo, change: StoreChange, listed = false): void {
    const existing = this.sessions.get(info.id);
    if (!existing) return this.insert(newRecord(info), change);
    // A buffered event older than the snapshot must not roll a session back.
    if (info.time.updated < existing.info.time.updated) return;
    if (listed && sameSessionInfo(existing.info, info)) {
      // The same record: taken (a staged slice's record is then found taken), nothing marked changed.
      existing.info = info;
      return;
    }
    const reparented = existing.info.parentID !== info.parentID;
    if (reparented) {
      // The old ancestors lose this subtree's totals, the new ones gain them.
      change.structure.add(this.visibleParent(existing.info));
      this.invalidate(info.id, change);
      this.unlink(info.id, existing.info.parentID);
    }
    const forkMarked = !existing.info.fork !== !info.fork;
    const bornMoved = existing.info.time.created !== info.time.created;
    existing.info = info;
    // OpenCode 2 said it is a fork: which messages are copies is asked again (copiedHistory.ts).
    if (forkMarked || bornMoved) {
      existing.copied = copiedUsage(existing);
      existing.spent = undefined;
    }
    if (reparented) {
      this.link(info.id, info.parentID);
      this.invalidate(info.id, change);
      change.structure.add(this.visibleParent(info));
    }
    existing.lastActivity = Math.max(existing.lastActivity, info.time.updated);
    change.changed.add(info.id);
    this.refreshOwn(existing, change);
  }

  /** A session the store does not hold yet. */
  private insert(record: SessionRecord, change: StoreChange): void {
    const { info } = record;
    this.sessions.set(info.id, record);
    if (record.status.type !== 'idle') this.running.add(info.id);
    if (!info.parentID && !this.children.has(info.id)) {
      // A new root with no children yet (most of a large snapshot): no ancestors to walk, no totals cached.
      change.structure.add(undefined);
      change.changed.add(info.id);
      return;
    }
    this.link(info.id, info.parentID);
    change.structure.add(this.visibleParent(info));
    // Children that arrived first now hang under this session instead of the root list.
    if (this.children.get(info.id)?.size) {
      change.structure.add(undefined);
      this.invalidate(info.id, change);
    } else this.shift(info.id, record.own, change);
  }

  private recordMessage(info: AssistantInfo, change: StoreChange): void {
    markMessage(change, info.sessionID, info.id);
    this.touch(info.sessionID, change, (r) => {
      const known = r.messages.get(info.id);
      const completed = info.time?.completed ?? known?.completed;
      const agent = info.agent ?? known?.agent;
      const message: AssistantUsage = {
        id: info.id,
        usage: usageOf(info.tokens, info.cost),
        modelID: info.modelID,
        providerID: info.providerID,
        created: info.time?.created ?? 0,
        summary: info.summary === true,
        ...(completed !== undefined && { completed }),
        ...(agent !== undefined && { agent }),
        ...(info.error !== undefined && { error: info.error }),
      };
      r.messages.set(info.id, message);
      noteMessage(r, known, message);
      r.lastActivity = Math.max(r.lastActivity, info.time?.completed ?? info.time?.created ?? 0);
      this.refreshOwn(r, change);
    });
  }

  /** New server totals; a compaction's growth becomes its own step (a summary message), as V1 records one. */
  private setTotals(event: Extract<StoreEvent, { type: 'session.totals' }>, change: StoreChange): void {
    const record = this.sessions.get(event.sessionID);
    if (!record) return;
    const before = hasServerTotals(record.info) ? record.own : undefined;
    record.info = { ...record.info, cost: event.cost, tokens: event.tokens };
    const after = usageOf(event.tokens, event.cost);
    if (event.compaction && before) {
      const { messageID, created } = event.compaction;
      const usage = usageGrowth(before, after);
      const known = record.messages.get(messageID);
      const message = { id: messageID, usage, created, summary: true };
      record.messages.set(messageID, message);
      noteMessage(record, known, message);
      record.steps.set(messageID, new Map([[`${messageID}:compaction`, usage]]));
      markMessage(change, record.info.id, messageID);
    }
    change.changed.add(record.info.id);
    this.refreshOwn(record, change);
  }

  /** Its own figures (copiedHistory.ts): the server's totals less a fork's copies, or the messages' sum before 1.15. */
  private refreshOwn(record: SessionRecord, change: StoreChange): void {
    const { info } = record;
    const own = ownUsage(record, hasServerTotals(info) ? usageOf(info.tokens, info.cost) : undefined);
    if (sameUsage(own, record.own)) return;
    const delta = usageDelta(record.own, own);
    record.own = own;
    this.shift(info.id, delta, change);
  }

  private deleteCascade(id: string, change: StoreChange): void {
    for (const child of this.descendantsOf(id)) this.remove(child.info.id, change);
    this.remove(id, change);
  }

  private remove(id: string, change: StoreChange): void {
    const record = this.sessions.get(id);
    if (!record) return;
    this.invalidate(id, change);
    change.changed.delete(id);
    change.removed.add(id);
    if (record.requests.size) change.requests = true;
    change.structure.add(this.visibleParent(record.info));
    this.sessions.delete(id);
    this.running.delete(id);
    if (this.unread.size) this.unread.delete(id);
    this.unlink(id, record.info.parentID);
    this.inclusiveCache.delete(id);
    // Its own still-listed children now show at the root.
    if (this.children.get(id)?.size) change.structure.add(undefined);
    else this.heights.delete(id);
  }

  private touch(id: string, change: StoreChange, mutate: (record: SessionRecord) => void): void {
    const record = this.sessions.get(id);
    if (!record) return;
    mutate(record);
    change.changed.add(id);
  }

  /**
   * Drops cached inclusive totals of `id` and every ancestor it is shown under, and marks their rows changed: a
   * subtree came or went (a move, a removal), rarer than a session's own figures moving (shift()).
   */
  private invalidate(id: string | undefined, change: StoreChange): void {
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
  private shift(id: string, delta: Usage, change: StoreChange): void {
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
  private rootOf(id: string): string {
    let root = id;
    for (let parent = this.parentOf(root), steps = 0; parent !== undefined && steps <= MAX_DEPTH; parent = this.parentOf(root), steps++)
      root = parent;
    return root;
  }

  /** `id`, then the parents it is shown under (linked, so no loop): at most MAX_DEPTH of them. */
  private shownAncestry(id: string | undefined): string[] {
    const ids: string[] = [];
    for (let cur = id; cur !== undefined && ids.length <= MAX_DEPTH; cur = this.parentOf(cur)) ids.push(cur);
    return ids;
  }

  private visibleParent(info: SessionInfo): string | undefined {
    const parentID = info.parentID;
    return parentID && this.sessions.has(parentID) && this.children.get(parentID)?.has(info.id) ? parentID : undefined;
  }

  private setStatus(record: SessionRecord, status: SessionStatus, change: StoreChange): void {
    // Most of a large listing is idle and was idle: no set to touch.
    if (status.type !== 'idle') this.running.add(record.info.id);
    else if (this.running.size) this.running.delete(record.info.id);
    const clears = status.type === 'idle' && (requestCount(record) > 0 || runningToolCount(record) > 0);
    const clearsError = status.type === 'busy' && record.lastError !== undefined;
    if (sameStatus(record.status, status) && !clears && !clearsError) return;
    if (status.type === 'idle' && record.status.type !== 'idle') record.runsEnded++;
    if (status.type !== record.status.type) {
      const at = this.clock();
      if (record.status.type === 'retry') closeMarks(record, at, (m) => m.kind === 'retry');
      if (status.type === 'retry') addMark(record, { kind: 'retry', start: at, ref: String(status.attempt) });
    }
    if (status.type === 'idle' && requestCount(record))
      closeMarks(record, this.clock(), (m) => m.kind === 'permission' || m.kind === 'form');
    record.status = status;
    if (status.type === 'busy') record.lastError = undefined;
    if (status.type === 'idle') {
      if (runningToolCount(record)) record.runningTools.clear();
      if (requestCount(record)) {
        record.requests.clear();
        this.markWaitingChanged(record.info.id, change);
      }
    }
    change.changed.add(record.info.id);
  }

  /**
   * Links a child under its parent unless that would close a loop or make a tree deeper than MAX_DEPTH: malformed
   * data must not hide sessions (the child shows at the root instead), and no walk up a tree is longer than that
   * (OpenCode's own sub-agents nest a few levels). Children that came before their parent count too.
   */
  private link(id: string, parentID: string | undefined): void {
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

  private unlink(id: string, parentID: string | undefined): void {
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

function sameStatus(a: SessionStatus, b: SessionStatus): boolean {
  if (a.type !== b.type) return false;
  if (a.type === 'retry' && b.type === 'retry') return a.attempt === b.attempt && a.next === b.next && a.message === b.message;
  return true;
}

function sameKeys(a: Map<string, unknown>, b: Map<string, unknown>): boolean {
  return a.size === b.size && [...a.keys()].every((k) => b.has(k));
}

/** A request's wait from `start`: for a permission, or an answer (a question or a form). */
function waitMark(request: PendingRequest, start: number): SessionMark {
  const detail = requestDetail(request);
  return { kind: request.kind === 'permission' ? 'permission' : 'form', start, ref: request.id, ...(detail && { detail }) };
}
