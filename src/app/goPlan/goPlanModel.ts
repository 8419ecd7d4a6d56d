// OpenCode Go's plan windows, read for the key the user set (SecretStorage): at a modest interval and on demand,
// never more than once a minute unless asked. Keeps the last figures when a read fails (marked with their time),
// the readings of the last hour for each window's forecast, and says each failure in one sentence.
// No key: nothing is read and nothing about Go is shown.
import * as vscode from 'vscode';
import { DEFAULT_GO_BASE_URL, fetchGoUsage, GoUsageError } from '../../client/go/goUsageClient';
import { Emitter } from '../../base/emitter';
import { paceOf } from '../../store/forecast';
import {
  forecastGoWindow,
  GO_READINGS_MS,
  GO_WINDOWS,
  goPlanStatus,
  type GoForecast,
  type GoPlanStatus,
  type GoReading,
  type GoUsage,
  type GoWindowName,
} from '../../store/goPlan';
import { Disposable } from '../../base/disposable';
import type { ExtensionLogger } from '../host/log';
import { affectsSetting, readSetting } from '../settings/settingAccess';
import { SETTING } from '../settings/settingKeys';
import type { ServerRegistry } from '../servers/serverRegistry';
import { goReplies } from './goReplies';

export const GO_KEY_SECRET = 'opencodeSessions.goKey';
/** Reads not asked for are at least this far apart. */
const MIN_INTERVAL_MS = 60_000;
const DEFAULT_MINUTES = 5;

export class GoPlanModel extends Disposable {
  private key: string | undefined;
  private usage?: GoUsage;
  private readAt?: number;
  private error?: GoUsageError;
  private lastAttempt = 0;
  private retryAt = 0;
  private reading?: Promise<void>;
  private readonly readings = new Map<GoWindowName, GoReading[]>();
  private readonly timer = this.ownTimer();
  private readonly changed = this._register(new Emitter<void>());
  /** The key changed, or a read finished (its figures or its error). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly registry: ServerRegistry,
    private readonly log: ExtensionLogger,
  ) {
    super();
    this._register(secrets.onDidChange((e) => e.key === GO_KEY_SECRET && void this.loadKey()));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsSetting(e, SETTING.goBaseUrl) || affectsSetting(e, SETTING.goRefreshMinutes)) void this.refresh(true);
      }),
    );
    void this.loadKey();
  }

  /** A key is set: Go's figures are shown. */
  get enabled(): boolean {
    return this.key !== undefined;
  }

  async setKey(key: string | undefined): Promise<void> {
    if (key) await this.secrets.store(GO_KEY_SECRET, key);
    else await this.secrets.delete(GO_KEY_SECRET);
    await this.loadKey();
  }

  /** Reads now when asked (`force`), else only when the last attempt is a minute old; resolves when done. */
  refresh(force = false): Promise<void> {
    if (!this.key) return Promise.resolve();
    const now = Date.now();
    if (!force && (now - this.lastAttempt < MIN_INTERVAL_MS || now < this.retryAt)) return this.reading ?? Promise.resolve();
    this.reading ??= this.read().finally(() => (this.reading = undefined));
    return this.reading;
  }

  /** The plan as agents and other extensions read it; undefined without a key. */
  status(now = Date.now()): GoPlanStatus | undefined {
    if (!this.key) return undefined;
    return goPlanStatus(this.usage, this.readAt, this.error?.message, this.forecasts(now));
  }

  /** The last figures, when they were read, and the last failure's sentence. */
  get shown(): { usage?: GoUsage; readAt?: number; error?: string; forecasts: Partial<Record<GoWindowName, GoForecast>> } {
    return { usage: this.usage, readAt: this.readAt, error: this.error?.message, forecasts: this.forecasts(Date.now()) };
  }

  private forecasts(now: number): Partial<Record<GoWindowName, GoForecast>> {
    if (!this.usage) return {};
    const local = paceOf(goReplies(this.registry), now);
    const usdPerHour = local && !local.stoppedAt ? local.ratePerHour : 0;
    const out: Partial<Record<GoWindowName, GoForecast>> = {};
    for (const name of GO_WINDOWS)
      out[name] = forecastGoWindow(this.usage.windows[name], this.readings.get(name) ?? [], usdPerHour, name, now);
    return out;
  }

  private async loadKey(): Promise<void> {
    const key = (await this.secrets.get(GO_KEY_SECRET))?.trim() || undefined;
    if (key === this.key) return;
    this.key = key;
    this.usage = undefined;
    this.readAt = undefined;
    this.error = undefined;
    this.readings.clear();
    this.timer.clear();
    this.changed.fire();
    if (key) await this.refresh(true);
  }

  private async read(): Promise<void> {
    const key = this.key;
    if (!key) return;
    this.lastAttempt = Date.now();
    const base = readSetting<string>(SETTING.goBaseUrl)?.trim() || DEFAULT_GO_BASE_URL;
    try {
      const usage = await fetchGoUsage(base, key);
      if (key !== this.key) return;
      const at = Date.now();
      this.usage = usage;
      this.readAt = at;
      this.error = undefined;
      for (const name of GO_WINDOWS) {
        const kept = (this.readings.get(name) ?? []).filter((r) => r.at >= at - GO_READINGS_MS);
        this.readings.set(name, [...kept, { at, percent: usage.windows[name].percent }]);
      }
    } catch (err) {
      if (key !== this.key) return;
      const error = err instanceof GoUsageError ? err : new GoUsageError('offline', String(err));
      // The sentence names no key: it is sent only in the request's header.
      if (error.message !== this.error?.message) this.log.warn(`OpenCode Go: ${error.message}`);
      this.error = error;
      this.retryAt = error.retryAt ?? 0;
    } finally {
      this.schedule();
      this.changed.fire();
    }
  }

  private schedule(): void {
    const minutes = Number(readSetting<number>(SETTING.goRefreshMinutes) ?? DEFAULT_MINUTES);
    const every = Math.max(MIN_INTERVAL_MS, (Number.isFinite(minutes) ? minutes : DEFAULT_MINUTES) * 60_000);
    const wait = Math.max(every, this.retryAt - Date.now());
    this.timer.set(() => void this.refresh(), wait);
  }
}
