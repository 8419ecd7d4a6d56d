// The sessions feature: the sessions view (servers, project folders, sessions and the rows other features add),
// following its selection as the active session, and the commands on sessions.
import * as vscode from 'vscode';
import type { App } from '../../app';
import { registerSessionCommands, SwitchPick } from './commands';
import type { MoreNode } from './tree/nodes';
import { SHOW_MORE_COMMAND } from './tree/moreTreeItem';
import { SessionTreeProvider } from './tree/sessionTreeProvider';
import { bindViewSettings } from './tree/viewSettings';
import { followSelection, viewHost } from './tree/viewHost';

export type { GroupNode, MoreNode, ServerNode, SessionNode, TreeNode as SessionsNode } from './tree/nodes';
export { SessionTreeProvider } from './tree/sessionTreeProvider';

export function registerSessions(app: App): { tree: SessionTreeProvider; view: vscode.TreeView<unknown>; switchPick: SwitchPick } {
  const tree = new SessionTreeProvider(app.sessions, app.view, app.decorations);
  const view = vscode.window.createTreeView('opencodeSessions.sessions', { treeDataProvider: tree, showCollapseAll: true });
  app.view.attach(viewHost(tree, view, app.active, app.sessions));
  const switchPick = new SwitchPick();
  app.extension.subscriptions.push(
    tree,
    view,
    followSelection(view, app.active),
    bindViewSettings(tree, view, app.registry), // before the registry reloads: new servers list archived sessions if asked
    vscode.commands.registerCommand(SHOW_MORE_COMMAND, (node?: MoreNode) => node?.kind === 'more' && tree.showMore(node)),
    registerSessionCommands(app.targets, tree, app.log, (connection) => app.sessions.changesOf(connection), switchPick),
  );
  return { tree, view, switchPick };
}
