// The active session's cost and tokens in the status bar, coloured by the session and daily budgets.
// The title never goes into `text` (which renders `$(icon)` syntax); the tooltip escapes it.
import * as vscode from 'vscode';
import type { ActiveSession, ActiveTarget } from '../activeSession';
import { budgetLevel, worstLevel, type BudgetLevel } from '../store/budget';
import { startOfDay } from '../store/calendar';
import { formatCost, formatTokens } from '../present/format';
import { totalTokens } from '../store/usage';
import type { ServerRegistry } from '../servers/serverRegistry';
import type { ClusterManager } from '../k8s/clusterManager';
import { clusterTotalOf } from '../k8s/clusterTotalOf';
import { sumMixed, type MixedUsage } from '../store/k8s/clusterTotals';
import { serverTotal } from '../store/serverTotal';
import { loadSessionContext } from '../client/sessionContext';
import { BudgetAlerts } from './budgetAlerts';
import { ContextAlert } from './contextAlert';
import { DailyCost } from './dailyCost';
import { statusTooltip } from './statusTooltip';
import { sessionKey } from '../store/sessionKey';
import { sessionTitle } from '../present/sessionTitle';

const WIDE_EVERY_MS = 1000;

type AllServers = { total: MixedUsage; servers: number; clusters: number };

const BACKGROUND: Record<BudgetLevel, vscode.ThemeColor | undefined> = {
  ok: undefined,
  warning: new vscode.ThemeColor('statusBarItem.warningBackground'),
  error: new vscode.ThemeColor('statusBarItem.errorBackground'),
};

export class CostStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('opencodeSessions.cost', vscode.StatusBarAlignment.Left, 50);
  private readonly daily: DailyCost;
  private readonly budgets = new BudgetAlerts();
  private readonly contextAlert = new ContextAlert();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Renders are async (the context % may read messages): only the newest one may write. */
  private generation = 0;
  private level: BudgetLevel = 'ok';
  /** Today's cost and the all-sessions total, which read every server: renders follow every event, these not. */
  private wide?: { at: number; today: number; allServers: AllServers };
  private wideTimer?: NodeJS.Timeout;

  constructor(
    private readonly active: ActiveSession,
    private readonly registry: ServerRegistry,
    private readonly cluster?: ClusterManager,
  ) {
    this.item.name = 'OpenCode Session Cost';
    this.item.command = 'opencodeSessions.showUsage';
    this.daily = new DailyCost(registry, () => this.renderFresh());
    this.subscriptions.push(
      active.onDidChange(() => void this.render()),
      // Servers and the cluster coming and going change the all-sessions figure (within the second).
      registry.onDidChange.on(() => void this.render()),
      ...(cluster ? [cluster.onDidChange.on(() => void this.render())] : []),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('opencodeSessions') && this.renderFresh()),
    );
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
  private wideFigures(): { today: number; allServers: AllServers } {
    const now = Date.now();
    const age = this.wide ? now - this.wide.at : Infinity;
    if (this.wide && age < WIDE_EVERY_MS) {
      this.wideTimer ??= setTimeout(() => {
        this.wideTimer = undefined;
        this.renderFresh();
      }, WIDE_EVERY_MS - age);
      return this.wide;
    }
    this.wide = { at: now, today: this.daily.total(now), allServers: this.allServers() };
    return this.wide;
  }

  private renderFresh(): void {
    this.wide = undefined;
    void this.render();
  }

  dispose(): void {
    clearTimeout(this.wideTimer);
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }

  private async render(): Promise<void> {
    const generation = ++this.generation;
    const target = this.active.get();
    if (!target) {
      this.item.text = '';
      this.item.hide();
      return;
    }
    const config = vscode.workspace.getConfiguration('opencodeSessions');
    const sessionBudget = config.get<number>('budget.perSession', 0);
    const dayBudget = config.get<number>('budget.perDay', 0);
    const { today, allServers } = this.wideFigures();
    const inclusive = target.connection.sessions.inclusive(target.record.info.id);
    const level = worstLevel(budgetLevel(inclusive.cost, sessionBudget), budgetLevel(today, dayBudget));
    this.item.text = statusText(target);
    this.level = level;
    this.item.backgroundColor = BACKGROUND[level];
    this.item.accessibilityInformation = { label: `OpenCode session cost ${formatCost(target.record.own.cost)}, ${formatTokens(totalTokens(target.record.own))} tokens` };
    this.item.tooltip = statusTooltip({ target, today, sessionBudget, dayBudget, allServers });
    this.item.show();
    this.budgets.check(`session\u0000${sessionKey(target.connection.config.id, target.record.info.id)}`, budgetLevel(inclusive.cost, sessionBudget), `“${sessionTitle(target.record.info)}”`, inclusive.cost, sessionBudget);
    this.budgets.check(`day\u0000${startOfDay(Date.now())}`, budgetLevel(today, dayBudget), 'today, across all servers,', today, dayBudget);
    // The context % needs the newest reply and the model's limit, which may take a request.
    const context = await loadSessionContext(target.connection, target.record.info.id).catch(() => undefined);
    if (generation !== this.generation) return;
    this.item.tooltip = statusTooltip({ target, context, today, sessionBudget, dayBudget, allServers });
    this.contextAlert.check(target, context);
  }
}

/** `$(pulse) $0.23 · 45.0k`, a spinner while busy, and `Σ` with the sub-agents' share when there are any. */
function statusText({ connection, record }: ActiveTarget): string {
  const icon = record.status.type === 'idle' ? '$(pulse)' : '$(loading~spin)';
  const text = `${icon} ${formatCost(record.own.cost)} · ${formatTokens(totalTokens(record.own))}`;
  return connection.sessions.childrenOf(record.info.id).length ? `${text} · Σ ${formatCost(connection.sessions.inclusive(record.info.id).cost)}` : text;
}
