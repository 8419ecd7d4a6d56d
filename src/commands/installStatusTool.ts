import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { sessionStatusPluginUrl } from '../api/pluginLocation';
import { messageSafe } from '../present/plainText';
import type { CommandContext } from './context';

type Where = 'global' | 'workspace';

/**
 * Adds this extension's session_status plugin to an OpenCode config (the user's global one, or the open
 * folder's opencode.json), after showing exactly the `plugin` list it will write. Other settings are kept;
 * an older copy of the plugin (another extension version) is replaced. Scripts and tests may pass the
 * place and `true` to skip the confirmation.
 */
export function registerInstallStatusTool(ctx: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.installStatusTool', async (given?: unknown, confirmed?: unknown): Promise<string | undefined> => {
    const where = given === 'global' || given === 'workspace' ? given : await pickPlace();
    if (!where) return undefined;
    const file = where === 'global' ? globalConfigFile() : workspaceConfigFile();
    if (!file) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Open a folder first: its opencode.json is where the workspace setting goes.'));
      return undefined;
    }
    let config: Record<string, unknown> = {};
    if (existsSync(file)) {
      try {
        const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
        config = parsed as Record<string, unknown>;
      } catch (err) {
        const entry = sessionStatusPluginUrl(ctx.extension.extensionPath);
        const reason = err instanceof Error ? err.message : String(err);
        const message = vscode.l10n.t('{0} could not be read as JSON ({1}). Add "{2}" to its "plugin" list yourself.', messageSafe(file), messageSafe(reason), entry);
        void vscode.window.showErrorMessage(message, vscode.l10n.t('Copy Entry')).then((choice) => {
          if (choice) void vscode.env.clipboard.writeText(entry);
        });
        return undefined;
      }
    }
    const entry = sessionStatusPluginUrl(ctx.extension.extensionPath);
    const others = (Array.isArray(config.plugin) ? (config.plugin as unknown[]) : []).filter((p) => typeof p !== 'string' || !/opencode-sessions.*\/opencode-plugin\/session-status\.js$/.test(p) || p === entry);
    const plugin = others.includes(entry) ? others : [...others, entry];
    const preview = JSON.stringify({ plugin }, null, 2);
    if (confirmed !== true) {
      const write = vscode.l10n.t('Write');
      const answer = await vscode.window.showInformationMessage(
        vscode.l10n.t('Add the session_status tool to {0}?', messageSafe(file)),
        { modal: true, detail: vscode.l10n.t('This sets its "plugin" list to:\n{0}\nEverything else in the file stays as it is. Restart OpenCode (serve or the TUI) to load it.', preview) },
        write,
      );
      if (answer !== write) return undefined;
    }
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify({ ...config, plugin }, null, 2)}\n`);
    ctx.log.info(`session_status: added the plugin to ${file}.`);
    void vscode.window.showInformationMessage(vscode.l10n.t('Added the session_status tool to {0}. Restart OpenCode to load it.', messageSafe(file)));
    return file;
  });
}

async function pickPlace(): Promise<Where | undefined> {
  const items: Array<vscode.QuickPickItem & { where: Where }> = [
    { label: vscode.l10n.t('Global'), description: globalConfigFile(), detail: vscode.l10n.t('Every OpenCode you run as this user'), where: 'global' },
  ];
  const workspace = workspaceConfigFile();
  if (workspace) items.push({ label: vscode.l10n.t('This folder'), description: workspace, detail: vscode.l10n.t('OpenCode run in this project'), where: 'workspace' });
  return (await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Install session_status Tool'), placeHolder: vscode.l10n.t('Which OpenCode config gets it?') }))?.where;
}

/** OpenCode's own place for the user's config: $XDG_CONFIG_HOME/opencode, else ~/.config/opencode. */
function globalConfigFile(): string {
  return join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'opencode', 'opencode.json');
}

function workspaceConfigFile(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.scheme === 'file' ? join(folder.uri.fsPath, 'opencode.json') : undefined;
}
