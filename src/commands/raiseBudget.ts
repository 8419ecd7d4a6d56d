import * as vscode from 'vscode';
import { formatCost } from '../present/format';
import { budgetLimits } from '../settings/budgetLimits';
import { settingTarget } from '../settings/settingTarget';
import type { BudgetName } from '../store/sessionStatus';
import type { CommandContext } from './context';

const SETTINGS: Record<BudgetName, { key: string; label: string }> = {
  session: { key: 'budget.perSession', label: 'Per session (with its sub-agents)' },
  hour: { key: 'budget.perHour', label: 'Per hour (the last 60 minutes)' },
  day: { key: 'budget.perDay', label: 'Per day' },
  week: { key: 'budget.perWeek', label: 'Per week (since Monday)' },
};

/** Asks for a new amount for one budget (the one a notification named, or a pick) and writes the setting. */
export function registerRaiseBudget(_: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.raiseBudget', async (name?: unknown) => {
    const limits = budgetLimits();
    const budget =
      typeof name === 'string' && name in SETTINGS
        ? (name as BudgetName)
        : (
            await vscode.window.showQuickPick(
              (Object.keys(SETTINGS) as BudgetName[]).map((b) => ({ label: SETTINGS[b].label, description: limits[b] > 0 ? formatCost(limits[b]) : 'off', budget: b })),
              { title: 'Raise Budget', placeHolder: 'Which budget?' },
            )
          )?.budget;
    if (!budget) return;
    const { key, label } = SETTINGS[budget];
    const value = await vscode.window.showInputBox({
      title: `Budget ${label.toLowerCase()} in USD`,
      value: limits[budget] > 0 ? String(limits[budget]) : '',
      prompt: '0 turns it off.',
      validateInput: (v) => (/^\d+(\.\d+)?$/.test(v.trim()) ? undefined : 'A number of dollars, such as 5 or 2.50.'),
    });
    if (value === undefined) return;
    await vscode.workspace.getConfiguration('opencodeSessions').update(key, Number(value.trim()), settingTarget('opencodeSessions', key));
  });
}
