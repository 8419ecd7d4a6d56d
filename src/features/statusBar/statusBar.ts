// The active session's cost and tokens in the status bar, coloured by the session, hourly, daily and
// weekly budgets.
import * as vscode from 'vscode';
import { Disposable } from '../../base/disposable';
import { affectsSetting } from '../../app/settings/settingAccess';
import { loadSessionContext } from '../../client/sessions/sessionContext';
import type { BudgetLevel } from '../../store/budget';
import { BudgetAlerts } from './budgetAlerts';
import { ContextAlert } from './contextAlert';
import { WideFigures, type StatusSources } from './statusFigures';
import { statusLabel, statusText } from './statusText';
import { statusTooltip } from './statusTooltip';
import { goCompactText, goLines } from './goLines';
import { sessionRef, type SessionRef } from '../../app/commands/sessionTarget';
import type { ActiveTarget } from '../../app/activeSession';
import { rootOf } from '../../store/attention';

const BACKGROUND: Record<BudgetLevel, vscode.ThemeColor | undefined> = {
  ok: undefined,
  warning: new vscode.ThemeColor('statusBarItem.warningBackground'),
  error: new vscode.ThemeColor('statusBarItem.errorBackground'),
};

/** How soon a forecast is looked at again when no event comes (a pace is called stopped after a minute at least). */
const PACE_RECHECK_MS = 30_000;

export class CostStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('opencodeSessions.cost', vscode.StatusBarAlignment.Left, 50));
  private readonly budgets = new BudgetAlerts();
  private readonly contextAlert = new ContextAlert();
  /** Renders are async (the context % may read messages): only the newest one may write. */
  private generation = 0;
  private level: BudgetLevel = 'ok';
  /** The budget windows and the all-sessions total, which read every server: renders follow every event, these not. */
  private readonly wide: WideFigures;
  /** The status bar's one timer: a render that used older wide figures is followed by one with new ones. */
  private readonly wideTimer = this.ownTimer();
  /** While something spends, a forecast changes with the clock alone (spending stops): renders again meanwhile. */
  private readonly paceTimer = this.ownTimer();

  constructor(private readonly sources: StatusSources) {
    super();
    const { active, registry, spend, cluster, goPlan } = sources;
    this.wide = new WideFigures(sources);
    this.item.name = vscode.l10n.t('OpenCode Session Cost');
    this.register(spend.onDidLoad(() => this.renderFresh()));
    this.register(active.onDidChange(() => void this.render()));
    // Servers and the cluster coming and going change the all-sessions figure (within the second).
    this.register(registry.onDidChange(() => void this.render()));
    if (cluster) this.register(cluster.onDidChange(() => void this.render()));
    if (goPlan) this.register(goPlan.onDidChange(() => void this.render()));
    if (sources.attention) this.register(sources.attention.onDidChange(() => void this.render()));
    this.register(vscode.workspace.onDidChangeConfiguration((e) => affectsSetting(e) && this.renderFresh()));
    void this.render();
  }

  /** The item's current text, what a screen reader names it, its level, and what a click runs, for tests. */
  get shown(): {
    text: string;
    accessibleName: string;
    level: BudgetLevel;
    visible: boolean;
    tooltip: string;
    command: vscode.Command | undefined;
  } {
    const { tooltip, command } = this.item;
    return {
      text: this.item.text,
      accessibleName: this.item.accessibilityInformation?.label ?? '',
      level: this.level,
      visible: !!this.item.text,
      tooltip: typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? ''),
      command: typeof command === 'string' ? { command, title: command } : command,
    };
  }

  /** What the budget warnings said, newest last (for tests). */
  get warnings(): readonly string[] {
    return this.budgets.said;
  }

  private renderFresh(): void {
    this.wide.stale();
    void this.render();
  }

  private async render(): Promise<void> {
    const generation = ++this.generation;
    const target = this.sources.active.get();
    if (!target) {
      this.item.text = '';
      this.item.command = undefined;
      this.item.hide();
      return;
    }
    // A render that used wide figures older than a second is followed by one with new ones.
    const figures = this.wide.of(target, (ms) => {
      if (!this.wideTimer.pending) this.wideTimer.set(() => this.renderFresh(), ms);
    });
    const { spent, limits, allServers, forecasts, serverPaces } = figures;
    const pacing = Object.values(forecasts).some((f) => f?.state === 'reached' || f?.state === 'afterReset');
    if (pacing && !this.paceTimer.pending) this.paceTimer.set(() => this.renderFresh(), PACE_RECHECK_MS);
    const go = goCompactText(this.sources.goPlan);
    const others = waitingElsewhere(this.sources, target);
    this.item.text = [statusText(target), ...(go ? [`$(dashboard) ${go}`] : []), ...(others ? [`$(bell) ${others}`] : [])].join(' · ');
    const plan = goLines(this.sources.goPlan);
    this.level = figures.level;
    this.item.backgroundColor = BACKGROUND[figures.level];
    this.item.accessibilityInformation = {
      label: others ? `${statusLabel(target)}, ${vscode.l10n.t('{0} other sessions wait for you', others)}` : statusLabel(target),
    };
    this.item.tooltip = statusTooltip({ target, spent, limits, allServers, forecasts, serverPaces, plan });
    // The session shown, not the tree's selection: Show Usage prefers a selected row, which may be another's.
    // Set when the session changes only: renders follow every event, and each new command goes to VS Code.
    const clicked = (this.item.command as vscode.Command | undefined)?.arguments?.[0] as SessionRef | undefined;
    if (clicked?.serverId !== target.connection.config.id || clicked.sessionId !== target.record.info.id) {
      const ref = sessionRef(target.connection, target.record.info.id);
      this.item.command = { command: 'opencodeSessions.showUsage', title: vscode.l10n.t('Show Usage'), arguments: [ref] };
    }
    this.item.show();
    this.budgets.checkAll(target, figures);
    // The context % needs the newest reply and the model's limit, which may take a request.
    const context = await loadSessionContext(target.connection, target.record.info.id).catch(() => undefined);
    if (generation !== this.generation) return;
    this.item.tooltip = statusTooltip({ target, context, spent, limits, allServers, forecasts, serverPaces, plan });
    this.contextAlert.check(target, context);
  }
}

/** Root sessions other than the shown one's that wait for your answer. */
function waitingElsewhere(sources: StatusSources, target: ActiveTarget): number {
  const shownRoot = rootOf(target.connection.sessions, target.record.info.id);
  return (sources.attention?.all() ?? []).filter(
    (n) => n.attention === 'waiting' && !(n.connection === target.connection && n.sessionId === shownRoot),
  ).length;
}
