// One server's sessions as the extension holds them: the store, fed by the event stream and by reads of
// single sessions and their messages, with the rule that a fetched copy never overwrites what the live
// stream already reported. The connection drives it; views read it through `SessionReader`.
import type { ServerApi } from './api/serverApi';
import { type SessionInfo, type SessionStatus, type StoreEvent } from '../store/events';
import type { SessionReader } from '../store/sessionReader';
import type { PendingRequest } from '../store/pendingRequest';
import { SessionStore, type StoreChange } from '../store/sessionStore';
import type { SnapshotStage } from '../store/snapshotStage';
import { Emitter } from './emitter';
import { MessageHistory } from './messageHistory';
import { liveMessageId, type MessageSink } from './messageLoader';
import { ModelLimitCache } from './modelLimitCache';
import { PriceCatalogCache } from './priceCatalogCache';
import { listPricedSessions } from '../store/price/listSum';

/** A re-read session's newest messages: enough for its context % and last reply. */
const RECENT_MESSAGES = 20;

/** The API the server speaks now (it can change when the server is upgraded and reconnects). */
export type ApiSource = () => ServerApi;

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
  /** Which sessions have every message in the store (per-day figures), and their loader. */
  readonly history = new MessageHistory((record, signal) => this.api().loadEveryMessage(record.info, this.sink, signal));
  /** Context limits per model, for the context %. */
  readonly modelLimits = new ModelLimitCache(() => this.api().providers());
  /** List prices from the server's catalog; once read, the rows that show one are drawn again with it. */
  readonly listPrices = new PriceCatalogCache(
    () => this.api().priceCatalog(),
    () => this.emit({ changed: listPricedSessions(this.store), structure: new Set(), removed: new Set(), requests: false }),
  );

  constructor(
    private readonly api: ApiSource,
    /** Told each message or part of a fetched page that was skipped as malformed. */
    private readonly onMalformed?: (kind: string) => void,
  ) {}

  get reader(): SessionReader {
    return this.store;
  }

  /** A new event stream: what it reports is new again, and the server may have restarted with other models. */
  reconnected(): void {
    this.liveMessages = new Set();
    this.history.reconnected();
    this.modelLimits.clear();
    this.listPrices.clear();
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
  async loadRecentMessages(sessionId: string, limit: number): Promise<void> {
    const record = this.store.get(sessionId);
    if (!record) return;
    await this.api().loadRecentMessages(record.info, this.sink, limit);
  }

  /** Reads every message of a session into the store, unless it is already complete there. */
  async loadAllMessages(sessionId: string, signal?: AbortSignal): Promise<void> {
    const record = this.store.get(sessionId);
    if (record) await this.history.ensure(record, signal);
  }

  /** Re-reads one session (info, then its newest messages) and applies it like a live update. */
  async refreshSession(sessionId: string): Promise<void> {
    const record = this.store.get(sessionId);
    if (!record) return;
    const read = await this.api().getSession(record.info);
    // Gone on the server while we missed the event: drop it here too.
    if (!read) return this.emit(this.store.apply({ type: 'session.deleted', sessionID: sessionId }));
    if (read.info) this.emit(this.store.apply({ type: 'session.upsert', info: read.info }));
    await this.loadRecentMessages(sessionId, RECENT_MESSAGES);
  }

  private emit(change: StoreChange): void {
    if (change.changed.size || change.structure.size || change.removed.size) this.changed.fire(change);
  }
}
