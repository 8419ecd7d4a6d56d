// What the usage panel shows for one session: its steps and the summary, derived from the connection's
// store (the same message history the status bar and the trend use), loaded page by page and kept current
// by live events. No `vscode` import; the panel adapts it.
import { Emitter, type Event } from '../../client/emitter';
import type { StoreChange } from '../../store/sessionStore';
import type { ServerConnection } from '../../client/serverConnection';
import { asServerError } from '../../client/serverError';
import { modelKey } from '../../store/modelLimits';
import { usageReport, type StepRow, type UsageSummary } from './usageReport';
import { TrendLoader } from './trendLoader';
import { showListPrice } from '../../app/settings/listPrice';

/** Live events come many a second while a session runs: the panel redraws at most this often. */
const REBUILD_MS = 100;

/** A server's store changes, as the sessions model batches them. */
export type ChangesOf = (connection: ServerConnection) => Event<StoreChange>;

export class UsageModel {
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  steps: StepRow[] = [];
  summary?: UsageSummary;
  error?: string;
  private readonly limits = new Map<string, number | undefined>();
  private readonly abort = new AbortController();
  private loading = true;
  /** The first read failed: the panel keeps saying so rather than showing an empty session. */
  private failed = false;
  private timer?: ReturnType<typeof setTimeout>;
  private subscription?: { dispose(): void };
  /** Reads the rest of the server's sessions for the per-day trend, while the panel is open. */
  private trend?: TrendLoader;

  constructor(
    readonly connection: ServerConnection,
    readonly sessionId: string,
    private readonly threshold: () => number,
    /** The server's store changes, as the sessions model batches them. */
    private readonly changes: Event<StoreChange>,
  ) {}

  async start(): Promise<void> {
    if (!this.connection.sessions.get(this.sessionId)) return this.fail('The session is gone.');
    // Pages read by the history and live events both reach the store, and through it the panel.
    this.subscription = this.changes((change) => {
      if (change.changed.has(this.sessionId) || change.removed.has(this.sessionId)) this.schedule();
    });
    this.trend = new TrendLoader(this.connection, this.changes, () => this.schedule());
    this.trend.start();
    try {
      await this.connection.loadAllMessages(this.sessionId, this.abort.signal);
    } catch (err) {
      if (this.abort.signal.aborted) return;
      const message = asServerError(err, 'Reading messages').message;
      // Pages already read stay shown; with nothing to show, the panel says what went wrong.
      if (!this.summary) {
        this.failed = true;
        return this.fail(message);
      }
      this.error = message;
    }
    this.loading = false;
    await this.rebuild();
  }

  /** Reads the sessions whose read for the trend failed again. */
  retryTrend(): void {
    this.trend?.retry();
  }

  dispose(): void {
    this.abort.abort();
    clearTimeout(this.timer);
    this.subscription?.dispose();
    this.trend?.dispose();
    this.changed.dispose();
  }

  private schedule(): void {
    if (this.timer || this.failed || this.abort.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.rebuild();
    }, REBUILD_MS);
  }

  private async rebuild(): Promise<void> {
    if (this.abort.signal.aborted) return;
    const before = this.connection.sessions.get(this.sessionId);
    if (!before) return this.fail('The session is gone.');
    await this.resolveLimits(before.messages.values());
    const record = this.connection.sessions.get(this.sessionId);
    if (!record || this.abort.signal.aborted) return record ? undefined : this.fail('The session is gone.');
    const report = usageReport(this.connection, record, this.limits, {
      threshold: this.threshold(),
      loading: this.loading,
      listPrices: showListPrice(),
      trendFailed: this.trend?.progress().failed,
    });
    this.steps = report.steps;
    this.summary = report.summary;
    this.changed.fire();
  }

  /** Context limits of the models this session used, asked once per model. */
  private async resolveLimits(messages: Iterable<{ providerID?: string; modelID?: string }>): Promise<void> {
    for (const { providerID, modelID } of [...messages]) {
      if (!providerID || !modelID) continue;
      const key = modelKey(providerID, modelID);
      if (!this.limits.has(key)) this.limits.set(key, await this.connection.modelLimits.contextLimit(providerID, modelID));
    }
  }

  private fail(message: string): void {
    this.error = message;
    this.changed.fire();
  }
}
