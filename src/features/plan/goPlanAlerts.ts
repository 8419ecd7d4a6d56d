// One warning per Go window crossing (80 %, then 100 %: the budgets' thresholds), again once it fell back; a
// window OpenCode Go rate-limits is said plainly.
import * as vscode from 'vscode';
import { showError, showWarning } from '../../app/host/notify';
import { Disposable } from '../../base/disposable';
import type { GoPlanModel } from '../../app/goPlan/goPlanModel';
import { formatClock, formatSpan } from '../../present/clock';
import { budgetLevel, CrossingTracker } from '../../store/budget';
import { GO_WINDOWS } from '../../store/goPlan';
import { goWindowLabel } from '../../app/goPlan/goWords';

export class GoPlanAlerts extends Disposable {
  private readonly tracker = new CrossingTracker();

  constructor(private readonly plan: GoPlanModel) {
    super();
    this._register(plan.onDidChange(() => this.check()));
  }

  private check(): void {
    const { usage, forecasts } = this.plan.shown;
    if (!usage) return;
    for (const name of GO_WINDOWS) {
      const w = usage.windows[name];
      // Keyed by the window alone: the rolling window's reset time moves with every read. A new period shows
      // as the percent falling back below the threshold, which re-arms the warning.
      const level = w.status === 'rate-limited' ? 'error' : budgetLevel(w.percent, 100);
      const crossed = this.tracker.update(name, level);
      if (!crossed) continue;
      const label = goWindowLabel(name);
      const resets = formatClock(w.resetsAt);
      const message =
        w.status === 'rate-limited'
          ? vscode.l10n.t(
              'OpenCode Go: the {0} window is used up ({1} %): Go models are rate-limited until it resets at {2}.',
              label,
              w.percent,
              resets,
            )
          : crossed === 'error'
            ? vscode.l10n.t('OpenCode Go: the {0} window is at {1} %; it resets at {2}.', label, w.percent, resets)
            : [
                vscode.l10n.t('OpenCode Go: the {0} window is at {1} % (80 % or more); it resets at {2}.', label, w.percent, resets),
                forecasts[name]?.state === 'reached'
                  ? vscode.l10n.t(
                      'At this pace it reaches 100 % in {0} (at {1}).',
                      formatSpan(forecasts[name].reachedAt! - Date.now()),
                      formatClock(forecasts[name].reachedAt!),
                    )
                  : undefined,
              ]
                .filter(Boolean)
                .join(' ');
      if (crossed === 'error') void showError(message);
      else void showWarning(message);
    }
  }
}
