// Reading, watching and writing the settings named in settingKeys.ts.
import * as vscode from 'vscode';
import { SETTINGS_SECTION, type SettingGroup, type SettingKey } from './settingKeys';

/** The setting's value as VS Code resolves it (default, user, workspace); read fresh each time. */
export function readSetting<T>(key: SettingKey): T | undefined {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<T>(key);
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
 * winning over the write), otherwise the user settings; `target` forces one.
 */
export function updateSetting(key: SettingKey, value: unknown, target?: vscode.ConfigurationTarget): Thenable<void> {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const where =
    target ??
    (config.inspect(key)?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
  return config.update(key, value, where);
}
