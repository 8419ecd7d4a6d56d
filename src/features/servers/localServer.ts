// The default when no server is configured: show the OpenCode 2 per-user service registered in service.json,
// else the OpenCode that answers on 127.0.0.1:4096 (without writing settings), or on request (or automatically,
// with the setting) start one: with OpenCode 2, start or join the per-user service the TUI uses (it outlives
// VS Code); with 1.x, one of our own, stopped when VS Code closes. Drives the welcome view through the
// localProbe/localServerRunning keys.
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { findService, type FoundService } from '../../client/discovery/findService';
import { readRegistration, serviceStateDir } from '../../client/discovery/serviceRegistration';
import type { ServerEndpoint } from '../../client/endpoint';
import type { Logger } from '../../client/logger';
import type { ServerConfig } from '../../client/serverConfig';
import { ServerError } from '../../client/serverError';
import { EmbeddedServer, inheritedEnv } from './embeddedServer';
import { binaryGeneration, startService } from './opencodeService';
import { findOpencode } from '../../app/findOpencode';
import { BINARY_SETTING, INSTALL_URL } from '../../app/opencodeBinary';
import { probeLocalServer, probeUrl } from './probeLocalServer';
import type { ServerRegistry } from '../../app/serverRegistry';
import { affectsSetting, readSetting } from '../../app/settings/settingAccess';
import { SETTING, SETTINGS_SECTION } from '../../app/settings/settingKeys';

/** 'probing' shows "Looking for…" in the welcome view; anything else shows the Start button. */
export type ProbeState = 'probing' | 'found' | 'none' | 'skipped';

export type StartResult =
  /** `service`: OpenCode 2's per-user service was joined (`joined`) or started. */
  | { ok: true; url: string; service?: 'joined' | 'started' }
  | { ok: false; reason: 'not-found' | 'failed' | 'cancelled' | 'disposed'; message: string };

export class LocalServerManager implements vscode.Disposable {
  probeState: ProbeState = 'probing';
  private embedded?: EmbeddedServer;
  private starting?: Promise<StartResult>;
  private startAbort?: AbortController;
  private showing?: 'discovered' | 'service' | 'embedded';
  /** The OpenCode 2 service shown (its password lives only here and in the registration file). */
  private service?: FoundService;
  private serviceState?: { dispose(): void };
  /** Registrations already reported as ignored: one log line each, not one per look. */
  private readonly ignoredSaid = new Set<string>();
  /** The state folder watched for service.json appearing, changing or going (a service started or restarted). */
  private stateWatch?: { dir: string; watcher: FSWatcher };
  private stateChanged?: NodeJS.Timeout;
  private hadConfigured?: boolean;
  private queue: Promise<void> = Promise.resolve();
  private disposed = false;
  private shutdownDone?: Promise<void>;
  private readonly listening: vscode.Disposable;
  // If the extension host exits without deactivating (crash, forced quit), kill ours rather than orphan it.
  private readonly onHostExit = () => this.embedded?.killNow();

  constructor(
    private readonly registry: ServerRegistry,
    private readonly log: Logger,
    /** Merged over the user's OpenCode config for the server we start (our session_status plugin). */
    private readonly opencodeConfig?: Record<string, unknown>,
  ) {
    this.setContext('opencodeSessions.localProbe', 'probing');
    this.setContext('opencodeSessions.localServerRunning', false);
    process.on('exit', this.onHostExit);
    this.listening = vscode.Disposable.from(
      registry.onDidChange(() => this.onServersChanged()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsSetting(e, SETTING.localServerAutoStart) && autoStartEnabled()) void this.refresh(true);
      }),
    );
  }

  /** Call after the registry has loaded the settings: probes 127.0.0.1:4096 in the background. */
  activate(): void {
    this.hadConfigured = this.registry.configuredServerCount > 0;
    void this.refresh(true);
  }

  get embeddedUrl(): string | undefined {
    return this.embedded?.url;
  }

  get embeddedPid(): number | undefined {
    return this.embedded?.pid;
  }

  /** Starts `opencode serve` (or returns the one running); never throws: failures are shown and logged. */
  start(): Promise<StartResult> {
    if (this.disposed) return Promise.resolve({ ok: false, reason: 'disposed', message: vscode.l10n.t('The extension is shutting down.') });
    if (this.embedded?.running) return Promise.resolve({ ok: true, url: this.embedded.url });
    if (this.showing === 'service' && this.service)
      return Promise.resolve({ ok: true, url: this.service.registration.url, service: 'joined' });
    this.starting ??= this.launch().finally(() => (this.starting = undefined));
    return this.starting;
  }

  /** Stops our server (if any) and looks at 4096 again; never auto-starts what the user just stopped. */
  async stop(): Promise<void> {
    this.startAbort?.abort();
    await this.starting;
    const server = this.embedded;
    if (!server || this.disposed) return;
    this.embedded = undefined;
    this.hide('embedded');
    this.setContext('opencodeSessions.localServerRunning', false);
    this.log.info(`Stopping the local OpenCode server (pid ${server.pid}).`);
    await server.stop();
    this.log.info('The local OpenCode server stopped.');
    await this.refresh(false);
  }

  /** What deactivate() awaits: the process is gone when this settles. */
  shutdown(): Promise<void> {
    this.shutdownDone ??= (async () => {
      this.disposed = true;
      this.startAbort?.abort();
      this.listening.dispose();
      this.serviceState?.dispose();
      this.stateWatch?.watcher.close();
      clearTimeout(this.stateChanged);
      const server = this.embedded;
      this.embedded = undefined;
      if (server) this.safeLog(`Stopping the local OpenCode server (pid ${server.pid}): VS Code is closing.`);
      await Promise.all([server?.stop(), this.starting]);
      process.off('exit', this.onHostExit);
    })();
    return this.shutdownDone;
  }

  /** Sends the stop signal at once (the registry and log may be disposed right after); see shutdown(). */
  dispose(): void {
    void this.shutdown();
  }

  private onServersChanged(): void {
    if (this.hadConfigured === undefined) return; // not activated yet
    const hasConfigured = this.registry.configuredServerCount > 0;
    if (hasConfigured === this.hadConfigured) return;
    this.hadConfigured = hasConfigured;
    // Queued, not run here: refresh() changes the registry, which is firing this very event.
    void this.refresh(!hasConfigured);
  }

  /** One probe at a time, in order, so quick setting changes cannot interleave. */
  private refresh(allowAutoStart: boolean): Promise<void> {
    this.queue = this.queue
      .then(() => this.probe(allowAutoStart))
      .catch((err) =>
        this.safeLog(`Looking for a local OpenCode server failed: ${err instanceof Error ? err.message : String(err)}`, 'error'),
      );
    return this.queue;
  }

  private async probe(allowAutoStart: boolean): Promise<void> {
    if (this.disposed) return;
    if (this.registry.configuredServerCount > 0) {
      this.hide('discovered');
      this.hide('service');
      return this.setProbeState('skipped');
    }
    if (this.embedded || this.starting) return this.setProbeState('skipped');
    this.setProbeState('probing');
    this.watchState();
    const service = await this.findService();
    const url = probeUrl();
    const result = service ? undefined : await probeLocalServer(url);
    if (this.disposed) return;
    if (this.registry.configuredServerCount > 0 || this.embedded || this.starting) return this.setProbeState('skipped');
    if (service) {
      this.showService(service);
      return this.setProbeState('found');
    }
    this.hide('service');
    if (result && result.kind !== 'none') {
      const what =
        result.kind === 'opencode'
          ? `OpenCode ${result.version}`
          : result.generation === 'v2'
            ? 'an OpenCode 2 server that wants a password'
            : 'an OpenCode server with a password';
      this.log.info(`Found ${what} on ${url}; showing it as "local" (no settings written, no stored password sent).`);
      this.showing = 'discovered';
      const found = { by: 'probe' as const, where: new URL(url).host };
      this.registry.setImplicit({ config: { id: url, url, name: 'local', origin: 'discovered', found } });
      return this.setProbeState('found');
    }
    this.log.info(`No OpenCode 2 service registered, and no OpenCode server on ${url} (${result?.reason}).`);
    this.hide('discovered');
    this.setProbeState('none');
    if (allowAutoStart && autoStartEnabled()) {
      this.log.info(`Starting a local OpenCode server (${SETTINGS_SECTION}.${SETTING.localServerAutoStart} is on).`);
      void this.start();
    }
  }

  /**
   * Watches `<state>/opencode` for a registration written, replaced or removed (or, before OpenCode made that
   * folder, the state folder for it to appear), and looks again then: a service the TUI starts, or one that
   * restarts on a new port or password, shows up without a reload. No polling.
   */
  private watchState(): void {
    const dir = serviceStateDir();
    const target = existsSync(dir) ? dir : dirname(dir);
    if (this.stateWatch?.dir === target || this.disposed) return;
    this.stateWatch?.watcher.close();
    this.stateWatch = undefined;
    if (!existsSync(target)) return;
    const relevant =
      target === dir ? (name: string) => /^service(-[a-zA-Z0-9._-]+)?\.json$/.test(name) : (name: string) => name === 'opencode';
    try {
      const watcher = watch(target, { persistent: false }, (_, name) => {
        if (name && !relevant(name.toString())) return;
        clearTimeout(this.stateChanged);
        // A write is a rename of a temp file: look once it has settled.
        this.stateChanged = setTimeout(() => void this.refresh(false), 300);
      });
      watcher.on('error', () => watcher.close());
      this.stateWatch = { dir: target, watcher };
    } catch (err) {
      this.safeLog(`Cannot watch ${target} for the OpenCode 2 service: ${err instanceof Error ? err.message : String(err)}`, 'warn');
    }
  }

  /** The live OpenCode 2 service in service.json, if any; each ignored registration is logged once. */
  private async findService(): Promise<FoundService | undefined> {
    const found = await findService();
    for (const line of found.ignored) {
      if (this.ignoredSaid.has(line)) continue;
      this.ignoredSaid.add(line);
      this.safeLog(line, 'warn');
    }
    return found.service;
  }

  /**
   * Shows the service as "local". Every connection attempt re-reads its registration, so a service that
   * restarts with a new password is followed; a new port (or a registration gone) makes this look again.
   */
  private showService(found: FoundService): void {
    const { registration, version } = found;
    const previous = this.showing === 'service' ? this.service : undefined;
    this.service = found;
    this.showing = 'service';
    const config: ServerConfig = {
      id: registration.url,
      url: registration.url,
      name: 'local',
      origin: 'discovered',
      found: { by: 'service', where: `OpenCode 2 service (${basename(registration.file)})` },
    };
    if (previous?.registration.url !== registration.url || previous.registration.pid !== registration.pid)
      this.log.info(
        `Found the OpenCode 2 service ${version} at ${registration.url} (pid ${registration.pid}, registered in ${registration.file}); ` +
          'showing it as "local" (no settings written; its password is read from that file and kept in memory only).',
      );
    this.registry.setImplicit({ config, endpoint: () => this.serviceEndpoint(registration.file, registration.url) });
    const connection = this.registry.get(config.id);
    if (previous && previous.registration.password !== registration.password) connection?.reconnect();
    this.serviceState?.dispose();
    // A 401: the service may have a new password in its file; look again rather than ask the user.
    this.serviceState = connection?.onDidChangeState((state) => {
      if (state.kind === 'unauthorized' && this.showing === 'service') void this.refresh(false);
    });
  }

  private serviceEndpoint(file: string, shownUrl: string): Promise<ServerEndpoint> {
    const read = readRegistration(file);
    if (read.kind !== 'found') {
      void this.refresh(false);
      const why = read.kind === 'missing' ? 'is gone' : `is ignored: ${read.reason}`;
      return Promise.reject(new ServerError('unreachable', `The OpenCode 2 service's registration ${file} ${why}.`));
    }
    // Restarted on another port: show it under its new URL (this attempt already goes there).
    if (read.registration.url !== shownUrl) void this.refresh(false);
    return Promise.resolve({ url: read.registration.url, password: read.registration.password });
  }

  private async launch(): Promise<StartResult> {
    const binary = findOpencode();
    if (!binary.found) {
      this.log.error(binary.message);
      void this.offerInstall(binary.message);
      return { ok: false, reason: 'not-found', message: binary.message };
    }
    const env = inheritedEnv(process.env);
    const via = binary.source === 'PATH' ? 'PATH' : BINARY_SETTING;
    if ((await binaryGeneration(binary.path, env)) === 'v2') return this.launchService(binary.path, via, env);
    this.log.info(`Starting the local OpenCode server: ${binary.path} serve (found via ${via}).`);
    const abort = new AbortController();
    this.startAbort = abort;
    try {
      const server = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Starting the local OpenCode server…'), cancellable: true },
        (_, token) => {
          token.onCancellationRequested(() => abort.abort());
          return EmbeddedServer.start({ binary: binary.path, cwd: workingDirectory(), config: this.opencodeConfig, signal: abort.signal });
        },
      );
      if (this.disposed) {
        await server.stop();
        return { ok: false, reason: 'disposed', message: vscode.l10n.t('The extension is shutting down.') };
      }
      this.adopt(server);
      return { ok: true, url: server.url };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (abort.signal.aborted) {
        this.safeLog('Starting the local OpenCode server was cancelled.');
        return { ok: false, reason: 'cancelled', message: vscode.l10n.t('Cancelled.') };
      }
      this.log.error(`The local OpenCode server did not start: ${message}`);
      void vscode.window
        .showErrorMessage(vscode.l10n.t('The local OpenCode server did not start: {0}', message.split('\n')[0]), vscode.l10n.t('Show Log'))
        .then((choice) => {
          if (choice) void vscode.commands.executeCommand('opencodeSessions.showLog');
        });
      return { ok: false, reason: 'failed', message };
    } finally {
      if (this.startAbort === abort) this.startAbort = undefined;
    }
  }

  /** OpenCode 2: join the per-user service if it runs, else start it (`serve --service`), and show it. */
  private async launchService(binary: string, via: string, env: NodeJS.ProcessEnv): Promise<StartResult> {
    const running = await this.findService();
    if (running) {
      this.log.info(
        `Start Local Server: the OpenCode 2 service already runs at ${running.registration.url}; joining it (the TUI uses it too).`,
      );
      this.showService(running);
      this.setProbeState('found');
      return { ok: true, url: running.registration.url, service: 'joined' };
    }
    this.log.info(
      `Starting the OpenCode 2 per-user service: ${binary} serve --service (found via ${via}). It stays running when VS Code closes, ` +
        'and the TUI in a terminal uses the same one; stop it with "opencode service stop".',
    );
    const abort = new AbortController();
    this.startAbort = abort;
    try {
      const found = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Starting the OpenCode 2 service…'), cancellable: true },
        (_, token) => {
          token.onCancellationRequested(() => abort.abort());
          return startService({ binary, env, signal: abort.signal });
        },
      );
      if (this.disposed) return { ok: false, reason: 'disposed', message: vscode.l10n.t('The extension is shutting down.') };
      this.showService(found);
      this.setProbeState('found');
      return { ok: true, url: found.registration.url, service: 'started' };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (abort.signal.aborted) return { ok: false, reason: 'cancelled', message: vscode.l10n.t('Cancelled.') };
      this.log.error(`The OpenCode 2 service did not start: ${message}`);
      void vscode.window
        .showErrorMessage(vscode.l10n.t('The OpenCode 2 service did not start: {0}', message.split('\n')[0]), vscode.l10n.t('Show Log'))
        .then((choice) => {
          if (choice) void vscode.commands.executeCommand('opencodeSessions.showLog');
        });
      return { ok: false, reason: 'failed', message };
    } finally {
      if (this.startAbort === abort) this.startAbort = undefined;
    }
  }

  private adopt(server: EmbeddedServer): void {
    this.embedded = server;
    this.showing = 'embedded';
    // The password lives only here, in memory: never in settings, SecretStorage or the log.
    this.registry.setImplicit({
      config: { id: server.url, url: server.url, name: 'embedded', origin: 'embedded' },
      password: () => Promise.resolve(server.password),
    });
    this.setContext('opencodeSessions.localServerRunning', true);
    this.log.info(`The local OpenCode server listens on ${server.url} (pid ${server.pid}).`);
    void server.exited.then(({ code, signal }) => {
      if (this.embedded !== server) return; // stopped on purpose
      this.embedded = undefined;
      this.log.warn(`The local OpenCode server (pid ${server.pid}) exited by itself (${signal ?? `code ${code}`}).`);
      this.hide('embedded');
      this.setContext('opencodeSessions.localServerRunning', false);
    });
  }

  private hide(which: 'discovered' | 'service' | 'embedded'): void {
    if (this.showing !== which || this.disposed) return;
    this.showing = undefined;
    if (which === 'service') {
      this.service = undefined;
      this.serviceState?.dispose();
      this.serviceState = undefined;
    }
    this.registry.setImplicit(undefined);
  }

  private async offerInstall(message: string): Promise<void> {
    const install = vscode.l10n.t('How to Install');
    const setPath = vscode.l10n.t('Set Path');
    const choice = await vscode.window.showErrorMessage(message, install, setPath);
    if (choice === install) await vscode.env.openExternal(vscode.Uri.parse(INSTALL_URL));
    else if (choice === setPath) await vscode.commands.executeCommand('workbench.action.openSettings', BINARY_SETTING);
  }

  private setProbeState(state: ProbeState): void {
    this.probeState = state;
    this.setContext('opencodeSessions.localProbe', state);
  }

  private setContext(key: string, value: unknown): void {
    if (!this.disposed) void vscode.commands.executeCommand('setContext', key, value);
  }

  /** The log channel may already be closed while VS Code shuts down; writing to it then throws. */
  private safeLog(message: string, level: 'info' | 'warn' | 'error' = 'info'): void {
    try {
      this.log[level](message);
    } catch {
      // closed
    }
  }
}

function autoStartEnabled(): boolean {
  return readSetting<boolean>(SETTING.localServerAutoStart) === true;
}

/** The first local workspace folder (OpenCode's default project), else the home folder. */
function workingDirectory(): string {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  return folder?.uri.fsPath ?? homedir();
}
