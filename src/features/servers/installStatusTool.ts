import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { showError, showInformation } from '../../app/host/notify';
import { sessionStatusPluginUrl } from '../../app/servers/pluginLocation';
import type { ServerConnection } from '../../client/serverConnection';
import type { ApiGeneration } from '../../client/serverApi';
import { pluginKey, withStatusPlugin } from '../../client/beforeConnection';
import { messageSafe } from '../../present/plainText';
import type { ServerRegistry } from '../../app/servers/serverRegistry';
import type { Logger } from '../../base/logger';
import { LinkedConfigError, readConfigFile, writeConfigFile } from './configFile';

type Where = 'global' | 'workspace';

/**
 * Adds this extension's session_status plugin to an OpenCode config (the user's global one, or the open
 * folder's opencode.json), after showing exactly the list it will write: `plugins` for an OpenCode 2 server,
 * `plugin` for 1.x. Other settings are kept; an older copy of the plugin (another extension version) is
 * replaced. Scripts and tests may pass the place, `true` to skip the confirmation, and a target (anything
 * naming a server by `serverId`, e.g. a server row) whose API generation decides the key.
 */
export function registerInstallStatusTool(registry: ServerRegistry, extensionPath: string, log: Logger): vscode.Disposable {
  return vscode.commands.registerCommand(
    'opencodeSessions.installStatusTool',
    async (given?: unknown, confirmed?: unknown, target?: unknown): Promise<string | undefined> => {
      const key = pluginKey(generationFor(registry.all, target ?? given));
      const where = given === 'global' || given === 'workspace' ? given : await pickPlace();
      if (!where) return undefined;
      const file = where === 'global' ? globalConfigFile() : workspaceConfigFile();
      if (!file) {
        void showError(vscode.l10n.t('Open a folder first: its opencode.json is where the workspace setting goes.'));
        return undefined;
      }
      // A folder's opencode.json came with the repository: a symbolic link there is not followed.
      const options = { followLinks: where === 'global' };
      let config: Record<string, unknown> = {};
      let text: string | undefined;
      try {
        text = readConfigFile(file, options);
      } catch (err) {
        if (!(err instanceof LinkedConfigError)) throw err;
        return refuseLink(file, log);
      }
      if (text !== undefined) {
        try {
          const parsed: unknown = JSON.parse(text);
          if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
          config = parsed as Record<string, unknown>;
        } catch (err) {
          const entry = sessionStatusPluginUrl(extensionPath);
          const reason = err instanceof Error ? err.message : String(err);
          const message = vscode.l10n.t(
            '{0} could not be read as JSON ({1}). Add "{2}" to its "{3}" list yourself.',
            messageSafe(file),
            messageSafe(reason),
            entry,
            key,
          );
          void showError(message, vscode.l10n.t('Copy Entry')).then((choice) => {
            if (choice) void vscode.env.clipboard.writeText(entry);
          });
          return undefined;
        }
      }
      const updated = withStatusPlugin(config, sessionStatusPluginUrl(extensionPath), key === 'plugins' ? 'v2' : 'v1');
      const preview = JSON.stringify({ [key]: updated[key] }, null, 2);
      if (confirmed !== true) {
        const write = vscode.l10n.t('Write');
        const answer = await showInformation(
          vscode.l10n.t('Add the session_status tool to {0}?', messageSafe(file)),
          {
            modal: true,
            detail: vscode.l10n.t(
              'This sets its "{0}" list to:\n{1}\nEverything else in the file stays as it is. Restart OpenCode (serve or the TUI) to load it.',
              key,
              preview,
            ),
          },
          write,
        );
        if (answer !== write) return undefined;
      }
      try {
        writeConfigFile(file, `${JSON.stringify(updated, null, 2)}\n`, options);
      } catch (err) {
        if (!(err instanceof LinkedConfigError)) throw err;
        return refuseLink(file, log);
      }
      log.info(`session_status: added the plugin to the "${key}" list of ${file}.`);
      void showInformation(vscode.l10n.t('Added the session_status tool to {0}. Restart OpenCode to load it.', messageSafe(file)));
      return file;
    },
  );
}

function refuseLink(file: string, log: Logger): undefined {
  log.warn(`session_status: ${file} is a symbolic link; not followed, nothing written.`);
  void showError(
    vscode.l10n.t(
      '{0} is a symbolic link, so it was not changed: a folder’s opencode.json must be a file of its own. Nothing was written.',
      file,
    ),
  );
  return undefined;
}

/** The target's API generation; without one, V2 only when every connected server speaks V2 (2.x reads `plugin` too). */
function generationFor(servers: readonly ServerConnection[], target: unknown): ApiGeneration {
  const serverId = (target as { serverId?: unknown } | undefined)?.serverId;
  const connection = servers.find((s) => s.config.id === serverId);
  if (connection) return connection.generation;
  const online = servers.filter((s) => s.state.kind === 'online');
  return online.length > 0 && online.every((s) => s.generation === 'v2') ? 'v2' : 'v1';
}

async function pickPlace(): Promise<Where | undefined> {
  const items: Array<vscode.QuickPickItem & { where: Where }> = [
    {
      label: vscode.l10n.t('Global'),
      description: globalConfigFile(),
      detail: vscode.l10n.t('Every OpenCode you run as this user'),
      where: 'global',
    },
  ];
  const workspace = workspaceConfigFile();
  if (workspace)
    items.push({
      label: vscode.l10n.t('This folder'),
      description: workspace,
      detail: vscode.l10n.t('OpenCode run in this project'),
      where: 'workspace',
    });
  return (
    await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Install session_status Tool'),
      placeHolder: vscode.l10n.t('Which OpenCode config gets it?'),
    })
  )?.where;
}

/** OpenCode's own place for the user's config: $XDG_CONFIG_HOME/opencode, else ~/.config/opencode. */
function globalConfigFile(): string {
  return join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'opencode', 'opencode.json');
}

function workspaceConfigFile(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.scheme === 'file' ? join(folder.uri.fsPath, 'opencode.json') : undefined;
}
