import * as vscode from 'vscode';
import { showWarning } from '../../app/host/notify';
import type { SessionsModel } from '../../app/sessions/sessionsModel';
import type { ConnectionState } from '../../client/serverConnection';
import type { ServerConnection } from '../../client/serverConnection';
import { runCommand } from '../../app/commands/commandTable';

/**
 * Offers "Set Password" once each time a configured server turns to "authentication failed" (the connection
 * itself waits for a new password rather than retrying, so there is never a stream of these). A server found
 * by probing never gets a stored password (whoever holds the port would receive it): the offer there is to add
 * it as a server, whose password is then asked for and stored for that server alone.
 */
export function promptOnAuthFailure(model: SessionsModel, commandArgument: (c: ServerConnection) => unknown): vscode.Disposable {
  // Each state is a new object: a server that fails again after a retry is a new failure, even within one frame.
  const prompted = new WeakMap<ServerConnection, ConnectionState>();
  return model.onDidChange(({ states }) => {
    for (const connection of states) {
      const { state } = connection;
      // The embedded server's password is ours, a cluster Agent's relay holds its own, and the OpenCode 2
      // service's is in its registration (the servers feature looks there again).
      const { origin, found } = connection.config;
      if (state.kind !== 'unauthorized' || prompted.get(connection) === state || origin === 'embedded' || origin === 'cluster') continue;
      if (found?.by === 'service') continue;
      prompted.set(connection, state);
      if (origin === 'discovered') {
        offerToAdd(connection);
        continue;
      }
      void showWarning(vscode.l10n.t('OpenCode server {0} asks for a password.', connection.label), vscode.l10n.t('Set Password')).then(
        (choice) => {
          if (choice) void runCommand('opencodeSessions.setPassword', commandArgument(connection));
        },
      );
    }
  });
}

function offerToAdd(connection: ServerConnection): void {
  const add = vscode.l10n.t('Add Server');
  void showWarning(
    vscode.l10n.t(
      'The OpenCode server on {0} wants a password (an OpenCode 2 server always does). A server found by probing never gets a stored password: add it as a server to set one.',
      new URL(connection.config.url).host,
    ),
    add,
  ).then((choice) => {
    if (choice) void runCommand('opencodeSessions.addServer', connection.config.url);
  });
}
