// The sessions of one OpenCode server, fed by a snapshot and then by its event stream. No I/O and no
// `vscode` import: every method is a deterministic state change (given the clock that stamps marks) that reports
// which session rows changed, so views refresh exactly those rows. Its layers, each a concept of its own: the forest
// and its totals (sessionTree.ts), the requests that wait (waitingRequests.ts), trees listed by parent and read on
// demand (unreadTrees.ts); here, what a listing and each event change.
import type { SessionReader } from './sessionReader';
import type { AssistantInfo, SessionInfo, SessionStatus, StoreEvent } from './events';
import type { PendingRequest } from './pendingRequest';
import { copiedUsage, noteMessage, ownUsage } from './copiedHistory';
import {
  hasServerTotals,
  messageCount,
  newRecord,
  requestCount,
  runningToolCount,
  type AssistantUsage,
  type SessionRecord,
} from './sessionRecord';
import { addMark, closeMarks, recordToolCall } from './timelineRecord';
import { SnapshotStage } from './snapshotStage';
import { sameSessionInfo } from './sameSessionInfo';
import { emptyChange, LAYOUT, markMessage, type StoreChange } from './storeChange';
import { sameUsage, usageDelta, usageGrowth, usageOf, type Usage } from './usage';
import { UnreadTrees } from './unreadTrees';
import { SpendLedger } from './spendLedger';
import { isPauseRefusal } from './pauseGate';
import { ChangeLog } from './changeLog';

const IDLE: SessionStatus = { type: 'idle' };

export class SessionStore extends UnreadTrees implements SessionReader {
  /** Sessions whose status is not idle: what the budget guard reads, without a pass over every session. */
  private readonly running = new Set<string>();
  /** The replies its sessions spent, by the minute they were recorded: what the budget windows sum. */
  readonly spend = new SpendLedger();
  /** Sessions in the order they changed: the windows' reads follow it (changedSince). */
  private readonly log = new ChangeLog();

  /** The stamp of the last change: changedSince(it) gives what changes after. */
  get changeStamp(): number {
    return this.log.now;
  }

  /** The sessions held that changed after `stamp` (added, listed again, a message or its info changed), each once. */
  changedSince(stamp: number): Iterable<SessionRecord> {
    return this.log.changedSince(
      stamp,
      (r) => this.sessions.get(r.info.id) === r,
      () => this.sessions.values(),
    );
  }

  private noteChanged(record: SessionRecord): void {
    this.log.note(record);
    this.log.trim(2 * this.sessions.size + 1024, (r) => this.sessions.get(r.info.id) === r);
  }

  /** Sessions whose status is not idle (busy, retrying). */
  *notIdle(): IterableIterator<SessionRecord> {
    for (const id of this.running) yield this.sessions.get(id)!;
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
    // A new listing (a reconnect): what was complete before may not be now (client/sessions/messageHistory.ts).
    this.log.noteEvery();
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
        // A prompt the budget pause gate refused (src/plugin/pauseGate.ts): the pause holding, not the session failing
        // (a paused session showed error after each refused prompt, idle after each one the extension stopped first).
        if (isPauseRefusal(event.message)) break;
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
          this.noteMessage(r, gone, undefined);
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
      case 'request.asked':
        this.asked(event.request, change);
        break;
      case 'request.closed':
        this.closed(event.sessionID, event.id, change);
        break;
      case 'server.connected':
        break;
    }
    return change;
  }

  /** `listed`: the record comes from a listing, which names every session again: one that says nothing new is not changed. */
  protected upsert(info: SessionInfo, change: StoreChange, listed = false): void {
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
    // OpenCode 2 said it is a fork, or its birth moved: which messages are copies is asked again (copiedHistory.ts).
    const copiesMoved = !existing.info.fork !== !info.fork || existing.info.time.created !== info.time.created;
    if (copiesMoved) this.spend.every(existing, false);
    existing.info = info;
    if (copiesMoved) {
      existing.copied = copiedUsage(existing);
      existing.spent = undefined;
      this.spend.every(existing, true);
    }
    if (reparented) {
      this.link(info.id, info.parentID);
      this.invalidate(info.id, change);
      change.structure.add(this.visibleParent(info));
    }
    existing.lastActivity = Math.max(existing.lastActivity, info.time.updated);
    change.changed.add(info.id);
    this.noteChanged(existing);
    this.refreshOwn(existing, change);
  }

  /** A session the store does not hold yet. */
  private insert(record: SessionRecord, change: StoreChange): void {
    const { info } = record;
    this.sessions.set(info.id, record);
    if (messageCount(record)) this.spend.every(record, true);
    this.noteChanged(record);
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
      this.noteMessage(r, known, message);
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
      this.noteMessage(record, known, message);
      record.steps.set(messageID, new Map([[`${messageID}:compaction`, usage]]));
      markMessage(change, record.info.id, messageID);
    }
    change.changed.add(record.info.id);
    this.noteChanged(record);
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

  protected deleteCascade(id: string, change: StoreChange): void {
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
    if (messageCount(record)) this.spend.every(record, false);
    this.running.delete(id);
    if (this.unread.size) this.unread.delete(id);
    this.unlink(id, record.info.parentID);
    this.inclusiveCache.delete(id);
    // Its own still-listed children now show at the root.
    if (this.children.get(id)?.size) change.structure.add(undefined);
    else this.heights.delete(id);
  }

  /** A message became `after` (either absent): the record's sums and the ledger follow. */
  private noteMessage(record: SessionRecord, before: AssistantUsage | undefined, after: AssistantUsage | undefined): void {
    noteMessage(record, before, after);
    this.spend.replace(record, before, after);
  }

  private touch(id: string, change: StoreChange, mutate: (record: SessionRecord) => void): void {
    const record = this.sessions.get(id);
    if (!record) return;
    mutate(record);
    change.changed.add(id);
    this.noteChanged(record);
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
      closeMarks(record, this.clock(), (m) => m.kind === 'permission' || m.kind === 'form', true);
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
}

function sameStatus(a: SessionStatus, b: SessionStatus): boolean {
  if (a.type !== b.type) return false;
  if (a.type === 'retry' && b.type === 'retry') return a.attempt === b.attempt && a.next === b.next && a.message === b.message;
  return true;
}
