// One server's sessions as the extension holds them: the store, fed by the event stream and by reads of single
// sessions and their messages, with the rule that a fetched copy never overwrites what the live stream already
// reported. The connection drives it; views read it through `SessionReader`. What is read on demand — a
// session's messages (newest, or every one), one session again, and the model and price catalogs the context %
// and list prices use — goes into the store through the same sink.
import type { SessionInfo, SessionStatus, StoreEvent } from '../../store/events';
import type { PendingRequest } from '../../store/pendingRequest';
import { listPricedSessions } from '../../store/price/listSum';
import type { SessionReader } from '../../store/sessionReader';
import type { SessionRecord } from '../../store/sessionRecord';
import { SessionStore } from '../../store/sessionStore';
import type { StoreChange } from '../../store/storeChange';
import type { SnapshotStage } from '../../store/snapshotStage';
import { Disposable } from '../../base/disposable';
import { Emitter } from '../../base/emitter';
import { AppliedSequences } from './appliedSequences';
import { MessageHistory } from './messageHistory';
import { ModelLimitCache } from './modelLimitCache';
import { PriceCatalogCache } from './priceCatalogCache';
import { takeInSlices } from './stagedInstall';
import { TreeReads, type TreeReadHost } from './treeReads';
import type { MessageSink, ServerApi } from '../serverApi';

/** A re-read session's newest messages: enough for its context % and last reply. */
const RECENT_MESSAGES = 20;
/**
 * The live message ids kept (newest first out last): a fetch races only with what the stream reported lately,
 * so older ids can go. Unbounded, a busy server made 68 712 of them in 4 minutes.
 */
export const LIVE_MESSAGE_IDS = 5_000;

/** Sessions idle at a drop that moved meanwhile, read again after one gap at most (as many as are caught up on). */
export const MAX_MOVED = 100;

/** The API the server speaks now (it can change when the server is upgraded and reconnects). */
export type ApiSource = () => ServerApi;

/** Disposed when no one hears this server's sessions any more (it was removed). */
export class SessionData extends Disposable {
  private readonly store = new SessionStore();
  private readonly changed = this._register(new Emitter<StoreChange>());
  readonly onDidChange = this.changed.event;
  /** Messages the live stream reported since it (re)connected: fetched copies must not overwrite them. */
  private liveMessages = new Set<string>();
  readonly sink: MessageSink = {
    seenLive: (id) => this.liveMessages.has(id),
    apply: (event) => this.emit(this.store.apply(event)),
    malformed: (kind) => this.onMalformed?.(kind),
    unknown: (type) => this.onUnknown?.(type),
  };
  /** Which sessions have every message in the store (per-day figures), and their loader. */
  readonly history = new MessageHistory((record, signal) => this.api().loadEveryMessage(record.info, this.sink, signal));
  /** The last durable event sequence applied per session (OpenCode 2): where a replay after a gap starts. */
  readonly sequences = new AppliedSequences();
  /** A snapshot is in since `behind` was last asked: a stream was open. */
  private streamOpen = false;
  /** Sessions that held every message when the last open stream ended (noted by `behind`). */
  private completeAtDrop = new WeakSet<SessionRecord>();
  /** Sessions idle when the last open stream ended, with their `time.updated` then (noted by `behind`). */
  private idleAtDrop = new WeakMap<SessionRecord, number>();
  /** Context limits per model, for the context %. */
  readonly modelLimits = new ModelLimitCache(() => this.api().modelLimits());
  /** List prices from the server's catalog; once read, the rows that show one are drawn again with it. */
  readonly listPrices = new PriceCatalogCache(
    () => this.api().priceCatalog(),
    () => this.emit({ changed: listPricedSessions(this.store), structure: new Set(), removed: new Set(), requests: false }),
  );

  /** Listed by parent: subtrees read when their rows open, live sessions not held read with their ancestors. */
  readonly trees: TreeReads;

  constructor(
    private readonly api: ApiSource,
    /** Told each message or part of a fetched page that was skipped as malformed. */
    private readonly onMalformed?: (kind: string) => void,
    /** Told each message of a type this extension does not know. */
    private readonly onUnknown?: (type: string) => void,
    /** How the tree reads list (archived or not), and where their failures are told. */
    treeHost: Pick<TreeReadHost, 'archived' | 'failed' | 'malformed' | 'now'> = { archived: () => false, failed: () => undefined },
  ) {
    super();
    this.trees = new TreeReads({ api, store: this.store, emit: (change) => this.emit(change), ...treeHost });
  }

  get reader(): SessionReader {
    return this.store;
  }

  /** A new event stream: what it reports is new again, and the server may have restarted with other models. */
  reconnected(): void {
    this.trees.connecting();
    this.liveMessages = new Set();
    this.history.reconnected();
    this.modelLimits.clear();
    this.listPrices.clear();
  }

  /**
   * The first pages of a long listing, shown while the rest loads: only on a first connect (an empty store), so a
   * reconnect never drops what is listed. Statuses and requests come with the whole snapshot (loadSnapshot).
   */
  preview(stage: SnapshotStage): void {
    if (!this.store.size) this.emit(this.store.loadSnapshot(stage));
  }

  /**
   * A long listing's sessions, added a slice at a time ahead of its snapshot (stagedInstall.ts). A roots-only one
   * leaves what the store holds below them to its snapshot.
   */
  takeInSlices(stage: SnapshotStage, signal?: AbortSignal, rootsOnly = false): Promise<void> {
    return takeInSlices(this.store, stage, (change) => this.emit(change), signal, !rootsOnly);
  }

  loadSnapshot(
    sessions: readonly SessionInfo[] | SnapshotStage,
    statuses: Readonly<Record<string, SessionStatus>>,
    requests: readonly PendingRequest[],
    unreadDirectories: readonly string[] = [],
    rootsOnly = false,
  ): void {
    this.emit(this.store.loadSnapshot(sessions, statuses, requests, unreadDirectories, rootsOnly));
    this.streamOpen = true;
  }

  /** The server's pending requests as just listed (directories it could not list keep what the store had). */
  replaceRequests(requests: readonly PendingRequest[], unreadDirectories: readonly string[] = []): void {
    this.emit(this.store.replaceRequests(requests, unreadDirectories));
  }

  /** An event from the live stream. */
  applyLive(event: StoreEvent): void {
    const messageId = liveMessageId(event);
    if (messageId) this.noteLive(messageId);
    if (event.type === 'session.deleted') this.sequences.forget(event.sessionID);
    this.emit(this.store.apply(event));
    this.trees.noticed(event);
  }

  /**
   * The sessions that were working when the last stream ended, as the store knows them until a snapshot (none on a
   * first connection). Asked as each attempt to connect starts; on the first since a stream was open, it also notes
   * which sessions held every message then (caught up on what they missed, they hold every message again) and when
   * each idle one last changed (`movedWhileIdle`).
   */
  behind(): string[] {
    const noting = this.streamOpen;
    this.streamOpen = false;
    if (noting) {
      this.completeAtDrop = new WeakSet();
      this.idleAtDrop = new WeakMap();
    }
    const ids: string[] = [];
    for (const record of this.store.all()) {
      if (noting && this.history.isComplete(record)) this.completeAtDrop.add(record);
      if (record.status.type === 'idle') {
        if (noting) this.idleAtDrop.set(record, record.info.time.updated);
        continue;
      }
      ids.push(record.info.id);
    }
    return ids;
  }

  /**
   * Sessions that were idle when the last stream ended and changed since (a later `time.updated` in the snapshot):
   * what they did meanwhile came on no stream. Only those with something here to bring up to date (a message held,
   * or every one), the most recently changed first, MAX_MOVED at most; asked once per gap. The rest are read whole
   * when a view wants them (their history is not complete: MessageHistory.isComplete).
   */
  movedWhileIdle(): string[] {
    const moved: SessionRecord[] = [];
    for (const record of this.store.all()) {
      const then = this.idleAtDrop.get(record);
      if (then === undefined || record.info.time.updated <= then) continue;
      if (this.completeAtDrop.has(record) || newestMessage(record) !== undefined) moved.push(record);
    }
    this.idleAtDrop = new WeakMap();
    moved.sort((a, b) => b.info.time.updated - a.info.time.updated);
    return moved.slice(0, MAX_MOVED).map((r) => r.info.id);
  }

  /** What a session missed while no stream was open is in (its log replayed, or read): complete again if it was then. */
  caughtUp(sessionId: string): void {
    const record = this.store.get(sessionId);
    if (record && this.completeAtDrop.has(record)) this.history.caughtUp(record);
  }

  /**
   * Reads what a session missed while no stream was open (its log could not be replayed, or it was idle then and
   * moved): the messages after the last one the store holds where the server pages newest first, else every message.
   */
  async rereadMessages(sessionId: string, signal?: AbortSignal): Promise<void> {
    const record = this.store.get(sessionId);
    if (!record) return;
    const api = this.api();
    const last = newestMessage(record);
    const read = (
      last && api.loadMessagesSince
        ? api.loadMessagesSince(record.info, this.sink, last, signal)
        : api.loadEveryMessage(record.info, this.sink, signal)
    ).then(() => {
      if (!signal?.aborted) this.caughtUp(sessionId);
    });
    // A view that wants the whole history meanwhile waits for this read (it makes it whole again, if it was).
    this.history.catchingUp(record, read);
    await read;
  }

  /** Reads the newest `limit` messages of a session into the store (the context %). */
  async loadRecentMessages(sessionId: string, limit: number): Promise<void> {
    const record = this.store.get(sessionId);
    // One being deleted answers 404 by now: its row goes with the deletion's event.
    if (record && !this.trees.isGone(sessionId)) await this.api().loadRecentMessages(record.info, this.sink, limit);
  }

  /** Reads every message of a session into the store, unless it is already complete there. */
  async loadAllMessages(sessionId: string, signal?: AbortSignal): Promise<void> {
    const record = this.store.get(sessionId);
    if (record && !this.trees.isGone(sessionId)) await this.history.ensure(record, signal);
  }

  /** Re-reads one session (info, then its newest messages) and applies it like a live update. */
  async refreshSession(sessionId: string): Promise<void> {
    const record = this.store.get(sessionId);
    if (!record || this.trees.isGone(sessionId)) return;
    const read = await this.api().getSession(record.info);
    // Gone on the server while we missed the event: drop it here too.
    if (!read) return this.sink.apply({ type: 'session.deleted', sessionID: sessionId });
    if (read.info) this.sink.apply({ type: 'session.upsert', info: read.info });
    await this.loadRecentMessages(sessionId, RECENT_MESSAGES);
  }

  /** Remembers a live message id, most recent last; the oldest goes once there are LIVE_MESSAGE_IDS. */
  private noteLive(id: string): void {
    this.liveMessages.delete(id);
    this.liveMessages.add(id);
    if (this.liveMessages.size > LIVE_MESSAGE_IDS) this.liveMessages.delete(this.liveMessages.values().next().value!);
  }

  /** How many live message ids are kept (tests and the soak). */
  get liveMessageCount(): number {
    return this.liveMessages.size;
  }

  private emit(change: StoreChange): void {
    if (change.changed.size || change.structure.size || change.removed.size) this.changed.fire(change);
  }
}

/** The id of the newest message the store holds of a session (a prompt or a reply), if any. */
function newestMessage(record: SessionRecord): string | undefined {
  let newest: { id: string; created: number } | undefined;
  for (const [id, message] of record.messages) if (!newest || message.created > newest.created) newest = { id, created: message.created };
  for (const [id, message] of record.userMessages)
    if (!newest || message.created > newest.created) newest = { id, created: message.created };
  return newest?.id;
}

/** The message a live event is about, for `MessageSink.seenLive`. */
function liveMessageId(event: StoreEvent): string | undefined {
  if (event.type === 'message.assistant') return event.info.id;
  if (event.type === 'message.removed') return event.messageID;
  // A compaction's step, measured live from the totals' growth.
  if (event.type === 'session.totals') return event.compaction?.messageID;
  return undefined;
}
