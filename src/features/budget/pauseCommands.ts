// What the user does with paused sessions: Raise Budget and Resume… (the new limit asked with the forecast beside
// it, written to the user's settings, then each session it paused resumed in pause order), Resume Without Raising
// (one session, after a confirmation), and the settings themselves: a budget raised in Settings resumes what it
// paused after a notice with Undo; a budget turned off asks whether its sessions resume or stay stopped.
import * as vscode from 'vscode';
import { KeyedTimer } from '../../base/keyedTimer';
import type { ActiveSession } from '../../app/sessions/activeSession';
import type { BudgetPauses } from '../../app/budgets/budgetPauses';
import { showInformation, showWarning } from '../../app/host/notify';
import type { SessionsModel } from '../../app/sessions/sessionsModel';
import { budgetLimits } from '../../app/settings/budgetLimits';
import { affectsSetting, updateSetting } from '../../app/settings/settingAccess';
import type { SpendWindows } from '../../app/budgets/spendWindows';
import { maxOf } from '../../base/arrays';
import { Disposable } from '../../base/disposable';
import { formatSpan, formatRate } from '../../present/clock';
import { formatCost } from '../../present/format';
import { messageSafe } from '../../present/plainText';
import { quotedTitle } from '../../present/sessionTitle';
import { repliesOf } from '../../store/budgetWindows';
import type { PausedSession } from '../../store/pausedSession';
import { paceOf, type Pace } from '../../store/forecast';
import { isSessionRef, type SessionRef } from '../../store/sessionRef';
import type { BudgetName } from '../../store/budget';
import { budgetWindowName } from './budgetNotices';
import { spentAgainst } from './pauseSpend';
import { BUDGET_SETTINGS } from './raiseBudget';
import { dollarsText, parseDollars, RaiseInput } from './raiseInput';
import type { ResumeResult, SessionPauser } from './sessionPauser';
import { runCommand } from '../../app/commands/commandTable';

/** How long a budget raised in Settings waits, with Undo offered, before its sessions resume. */
export const RAISE_GRACE_MS = 10_000;
const HOUR_MS = 3_600_000;

export interface PauseSources {
  pauses: BudgetPauses;
  pauser: SessionPauser;
  sessions: SessionsModel;
  spend: SpendWindows;
  /** The session the status bar follows: what a command without a row acts on. */
  active: ActiveSession;
}

/** The two commands on paused sessions, acting through `actions`. */
export function registerPauseCommands(actions: PauseActions): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('opencodeSessions.raiseBudgetAndResume', (given?: unknown) => actions.raiseAndResume(given)),
    vscode.commands.registerCommand('opencodeSessions.resumeWithoutRaising', (given?: unknown, confirmed?: unknown) =>
      actions.resumeAnyway(given, confirmed === true),
    ),
  );
}

/** What the commands do, and what a budget changed in Settings does (every window watches; the acting one acts). */
export class PauseActions extends Disposable {
  readonly raiseInput = new RaiseInput();
  /** The limits last seen, to tell a raise from a cut. */
  private limits = budgetLimits();
  /** The setting this window just wrote itself (Raise Budget and Resume, Undo): not a raise in Settings. */
  private readonly ownWrites = new Map<BudgetName, number>();
  /** Resumes waiting out the Undo notice, per budget. */
  private readonly waiting = this._register(new KeyedTimer<BudgetName>());
  /** Each budget's raises so far: only the newest raise's notice acts. */
  private readonly raises = new Map<BudgetName, number>();

  constructor(private readonly sources: PauseSources) {
    super();
    this._register(vscode.workspace.onDidChangeConfiguration((e) => affectsSetting(e, 'budget') && this.settingsChanged()));
  }

  /** Asks the new limit (with the forecast), writes it, and resumes what the budget paused, in pause order. */
  async raiseAndResume(given?: unknown): Promise<ResumeResult[] | undefined> {
    const budget = await this.budgetOf(given);
    if (!budget) return undefined;
    const paused = this.sources.pauses.all().filter((p) => p.budget === budget && p.phase === 'paused');
    if (!paused.length) {
      this.nothingPaused(budget);
      return [];
    }
    const spent = Math.max(0, maxOf(paused.map((p) => this.spentNow(p))) ?? 0);
    const rate = this.paceBefore(budget, paused)?.ratePerHour;
    const current = budgetLimits()[budget];
    const text = await this.raiseInput.ask({
      title: vscode.l10n.t('Raise the {0} and resume {1} paused sessions', budgetWindowName(budget), paused.length),
      value: dollarsText(Math.max(current * 2, Math.ceil(spent + 1))),
      describe: (typed) => describeRaise(typed, spent, rate),
    });
    if (text === undefined) return undefined;
    // Another window may have resumed or let them go while the box was open: a limit written then resumes nothing.
    if (!this.sources.pauses.all().some((p) => p.budget === budget && p.phase === 'paused')) {
      this.nothingPaused(budget);
      return [];
    }
    // Accepted only as a number of dollars (describeRaise).
    const limit = parseDollars(text)!;
    this.ownWrites.set(budget, limit);
    await updateSetting(BUDGET_SETTINGS[budget].key, limit);
    this.limits = { ...this.limits, [budget]: limit };
    return this.resumeNow(this.sources.pauses.lifted(budget, limit, (p) => this.spentNow(p)));
  }

  /** One session on, past its budget, until it stops (after a modal confirmation unless `confirmed`). */
  async resumeAnyway(given: unknown, confirmed: boolean): Promise<ResumeResult[] | undefined> {
    const ref = isSessionRef(given) ? given : this.activeRef();
    const pause = ref && this.sources.pauses.of(ref.serverId, ref.sessionId);
    if (!pause || pause.phase !== 'paused') {
      void showInformation(vscode.l10n.t('That session is not paused by a budget.'));
      return undefined;
    }
    const spent = this.spentNow(pause);
    const confirm = vscode.l10n.t('Resume');
    if (!confirmed) {
      const message = vscode.l10n.t(
        'Resume {0} without raising its budget? {1} is spent against the {2} of {3}. It runs on until it stops; the budget stops it again when it next runs over.',
        this.titleOf(pause),
        formatCost(spent),
        budgetWindowName(pause.budget),
        formatCost(pause.limit),
      );
      if ((await showWarning(message, { modal: true }, confirm)) !== confirm) return undefined;
    }
    this.sources.pauses.exempt(pause);
    return this.resumeNow([pause]);
  }

  private async resumeNow(pauses: readonly PausedSession[]): Promise<ResumeResult[]> {
    if (!pauses.length) return [];
    const results = await this.sources.pauser.resume(pauses);
    const done = results.filter((r) => r.way);
    const failed = results.filter((r) => r.failure !== undefined);
    const ways = new Set(done.map((r) => r.way));
    const how = ways.has('resume')
      ? ways.has('prompt')
        ? vscode.l10n.t('with OpenCode 2’s resume where the server offers it, else with a prompt')
        : vscode.l10n.t('with OpenCode 2’s resume')
      : vscode.l10n.t('with a prompt that says the run was paused by a budget');
    const lifted = results.filter((r) => r.letGo).map((r) => this.titleOf(r.pause));
    // A few named: a window's budget may have paused hundreds.
    const letGo =
      lifted.length > 3 ? vscode.l10n.t('{0} and {1} more', lifted.slice(0, 3).join(', '), lifted.length - 3) : lifted.join(', ');
    const message = [
      done.length ? vscode.l10n.t('OpenCode: resumed {0} of {1} paused sessions {2}.', done.length, results.length, how) : '',
      letGo
        ? vscode.l10n.t(
            'OpenCode: no longer paused, with nothing sent (their run had ended when they were paused; their next prompt runs): {0}.',
            letGo,
          )
        : '',
      ...results
        .filter((r) => r.waits)
        .map((r) =>
          vscode.l10n.t(
            'OpenCode: {0} is no longer paused; it waits for your answer to its request, and goes on from it.',
            this.titleOf(r.pause),
          ),
        ),
      ...failed.map((r) => vscode.l10n.t('Could not resume {0}: {1}', this.titleOf(r.pause), messageSafe(r.failure ?? ''))),
    ]
      .filter(Boolean)
      .join(' ');
    void (failed.length ? showWarning(message) : showInformation(message));
    return results;
  }

  /** A budget changed in Settings (or by another window): a raise resumes after Undo was offered, a cut to off asks. */
  private settingsChanged(): void {
    const before = this.limits;
    const now = budgetLimits();
    this.limits = now;
    for (const budget of Object.keys(now) as BudgetName[]) {
      const own = this.ownWrites.get(budget);
      if (own !== undefined && own === now[budget]) {
        this.ownWrites.delete(budget);
        continue;
      }
      if (now[budget] === before[budget] || !this.sources.pauses.acts()) continue;
      if (!(now[budget] > 0) && before[budget] > 0) this.budgetOff(budget);
      else if (now[budget] > before[budget]) this.raisedInSettings(budget, before[budget], now[budget]);
    }
  }

  private raisedInSettings(budget: BudgetName, was: number, limit: number): void {
    const lifted = this.sources.pauses.lifted(budget, limit, (p) => this.spentNow(p));
    if (!lifted.length) return;
    const message = vscode.l10n.t(
      'OpenCode: the {0} is now {1}: the {2} sessions it paused resume in {3} seconds.',
      budgetWindowName(budget),
      formatCost(limit),
      lifted.length,
      RAISE_GRACE_MS / 1000,
    );
    // Only what is still paused (another window or the user may have acted meanwhile).
    const resume = () => void this.resumeNow(this.sources.pauses.lifted(budget, limit, (p) => this.spentNow(p)));
    this.waiting.cancelAndSet(budget, resume, RAISE_GRACE_MS);
    // A later raise of the same budget replaces this one: this notice's buttons then do nothing.
    const raise = (this.raises.get(budget) ?? 0) + 1;
    this.raises.set(budget, raise);
    const resumeNow = vscode.l10n.t('Resume Now');
    const undo = vscode.l10n.t('Undo');
    void showInformation(message, resumeNow, undo).then((choice) => {
      if (this.raises.get(budget) !== raise) return;
      if (choice === resumeNow && this.waiting.cancel(budget)) resume();
      if (choice !== undo || !this.waiting.cancel(budget)) return;
      this.ownWrites.set(budget, was);
      this.limits = { ...this.limits, [budget]: was };
      void updateSetting(BUDGET_SETTINGS[budget].key, was);
    });
  }

  private budgetOff(budget: BudgetName): void {
    const held = this.sources.pauses.byBudget(budget);
    if (!held.length) return;
    this.waiting.cancel(budget);
    const message = vscode.l10n.t(
      'OpenCode: the {0} is off. The {1} sessions it paused stay stopped until you choose.',
      budgetWindowName(budget),
      held.length,
    );
    const resume = vscode.l10n.t('Resume Them');
    const leave = vscode.l10n.t('Leave Them Stopped');
    void showWarning(message, resume, leave).then((choice) => {
      const still = this.sources.pauses.byBudget(budget).filter((p) => p.phase === 'paused');
      if (choice === resume) void this.resumeNow(still);
      else if (choice === leave) this.sources.pauses.releaseAll(still);
    });
  }

  /** The budget a command means: named, or the one that paused the given session (or its tree), or a pick. */
  private async budgetOf(given: unknown): Promise<BudgetName | undefined> {
    if (typeof given === 'string' && given in BUDGET_SETTINGS) return given as BudgetName;
    const all = this.sources.pauses.all();
    const ref = isSessionRef(given) ? given : undefined;
    if (ref) {
      const own =
        this.sources.pauses.of(ref.serverId, ref.sessionId) ?? all.find((p) => p.serverId === ref.serverId && p.rootId === ref.sessionId);
      if (own) return own.budget;
    }
    const budgets = [...new Set(all.filter((p) => p.phase === 'paused').map((p) => p.budget))];
    if (budgets.length === 1) return budgets[0];
    if (!budgets.length) {
      this.nothingPaused(undefined);
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      budgets.map((b) => ({
        label: BUDGET_SETTINGS[b].label(),
        description: vscode.l10n.t('{0} paused', all.filter((p) => p.budget === b).length),
        budget: b,
      })),
      { title: vscode.l10n.t('Raise Budget and Resume'), placeHolder: vscode.l10n.t('Which budget?') },
    );
    return picked?.budget;
  }

  /**
   * Raise Budget and Resume with nothing paused (a notification left from a pause since resumed or let go): says
   * so and changes no setting — a limit written with nothing resumed is a change the user did not see happen —
   * and offers the plain Raise Budget… for a raise anyway.
   */
  private nothingPaused(budget: BudgetName | undefined): void {
    const message = budget
      ? vscode.l10n.t(
          'OpenCode: nothing is paused by the {0} now (resumed or let go since); its limit is unchanged.',
          budgetWindowName(budget),
        )
      : vscode.l10n.t('OpenCode: nothing is paused by a budget now; no limit was changed.');
    const raise = vscode.l10n.t('Raise Budget…');
    void showInformation(message, raise).then((choice) => {
      if (choice === raise) void runCommand('opencodeSessions.raiseBudget', budget);
    });
  }

  /** What counts against the pause's budget now: its tree's spend, or its window's. */
  private spentNow(pause: PausedSession): number {
    return spentAgainst(pause, this.sources.sessions, this.sources.spend);
  }

  /** The pace the budget's sessions spent at just before they were paused. */
  private paceBefore(budget: BudgetName, paused: readonly PausedSession[]): Pace | undefined {
    if (!paused.length) return undefined;
    const at = maxOf(paused.map((p) => p.at))!;
    if (budget !== 'session') return this.sources.spend.pace(at).all;
    const records = paused.flatMap((p) => {
      const connection = this.sources.sessions.connection(p.serverId);
      const root = connection?.sessions.get(p.rootId);
      return connection && root ? [root, ...connection.sessions.descendantsOf(p.rootId)] : [];
    });
    return paceOf(repliesOf(new Set(records)), at);
  }

  private titleOf(pause: PausedSession): string {
    const record = this.sources.sessions.connection(pause.serverId)?.sessions.get(pause.sessionId);
    return record ? quotedTitle(record.info) : `“${messageSafe(pause.sessionId)}”`;
  }

  private activeRef(): SessionRef | undefined {
    const target = this.sources.active.get();
    return target && { serverId: target.connection.config.id, sessionId: target.record.info.id };
  }
}

/** The forecast beside the typed limit, or why it is refused. */
export function describeRaise(typed: string, spent: number, ratePerHour: number | undefined): { prompt: string; error?: string } {
  const limit = parseDollars(typed);
  const spentWords = vscode.l10n.t('{0} is spent.', formatCost(spent));
  if (limit === undefined) return { prompt: spentWords, error: vscode.l10n.t('A number of dollars, such as 5 or $2.50.') };
  if (!(limit > spent))
    return { prompt: spentWords, error: vscode.l10n.t('More than the {0} spent, or the sessions pause again at once.', formatCost(spent)) };
  const more = limit - spent;
  if (!ratePerHour || !(ratePerHour > 0)) return { prompt: vscode.l10n.t('{0} more than is spent.', formatCost(more)) };
  return {
    prompt: vscode.l10n.t(
      'At the pace before the pause ({0}), {1} more lasts about {2}.',
      formatRate(ratePerHour),
      formatCost(more),
      formatSpan((more / ratePerHour) * HOUR_MS).replace(/^~/, ''),
    ),
  };
}
