// budget.onExceeded as the budget feature reads it.
import { readSetting } from '../../app/settings/settingAccess';
import { SETTING } from '../../app/settings/settingKeys';
import type { BudgetMode } from '../../store/budgetGuard';

/** budget.onExceeded: warn (the default, and anything unknown), abort or pause. */
export function budgetMode(): BudgetMode {
  const value = readSetting<unknown>(SETTING.budgetOnExceeded);
  return value === 'abort' || value === 'pause' ? value : 'warn';
}
