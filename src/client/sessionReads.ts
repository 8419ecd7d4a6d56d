// What is read of one server's sessions on demand, beside the snapshot and the live stream (moved from
// SessionData): a session's messages (newest, or every one), one session again, and the model and price
// catalogs the context % and list prices use. Everything read goes into the store through the sink.
import type { ServerApi } from './serverApi';
import { MessageHistory } from './messageHistory';
import type { MessageSink } from './v1/messageLoader';
import { ModelLimitCache } from './modelLimitCache';
import { PriceCatalogCache } from './priceCatalogCache';
import { listPricedSessions } from '../store/price/listSum';
import type { SessionReader } from '../store/sessionReader';
import type { StoreChange } from '../store/sessionStore';

/** A re-read session's newest messages: enough for its context % and last reply. */
const RECENT_MESSAGES = 20;

/** The API the server speaks now (it can change when the server is upgraded and reconnects). */
export type ApiSource = () => ServerApi;

export class SessionReads {
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
    private readonly store: SessionReader,
    /** Where what is read goes: into the store, unless the live stream reported it already. */
    private readonly sink: MessageSink,
    private readonly emit: (change: StoreChange) => void,
  ) {}

  /** A new event stream: the server may have restarted with other models (and may have lost messages). */
  reconnected(): void {
    this.history.reconnected();
    this.modelLimits.clear();
    this.listPrices.clear();
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
    if (!read) return this.sink.apply({ type: 'session.deleted', sessionID: sessionId });
    if (read.info) this.sink.apply({ type: 'session.upsert', info: read.info });
    await this.loadRecentMessages(sessionId, RECENT_MESSAGES);
  }
}
