// OpenCode 2's per-user service as the "local" server: found in service.json, shown with its password read from
// that file (kept in memory only), followed when it restarts on a new port or password, and started or joined by
// Start Local Server (`serve --service`, the one the TUI uses). LocalServerManager decides when it is shown.
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { showError, withProgress } from '../../app/host/notify';
import {
  confirmRegistration,
  findService,
  readRegistration,
  serviceStateDir,
  type FindResult,
  type FoundService,
  type ServiceRegistration,
} from '../../client/beforeConnection';
import type { ServerConfig, ServerEndpoint } from '../../client/serverConnection';
import { Disposable, MutableDisposable, toDisposable } from '../../base/disposable';
import type { Logger } from '../../base/logger';
import { ServerError } from '../../client/serverApi';
import type { ServerRegistry } from '../../app/servers/serverRegistry';
import { startService } from './opencodeService';
import type { StartResult } from './startResult';
import { runCommand } from '../../app/commands/commandTable';

const REGISTRATION = /^service(-[a-zA-Z0-9._-]+)?\.json$/;

/** A registration shown: confirmed by its server (with its version), or not yet (with what it answered). */
export type ShownService = FoundService | { registration: ServiceRegistration; reason: string };

export class ServiceFollower extends Disposable {
  /** The service shown (its password lives only here and in the registration file). */
  private service?: ShownService;
  /** Hears the shown service's connection for a 401. */
  private readonly serviceState = this._register(new MutableDisposable());
  /** Registrations already reported as ignored: one log line each, not one per look. */
  private readonly ignoredSaid = new Set<string>();
  /** The state folder watched for service.json appearing, changing or going (a service started or restarted). */
  private stateWatch?: { dir: string; watcher: FSWatcher };
  private readonly stateChanged = this.ownTimer();

  constructor(
    private readonly registry: ServerRegistry,
    private readonly log: Logger,
    /** Asks the manager to look for a local server again (queued there, one look at a time). */
    private readonly lookAgain: () => void,
  ) {
    super();
    this._register(
      toDisposable(() => {
        this.service = undefined;
        this.stateWatch?.watcher.close();
      }),
    );
  }

  get shownUrl(): string | undefined {
    return this.service?.registration.url;
  }

  /**
   * Watches `<state>/opencode` for a registration written, replaced or removed (or, before OpenCode made that
   * folder, the state folder for it to appear), and looks again then: a service the TUI starts, or one that
   * restarts on a new port or password, shows up without a reload. No polling.
   */
  watch(): void {
    const dir = serviceStateDir();
    const target = existsSync(dir) ? dir : dirname(dir);
    if (this.stateWatch?.dir === target || this.disposed) return;
    this.stateWatch?.watcher.close();
    this.stateWatch = undefined;
    if (!existsSync(target)) return;
    const relevant = target === dir ? (name: string) => REGISTRATION.test(name) : (name: string) => name === 'opencode';
    try {
      const watcher = watch(target, { persistent: false }, (_, name) => {
        if (name && !relevant(name.toString())) return;
        // A write is a rename of a temp file: look once it has settled.
        this.stateChanged.set(() => this.lookAgain(), 300);
      });
      watcher.on('error', () => watcher.close());
      this.stateWatch = { dir: target, watcher };
    } catch (err) {
      this.safeLog(`Cannot watch ${target} for the OpenCode 2 service: ${err instanceof Error ? err.message : String(err)}`, 'warn');
    }
  }

  /** What service.json holds: the live service, or one there that does not confirm it; each ignored one logged once. */
  async find(): Promise<FindResult> {
    const found = await findService();
    for (const line of found.ignored) {
      if (this.ignoredSaid.has(line)) continue;
      this.ignoredSaid.add(line);
      this.safeLog(line, 'warn');
    }
    return found;
  }

  /**
   * Shows the service as "local". Every connection attempt re-reads its registration, so a service that
   * restarts with a new password is followed; a new port (or a registration gone) makes the manager look again.
   */
  show(found: ShownService): void {
    const { registration } = found;
    const previous = this.service;
    this.service = found;
    const config: ServerConfig = {
      id: registration.url,
      url: registration.url,
      name: 'local',
      origin: 'discovered',
      found: { by: 'service', where: `OpenCode 2 service (${basename(registration.file)})` },
    };
    const changed = previous?.registration.url !== registration.url || previous.registration.pid !== registration.pid;
    if (changed && 'version' in found)
      this.log.info(
        `Found the OpenCode 2 service ${found.version} at ${registration.url} (pid ${registration.pid}, registered in ${registration.file}); ` +
          'showing it as "local" (no settings written; its password is read from that file and kept in memory only).',
      );
    else if (changed && 'reason' in found)
      this.log.warn(
        `The OpenCode 2 service registered in ${registration.file} (${registration.url}, pid ${registration.pid}) does not answer as ` +
          `expected: ${found.reason}. Showing it offline; it is connected to once it confirms its registration.`,
      );
    this.registry.setImplicit({ config, endpoint: () => this.endpoint(registration.file, registration.url) });
    const connection = this.registry.get(config.id);
    if (previous && previous.registration.password !== registration.password) connection?.reconnect();
    // A 401: the service may have a new password in its file; look again rather than ask the user.
    this.serviceState.value = connection?.onDidChangeState((state) => {
      if (state.kind === 'unauthorized' && this.service) this.lookAgain();
    });
  }

  /** No longer shown (the manager has taken it out of the registry). */
  forget(): void {
    this.service = undefined;
    this.serviceState.value = undefined;
  }

  /** Joins the service if it runs, else starts it (`serve --service`) with progress, and shows it. */
  async startOrJoin(binary: string, via: string, env: NodeJS.ProcessEnv, abort: AbortController): Promise<StartResult> {
    const running = (await this.find()).service;
    if (running) {
      this.log.info(
        `Start Local Server: the OpenCode 2 service already runs at ${running.registration.url}; joining it (the TUI uses it too).`,
      );
      this.show(running);
      return { ok: true, url: running.registration.url, service: 'joined' };
    }
    this.log.info(
      `Starting the OpenCode 2 per-user service: ${binary} serve --service (found via ${via}). It stays running when VS Code closes, ` +
        'and the TUI in a terminal uses the same one; stop it with "opencode service stop".',
    );
    try {
      const found = await withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Starting the OpenCode 2 service…'), cancellable: true },
        (_, token) => {
          token.onCancellationRequested(() => abort.abort());
          return startService({ binary, env, signal: abort.signal });
        },
      );
      if (this.disposed) return { ok: false, reason: 'disposed', message: vscode.l10n.t('The extension is shutting down.') };
      this.show(found);
      return { ok: true, url: found.registration.url, service: 'started' };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (abort.signal.aborted) return { ok: false, reason: 'cancelled', message: vscode.l10n.t('Cancelled.') };
      this.log.error(`The OpenCode 2 service did not start: ${message}`);
      void showError(vscode.l10n.t('The OpenCode 2 service did not start: {0}', message.split('\n')[0]), vscode.l10n.t('Show Log')).then(
        (choice) => {
          if (choice) void runCommand('opencodeSessions.showLog');
        },
      );
      return { ok: false, reason: 'failed', message };
    }
  }

  /**
   * Each attempt re-reads the registration and has its server confirm it (the registered pid, as OpenCode's own
   * client checks) before the password is used: a service that restarted is followed, and one that answers
   * otherwise is shown offline with what it answered, and tried again.
   */
  private async endpoint(file: string, shownUrl: string): Promise<ServerEndpoint> {
    const read = readRegistration(file);
    if (read.kind !== 'found') {
      this.lookAgain();
      const why = read.kind === 'missing' ? 'is gone' : `is ignored: ${read.reason}`;
      throw new ServerError('unreachable', `The OpenCode 2 service's registration ${file} ${why}.`);
    }
    // Restarted on another port: show it under its new URL (this attempt already goes there).
    if (read.registration.url !== shownUrl) this.lookAgain();
    const identity = await confirmRegistration(read.registration);
    if (typeof identity === 'string')
      throw new ServerError('unreachable', `The OpenCode 2 service registered in ${basename(file)} does not confirm it: ${identity}.`);
    return { url: read.registration.url, password: read.registration.password };
  }

  /** The log channel may already be closed while VS Code shuts down; writing to it then throws. */
  private safeLog(message: string, level: 'info' | 'warn' | 'error'): void {
    try {
      this.log[level](message);
    } catch {
      // closed
    }
  }
}
