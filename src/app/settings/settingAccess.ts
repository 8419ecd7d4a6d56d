// Reading, watching and writing the settings named in settingKeys.ts.
import * as vscode from 'vscode';
import { showWarning } from '../host/notify';
import { SETTINGS_SECTION, USER_ONLY, type SettingGroup, type SettingKey } from './settingKeys';

/**
 * The setting's value as VS Code resolves it (default, user, workspace); read fresh each time. A USER_ONLY
 * setting is the user's own value (User settings, and in a remote window its Remote settings, which VS Code
 * merges into globalValue) or the default: VS Code applies a workspace's value of these `window`-scoped
 * settings, so it is ignored here, and the user told once per window.
 */
export function readSetting<T>(key: SettingKey): T | undefined {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  if (!USER_ONLY.has(key)) return config.get<T>(key);
  const inspected = config.inspect<T>(key);
  if (inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined) tellIgnored(key);
  return inspected?.globalValue ?? inspected?.defaultValue;
}

let toldIgnored = false;

function tellIgnored(key: SettingKey): void {
  if (toldIgnored) return;
  toldIgnored = true;
  void showWarning(
    vscode.l10n.t(
      'OpenCode: this workspace sets {0}, which only your own User (or Remote) settings decide, so its value is ignored. A workspace’s settings cannot choose a server or change a budget.',
      `${SETTINGS_SECTION}.${key}`,
    ),
  );
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
 * Opens the Settings editor's User tab on `query` (a setting's full name, or `@ext:…`): every setting of ours is
 * `window`-scoped, so a remote window (code-server, Remote-SSH, a container) lists and applies them there too (a
 * `machine`-scoped one it would leave out of User and read from Remote alone).
 */
export async function openSettingsEditor(query: string): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.openSettings', query);
}
