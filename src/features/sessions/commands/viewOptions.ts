// What the sessions view shows: the root order, the title filter, archived sessions. Each writes its setting
// or the tree's options; the tree follows.
import * as vscode from 'vscode';
import { parseSortBy, SORT_ORDERS, type SortBy } from '../../../store/sessionOrder';
import { updateSetting } from '../../../app/settings/settingAccess';
import { SETTING } from '../../../app/settings/settingKeys';
import type { SessionTreeProvider } from '../tree/sessionTreeProvider';

export type Tree = Pick<SessionTreeProvider, 'options' | 'setOptions'>;

export function registerViewOptions(tree: Tree): vscode.Disposable {
  return vscode.Disposable.from(
    registerSortBy(tree),
    registerFilter(tree),
    registerClearFilter(tree),
    registerShowArchived(true),
    registerShowArchived(false),
  );
}

/** Picks the root order and writes it to `opencodeSessions.sortBy` (the tree follows the setting). An argument skips the pick. */
function registerSortBy(tree: Tree): vscode.Disposable {
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
    await updateSetting(SETTING.sortBy, sortBy);
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

/** Filters sessions by title (an argument skips the input box); an empty answer clears the filter. */
function registerFilter(tree: Tree): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.filter', async (text?: unknown) => {
    const query =
      typeof text === 'string'
        ? text
        : await vscode.window.showInputBox({
            title: vscode.l10n.t('Filter Sessions by Title'),
            prompt: vscode.l10n.t('Sessions whose title contains this (any case) are shown, with the sessions they are nested in.'),
            value: tree.options.filter ?? '',
          });
    if (query === undefined) return;
    tree.setOptions({ filter: query });
  });
}

function registerClearFilter(tree: Tree): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.clearFilter', () => tree.setOptions({ filter: undefined }));
}

/** Show and Hide Archived both write `opencodeSessions.showArchived`; the tree and the servers' listings follow the setting. */
function registerShowArchived(show: boolean): vscode.Disposable {
  return vscode.commands.registerCommand(show ? 'opencodeSessions.showArchived' : 'opencodeSessions.hideArchived', () =>
    updateSetting(SETTING.showArchived, show),
  );
}
