// Keeps the ledger of budget pauses (store/pauseGate.ts) beside the windows' endpoint entries, for the OpenCode plugin
// when no window answers it (VS Code closed or busy): the pauses that hold, the session budget while budgets pause,
// the trees resumed without raising. Written by the window that acts on pauses, when they or the budgets change.
import * as vscode from 'vscode';
import { Disposable } from '../../base/disposable';
import { endpointDir } from '../../client/discovery/endpointDiscovery';
import { writePauseLedger } from '../../client/discovery/pauseLedgerFile';
import type { PauseLedger } from '../../store/pauseGate';
import type { ExtensionLogger } from '../host/log';
import { budgetLimits } from '../settings/budgetLimits';
import { affectsSetting, readSetting } from '../settings/settingAccess';
import { SETTING } from '../settings/settingKeys';
import type { BudgetPauses } from './budgetPauses';

/** Changes within this long are written once. */
const WRITE_AFTER_MS = 100;

export class PauseLedgerWriter extends Disposable {
  private readonly timer = this.ownTimer();
  /** What was written last, so that an unchanged ledger is not written again. */
  private last = '';

  constructor(
    private readonly pauses: BudgetPauses,
    private readonly log: Pick<ExtensionLogger, 'warn'>,
    private readonly dir = endpointDir(),
  ) {
    super();
    this._register(pauses.onDidChange(() => this.soon()));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => affectsSetting(e, 'budget') && this.soon()));
    this.soon();
  }

  /** The ledger as this window sees it now. */
  ledger(now = Date.now()): PauseLedger {
    const limit = budgetLimits().session;
    const pausing = readSetting<unknown>(SETTING.budgetOnExceeded) === 'pause';
    return {
      v: 1,
      written: now,
      ...(pausing && limit > 0 && { sessionLimit: limit }),
      pauses: this.pauses
        .all()
        .filter((p) => this.pauses.holdsNow(p))
        .map(({ sessionId, rootId, budget, limit, spent, at }) => ({ sessionId, rootId, budget, limit, spent, at })),
      exempt: [...this.pauses.exemptRoots()].map((key) => key.slice(key.indexOf('\u0000') + 1)),
    };
  }

  private soon(): void {
    if (!this.timer.pending) this.timer.set(() => this.write(), WRITE_AFTER_MS);
  }

  private write(): void {
    if (!this.pauses.acts()) return;
    const ledger = this.ledger();
    const same = JSON.stringify({ ...ledger, written: 0 });
    if (same === this.last) return;
    try {
      writePauseLedger(this.dir, ledger);
      this.last = same;
    } catch (err) {
      this.log.warn(`Budget pauses: cannot write the plugin's ledger: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
