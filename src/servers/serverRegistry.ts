import * as vscode from 'vscode';
import { DEFAULT_CONNECTION_OPTIONS, ServerConnection, type Logger, type ServerConfig } from '../client/serverConnection';
import { Emitter } from '../client/emitter';
import { parseServerSettings } from './serverSettings';

export const SETTINGS_SECTION = 'opencodeSessions';

/** Owns one ServerConnection per configured server, following the settings as they change. */
export class ServerRegistry implements vscode.Disposable {
  readonly onDidChange = new Emitter<readonly ServerConnection[]>();
  private connections: ServerConnection[] = [];
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: Logger,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SETTINGS_SECTION}.servers`)) this.reload();
      }),
    );
  }

  get all(): readonly ServerConnection[] {
    return this.connections;
  }

  reload(): void {
    const { servers, problems } = parseServerSettings(vscode.workspace.getConfiguration(SETTINGS_SECTION).get('servers'));
    for (const problem of problems) this.log.warn(problem);
    const next = servers.map((config) => this.connections.find((c) => sameServer(c.config, config)) ?? this.create(config));
    for (const old of this.connections) if (!next.includes(old)) old.dispose();
    this.connections = next;
    void vscode.commands.executeCommand('setContext', 'opencodeSessions.serverCount', next.length);
    this.onDidChange.fire(next);
  }

  reconnectAll(): void {
    for (const c of this.connections) c.reconnect();
  }

  dispose(): void {
    for (const c of this.connections) c.dispose();
    this.connections = [];
    for (const d of this.disposables) d.dispose();
    this.onDidChange.clear();
  }

  private create(config: ServerConfig): ServerConnection {
    const connection = new ServerConnection(config, () => Promise.resolve(this.secrets.get(passwordKey(config.id))), this.log, DEFAULT_CONNECTION_OPTIONS);
    connection.start();
    return connection;
  }
}

export function passwordKey(serverId: string): string {
  return `opencodeSessions.password:${serverId}`;
}

function sameServer(a: ServerConfig, b: ServerConfig): boolean {
  return a.id === b.id && a.name === b.name;
}
