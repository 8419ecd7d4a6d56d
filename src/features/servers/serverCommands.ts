// The servers list: add a server, remove one, set its password, reconnect one or every one.
import * as vscode from 'vscode';
import { showInformation, showWarning } from '../../app/host/notify';
import { normalizeServerUrl } from '../../client/beforeConnection';
import { passwordKey, type ServerRegistry } from '../../app/servers/serverRegistry';
import { inspectSetting, updateSetting } from '../../app/settings/settingAccess';
import { SETTING } from '../../app/settings/settingKeys';
import type { Logger } from '../../base/logger';
import { serverFor } from '../../app/commands/pickServer';
import { clearTextPasswordHost } from '../../app/servers/plainHttpRisk';

export function registerServerCommands(registry: ServerRegistry, secrets: vscode.SecretStorage, log: Logger): vscode.Disposable {
  return vscode.Disposable.from(
    registerAddServer(),
    registerRemoveServer(registry, secrets),
    registerSetPassword(registry, secrets, log),
    registerReconnect(registry),
    registerRefresh(registry),
  );
}

function registerAddServer(): vscode.Disposable {
  // A URL argument (a probed server's "Add Server") is only the input box's first value.
  return vscode.commands.registerCommand('opencodeSessions.addServer', async (suggested?: unknown) => {
    const input = await vscode.window.showInputBox({
      title: vscode.l10n.t('Add OpenCode Server'),
      prompt: vscode.l10n.t('The URL `opencode serve` prints, e.g. http://127.0.0.1:4096'),
      value: (typeof suggested === 'string' && normalizeServerUrl(suggested)) || 'http://127.0.0.1:4096',
      ignoreFocusOut: true,
      validateInput: (value) =>
        normalizeServerUrl(value) ? undefined : vscode.l10n.t('Enter an http:// or https:// URL without a user name or password.'),
    });
    const url = input === undefined ? undefined : normalizeServerUrl(input);
    if (!url) return;
    // Before any password can go there: a server that asks for one would get it in clear text.
    const host = clearTextPasswordHost(url, 'any');
    if (host) {
      const add = vscode.l10n.t('Add Anyway');
      const answer = await showWarning(
        vscode.l10n.t(
          '{0} is plain http to another machine: if the server asks for a password, it would go to {1} readable on the network.',
          url,
          host,
        ),
        { modal: true, detail: vscode.l10n.t('Use an https:// URL (a TLS proxy in front of OpenCode) or an SSH tunnel to 127.0.0.1.') },
        add,
      );
      if (answer !== add) return;
    }
    const name = await vscode.window.showInputBox({
      title: vscode.l10n.t('Add OpenCode Server'),
      prompt: vscode.l10n.t('A name for it in the tree (optional)'),
      ignoreFocusOut: true,
    });
    if (name === undefined) return;
    // The user's own list: a workspace's is never read (settingKeys.ts USER_ONLY).
    const current = inspectSetting<unknown[]>(SETTING.servers)?.globalValue ?? [];
    const entry = name.trim() ? { name: name.trim(), url } : { url };
    await updateSetting(SETTING.servers, [...current, entry]);
  });
}

/** Removes a configured server from the user's list, and forgets its password. */
function registerRemoveServer(registry: ServerRegistry, secrets: vscode.SecretStorage): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.removeServer', async (node?: unknown) => {
    const connection = await serverFor(registry, node, vscode.l10n.t('Remove OpenCode Server'), (c) => c.config.origin === 'configured');
    if (!connection || connection.config.origin !== 'configured') return;
    const remove = vscode.l10n.t('Remove');
    const answer = await showWarning(
      vscode.l10n.t('Remove {0} ({1}) from the list?', connection.label, connection.config.url),
      { modal: true },
      remove,
    );
    if (answer !== remove) return;
    const list = inspectSetting<unknown[]>(SETTING.servers)?.globalValue;
    const kept = list?.filter((entry) => {
      const url = typeof entry === 'string' ? entry : (entry as { url?: unknown })?.url;
      return typeof url !== 'string' || normalizeServerUrl(url) !== connection.config.id;
    });
    if (list && kept && kept.length !== list.length) await updateSetting(SETTING.servers, kept);
    await secrets.delete(passwordKey(connection.config.id));
  });
}

/**
 * Stores a server's password in SecretStorage (never in settings) and reconnects. A second argument
 * sets it without asking (for scripts and tests); an empty password removes the stored one. A password that
 * would go over plain http to another machine is stored (and so sent) only once the user has accepted that in
 * a warning, or a script has said so with a third argument `true`; nothing is stored otherwise.
 */
function registerSetPassword(registry: ServerRegistry, secrets: vscode.SecretStorage, log: Logger): vscode.Disposable {
  return vscode.commands.registerCommand(
    'opencodeSessions.setPassword',
    async (node?: unknown, given?: unknown, clearTextAccepted?: unknown) => {
      // Only servers from the settings: a stored password goes to that URL alone, never to a probed port.
      const connection = await serverFor(
        registry,
        node,
        vscode.l10n.t('Set OpenCode Server Password'),
        (c) => c.config.origin === 'configured',
      );
      if (!connection) return;
      if (connection.config.origin !== 'configured') {
        void showInformation(
          connection.config.origin === 'discovered'
            ? vscode.l10n.t('A server found by probing never gets a stored password. Add it as a server (Add Server) to set one.')
            : vscode.l10n.t('VS Code manages the password of this server itself.'),
        );
        return;
      }
      const password =
        typeof given === 'string'
          ? given
          : await vscode.window.showInputBox({
              title: vscode.l10n.t('Password for {0}', connection.label),
              prompt: vscode.l10n.t(
                "The OPENCODE_SERVER_PASSWORD the server was started with. Stored in VS Code's secret storage. Leave empty to remove it.",
              ),
              password: true,
              ignoreFocusOut: true,
            });
      if (password === undefined) return;
      const host = clearTextPasswordHost(connection.config.url, password);
      if (host && clearTextAccepted !== true && (typeof given === 'string' || !(await acceptClearText(connection.label, host)))) {
        log.warn(`${connection.label}: the password was not stored: it would go to ${host} over plain http, readable on the network.`);
        return;
      }
      const key = passwordKey(connection.config.id);
      if (password) await secrets.store(key, password);
      else await secrets.delete(key);
      log.info(`${connection.label}: password ${password ? 'updated' : 'removed'}; reconnecting.`);
      connection.reconnect();
    },
  );
}

/** The warning before a password leaves in clear text: true when the user sends it anyway. */
async function acceptClearText(label: string, host: string): Promise<boolean> {
  const send = vscode.l10n.t('Store and Send Anyway');
  const answer = await showWarning(
    vscode.l10n.t('The password for {0} would go to {1} over plain http, readable on the network.', label, host),
    { modal: true, detail: vscode.l10n.t('Use an https:// URL (a TLS proxy in front of OpenCode) or an SSH tunnel to 127.0.0.1.') },
    send,
  );
  return answer === send;
}

function registerReconnect(registry: ServerRegistry): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.reconnect', async (node?: unknown) => {
    const connection = await serverFor(registry, node, vscode.l10n.t('Reconnect to OpenCode Server'));
    connection?.reconnect();
  });
}

/** Reconnects every server, which re-fetches all sessions (the event stream replays nothing). */
function registerRefresh(registry: ServerRegistry): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.refresh', () => registry.reconnectAll());
}
