import * as vscode from 'vscode';
import type { ServerConnection } from '../../client/serverConnection';
import type { ServerRegistry } from '../../app/serverRegistry';

/**
 * Offers "Set Password" once each time a server turns to "authentication failed" (the connection
 * itself waits for a new password rather than retrying, so there is never a stream of these).
 */
export function promptOnAuthFailure(registry: ServerRegistry, commandArgument: (c: ServerConnection) => unknown): vscode.Disposable {
  const watched = new WeakSet<ServerConnection>();
  const watch = (connections: readonly ServerConnection[]) => {
    for (const connection of connections) {
      if (watched.has(connection)) continue;
      watched.add(connection);
      let previous = connection.state.kind;
      connection.onDidChangeState.on((state) => {
        const entered = state.kind === 'unauthorized' && previous !== 'unauthorized';
        previous = state.kind;
        // The embedded server's password is ours, and a cluster Agent's relay holds its own.
        if (!entered || connection.config.origin === 'embedded' || connection.config.origin === 'cluster') return;
        void vscode.window.showWarningMessage(vscode.l10n.t('OpenCode server {0} asks for a password.', connection.label), vscode.l10n.t('Set Password')).then((choice) => {
          if (choice) void vscode.commands.executeCommand('opencodeSessions.setPassword', commandArgument(connection));
        });
      });
    }
  };
  watch(registry.all);
  return registry.onDidChange.on(watch);
}
