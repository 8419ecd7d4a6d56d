// Warns once per server (per window, until the user says not to again) when its password goes out over plain
// http: to another machine, with what to do about it.
import * as vscode from 'vscode';
import { openSettingsEditor } from '../../app/settings/settingAccess';
import { showWarning } from '../../app/host/notify';
import type { ServerRegistry } from '../../app/servers/serverRegistry';
import type { ServerConnection } from '../../client/serverConnection';
import { clearTextPasswordHost } from '../../app/servers/plainHttpRisk';

const QUIET_KEY = 'opencodeSessions.plainHttpWarningOff';

export function warnOnClearTextPasswords(registry: ServerRegistry, memento: vscode.Memento): vscode.Disposable {
  const watched = new Map<ServerConnection, { dispose(): void }>();
  const warned = new Set<string>();
  const check = async (connection: ServerConnection) => {
    if (connection.state.kind !== 'online' || warned.has(connection.config.id)) return;
    const { url, password } = await connection.endpoint();
    const host = clearTextPasswordHost(url, password);
    const quiet = memento.get<string[]>(QUIET_KEY, []);
    if (!host || warned.has(connection.config.id) || quiet.includes(connection.config.id)) return;
    warned.add(connection.config.id);
    const settings = vscode.l10n.t('Edit Servers');
    const off = vscode.l10n.t("Don't Warn for This Server");
    const choice = await showWarning(
      vscode.l10n.t(
        'OpenCode: the password for {0} goes to {1} over plain http, readable on the network. Use an https:// URL (a TLS proxy in front of OpenCode) or an SSH tunnel to 127.0.0.1.',
        connection.label,
        host,
      ),
      settings,
      off,
    );
    if (choice === settings) await openSettingsEditor('opencodeSessions.servers');
    if (choice === off) await memento.update(QUIET_KEY, [...quiet, connection.config.id]);
  };
  const watch = () => {
    for (const [connection, listener] of watched) {
      if (!registry.all.includes(connection)) {
        listener.dispose();
        watched.delete(connection);
      }
    }
    for (const connection of registry.all) {
      if (watched.has(connection)) continue;
      watched.set(
        connection,
        connection.onDidChangeState(() => void check(connection).catch(() => undefined)),
      );
      void check(connection).catch(() => undefined);
    }
  };
  const listening = registry.onDidChange(watch);
  watch();
  return {
    dispose: () => {
      listening.dispose();
      for (const listener of watched.values()) listener.dispose();
      watched.clear();
    },
  };
}
