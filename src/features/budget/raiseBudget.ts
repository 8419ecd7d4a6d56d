import * as vscode from 'vscode';
import { formatCost } from '../../present/format';
import { budgetLimits } from '../../app/settings/budgetLimits';
import { updateSetting } from '../../app/settings/settingAccess';
import { SETTING, type SettingKey } from '../../app/settings/settingKeys';
import type { BudgetName } from '../../store/budget';
import { dollarsText, parseDollars } from './raiseInput';

/** Each budget's setting and its names. */
export const BUDGET_SETTINGS: Record<BudgetName, { key: SettingKey; label: () => string; title: () => string }> = {
  session: {
    key: SETTING.budgetPerSession,
    label: () => vscode.l10n.t('Per session (with its sub-agents)'),
    title: () => vscode.l10n.t('Budget per session in USD'),
  },
  hour: {
    key: SETTING.budgetPerHour,
    label: () => vscode.l10n.t('Per hour (the last 60 minutes)'),
    title: () => vscode.l10n.t('Budget per hour in USD'),
  },
  day: { key: SETTING.budgetPerDay, label: () => vscode.l10n.t('Per day'), title: () => vscode.l10n.t('Budget per day in USD') },
  week: {
    key: SETTING.budgetPerWeek,
    label: () => vscode.l10n.t('Per week (since Monday)'),
    title: () => vscode.l10n.t('Budget per week in USD'),
  },
};

/** Asks for a new amount for one budget (the one a notification named, or a pick) and writes the setting. */
export function registerRaiseBudget(): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.raiseBudget', async (name?: unknown) => {
    const limits = budgetLimits();
    const budget =
      typeof name === 'string' && name in BUDGET_SETTINGS
        ? (name as BudgetName)
        : (
            await vscode.window.showQuickPick(
              (Object.keys(BUDGET_SETTINGS) as BudgetName[]).map((b) => ({
                label: BUDGET_SETTINGS[b].label(),
                description: limits[b] > 0 ? formatCost(limits[b]) : vscode.l10n.t('off'),
                budget: b,
              })),
              { title: vscode.l10n.t('Raise Budget'), placeHolder: vscode.l10n.t('Which budget?') },
            )
          )?.budget;
    if (!budget) return;
    const { key, title } = BUDGET_SETTINGS[budget];
    const value = await vscode.window.showInputBox({
      title: title(),
      value: limits[budget] > 0 ? dollarsText(limits[budget]) : '',
      prompt: vscode.l10n.t('0 turns it off.'),
      validateInput: (v) => (parseDollars(v) !== undefined ? undefined : vscode.l10n.t('A number of dollars, such as 5 or $2.50.')),
    });
    if (value === undefined) return;
    await updateSetting(key, parseDollars(value)!);
  });
}
