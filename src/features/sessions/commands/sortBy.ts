import * as vscode from 'vscode';
import { SETTINGS_SECTION } from '../../../app/serverRegistry';
import { parseSortBy, SORT_ORDERS, type SortBy } from '../../../store/sessionOrder';
import { settingTarget } from '../../../app/settings/settingTarget';
import type { CommandContext } from '../../../app/commands/context';

/** Picks the root order and writes it to `opencodeSessions.sortBy` (the tree follows the setting). An argument skips the pick. */
export function registerSortBy({ tree }: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.sortBy', async (value?: unknown) => {
    let sortBy: SortBy | undefined = typeof value === 'string' && parseSortBy(value) === value ? value : undefined;
    if (!sortBy) {
      const current = tree.options.sortBy;
      const picked = await vscode.window.showQuickPick(
        SORT_ORDERS.map((value) => ({ ...sortWords(value), value, description: value === current ? vscode.l10n.t('current') : undefined })),
        { title: vscode.l10n.t('Sort Sessions By'), placeHolder: vscode.l10n.t('Order of the sessions under each server') },
      );
      sortBy = picked?.value;
    }
    if (!sortBy) return;
    await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('sortBy', sortBy, settingTarget(SETTINGS_SECTION, 'sortBy'));
  });
}

function sortWords(order: SortBy): { label: string; detail: string } {
  switch (order) {
    case 'recent':
      return { label: vscode.l10n.t('Recent'), detail: vscode.l10n.t('Most recently updated first') };
    case 'cost':
      return { label: vscode.l10n.t('Cost'), detail: vscode.l10n.t('Highest inclusive cost first (with sub-agents)') };
    case 'tokens':
      return { label: vscode.l10n.t('Tokens'), detail: vscode.l10n.t('Most inclusive tokens first (with sub-agents)') };
  }
}
