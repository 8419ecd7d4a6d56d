import * as vscode from 'vscode';
import { SETTINGS_SECTION } from '../servers/serverRegistry';
import { parseSortBy, SORT_OPTIONS, type SortBy } from '../store/sessionOrder';
import { settingTarget } from '../settings/settingTarget';
import type { CommandContext } from './context';

/** Picks the root order and writes it to `opencodeSessions.sortBy` (the tree follows the setting). An argument skips the pick. */
export function registerSortBy({ tree }: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.sortBy', async (value?: unknown) => {
    let sortBy: SortBy | undefined = typeof value === 'string' && parseSortBy(value) === value ? value : undefined;
    if (!sortBy) {
      const current = tree.options.sortBy;
      const picked = await vscode.window.showQuickPick(
        SORT_OPTIONS.map((o) => ({ label: o.label, detail: o.detail, value: o.value, description: o.value === current ? 'current' : undefined })),
        { title: 'Sort Sessions By', placeHolder: 'Order of the sessions under each server' },
      );
      sortBy = picked?.value;
    }
    if (!sortBy) return;
    await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('sortBy', sortBy, settingTarget(SETTINGS_SECTION, 'sortBy'));
  });
}
