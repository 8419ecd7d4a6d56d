// What the usage panel shows for one session: its steps (from paged messages) and the summary, kept
// current from the connection's store. No `vscode` import; the panel adapts it.
import { Emitter } from '../client/emitter';
import { clientFor } from '../client/opencodeClient';
import type { ServerConnection } from '../client/serverConnection';
import { asServerError } from '../client/serverError';
import { modelKey } from '../store/modelLimits';
import { usageByDay } from '../store/usageByDay';
import { buildSummary } from '../present/usageSummary';
import { extractSteps } from '../present/usageSteps';
import type { StepRow, UsageSummary } from '../../webview/protocol';
import { SessionMessages, type PagedMessagesClient } from './sessionMessages';
import { TrendLoader } from './trendLoader';

export class UsageModel {
  readonly onDidChange = new Emitter<void>();
  steps: StepRow[] = [];
  summary?: UsageSummary;
  error?: string;
  private messages?: SessionMessages;
  private readonly limits = new Map<string, number | undefined>();
  private readonly abort = new AbortController();
  private loading = true;
  private refreshing = false;
  private again = false;
  private subscription?: { dispose(): void };
  /** Reads the rest of the server's sessions for the per-day trend, while the panel is open. */
  private trend?: TrendLoader;

  constructor(
    readonly connection: ServerConnection,
    readonly sessionId: string,
    private readonly threshold: () => number,
    private readonly makeClient?: (directory: string) => Promise<PagedMessagesClient>,
  ) {}

  async start(): Promise<void> {
    const record = this.connection.store.get(this.sessionId);
    if (!record) return this.fail('The session is gone.');
    try {
      const client = this.makeClient ? await this.makeClient(record.info.directory) : clientFor(await this.connection.endpoint(), record.info.directory);
      this.messages = new SessionMessages(client, this.sessionId);
      // Live changes during the first load are picked up by the refresh that follows it.
      this.subscription = this.connection.onDidChangeSessions.on((change) => {
        if (change.changed.has(this.sessionId)) void this.refresh();
      });
      this.trend = new TrendLoader(this.connection, () => void this.rebuild());
      this.trend.start();
      await this.messages.loadAll(this.abort.signal, () => void this.rebuild());
      this.loading = false;
      await this.rebuild();
      await this.refresh();
    } catch (err) {
      if (!this.abort.signal.aborted) this.fail(asServerError(err, 'Reading messages').message);
    }
  }

  dispose(): void {
    this.abort.abort();
    this.subscription?.dispose();
    this.trend?.dispose();
    this.onDidChange.clear();
  }

  /** Re-reads the newest page; one request at a time, and one more if changes came in meanwhile. */
  private async refresh(): Promise<void> {
    if (!this.messages || this.loading) return;
    if (this.refreshing) {
      this.again = true;
      return;
    }
    this.refreshing = true;
    try {
      do {
        this.again = false;
        await this.messages.refreshNewest(this.abort.signal);
        // Totals and children move with the store even when no message changed.
        await this.rebuild();
      } while (this.again && !this.abort.signal.aborted);
    } catch (err) {
      if (!this.abort.signal.aborted) this.error = asServerError(err, 'Reading messages').message;
    } finally {
      this.refreshing = false;
    }
  }

  private async rebuild(): Promise<void> {
    if (!this.messages || this.abort.signal.aborted) return;
    await this.resolveLimits();
    const record = this.connection.store.get(this.sessionId);
    if (!record) return this.fail('The session is gone.');
    const { steps, compactions } = extractSteps(this.messages.all, (p, m) => this.limits.get(modelKey(p, m)));
    const known = [...this.limits.values()].filter((l): l is number => l !== undefined);
    this.steps = steps;
    this.summary = buildSummary({
      record,
      server: this.connection.label,
      inclusive: this.connection.store.inclusive(this.sessionId),
      descendants: this.connection.store.descendantsOf(this.sessionId),
      trend: usageByDay(this.connection.store.all(), (r) => this.connection.history.isComplete(r)),
      steps,
      compactions,
      contextLimit: known.length ? Math.max(...known) : undefined,
      threshold: this.threshold(),
      loading: this.loading,
    });
    this.error = undefined;
    this.onDidChange.fire();
  }

  /** Context limits of the models this session used, asked once per model. */
  private async resolveLimits(): Promise<void> {
    for (const raw of this.messages?.all ?? []) {
      const info = (raw as { info?: { role?: unknown; providerID?: unknown; modelID?: unknown } }).info;
      if (info?.role !== 'assistant' || typeof info.providerID !== 'string' || typeof info.modelID !== 'string') continue;
      const key = modelKey(info.providerID, info.modelID);
      if (!this.limits.has(key)) this.limits.set(key, await this.connection.modelLimits.contextLimit(info.providerID, info.modelID));
    }
  }

  private fail(message: string): void {
    this.error = message;
    this.onDidChange.fire();
  }
}
