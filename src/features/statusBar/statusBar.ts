// The active session's cost and tokens in the status bar, coloured by the session, hourly, daily and
// weekly budgets.
// The title never goes into `text` (which renders `$(icon)` syntax); the tooltip escapes it.
import * as vscode from 'vscode';
import type { ActiveSession, ActiveTarget } from '../../app/activeSession';
import { budgetLevel, worstLevel, type BudgetLevel } from '../../store/budget';
import { windowStart, type SpendByWindow } from '../../store/budgetWindows';
import type { BudgetName } from '../../store/sessionStatus';
import { budgetLimits } from '../../app/settings/budgetLimits';
import { formatCost, formatTokens, sessionBadge } from '../../present/format';
import { shownListFigures } from '../../app/settings/listPrice';
import { totalTokens } from '../../store/usage';
import type { ServerRegistry } from '../../app/serverRegistry';
import type { ClusterManager } from '../../app/cluster/clusterManager';
import { clusterTotalOf } from '../../app/cluster/clusterTotalOf';
import { sumMixed, type MixedUsage } from '../../store/k8s/clusterTotals';
import { serverTotal } from '../../store/serverTotal';
import { loadSessionContext } from '../../client/sessionContext';
import { BudgetAlerts } from './budgetAlerts';
import { ContextAlert } from './contextAlert';
import type { SpendWindows } from '../../app/spendWindows';
import { statusTooltip } from './statusTooltip';
import { sessionKey } from '../../store/sessionKey';
import { sessionTitle } from '../../present/sessionTitle';
import { Disposable } from '../../app/disposable';

const WIDE_EVERY_MS = 1000;
const BUDGETS: readonly BudgetName[] = ['session', 'hour', 'day', 'week'];

type AllServers = { total: MixedUsage; servers: number; clusters: number };

const BACKGROUND: Record<BudgetLevel, vscode.ThemeColor | undefined> = {
  ok: undefined,
  warning: new vscode.ThemeColor('statusBarItem.warningBackground'),
  error: new vscode.ThemeColor('statusBarItem.errorBackground'),
};

export class CostStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('opencodeSessions.cost', vscode.StatusBarAlignment.Left, 50));
  private readonly budgets = new BudgetAlerts();
  private readonly contextAlert = new ContextAlert();
  /** Renders are async (the context % may read messages): only the newest one may write. */
  private generation = 0;
  private level: BudgetLevel = 'ok';
  /** The budget windows and the all-sessions total, which read every server: renders follow every event, these not. */
  private wide?: { at: number; windows: SpendByWindow; allServers: AllServers };
  /** The status bar's one timer: a render that used older wide figures is followed by one with new ones. */
  private readonly wideTimer = this.ownTimer();

  constructor(
    private readonly active: ActiveSession,
    private readonly registry: ServerRegistry,
    private readonly spend: SpendWindows,
    private readonly cluster?: ClusterManager,
  ) {
    super();
    this.item.name = vscode.l10n.t('OpenCode Session Cost');
    this.item.command = 'opencodeSessions.showUsage';
    this.register(spend.onDidLoad(() => this.renderFresh()));
    this.register(active.onDidChange(() => void this.render()));
    // Servers and the cluster coming and going change the all-sessions figure (within the second).
    this.register(registry.onDidChange(() => void this.render()));
    if (cluster) this.register(cluster.onDidChange(() => void this.render()));
    this.register(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('opencodeSessions') && this.renderFresh()));
    void this.render();
  }

  /** The item's current text and level, for tests. */
  get shown(): { text: string; level: BudgetLevel; visible: boolean; tooltip: string } {
    const { tooltip } = this.item;
    return { text: this.item.text, level: this.level, visible: !!this.item.text, tooltip: typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? '') };
  }

  /** Local servers by their own totals; each cluster by its total (Agents' sessions and orphan Task summaries once). */
  private allServers(): AllServers {
    const local = this.registry.all.filter((c) => !c.config.cluster);
    const view = this.cluster?.view;
    const parts = [...local.map((c) => serverTotal(c.sessions)), ...(view ? [clusterTotalOf(view, this.registry)] : [])];
    return { total: sumMixed(parts), servers: local.length, clusters: view ? 1 : 0 };
  }

  /** Recomputed at most once a second; a render that used older figures is followed by one with new ones. */
  private wideFigures(limits: Record<BudgetName, number>): { windows: SpendByWindow; allServers: AllServers } {
    const now = Date.now();
    const age = this.wide ? now - this.wide.at : Infinity;
    if (this.wide && age < WIDE_EVERY_MS) {
      if (!this.wideTimer.pending) this.wideTimer.set(() => this.renderFresh(), WIDE_EVERY_MS - age);
      return this.wide;
    }
    this.wide = { at: now, windows: this.spend.current(limits.week > 0, now), allServers: this.allServers() };
    return this.wide;
  }

  private renderFresh(): void {
    this.wide = undefined;
    void this.render();
  }

  private async render(): Promise<void> {
    const generation = ++this.generation;
    const target = this.active.get();
    if (!target) {
      this.item.text = '';
      this.item.hide();
      return;
    }
    const limits = budgetLimits();
    const { windows, allServers } = this.wideFigures(limits);
    const inclusive = target.connection.sessions.inclusive(target.record.info.id);
    const spent: Record<BudgetName, number> = { session: inclusive.cost, hour: windows.hour.used, day: windows.day.used, week: windows.week.used };
    const level = worstLevel(...BUDGETS.map((name) => budgetLevel(spent[name], limits[name])));
    this.item.text = statusText(target);
    this.level = level;
    this.item.backgroundColor = BACKGROUND[level];
    this.item.accessibilityInformation = { label: vscode.l10n.t('OpenCode session cost {0}, {1} tokens', formatCost(target.record.own.cost), formatTokens(totalTokens(target.record.own))) };
    this.item.tooltip = statusTooltip({ target, spent, limits, allServers });
    this.item.show();
    const now = Date.now();
    const keys: Record<BudgetName, string> = {
      session: `session\u0000${sessionKey(target.connection.config.id, target.record.info.id)}`,
      hour: 'hour',
      day: `day\u0000${windowStart('day', now)}`,
      week: `week\u0000${windowStart('week', now)}`,
    };
    // Past 100 % the budget enforcer speaks (in both modes), when something spends: not on picking a session.
    for (const name of BUDGETS) this.budgets.check(keys[name], budgetLevel(spent[name], limits[name]), budgetWhat(name, target), spent[name], limits[name], true);
    // The context % needs the newest reply and the model's limit, which may take a request.
    const context = await loadSessionContext(target.connection, target.record.info.id).catch(() => undefined);
    if (generation !== this.generation) return;
    this.item.tooltip = statusTooltip({ target, context, spent, limits, allServers });
    this.contextAlert.check(target, context);
  }
}

/** The tree row's badge, `$(pulse) $0.23 · Σ $0.41 · 45k`, with a spinner while busy (a bell while it waits for you). */
function statusText({ connection, record }: ActiveTarget): string {
  const icon = record.requests.size ? '$(bell-dot)' : record.status.type === 'idle' ? '$(pulse)' : '$(loading~spin)';
  const id = record.info.id;
  return `${icon} ${sessionBadge(record.own, connection.sessions.inclusive(id), connection.sessions.childrenOf(id).length > 0, shownListFigures(connection, id))}`;
}

/** What a budget notification says has used it. */
function budgetWhat(name: BudgetName, target: ActiveTarget): string {
  switch (name) {
    case 'session':
      return `“${sessionTitle(target.record.info)}”`;
    case 'hour':
      return vscode.l10n.t('the last hour, across all servers,');
    case 'day':
      return vscode.l10n.t('today, across all servers,');
    case 'week':
      return vscode.l10n.t('this week, across all servers,');
  }
}
