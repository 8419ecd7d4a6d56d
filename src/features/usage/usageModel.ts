// What the usage panel shows for one session: its steps and the summary, from the connection's store (the same
// message history the status bar and the trend use), loaded page by page and kept current by live events. It
// follows the sessions model's frames (one batch per frame): a frame that changed some of the session's
// messages replaces or appends those rows only (StepList), and says from which row the panel must redraw.
// No `vscode` import; the panel adapts it.
import { Disposable, toDisposable } from '../../base/disposable';
import { Emitter, type Event } from '../../base/emitter';
import type { StoreChange } from '../../store/storeChange';
import type { ServerConnection } from '../../client/serverConnection';
import { asServerError } from '../../client/serverApi';
import { modelKey } from '../../store/modelLimits';
import type { ListPricer } from '../../store/price/listPricer';
import { StepList } from '../../present/usageStepList';
import { usageSummary, type StepRow, type UsageSummary } from './usageReport';
import { TrendLoader } from './trendLoader';
import type { ExportTimeline } from '../../present/usageExport';
import { timelineWords } from '../../present/timelineWords';
import { treeTimelineSteps } from '../../store/timeline/treeTimeline';
import { runSliced, type Steps } from '../../base/slices';
import { timelineStatus } from '../../store/timeline/timelineTypes';
import { DayTrend } from '../../store/usageByDay';
import type { SessionRecord } from '../../store/sessionRecord';

/** A server's store changes, as the sessions model batches them. */
export type ChangesOf = (connection: ServerConnection) => Event<StoreChange>;

/** What a frame asks of the rows: those of some messages, all of them, or none (only the summary moved). */
type Pending = ReadonlySet<string> | 'all' | undefined;

export class UsageModel extends Disposable {
  private readonly changed = this._register(new Emitter<void>());
  readonly onDidChange = this.changed.event;
  summary?: UsageSummary;
  error?: string;
  private readonly list = new StepList();
  /** The first row that changed since the panel last took them (`takeChangedFrom`). */
  private changedFrom = 0;
  private readonly limits = new Map<string, number | undefined>();
  /** The largest of `limits` (a limit, once read, never moves): the summary's, without reading them all again. */
  private largestLimit?: number;
  /** The prices the rows were built with: when they move, every row is built again. */
  private builtWith?: { pricer: ListPricer | undefined };
  private readonly abort = new AbortController();
  private loading = true;
  /** The first read failed: the panel keeps saying so rather than showing an empty session. */
  private failed = false;
  /** A rebuild is under way (it may wait for a model's limit); frames meanwhile gather here. */
  private running?: Promise<void>;
  private pending: Pending | 'none' = 'none';
  /** Reads the rest of the server's sessions for the per-day trend, while the panel is open. */
  private trendLoader?: TrendLoader;
  /** The server's usage per day, kept per session as the store changes. */
  private readonly trend: DayTrend;
  /**
   * While the pages load, the messages the rows were last built with. Pages come newest first, so each older page
   * rebuilds every row and the panel redraws them all: built again only once the messages have doubled (and once
   * the last page is in), a session of n steps costs O(n) to show, not O(n²) (20 000 steps took 164 s).
   */
  private builtWhileLoading = 0;

  constructor(
    readonly connection: ServerConnection,
    readonly sessionId: string,
    private readonly threshold: () => number,
    /** The server's store changes, as the sessions model batches them (one per frame). */
    private readonly changes: Event<StoreChange>,
    /** Whether rows show list-price estimates (the setting, read at each build: app/settings/listPrice.ts). */
    private readonly showListPrice: () => boolean,
  ) {
    super();
    this.trend = new DayTrend(connection.sessions, (record) => connection.history.isComplete(record));
    this._register(toDisposable(() => this.abort.abort()));
  }

  get steps(): readonly StepRow[] {
    return this.list.rows;
  }

  async start(): Promise<void> {
    if (!this.connection.sessions.get(this.sessionId)) return this.fail('The session is gone.');
    // Pages read by the history and live events both reach the store, and through it the panel.
    this._register(
      this.changes((change) => {
        if (change.removed.has(this.sessionId) || change.changed.has(this.sessionId))
          this.refresh(change.messages?.get(this.sessionId) ?? undefined);
      }),
    );
    this.trendLoader = this._register(new TrendLoader(this.connection, this.changes, () => this.refresh(undefined)));
    this.trendLoader.start();
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
    this.refresh('all');
    // A drain that ends while a hold kept its frames starts the next one itself (refresh): wait for every one.
    while (this.running) await this.running;
  }

  /** The first row the panel must send again since it last asked (then none, until the next change). */
  takeChangedFrom(): number {
    const from = this.changedFrom;
    this.changedFrom = this.list.rows.length;
    return from;
  }

  /** The session tree's time, as the export says it (read now: running steps end now), built in slices. */
  async exportTimeline(): Promise<ExportTimeline | undefined> {
    const timeline = await runSliced(treeTimelineSteps(this.connection.sessions, this.sessionId, { now: Date.now() }));
    return timeline && { status: timelineStatus(timeline.figures), words: timelineWords(timeline.figures) };
  }

  /** Reads the sessions whose read for the trend failed again. */
  retryTrend(): void {
    this.trendLoader?.retry();
  }

  /** A frame changed the session (`messages`: which of its messages), or the trend or loading moved. */
  private refresh(messages: Pending): void {
    if (this.failed || this.abort.signal.aborted) return;
    // Held while loading: every row is built once the hold ends, so no set of ids is kept growing meanwhile.
    this.pending = this.holding() ? 'all' : merge(this.pending === 'none' ? undefined : this.pending, messages);
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
      // Asked for after the drain's last look (the load ended meanwhile): not left waiting for the next frame.
      if (this.pending !== 'none' && !this.holding()) this.refresh(undefined);
    });
  }

  /** Loading, and the messages have not doubled since the rows were last built (builtWhileLoading). */
  private holding(): boolean {
    const record = this.connection.sessions.get(this.sessionId);
    // A session gone meanwhile is not held: the next build says so.
    return !!record && this.loading && this.builtWhileLoading > 0 && record.messages.size < 2 * this.builtWhileLoading;
  }

  private async drain(): Promise<void> {
    while (this.pending !== 'none' && !this.abort.signal.aborted && !this.holding()) {
      const messages = this.pending;
      this.pending = 'none';
      await this.rebuild(messages);
    }
  }

  private async rebuild(messages: Pending): Promise<void> {
    const before = this.connection.sessions.get(this.sessionId);
    if (!before) return this.fail('The session is gone.');
    const pricer = this.showListPrice() ? this.connection.listPrices.pricer : undefined;
    // A model's limit is asked before its rows are built and never moves: only other prices build every row again.
    const every = !this.builtWith || this.builtWith.pricer !== pricer || messages === 'all';
    await this.resolveLimits(before, every ? 'all' : messages);
    const built = this.connection.sessions.get(this.sessionId);
    if (!built || this.abort.signal.aborted) return built ? undefined : this.fail('The session is gone.');
    // Only a build of rows moves the hold (a summary's alone, for the trend, does not).
    if (this.loading && messages !== undefined) this.builtWhileLoading = Math.max(1, built.messages.size);
    this.builtWith = { pricer };
    const limit = (providerID: string, modelID: string) => this.limits.get(modelKey(providerID, modelID));
    // Every row is built in slices (a session of 100 000 steps was one step of ~250 ms); frames meanwhile wait.
    const from = every
      ? ((await runSliced(this.list.build(built, limit, pricer))) ?? 0)
      : messages
        ? ((await runSliced(this.list.updating(built, messages, limit, pricer))) ?? 0)
        : this.list.rows.length;
    // The server's sessions by day, in slices too (its first read sums every message of every session).
    const trend = (await runSliced(this.trend.reading()))!;
    // Each model's share, in slices too (a session on a model per step has as many models as steps).
    const shares = (await runSliced(this.list.shares()))!;
    const record = this.connection.sessions.get(this.sessionId);
    if (!record || this.abort.signal.aborted) return record ? undefined : this.fail('The session is gone.');
    this.changedFrom = Math.min(this.changedFrom, from);
    const steps = { compactions: this.list.compactions, ...shares };
    this.summary = usageSummary(this.connection, record, steps, trend, this.largestLimit, {
      threshold: this.threshold(),
      loading: this.loading,
      trendFailed: this.trendLoader?.progress().failed,
    });
    this.changed.fire();
  }

  /**
   * Context limits of the models of these messages of the session (all of them: 'all'), asked once per model. The
   * new models are found in slices, then asked one by one, the loop given back every LIMITS_SLICE of them: known
   * limits answer at once, so a session on a model per step was one step of 100 000 awaits.
   */
  private async resolveLimits(record: SessionRecord, messages: Pending): Promise<void> {
    if (!messages) return;
    const models = (await runSliced(newModels(record, messages === 'all' ? record.messages.keys() : messages, this.limits)))!;
    for (const [i, { key, providerID, modelID }] of models.entries()) {
      if (this.abort.signal.aborted) return;
      const limit = await this.connection.modelLimits.contextLimit(providerID, modelID);
      this.limits.set(key, limit);
      if (limit !== undefined && (this.largestLimit === undefined || limit > this.largestLimit)) this.largestLimit = limit;
      if (i % LIMITS_SLICE === LIMITS_SLICE - 1) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  private fail(message: string): void {
    this.error = message;
    this.changed.fire();
  }
}

/** Models' limits asked between two turns given back (resolveLimits). */
const LIMITS_SLICE = 512;
/** Messages read between two yields of newModels. */
const MESSAGES_SLICE = 4096;

/** The models of these messages whose limit is not in `limits`, each once. */
function* newModels(
  record: SessionRecord,
  ids: Iterable<string>,
  limits: ReadonlyMap<string, number | undefined>,
): Steps<Array<{ key: string; providerID: string; modelID: string }>> {
  const models = new Map<string, { key: string; providerID: string; modelID: string }>();
  let read = 0;
  for (const id of ids) {
    const { providerID, modelID } = record.messages.get(id) ?? {};
    if (providerID && modelID) {
      const key = modelKey(providerID, modelID);
      if (!limits.has(key) && !models.has(key)) models.set(key, { key, providerID, modelID });
    }
    if (++read % MESSAGES_SLICE === 0) yield;
  }
  return [...models.values()];
}

/** Two frames' asks as one: every row beats some, some are joined, none adds nothing. */
function merge(a: Pending, b: Pending): Pending {
  if (a === 'all' || b === 'all') return 'all';
  if (!a) return b;
  if (!b) return a;
  return new Set([...a, ...b]);
}
