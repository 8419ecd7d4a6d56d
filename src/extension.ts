import * as vscode from 'vscode';
import type { ServerConnection } from './client/serverConnection';
import { registerCommands } from './commands';
import { createLogger } from './log';
import { ServerRegistry } from './servers/serverRegistry';
import { SessionTreeProvider } from './tree/sessionTreeProvider';

/** Returned from activate(): what the integration tests (running inside VS Code) inspect. */
export interface ExtensionApi {
  connections(): readonly ServerConnection[];
  registry: ServerRegistry;
  tree: SessionTreeProvider;
  /** This extension's log folder; the tests scan the logs around it for secrets. */
  logUri: vscode.Uri;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const log = createLogger();
  const registry = new ServerRegistry(context.secrets, log);
  const tree = new SessionTreeProvider();
  const view = vscode.window.createTreeView('opencodeSessions.sessions', { treeDataProvider: tree, showCollapseAll: true });
  registry.onDidChange.on((connections) => tree.setConnections([...connections]));
  context.subscriptions.push(log, registry, tree, view, ...registerCommands({ extension: context, registry, tree, log }));
  registry.reload();
  return { connections: () => registry.all, registry, tree, logUri: context.logUri };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
