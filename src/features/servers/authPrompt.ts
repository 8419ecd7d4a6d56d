import * as vscode from 'vscode';
import type { SessionsModel } from '../../app/sessionsModel';
import type { ConnectionState } from '../../client/connectionState';
import type { ServerConnection } from '../../client/serverConnection';

/**
 * Offers "Set Password" once each time a server turns to "authentication failed" (the connection
 * itself waits for a new password rather than retrying, so there is never a stream of these).
 */
export function promptOnAuthFailure(model: SessionsModel, commandArgument: (c: ServerConnection) => unknown): vscode.Disposable {
  // Each state is a new object: a server that fails again after a retry is a new failure, even within one frame.
  const prompted = new WeakMap<ServerConnection, ConnectionState>();
  return model.onDidChange(({ states }) => {
    for (const connection of states) {
      const { state } = connection;
      // The embedded server's password is ours, and a cluster Agent's relay holds its own.
      if (
        state.kind !== 'unauthorized' ||
        prompted.get(connection) === state ||
        connection.config.origin === 'embedded' ||
        connection.config.origin === 'cluster'
      )
        continue;
      prompted.set(connection, state);
      void vscode.window
        .showWarningMessage(vscode.l10n.t('OpenCode server {0} asks for a password.', connection.label), vscode.l10n.t('Set Password'))
        .then((choice) => {
          if (choice) void vscode.commands.executeCommand('opencodeSessions.setPassword', commandArgument(connection));
        });
    }
  });
}
