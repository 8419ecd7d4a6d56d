// The default when no server is configured: show the OpenCode 2 per-user service registered in service.json,
// else the OpenCode that answers on 127.0.0.1:4096 (without writing settings), or on request (or automatically,
// with the setting) start one: with OpenCode 2, start or join the per-user service the TUI uses (it outlives
// VS Code); with 1.x, one of our own, stopped when VS Code closes. Drives the welcome view through the
// localProbe/localServerRunning keys.
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { openSettingsEditor } from '../../app/settings/settingAccess';
import { showError, withProgress } from '../../app/host/notify';
import { Disposable } from '../../base/disposable';
import type { Logger } from '../../base/logger';
import { EmbeddedServer, inheritedEnv } from './embeddedServer';
import { portOwnerProblem } from './portOwner';
import { binaryGeneration } from './opencodeService';
import { ServiceFollower, type ShownService } from './serviceFollower';
import type { StartResult } from './startResult';
import { findOpencode } from '../../app/servers/findOpencode';
import { BINARY_SETTING, INSTALL_URL } from '../../app/servers/opencodeBinary';
import { probeLocalServer, probeUrl } from './probeLocalServer';
import type { ServerRegistry } from '../../app/servers/serverRegistry';
import { affectsSetting, readSetting } from '../../app/settings/settingAccess';
import { SETTING, SETTINGS_SECTION } from '../../app/settings/settingKeys';
import { runCommand } from '../../app/commands/commandTable';

/** 'probing' shows "Looking for…" in the welcome view; anything else shows the Start button. */
export type ProbeState = 'probing' | 'found' | 'none' | 'skipped';

export type { StartResult } from './startResult';

export class LocalServerManager extends Disposable {
  probeState: ProbeState = 'probing';
  private embedded?: EmbeddedServer;
  private starting?: Promise<StartResult>;
  private startAbort?: AbortController;
  private showing?: 'discovered' | 'service' | 'embedded';
  private readonly service: ServiceFollower;
  private hadConfigured?: boolean;
  private queue: Promise<void> = Promise.resolve();
  private shutdownDone?: Promise<void>;
  // If the extension host exits without deactivating (crash, forced quit), kill ours rather than orphan it.
  private readonly onHostExit = () => this.embedded?.killNow();

  constructor(
    private readonly registry: ServerRegistry,
    private readonly log: Logger,
    /** Merged over the user's OpenCode config for the server we start (our session_status plugin). */
    private readonly opencodeConfig?: Record<string, unknown>,
  ) {
    super();
    this.service = this._register(new ServiceFollower(registry, log, () => void this.refresh(false)));
    this.setContext('opencodeSessions.localProbe', 'probing');
    this.setContext('opencodeSessions.localServerRunning', false);
    process.on('exit', this.onHostExit);
    this._register(registry.onDidChange(() => this.onServersChanged()));
    this._register(
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

  get embeddedPid(): number | undefined {
    return this.embedded?.pid;
  }

  /** Starts `opencode serve` (or returns the one running); never throws: failures are shown and logged. */
  start(): Promise<StartResult> {
    if (this.disposed) return Promise.resolve({ ok: false, reason: 'disposed', message: vscode.l10n.t('The extension is shutting down.') });
    if (this.embedded?.running) return Promise.resolve({ ok: true, url: this.embedded.url });
    const serviceUrl = this.showing === 'service' ? this.service.shownUrl : undefined;
    if (serviceUrl) return Promise.resolve({ ok: true, url: serviceUrl, service: 'joined' });
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
      // A part that fails to dispose must not keep our server running past VS Code.
      try {
        super.dispose();
      } catch (err) {
        this.safeLog(`Closing the local server's listeners failed: ${err instanceof Error ? err.message : String(err)}`, 'error');
      }
      this.startAbort?.abort();
      const server = this.embedded;
      this.embedded = undefined;
      if (server) this.safeLog(`Stopping the local OpenCode server (pid ${server.pid}): VS Code is closing.`);
      await Promise.all([server?.stop(), this.starting]);
      process.off('exit', this.onHostExit);
    })();
    return this.shutdownDone;
  }

  /** Sends the stop signal at once (the registry and log may be disposed right after); see shutdown(). */
  override dispose(): void {
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
    this.service.watch();
    const found = await this.service.find();
    // A registration whose server does not confirm it is shown too (offline, saying what it answered).
    const service = found.service ?? found.unconfirmed;
    const url = probeUrl();
    const result = service ? undefined : await probeLocalServer(url);
    if (this.disposed) return;
    if (this.registry.configuredServerCount > 0 || this.embedded || this.starting) return this.setProbeState('skipped');
    if (service) {
      this.showService(service);
      return this.setProbeState('found');
    }
    this.hide('service');
    // Another user of this machine can hold the port: their server is not shown as this user's own.
    const foreign = result && result.kind !== 'none' ? portOwnerProblem(url) : undefined;
    if (foreign) this.log.warn(`An OpenCode server answers on ${url}, but ${foreign}: it is not shown.`);
    if (result && result.kind !== 'none' && !foreign) {
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
    if (!foreign && result?.kind === 'none')
      this.log.info(`No OpenCode 2 service registered, and no OpenCode server on ${url} (${result.reason}).`);
    this.hide('discovered');
    this.setProbeState('none');
    if (allowAutoStart && autoStartEnabled()) {
      this.log.info(`Starting a local OpenCode server (${SETTINGS_SECTION}.${SETTING.localServerAutoStart} is on).`);
      void this.start();
    }
  }

  private showService(found: ShownService): void {
    this.service.show(found);
    this.showing = 'service';
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
      const server = await withProgress(
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
      void showError(vscode.l10n.t('The local OpenCode server did not start: {0}', message.split('\n')[0]), vscode.l10n.t('Show Log')).then(
        (choice) => {
          if (choice) void runCommand('opencodeSessions.showLog');
        },
      );
      return { ok: false, reason: 'failed', message };
    } finally {
      if (this.startAbort === abort) this.startAbort = undefined;
    }
  }

  /** OpenCode 2: join the per-user service if it runs, else start it (`serve --service`), and show it. */
  private async launchService(binary: string, via: string, env: NodeJS.ProcessEnv): Promise<StartResult> {
    const abort = new AbortController();
    this.startAbort = abort;
    try {
      const result = await this.service.startOrJoin(binary, via, env, abort);
      if (result.ok) {
        this.showing = 'service';
        this.setProbeState('found');
      }
      return result;
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
    if (which === 'service') this.service.forget();
    this.registry.setImplicit(undefined);
  }

  private async offerInstall(message: string): Promise<void> {
    const install = vscode.l10n.t('How to Install');
    const setPath = vscode.l10n.t('Set Path');
    const choice = await showError(message, install, setPath);
    if (choice === install) await vscode.env.openExternal(vscode.Uri.parse(INSTALL_URL));
    else if (choice === setPath) await openSettingsEditor(BINARY_SETTING);
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
