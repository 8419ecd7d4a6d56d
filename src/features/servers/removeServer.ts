import * as vscode from 'vscode';
import { normalizeServerUrl } from '../../client/opencodeClient';
import { serverFor } from '../../app/commands/pickServer';
import { passwordKey, SETTINGS_SECTION } from '../../app/serverRegistry';
import type { CommandContext } from '../../app/commands/context';

/** Removes a configured server from whichever settings list holds it, and forgets its password. */
export function registerRemoveServer({ registry, extension }: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.removeServer', async (node?: unknown) => {
    const connection = await serverFor(registry, node, vscode.l10n.t('Remove OpenCode Server'), (c) => c.config.origin === 'configured');
    if (!connection || connection.config.origin !== 'configured') return;
    const remove = vscode.l10n.t('Remove');
    const answer = await vscode.window.showWarningMessage(vscode.l10n.t('Remove {0} ({1}) from the list?', connection.label, connection.config.url), { modal: true }, remove);
    if (answer !== remove) return;
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const inspected = config.inspect<unknown[]>('servers');
    const keep = (list: unknown[] | undefined) =>
      list?.filter((entry) => {
        const url = typeof entry === 'string' ? entry : (entry as { url?: unknown })?.url;
        return typeof url !== 'string' || normalizeServerUrl(url) !== connection.config.id;
      });
    const targets: Array<[unknown[] | undefined, vscode.ConfigurationTarget]> = [
      [inspected?.workspaceFolderValue, vscode.ConfigurationTarget.WorkspaceFolder],
      [inspected?.workspaceValue, vscode.ConfigurationTarget.Workspace],
      [inspected?.globalValue, vscode.ConfigurationTarget.Global],
    ];
    for (const [list, target] of targets) {
      const kept = keep(list);
      if (list && kept && kept.length !== list.length) await config.update('servers', kept, target);
    }
    await extension.secrets.delete(passwordKey(connection.config.id));
  });
}
