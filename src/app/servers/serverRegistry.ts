import * as vscode from 'vscode';
import { Emitter } from '../../base/emitter';
import { ServerConnection } from '../../client/serverConnection';
import { DEFAULT_CONNECTION_OPTIONS } from '../../client/connection/connectionState';
import { type EndpointSource, type ServerConfig } from '../../client/connection/serverConfig';
import { type Logger } from '../../base/logger';
import { Disposable } from '../../base/disposable';
import { parseServerSettings } from './serverSettings';
import { affectsSetting, readSetting } from '../settings/settingAccess';
import { SETTING } from '../settings/settingKeys';
import { pushAll } from '../../base/arrays';

/** Where a server's password comes from: SecretStorage for configured ones, memory for the embedded one. */
export type PasswordSource = () => Promise<string | undefined>;

interface ImplicitServer {
  config: ServerConfig;
  password?: PasswordSource;
  /** Where requests go, asked on every connection (the OpenCode 2 service: re-read from its registration). */
  endpoint?: EndpointSource;
  /** Why not to connect for now (a suspended Agent has no server): no attempt, no retries, one log line. */
  heldBecause?: string;
}

/** A kubeopencode Agent's server: reached through a relay that `endpoint` opens on demand. */
export interface ClusterServer {
  config: ServerConfig;
  endpoint: EndpointSource;
  heldBecause?: string;
}

/**
 * Owns one ServerConnection per server: those in the settings, plus an implicit one (the server found
 * on 127.0.0.1:4096, or the one this extension started) — following both as they change.
 */
export class ServerRegistry extends Disposable {
  private readonly changed = this._register(new Emitter<readonly ServerConnection[]>());
  /** The list of servers changed (the new one). */
  readonly onDidChange = this.changed.event;
  private connections: ServerConnection[] = [];
  /** The `servers` setting as last read. */
  private configured: ServerConfig[] = [];
  private published = false;
  private implicit: ImplicitServer | undefined;
  private clusterServers: ClusterServer[] = [];

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: Logger,
  ) {
    super();
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsSetting(e, SETTING.servers)) this.reload();
      }),
    );
    // Registered last, so disposed first: the connections close before the event they were announced on.
    this._register({ dispose: () => this.closeAll() });
  }

  get all(): readonly ServerConnection[] {
    return this.connections;
  }

  /** Servers from the settings (the implicit one does not count). */
  get configuredServerCount(): number {
    return this.configured.length;
  }

  /** Re-reads the `servers` setting (at activation and when it changes), then rebuilds the list. */
  reload(): void {
    const { servers, problems } = parseServerSettings(readSetting(SETTING.servers));
    for (const problem of problems) this.log.warn(problem);
    this.configured = servers;
    this.rebuild();
  }

  /**
   * Keeps the connections that are still wanted (with their sessions), creates the new ones, disposes the
   * rest, and tells listeners only when the list really changed: cluster snapshots call this on every watch
   * event, and most of them change no Agent.
   */
  private rebuild(): void {
    const servers = this.configured;
    const wanted: ImplicitServer[] = servers.map((config) => ({ config }));
    if (this.implicit && !servers.some((s) => s.id === this.implicit!.config.id)) wanted.push(this.implicit);
    pushAll(wanted, this.clusterServers);
    const next = wanted.map(({ config, password, endpoint, heldBecause }) => {
      const kept = this.connections.find((c) => sameServer(c.config, config));
      kept?.hold(heldBecause);
      return kept ?? this.create(config, password, endpoint, heldBecause);
    });
    for (const old of this.connections) if (!next.includes(old)) old.dispose();
    const unchanged = this.published && next.length === this.connections.length && next.every((c, i) => c === this.connections[i]);
    this.connections = next;
    if (unchanged) return;
    // The first list is published even when empty: the welcome view waits for serverCount == 0.
    this.published = true;
    void vscode.commands.executeCommand('setContext', 'opencodeSessions.serverCount', next.length);
    this.changed.fire(next);
  }

  /** Shows (or with undefined, removes) the discovered or embedded server next to the configured ones. */
  setImplicit(server: ImplicitServer | undefined): void {
    this.implicit = server;
    this.rebuild();
  }

  /** Replaces the kubeopencode Agents' servers (kept connections stay, with their sessions). */
  setClusterServers(servers: ClusterServer[]): void {
    this.clusterServers = servers;
    this.rebuild();
  }

  get(id: string): ServerConnection | undefined {
    return this.connections.find((c) => c.config.id === id);
  }

  reconnectAll(): void {
    for (const c of this.connections) c.reconnect();
  }

  private closeAll(): void {
    for (const c of this.connections) c.dispose();
    this.connections = [];
  }

  private create(
    config: ServerConfig,
    password?: PasswordSource,
    endpointOverride?: EndpointSource,
    heldBecause?: string,
  ): ServerConnection {
    // Only a server from the settings gets the password stored for its URL: whoever holds a probed port
    // (or a registration's) must never receive it.
    const fromSecrets: PasswordSource = () =>
      config.origin === 'configured' ? Promise.resolve(this.secrets.get(passwordKey(config.id))) : Promise.resolve(undefined);
    const source = password ?? fromSecrets;
    const endpoint: EndpointSource = endpointOverride ?? (async () => ({ url: config.url, password: await source() }));
    const connection = new ServerConnection(config, endpoint, this.log, DEFAULT_CONNECTION_OPTIONS);
    connection.hold(heldBecause); // before start: a held server makes no first attempt either
    connection.start();
    return connection;
  }
}

export function passwordKey(serverId: string): string {
  return `opencodeSessions.password:${serverId}`;
}

function sameServer(a: ServerConfig, b: ServerConfig): boolean {
  return a.id === b.id && a.name === b.name && a.origin === b.origin && a.url === b.url;
}
