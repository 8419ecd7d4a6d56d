// Reading, watching and writing the settings named in settingKeys.ts.
import * as vscode from 'vscode';
import { SETTINGS_SECTION, USER_ONLY, type SettingGroup, type SettingKey } from './settingKeys';

/**
 * The setting's value as VS Code resolves it (default, user, workspace); read fresh each time. A USER_ONLY
 * setting is the user's own value or the default: a workspace's value is ignored even where VS Code would
 * apply it (an older VS Code, a trusted workspace).
 */
export function readSetting<T>(key: SettingKey): T | undefined {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  if (!USER_ONLY.has(key)) return config.get<T>(key);
  const inspected = config.inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue;
}

/** Where each scope sets it (e.g. whether a user chose a binary path themselves). */
export function inspectSetting<T>(key: SettingKey) {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect<T>(key);
}

/** True when a configuration change touches the setting, a group of them, or (without a key) any of ours. */
export function affectsSetting(e: vscode.ConfigurationChangeEvent, key?: SettingKey | SettingGroup): boolean {
  return e.affectsConfiguration(key ? `${SETTINGS_SECTION}.${key}` : SETTINGS_SECTION);
}

/**
 * Writes a setting where it takes effect: the workspace if it already sets it there (else that value would keep
 * winning over the write), otherwise the user settings; `target` forces one. A USER_ONLY setting always goes to
 * the user settings.
 */
export function updateSetting(key: SettingKey, value: unknown, target?: vscode.ConfigurationTarget): Thenable<void> {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const where = USER_ONLY.has(key)
    ? vscode.ConfigurationTarget.Global
    : (target ??
      (config.inspect(key)?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global));
  return config.update(key, value, where);
}

/**
 * Opens the Settings editor on `query` (a setting's full name, or `@ext:…`) where our settings are listed. In a
 * remote window (code-server, Remote-SSH, a container) VS Code reads `machine`-scoped settings (every USER_ONLY
 * one) from the Remote settings only and leaves them out of the User tab, so they are opened there: the Remote tab
 * lists every other setting of ours too. A workbench without the Remote command falls back to the User tab.
 */
export async function openSettingsEditor(query: string): Promise<void> {
  if (vscode.env.remoteName !== undefined) {
    try {
      await vscode.commands.executeCommand('workbench.action.openRemoteSettings', { query });
      return;
    } catch {
      // not a workbench with Remote settings after all: the User tab below
    }
  }
  await vscode.commands.executeCommand('workbench.action.openSettings', query);
}
