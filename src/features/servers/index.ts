// The servers: the configured list and its passwords, the OpenCode on 127.0.0.1:4096 or one started on request,
// reconnecting, the session_status tool for OpenCode's config, and the extension's log and settings.
import type { App } from '../../app';
import { sessionStatusPluginUrl } from '../../app/servers/pluginLocation';
import { promptOnAuthFailure } from './authPrompt';
import { registerExtensionCommands } from './extensionCommands';
import { registerInstallStatusTool } from './installStatusTool';
import { LocalServerManager } from './localServer';
import { registerLocalServerCommands } from './localServerCommands';
import { registerPairingCommand } from './pairingCommand';
import { registerServerCommands } from './serverCommands';
import { registerShowServerDetails } from './serverDetailsCommand';
import { warnOnClearTextPasswords } from './plainHttpWarning';

export { LocalServerManager } from './localServer';

export function registerServers(app: App): { localServer: LocalServerManager } {
  const { extension, registry, log } = app;
  // The server we start gets our session_status tool, so its agents can read their usage.
  const localServer = new LocalServerManager(registry, log, { plugin: [sessionStatusPluginUrl(extension.extensionPath)] });
  extension.subscriptions.push(
    localServer,
    registerServerCommands(registry, extension.secrets, log),
    registerPairingCommand(registry, extension.secrets, log),
    registerShowServerDetails(registry),
    registerLocalServerCommands(localServer),
    registerExtensionCommands(log),
    registerInstallStatusTool(registry, extension.extensionPath, log),
    promptOnAuthFailure(app.sessions, (c) => app.view.rows.serverRow(c)),
    warnOnClearTextPasswords(registry, extension.globalState),
  );
  return { localServer };
}
