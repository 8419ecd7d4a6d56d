// The active session's cost and tokens in the status bar, coloured by the session, hourly, daily and
// weekly budgets. It follows the one change flow: each source's change updates what it shows of that
// source (the active session's figures when it is touched, the budget windows when something spent, at
// most once a second, the context % when its session changes), then the item is drawn from what it holds.
// A draw reads nothing and raises nothing; the budget feature warns (features/budget/budgetWarnings.ts).
import * as vscode from 'vscode';
import { Disposable } from '../../base/disposable';
import { affectsSetting } from '../../app/settings/settingAccess';
import { WideFigures, type Figures } from '../../app/budgets/budgetFigures';
import type { ServerConnection } from '../../client/serverConnection';
import { loadSessionContext } from '../../client/serverConnection';
import type { BudgetLevel } from '../../store/budget';
import type { ContextUsage } from '../../store/contextUsage';
import { SpendWatch } from '../../store/spendMoved';
import { ContextAlert } from './contextAlert';
import type { StatusSources } from './statusFigures';
import { statusLabel, statusText } from './statusText';
import { statusTooltip } from './statusTooltip';
import { goCompactText, goLines } from './goLines';
import { sessionRef } from '../../app/sessions/sessionRef';
import type { SessionRef } from '../../store/sessionRef';
import type { ActiveTarget } from '../../app/sessions/activeSession';
import { shownPause, waitingElsewhere } from './statusMarks';

const BACKGROUND: Record<BudgetLevel, vscode.ThemeColor | undefined> = {
  ok: undefined,
  warning: new vscode.ThemeColor('statusBarItem.warningBackground'),
  error: new vscode.ThemeColor('statusBarItem.errorBackground'),
};

/** How soon a forecast is looked at again when no event comes (a pace is called stopped after a minute at least). */
const PACE_RECHECK_MS = 30_000;

/** What a draw writes: everything computed before it. */
interface Shown {
  text: string;
  label: string;
  tooltip: vscode.MarkdownString;
  level: BudgetLevel;
  ref: SessionRef;
  /** What a click runs: Show Usage, or Raise Budget and Resume… while a budget pauses the session's tree. */
  click: 'opencodeSessions.showUsage' | 'opencodeSessions.raiseBudgetAndResume';
}

export class CostStatusBar extends Disposable {
  /** What VS Code shows: empty while hidden. */
  readonly item = this._register(vscode.window.createStatusBarItem('opencodeSessions.cost', vscode.StatusBarAlignment.Left, 50));
  private readonly contextAlert = new ContextAlert();
  /** The budget windows and the all-sessions total, which read every server: at most once a second. */
  private readonly wide: WideFigures;
  /** Whether a frame spent anything: only then may the windows have moved. */
  private readonly spent: SpendWatch<ServerConnection>;
  /** The wide figures are read again once a second's worth old, after something spent or they were used old. */
  private readonly wideTimer = this.ownTimer();
  /** While something spends, a forecast changes with the clock alone (spending stops): read again meanwhile. */
  private readonly paceTimer = this.ownTimer();
  private target: ActiveTarget | undefined;
  private figures: Figures | undefined;
  /** The context % of `target`'s session, once read. */
  private context: { record: ActiveTarget['record']; usage: ContextUsage | undefined } | undefined;
  /** Context reads are async: only the newest one may write. */
  private generation = 0;
  private shownNow: Shown | undefined;
  private readingContext = false;

  constructor(private readonly sources: StatusSources) {
    super();
    const { active, registry, spend, cluster, goPlan, sessions } = sources;
    this.wide = new WideFigures(sources);
    this.spent = new SpendWatch(registry.all);
    this.item.name = vscode.l10n.t('OpenCode Session Cost');
    this._register(active.onDidChange((target) => this.follow(target)));
    this._register(sessions.onDidChange((change) => this.spent.moved(change.sessions) && this.windowsMoved()));
    this._register(spend.onDidLoad(() => this.fresh()));
    // Servers and the cluster coming and going change the all-sessions figure (within the second).
    this._register(registry.onDidChange(() => this.fresh()));
    if (cluster) this._register(cluster.onDidChange(() => this.fresh()));
    if (goPlan) this._register(goPlan.onDidChange(() => this.update()));
    if (sources.decorations) this._register(sources.decorations.onDidChange(() => this.update()));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => affectsSetting(e) && this.fresh()));
    this.follow(active.get());
  }

  /**
   * Whether a redraw of what is shown is still due without any change: its context % being read, the budget
   * windows loading, or new wide figures due (tests wait for it before watching the item).
   */
  get settling(): boolean {
    return this.readingContext || this.sources.spend.loading || this.wideTimer.pending || this.paceTimer.pending;
  }

  /** The active session is another one, or what is shown of it changed. */
  private follow(target: ActiveTarget | undefined): void {
    if (target?.record !== this.target?.record) this.context = undefined;
    this.target = target;
    this.readFigures();
    this.update();
    if (target) void this.readContext(target);
  }

  /** Something spent: the windows are read again once the last read is a second old. */
  private windowsMoved(): void {
    if (this.target && !this.wideTimer.pending) this.wideTimer.set(() => this.fresh(), this.wide.wait());
  }

  /** The wide figures read again now (a setting changed, the windows finished reading, servers came or went). */
  private fresh(): void {
    this.wide.stale();
    this.readFigures();
    this.update();
  }

  private readFigures(): void {
    const target = this.target;
    if (!target) return void (this.figures = undefined);
    // Figures that used wide ones older than a second are followed by new ones.
    this.figures = this.wide.of(target, (ms) => {
      if (!this.wideTimer.pending) this.wideTimer.set(() => this.fresh(), ms);
    });
    const pacing = Object.values(this.figures.forecasts).some((f) => f?.state === 'reached' || f?.state === 'afterReset');
    if (pacing && !this.paceTimer.pending) this.paceTimer.set(() => this.fresh(), PACE_RECHECK_MS);
  }

  /** The context % needs the newest reply and the model's limit, which may take a request: read here, never in a draw. */
  private async readContext(target: ActiveTarget): Promise<void> {
    const generation = ++this.generation;
    this.readingContext = true;
    const usage = await loadSessionContext(target.connection, target.record.info.id).catch(() => undefined);
    if (generation === this.generation) this.readingContext = false;
    if (generation !== this.generation || target.record !== this.target?.record) return;
    this.context = { record: target.record, usage };
    this.contextAlert.check(target, usage);
    this.update();
  }

  /** What is shown, from what is held, then drawn. */
  private update(): void {
    const { target, figures } = this;
    this.shownNow = target && figures && this.compose(target, figures);
    this.draw();
  }

  private compose(target: ActiveTarget, figures: Figures): Shown {
    const { spent, limits, allServers, forecasts, serverPaces, partial } = figures;
    const go = goCompactText(this.sources.goPlan);
    const others = waitingElsewhere(this.sources.decorations, target);
    const plan = goLines(this.sources.goPlan);
    const context = this.context?.record === target.record ? this.context.usage : undefined;
    const paused = shownPause(this.sources.decorations, target);
    const waiting =
      others === 1 ? vscode.l10n.t('1 other session waits for you') : vscode.l10n.t('{0} other sessions wait for you', others);
    const label = others ? `${statusLabel(target)}, ${waiting}` : statusLabel(target);
    return {
      text: [
        ...(paused ? [`$(${paused.icon?.id}) ${paused.words}`] : []),
        statusText(target),
        ...(go ? [`$(dashboard) ${go}`] : []),
        // No bell of its own: the waiting item beside it (`$(bell) 1 waiting`) counts them, and a click lists them.
      ].join(' · '),
      label: paused ? `${paused.words}, ${label}` : label,
      click: paused?.context?.includes('paused') ? 'opencodeSessions.raiseBudgetAndResume' : 'opencodeSessions.showUsage',
      tooltip: statusTooltip({ target, context, spent, limits, allServers, forecasts, serverPaces, partial, plan }),
      level: figures.level,
      ref: sessionRef(target.connection, target.record.info.id),
    };
  }

  /** Writes what `update` computed: no reads, no notifications. */
  private draw(): void {
    const shown = this.shownNow;
    if (!shown) {
      this.item.text = '';
      this.item.command = undefined;
      this.item.hide();
    } else {
      this.item.text = shown.text;
      this.item.backgroundColor = BACKGROUND[shown.level];
      this.item.accessibilityInformation = { label: shown.label };
      this.item.tooltip = shown.tooltip;
      // The session shown, not the tree's selection: Show Usage prefers a selected row, which may be another's.
      // Set when the session changes only: each new command goes to VS Code.
      const command = this.item.command as vscode.Command | undefined;
      const clicked = command?.arguments?.[0] as SessionRef | undefined;
      if (clicked?.serverId !== shown.ref.serverId || clicked.sessionId !== shown.ref.sessionId || command?.command !== shown.click)
        this.item.command = {
          command: shown.click,
          title: shown.click === 'opencodeSessions.showUsage' ? vscode.l10n.t('Show Usage') : vscode.l10n.t('Raise Budget and Resume…'),
          arguments: [shown.ref],
        };
      this.item.show();
    }
  }
}
