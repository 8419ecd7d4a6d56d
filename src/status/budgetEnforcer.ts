// Budgets that act: with `budget.onExceeded` set to `abort`, a budget past its limit aborts the busy sessions
// it covers, through their servers, and says so once per crossing with a way to raise it. The decision is
// store/budgetGuard.ts; this gathers the figures and acts.
import * as vscode from 'vscode';
import type { ServerConnection } from '../client/serverConnection';
import { asServerError } from '../client/serverError';
import { formatCost } from '../present/format';
import type { ServerRegistry } from '../servers/serverRegistry';
import { budgetLimits } from '../settings/budgetLimits';
import { selfAndAncestors } from '../store/ancestors';
import { BudgetGuard, type Crossing, type GuardedSession } from '../store/budgetGuard';
import { sessionKey } from '../store/sessionKey';
import type { Logger } from '../client/logger';
import type { SpendWindows } from './spendWindows';

/** Checks follow events within this (the acceptance is an abort within 2 s of the crossing). */
const CHECK_MS = 200;


export class BudgetEnforcer implements vscode.Disposable {
  private readonly guard = new BudgetGuard();
  private timer?: NodeJS.Timeout;
  private subscriptions: Array<{ dispose(): void }> = [];
  private readonly disposables: Array<{ dispose(): void }>;
  /** What the notifications said, newest last (for tests). */
  readonly notices: string[] = [];
  /** How many times the budgets were checked (whatever `onExceeded` says): a test waits for a check, not a time. */
  checks = 0;

  constructor(
    private readonly registry: ServerRegistry,
    private readonly spend: SpendWindows,
    private readonly log: Logger,
  ) {
    this.disposables = [
      registry.onDidChange.on(() => this.watch()),
      spend.onDidLoad.on(() => this.schedule()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('opencodeSessions.budget') && this.schedule()),
    ];
    this.watch();
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of [...this.subscriptions, ...this.disposables]) s.dispose();
  }

  private watch(): void {
    for (const s of this.subscriptions) s.dispose();
    this.subscriptions = this.registry.all.map((c) => c.onDidChangeSessions.on(() => this.schedule()));
    this.schedule();
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.check();
    }, CHECK_MS);
  }

  private check(): void {
    this.checks += 1;
    if (vscode.workspace.getConfiguration('opencodeSessions').get('budget.onExceeded') !== 'abort') return;
    const limits = budgetLimits();
    if (!Object.values(limits).some((l) => l > 0)) return;
    const windows = this.spend.current(limits.week > 0);
    const sessions: GuardedSession[] = [];
    const treeCost = new Map<string, number>();
    const where = new Map<string, { connection: ServerConnection; id: string }>();
    for (const connection of this.registry.all) {
      const serverId = connection.config.id;
      for (const record of connection.sessions.all()) {
        const id = record.info.id;
        let root = id;
        for (const up of selfAndAncestors(id, (c) => connection.sessions.parentOf(c))) root = up;
        const key = sessionKey(serverId, id);
        sessions.push({ key, rootKey: sessionKey(serverId, root), busy: record.status.type !== 'idle' });
        where.set(key, { connection, id });
        if (root === id) treeCost.set(key, connection.sessions.inclusive(id).cost);
      }
    }
    const decision = this.guard.decide({ limits, windows: { hour: windows.hour.used, day: windows.day.used, week: windows.week.used }, treeCost, sessions });
    for (const key of decision.abort) void this.abort(where.get(key)!);
    for (const crossing of decision.crossed) this.announce(crossing, decision.abort.length);
  }

  private async abort({ connection, id }: { connection: ServerConnection; id: string }): Promise<void> {
    const record = connection.sessions.get(id);
    this.log.warn(`${connection.label}: aborting ${id}: a budget is exceeded (opencodeSessions.budget.onExceeded is "abort").`);
    try {
      if (record) await connection.api.abort(record.info);
    } catch (err) {
      this.log.warn(`${connection.label}: ${asServerError(err, 'Aborting the session').message}`);
    }
  }

  private announce(crossing: Crossing, aborted: number): void {
    const exceeded = vscode.l10n.t('OpenCode: the {0} of {1} is exceeded by {2} ({3} spent).', budgetName(crossing.budget), formatCost(crossing.limit), formatCost(crossing.used - crossing.limit), formatCost(crossing.used));
    const stopped =
      aborted === 0
        ? vscode.l10n.t('Sessions that start spending are aborted while it stays over.')
        : aborted === 1
          ? vscode.l10n.t('Aborted 1 busy session while it stays over.')
          : vscode.l10n.t('Aborted {0} busy sessions while it stays over.', aborted);
    const message = `${exceeded} ${stopped}`;
    this.notices.push(message);
    void vscode.window.showWarningMessage(message, vscode.l10n.t('Raise Budget…')).then((choice) => {
      if (choice) void vscode.commands.executeCommand('opencodeSessions.raiseBudget', crossing.budget);
    });
  }
}

function budgetName(budget: Crossing['budget']): string {
  switch (budget) {
    case 'session':
      return vscode.l10n.t('session budget');
    case 'hour':
      return vscode.l10n.t('hourly budget');
    case 'day':
      return vscode.l10n.t('daily budget');
    case 'week':
      return vscode.l10n.t('weekly budget');
  }
}
