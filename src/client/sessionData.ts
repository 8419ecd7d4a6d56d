// One server's sessions as the extension holds them: the store, fed by the event stream and by reads of
// single sessions and their messages, with the rule that a fetched copy never overwrites what the live
// stream already reported. The connection drives it; views read it through `SessionReader`. What is read on
// demand (messages, one session again, the catalogs) is SessionReads'.
import { type SessionInfo, type SessionStatus, type StoreEvent } from '../store/events';
import type { SessionReader } from '../store/sessionReader';
import type { PendingRequest } from '../store/pendingRequest';
import { SessionStore, type StoreChange } from '../store/sessionStore';
import type { SnapshotStage } from '../store/snapshotStage';
import { Emitter } from './emitter';
import { liveMessageId, type MessageSink } from './v1/messageLoader';
import { SessionReads, type ApiSource } from './sessionReads';

export class SessionData {
  private readonly store = new SessionStore();
  private readonly changed = new Emitter<StoreChange>();
  readonly onDidChange = this.changed.event;

  /** No one hears this server's sessions any more (it was removed). */
  dispose(): void {
    this.changed.dispose();
  }
  /** Messages the live stream reported since it (re)connected: fetched copies must not overwrite them. */
  private liveMessages = new Set<string>();
  readonly sink: MessageSink = {
    seenLive: (id) => this.liveMessages.has(id),
    apply: (event) => this.emit(this.store.apply(event)),
    malformed: (kind) => this.onMalformed?.(kind),
  };
  private readonly reads: SessionReads;
  /** Which sessions have every message in the store (per-day figures), and their loader. */
  readonly history: SessionReads['history'];
  /** Context limits per model, for the context %. */
  readonly modelLimits: SessionReads['modelLimits'];
  /** List prices from the server's catalog; once read, the rows that show one are drawn again with it. */
  readonly listPrices: SessionReads['listPrices'];

  constructor(
    api: ApiSource,
    /** Told each message or part of a fetched page that was skipped as malformed. */
    private readonly onMalformed?: (kind: string) => void,
  ) {
    this.reads = new SessionReads(api, this.store, this.sink, (change) => this.emit(change));
    this.history = this.reads.history;
    this.modelLimits = this.reads.modelLimits;
    this.listPrices = this.reads.listPrices;
  }

  get reader(): SessionReader {
    return this.store;
  }

  /** A new event stream: what it reports is new again, and the server may have restarted with other models. */
  reconnected(): void {
    this.liveMessages = new Set();
    this.reads.reconnected();
  }

  /**
   * The first pages of a long listing, shown while the rest loads: only on a first connect (an empty store), so a
   * reconnect never drops what is listed. Statuses and requests come with the whole snapshot (loadSnapshot).
   */
  preview(stage: SnapshotStage): void {
    if (!this.store.size) this.emit(this.store.loadSnapshot(stage));
  }

  loadSnapshot(
    sessions: readonly SessionInfo[] | SnapshotStage,
    statuses: Readonly<Record<string, SessionStatus>>,
    requests: readonly PendingRequest[],
    unreadDirectories: readonly string[] = [],
  ): void {
    this.emit(this.store.loadSnapshot(sessions, statuses, requests, unreadDirectories));
  }

  /** The server's pending requests as just listed (directories it could not list keep what the store had). */
  replaceRequests(requests: readonly PendingRequest[], unreadDirectories: readonly string[] = []): void {
    this.emit(this.store.replaceRequests(requests, unreadDirectories));
  }

  /** An event from the live stream. */
  applyLive(event: StoreEvent): void {
    const messageId = liveMessageId(event);
    if (messageId) this.liveMessages.add(messageId);
    this.emit(this.store.apply(event));
  }

  /** Reads the newest `limit` messages of a session into the store (the context %). */
  loadRecentMessages(sessionId: string, limit: number): Promise<void> {
    return this.reads.loadRecentMessages(sessionId, limit);
  }

  /** Reads every message of a session into the store, unless it is already complete there. */
  loadAllMessages(sessionId: string, signal?: AbortSignal): Promise<void> {
    return this.reads.loadAllMessages(sessionId, signal);
  }

  /** Re-reads one session (info, then its newest messages) and applies it like a live update. */
  refreshSession(sessionId: string): Promise<void> {
    return this.reads.refreshSession(sessionId);
  }

  private emit(change: StoreChange): void {
    if (change.changed.size || change.structure.size || change.removed.size) this.changed.fire(change);
  }
}
