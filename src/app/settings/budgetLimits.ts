import type { BudgetName } from '../../store/budget';
import { readSetting } from './settingAccess';
import { SETTING, type SettingKey } from './settingKeys';

/** The budgets in USD as the settings say (`0`, or anything unreadable, turns one off). */
export function budgetLimits(): Record<BudgetName, number> {
  const read = (key: SettingKey) => {
    const value = readSetting<unknown>(key);
    return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
  };
  return {
    session: read(SETTING.budgetPerSession),
    hour: read(SETTING.budgetPerHour),
    day: read(SETTING.budgetPerDay),
    week: read(SETTING.budgetPerWeek),
  };
}
