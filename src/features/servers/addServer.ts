import * as vscode from 'vscode';
import { normalizeServerUrl } from '../../client/opencodeClient';
import { SETTINGS_SECTION } from '../../app/serverRegistry';
import { settingTarget } from '../../app/settings/settingTarget';
import type { CommandContext } from '../../app/commands/context';

export function registerAddServer(_: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.addServer', async () => {
    const input = await vscode.window.showInputBox({
      title: vscode.l10n.t('Add OpenCode Server'),
      prompt: vscode.l10n.t('The URL `opencode serve` prints, e.g. http://127.0.0.1:4096'),
      value: 'http://127.0.0.1:4096',
      ignoreFocusOut: true,
      validateInput: (value) => (normalizeServerUrl(value) ? undefined : vscode.l10n.t('Enter an http:// or https:// URL without a user name or password.')),
    });
    const url = input === undefined ? undefined : normalizeServerUrl(input);
    if (!url) return;
    const name = await vscode.window.showInputBox({ title: vscode.l10n.t('Add OpenCode Server'), prompt: vscode.l10n.t('A name for it in the tree (optional)'), ignoreFocusOut: true });
    if (name === undefined) return;
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const inspected = config.inspect<unknown[]>('servers');
    // Add to where the list already lives, so a workspace list is not silently shadowed.
    const target = settingTarget(SETTINGS_SECTION, 'servers');
    const current = (target === vscode.ConfigurationTarget.Workspace ? inspected?.workspaceValue : inspected?.globalValue) ?? [];
    const entry = name.trim() ? { name: name.trim(), url } : { url };
    await config.update('servers', [...current, entry], target);
  });
}
