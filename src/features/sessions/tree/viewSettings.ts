// Connects the view options to VS Code: the `sortBy` and `showArchived` settings drive the tree (and
// archived listing on every server), and the options drive the context keys the menus use and the
// view's description, which names the active filter.
import * as vscode from 'vscode';
import type { ServerRegistry } from '../../../app/servers/serverRegistry';
import { affectsSetting, readSetting } from '../../../app/settings/settingAccess';
import { SETTING } from '../../../app/settings/settingKeys';
import { parseSortBy } from '../../../store/sessionOrder';
import type { SessionTreeProvider } from './sessionTreeProvider';
import type { ViewOptions } from './treeLayout';

export function bindViewSettings(tree: SessionTreeProvider, view: vscode.TreeView<unknown>, registry: ServerRegistry): vscode.Disposable {
  const showContext = (options: ViewOptions) => {
    void vscode.commands.executeCommand('setContext', 'opencodeSessions.filtered', options.filter !== undefined);
    void vscode.commands.executeCommand('setContext', 'opencodeSessions.showArchived', options.showArchived);
    view.description = options.filter !== undefined ? vscode.l10n.t('Filter: {0}', options.filter) : undefined;
  };
  const readSettings = () => {
    const showArchived = readSetting<boolean>(SETTING.showArchived) === true;
    tree.setOptions({ sortBy: parseSortBy(readSetting(SETTING.sortBy)), showArchived });
    for (const connection of registry.all) connection.setShowArchived(showArchived);
  };
  const disposables = [
    tree.onDidChangeOptions(showContext),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsSetting(e, SETTING.sortBy) || affectsSetting(e, SETTING.showArchived)) readSettings();
    }),
  ];
  // Servers added later list archived sessions too when the option is on.
  const added = registry.onDidChange((connections) => {
    for (const connection of connections) connection.setShowArchived(tree.options.showArchived);
  });
  readSettings();
  showContext(tree.options);
  return vscode.Disposable.from(...disposables, added);
}
