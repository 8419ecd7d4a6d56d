// Budgets that act and speak: a budget past its limit aborts (budget.onExceeded = abort), pauses (pause) or only
// announces (warn) what it covers, through the sessions' servers. Pauses are made by one window for all of them
// (the app's BudgetPauses says which); aborts and warnings by each. The decision is store/budgetGuard.ts; this gathers the
// figures, acts, and says what the servers answered: a notification is shown after the aborts it reports
// were answered, and counts only those the server confirmed.
import * as vscode from 'vscode';
import { affectsSetting } from '../../app/settings/settingAccess';
import { Disposable } from '../../base/disposable';
import { Emitter } from '../../base/emitter';
import type { SessionsChange, SessionsModel } from '../../app/sessions/sessionsModel';
import type { SessionRecord } from '../../store/sessionRecord';
import { budgetLimits } from '../../app/settings/budgetLimits';
import type { SpendWindows } from '../../app/budgets/spendWindows';
import type { BudgetPauses } from '../../app/budgets/budgetPauses';
import {
  BudgetGuard,
  GUARD_CHECK_MS,
  type BudgetMode,
  type GuardDecision,
  type TreeOver,
  type WindowCrossing,
} from '../../store/budgetGuard';
import { budgetCheck, pauseGroups, unionByServer } from './budgetCheck';
import { BudgetNotices, failures, type AbortResult, type Where } from './budgetNotices';
import type { SessionAborter } from './sessionAborter';
import type { SessionPauser } from './sessionPauser';
import type { HeldPrompts } from './heldPrompts';
import { budgetMode } from './budgetMode';

export class BudgetEnforcer extends Disposable {
  private readonly guard = new BudgetGuard();
  /** The budget's one timer: at most one check per GUARD_CHECK_MS, however much is spent meanwhile. */
  private readonly checkTimer = this.ownTimer();
  private readonly say = new BudgetNotices();
  private readonly checked = this._register(new Emitter<void>());
  /**
   * A check has decided (what it stops or says is under way): whoever must know that the budgets were judged
   * after something changed (a setting, a spend) waits for this, not for a time.
   */
  readonly onDidCheck = this.checked.event;
  /**
   * Runs ended per record when it last changed: a count that grew says it ran. Per record, not per id: a server's
   * store made again (it went away and came back) counts from 0 again, and a record gone is forgotten with it.
   */
  private readonly runsSeen = new WeakMap<SessionRecord, number>();
  /** Sessions (ids by server id) whose run ended since the last check, and those the check before saw end. */
  private ended = new Map<string, Set<string>>();
  private endedBefore = new Map<string, Set<string>>();

  constructor(
    private readonly sessions: SessionsModel,
    private readonly spend: SpendWindows,
    private readonly aborter: SessionAborter,
    private readonly pauser: SessionPauser,
    private readonly pauses: BudgetPauses,
    private readonly held: HeldPrompts,
  ) {
    super();
    this._register(
      sessions.onDidChange((change) => {
        this.noteEndedRuns(change);
        if (change.servers || change.sessions.size) this.schedule();
      }),
    );
    this._register(spend.onDidLoad(() => this.schedule()));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => affectsSetting(e, 'budget') && this.schedule()));
    this.schedule();
  }

  /**
   * A run that began and ended between two checks (a quick reply, a prompt from another client) reads idle at the
   * check: its count of ended runs says it ran, and a pause then holds its next prompt (issue 73).
   */
  private noteEndedRuns(change: SessionsChange): void {
    for (const [connection, { changed }] of change.sessions) {
      const serverId = connection.config.id;
      for (const id of changed) {
        const record = connection.sessions.get(id);
        if (!record || record.runsEnded <= (this.runsSeen.get(record) ?? 0)) continue;
        this.runsSeen.set(record, record.runsEnded);
        let ids = this.ended.get(serverId);
        if (!ids) this.ended.set(serverId, (ids = new Set()));
        ids.add(id);
      }
    }
  }

  private schedule(): void {
    if (!this.checkTimer.pending) this.checkTimer.set(() => this.check(), GUARD_CHECK_MS);
  }

  private check(): void {
    this.decide();
    this.checked.fire();
  }

  /** Judges every session the window acts for, and starts what the decision stops or says. */
  private decide(): void {
    // A run's last cost may come a frame after its end: it is judged at two checks (the guard stops it once).
    const fresh = this.ended;
    const ended = unionByServer(this.endedBefore, fresh);
    this.endedBefore = fresh;
    this.ended = new Map();
    const mode = budgetMode();
    const limits = budgetLimits();
    if (!Object.values(limits).some((l) => l > 0)) return this.guard.budgetsOff();
    // One window pauses for all: the others leave it to the one that acts, but for the servers they alone reach.
    const acting = mode !== 'pause' || this.pauses.acts();
    const mine = this.sessions.connections.filter((c) => acting || this.pauses.actsFor(c));
    if (!mine.length) return;
    const windows = this.spend.current(limits.week > 0);
    const { decision, where, rootOf } = budgetCheck(this.guard, {
      connections: mine,
      ended,
      mode,
      limits,
      windows: { hour: windows.hour.used, day: windows.day.used, week: windows.week.used },
      windowsLoading: this.spend.loading,
      ...(mode === 'pause' && { exempt: this.pauses.exemptRoots() }),
    });
    if (mode === 'pause') this.pauses.treesRunning(new Set(rootOf.values()));
    if (!decision.abort.length && !decision.crossed.length && !decision.trees.length) return;
    if (mode === 'pause') {
      void this.pause(decision, rootOf, windows, where, acting);
      return;
    }
    void this.act(mode, decision.abort, decision.crossed, decision.trees, windows, where);
  }

  private async abort(key: string, where: Where): Promise<AbortResult> {
    const result = await this.aborter.abort(key, where);
    // Still over budget: the guard tries again when its tree next spends.
    if (result.failure !== undefined) this.guard.abortFailed(key);
    return result;
  }

  /**
   * Pauses what the decision stops, one group per budget (a tree for the session budget, every session for a
   * window), then says for each what was spent once its sessions stopped (the steps in flight ended).
   */
  private async pause(
    decision: GuardDecision,
    rootOf: Map<string, string>,
    windows: ReturnType<SpendWindows['current']>,
    where: Map<string, Where>,
    acting: boolean,
  ): Promise<void> {
    // Paused already and prompted by another client: heldPrompts.ts stops it, the pause kept.
    const groups = pauseGroups(decision, rootOf, (key) => {
      const at = where.get(key);
      return !!at && this.pauses.of(at.connection.config.id, at.id)?.phase === 'paused';
    });
    await Promise.all(
      groups.map(async ({ cause, keys, root, again }) => {
        const { results, begun, plain } = await this.pauser.pause(
          keys.map((key) => ({ key, where: where.get(key)! })),
          { budget: cause.budget, limit: cause.limit, spent: cause.used },
        );
        // Not stopped: the guard tries again when its tree next spends, as after a failed abort.
        for (const result of results) if (result.failure !== undefined) this.guard.abortFailed(result.key);
        // Stopped by the server's word but running on past the wait (a lost stop): the same, its pause kept
        // pausing, so the stop is sent again then (and a stop that was only slow still ends in a pause).
        const byTarget = new Map(results.map((r) => [`${r.where.connection.config.id}\u0000${r.where.id}`, r]));
        for (const lost of await this.pauses.settled(begun)) {
          const result = byTarget.get(`${lost.serverId}\u0000${lost.sessionId}`);
          if (!result || result.failure !== undefined) continue;
          this.guard.abortFailed(result.key);
          result.failure = vscode.l10n.t('the server took the stop, but the session runs on; it is stopped again when it next spends');
        }
        const rootWhere = root ? where.get(root) : undefined;
        const spentNow = rootWhere
          ? rootWhere.connection.sessions.inclusive(rootWhere.id).cost
          : cause.budget === 'session'
            ? cause.used
            : this.spend.current(true)[cause.budget].used;
        // Those stopped without a pause were said apart (sessionPauser): "paused, their work kept" is not theirs.
        const paused = plain.size ? results.filter((r) => !plain.has(r.key)) : results;
        this.say.paused(cause, paused, spentNow, rootWhere, { at: Date.now(), again });
        this.held.toldOf(paused.flatMap((r) => (r.failure === undefined ? [rootOf.get(r.key)!] : [])));
      }),
    );
    // A window crossed with nothing running to pause is still news (said by the window that acts for all).
    if (!acting) return;
    const paused = new Set(groups.map((g) => g.cause.budget));
    const quiet = decision.crossed.filter((c) => !paused.has(c.budget));
    if (quiet.length) this.say.windows('pause', quiet, windows, []);
  }

  /** Sends the aborts, then says what each budget did, from what the servers answered. */
  private async act(
    mode: BudgetMode,
    keys: string[],
    crossed: WindowCrossing[],
    trees: TreeOver[],
    windows: ReturnType<SpendWindows['current']>,
    where: Map<string, Where>,
  ): Promise<void> {
    const results = new Map((await Promise.all(keys.map((key) => this.abort(key, where.get(key)!)))).map((r) => [r.key, r]));
    for (const tree of trees) {
      const root = where.get(tree.rootKey);
      if (root)
        this.say.tree(
          mode,
          tree,
          root,
          tree.abort.map((k) => results.get(k)!),
        );
    }
    const inTrees = new Set(trees.flatMap((t) => t.abort));
    const rest = keys.filter((k) => !inTrees.has(k)).map((k) => results.get(k)!);
    if (crossed.length) this.say.windows(mode, crossed, windows, rest);
    else {
      // Sessions that started while a window stays over: its crossing was announced; only failures are news.
      const failed = rest.filter((r) => r.failure !== undefined);
      if (failed.length) this.say.show(vscode.l10n.t('OpenCode: {0}', failures(failed)), []);
    }
  }
}
