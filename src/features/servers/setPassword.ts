import * as vscode from 'vscode';
import { serverFor } from '../../app/commands/pickServer';
import { passwordKey } from '../../app/serverRegistry';
import type { CommandContext } from '../../app/commands/context';

/**
 * Stores a server's password in SecretStorage (never in settings) and reconnects. A second argument
 * sets it without asking (for scripts and tests); an empty password removes the stored one.
 */
export function registerSetPassword({ registry, extension, log }: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.setPassword', async (node?: unknown, given?: unknown) => {
    const connection = await serverFor(registry, node, vscode.l10n.t('Set OpenCode Server Password'), (c) => c.config.origin !== 'embedded');
    if (!connection) return;
    if (connection.config.origin === 'embedded') {
      void vscode.window.showInformationMessage(vscode.l10n.t('VS Code started this server and manages its password itself.'));
      return;
    }
    const password =
      typeof given === 'string'
        ? given
        : await vscode.window.showInputBox({
            title: vscode.l10n.t('Password for {0}', connection.label),
            prompt: vscode.l10n.t("The OPENCODE_SERVER_PASSWORD the server was started with. Stored in VS Code's secret storage. Leave empty to remove it."),
            password: true,
            ignoreFocusOut: true,
          });
    if (password === undefined) return;
    const key = passwordKey(connection.config.id);
    if (password) await extension.secrets.store(key, password);
    else await extension.secrets.delete(key);
    log.info(`${connection.label}: password ${password ? 'updated' : 'removed'}; reconnecting.`);
    connection.reconnect();
  });
}
