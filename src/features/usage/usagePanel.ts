// One usage webview: shows the active session's model, posts full reports or row deltas, and while it
// is hidden keeps only a "dirty" mark, so it catches up with the latest state (not a backlog) when shown.
import * as vscode from 'vscode';
import { Emitter } from '../../base/emitter';
import { showError } from '../../app/host/notify';
import type { ActiveTarget } from '../../app/sessions/activeSession';
import { sessionTitle } from '../../present/sessionTitle';
import { pageMessage, type HostToWebview, type StepRow, type UsageSummary, type WebviewToHost } from './protocol';
import { modelPost } from './modelPost';
import { exportSteps } from './exportSteps';
import { describeMalformed } from '../../base/messages';
import { localResourceRoots, panelHtml } from './panelHtml';
import { UsageModel, type ChangesOf } from './usageModel';
import { TimelineFeed } from './timelineFeed';
import type { OpenPause, PauseSpan } from '../../store/timeline/timelineLanes';
import { TimelinePoster } from './timelinePoster';
import { budgetLimits } from '../../app/settings/budgetLimits';
import { showListPrice } from '../../app/settings/listPrice';
import { Disposable, MutableDisposable } from '../../base/disposable';
import { sessionRef } from '../../app/sessions/sessionRef';
import { runCommand } from '../../app/commands/commandTable';

export const USAGE_VIEW_TYPE = 'opencodeSessions.usage';

export class UsagePanel extends Disposable {
  private readonly model = new MutableDisposable<UsageModel>();
  private readonly timeline = new MutableDisposable<TimelineFeed>();
  private ready = false;
  /** The webview has a full report of the current model (live changes then go as updates from a row on). */
  private posted = false;
  /** The page shows its Timeline tab: timeline changes are posted only then. */
  private timelineShown = false;
  /** The page has every lane of the current timeline (changes then go as the bars that changed). */
  private timelinePosted = false;
  /** The feed's takes to the page (in slices and pieces). */
  private readonly poster = new MutableDisposable<TimelinePoster>();
  private dirty = false;
  /** The last message posted, delivered (post). */
  private posting: Thenable<unknown> = Promise.resolve();
  private readonly disposedEmitter = this._register(new Emitter<void>());
  readonly onDidDispose = this.disposedEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly threshold: () => number,
    private readonly changesOf: ChangesOf,
    private readonly warn: (message: string) => void,
    /** The pace line for the header (app/budgets/forecastWords.ts), read at each post. */
    private readonly pace: () => string | undefined = () => undefined,
    /** When a budget paused a session of this server and which, if it is paused. */
    private readonly pausedNow: (serverId: string, sessionId: string) => OpenPause | undefined = () => undefined,
    /** The budget pauses of a session of this server that ended. */
    private readonly pausedBefore: (serverId: string, sessionId: string) => ReadonlyArray<PauseSpan> = () => [],
  ) {
    super();
    // Registered first, so disposed last: listeners hear that the panel is gone once everything else is.
    this._register({ dispose: () => this.disposedEmitter.fire() });
    this._register(panel);
    this._register(this.model);
    this._register(this.timeline);
    this._register(this.poster);
    panel.webview.options = { enableScripts: true, localResourceRoots: localResourceRoots(extensionUri) };
    panel.webview.html = panelHtml(panel.webview, extensionUri);
    this._register(
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const message = pageMessage(raw);
        if (message) void this.receive(message);
        else this.warn(`usage panel: dropped a malformed message from the page: ${describeMalformed(raw)}`);
      }),
    );
    this._register(panel.onDidChangeViewState(() => panel.visible && this.dirty && this.flush()));
    this._register(panel.onDidDispose(() => this.dispose()));
  }

  get sessionId(): string | undefined {
    return this.model.value?.sessionId;
  }

  /** The summary the panel shows now (for tests). */
  get summary(): UsageSummary | undefined {
    return this.model.value?.summary;
  }

  /** The steps the panel shows now (for tests and export). */
  get steps(): readonly StepRow[] {
    return this.model.value?.steps ?? [];
  }

  /** Switches to the active session (a no-op when it already shows it; its own changes arrive via the model). */
  follow(target: ActiveTarget | undefined): void {
    if (!target) {
      if (!this.model.value)
        this.post({ type: 'empty', message: vscode.l10n.t('No OpenCode session yet. Pick one in the Sessions view.') });
      return;
    }
    if (this.model.value?.connection === target.connection && this.model.value.sessionId === target.record.info.id) return;
    const model = new UsageModel(
      target.connection,
      target.record.info.id,
      this.threshold,
      this.changesOf(target.connection),
      showListPrice,
    );
    this.model.value = model;
    this.posted = false;
    this.panel.title = vscode.l10n.t('Usage: {0}', sessionTitle(target.record.info));
    model.onDidChange(() => this.flush());
    const serverId = target.connection.config.id;
    const timeline = new TimelineFeed(
      target.connection,
      target.record.info.id,
      this.changesOf(target.connection),
      () => this.flushTimeline(),
      (id) => this.pausedNow(serverId, id),
      (id) => this.pausedBefore(serverId, id),
    );
    this.timeline.value = timeline;
    this.poster.value = new TimelinePoster(
      timeline,
      (delta) => {
        const budgets = Object.fromEntries(Object.entries(budgetLimits()).filter(([, usd]) => usd > 0));
        this.post({ type: 'timeline', rootId: timeline.rootId, now: Date.now(), ...delta, budgets });
      },
      this.warn,
    );
    timeline.start();
    // A read that throws is logged, not left an unhandled rejection; a panel closed since, or following another
    // session now, has nothing to say about it.
    model
      .start()
      .then(() => timeline.readDescendants())
      .catch((err: unknown) => {
        if (!this.disposed && this.model.value === model)
          this.warn(`usage panel: could not read the session's messages: ${err instanceof Error ? err.message : String(err)}`);
      });
  }

  /** Reads again the sessions whose history could not be read for the trend (the Trends tab's Retry). */
  retryTrend(): void {
    this.model.value?.retryTrend();
  }

  async exportTo(format: 'csv' | 'json', target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const summary = this.model.value?.summary;
    if (!summary) return undefined;
    const uri = await exportSteps(
      summary.sessionID,
      summary.title,
      this.model.value?.steps ?? [],
      format,
      target,
      await this.model.value?.exportTimeline(),
    );
    if (uri) this.post({ type: 'exported', path: uri.fsPath });
    return uri;
  }

  private async receive(message: WebviewToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.posted = false;
        this.timelineShown = false;
        this.poster.value?.clear();
        this.flush();
        return;
      case 'timelineShown':
        this.timelineShown = message.shown;
        // What changed while the tab was hidden goes now (every lane if the page has none of this timeline).
        if (message.shown) this.flushTimeline();
        return;
      case 'export':
        try {
          await this.exportTo(message.format);
        } catch (err) {
          void showError(vscode.l10n.t('Export failed: {0}', err instanceof Error ? err.message : String(err)));
        }
        return;
      case 'retryTrend':
        this.retryTrend();
        return;
      case 'showTurnChanges': {
        const model = this.model.value;
        if (!model) return;
        await runCommand('opencodeSessions.showTurnChanges', sessionRef(model.connection, model.sessionId), {
          stepMessageID: message.messageID,
        });
        return;
      }
    }
  }

  private flush(): void {
    if (!this.ready || !this.panel.visible) {
      this.dirty = true;
      return;
    }
    this.dirty = false;
    const model = this.model.value;
    if (!model) return;
    const report = !this.posted;
    const posts = modelPost(model, report, this.pace());
    for (const message of posts) this.post(message);
    if (!posts.length || posts[0].type === 'error') return;
    this.posted = true;
    if (report) this.timelinePosted = false;
    this.postTimeline();
  }

  /** A sub-agent's change: only its lanes go (the session's own rows and summary follow its model). */
  private flushTimeline(): void {
    if (!this.ready || !this.panel.visible) {
      this.dirty = true;
      return;
    }
    if (this.posted) this.postTimeline();
  }

  /** The lanes that changed (all of them after a report), while the Timeline tab shows; kept for it meanwhile. */
  private postTimeline(): void {
    if (!this.poster.value || !this.timelineShown) return;
    this.poster.value.post(!this.timelinePosted);
    this.timelinePosted = true;
  }

  /** Each message once the one before is delivered: a long report's slices go one a turn, in order. */
  private post(message: HostToWebview): void {
    // (A panel disposed meanwhile rejects: the messages after it are dropped with it.)
    this.posting = this.posting
      .then(() => this.panel.webview.postMessage(message))
      .then(
        () => undefined,
        () => undefined,
      );
  }
}
