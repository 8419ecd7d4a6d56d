// Show Server Details: a server's version, API, where it was found, and what it offers or not (and on which
// route), in a dialog whose text can be copied. Returns the lines (for scripts and tests).
import * as vscode from 'vscode';
import { showInformation } from '../../app/host/notify';
import { serverFor } from '../../app/commands/pickServer';
import { serverDetails } from '../../app/servers/serverFeatures';
import type { ServerRegistry } from '../../app/servers/serverRegistry';
import { messageSafe } from '../../present/plainText';

export function registerShowServerDetails(registry: ServerRegistry): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.showServerDetails', async (node?: unknown, options?: { quiet?: boolean }) => {
    const connection = await serverFor(registry, node, vscode.l10n.t('Show OpenCode Server Details'));
    if (!connection) return undefined;
    const lines = serverDetails(connection);
    if (options?.quiet) return lines;
    const copy = vscode.l10n.t('Copy');
    // A modal's detail is plain text: nothing from the server can become a link or a command there.
    const choice = await showInformation(
      messageSafe(vscode.l10n.t('OpenCode server {0}', connection.label)),
      { modal: true, detail: lines.join('\n') },
      copy,
    );
    if (choice === copy) await vscode.env.clipboard.writeText(lines.join('\n'));
    return lines;
  });
}
