// A real OpenCode 2 server (the binary in OCS_OPENCODE2, else 1.18.33 behind the release-shape adapter) with the
// scripted model, for the forms and attention tests, which read and answer through 2.x's own routes (`call`)
// beside what the extension does. `serve` prints `server listening on http://…` on both 2-lines (2.0.26
// packages/cli/src/server-process.ts) and takes its password from OPENCODE_PASSWORD or the legacy
// OPENCODE_SERVER_PASSWORD (packages/cli/src/env.ts).
import type { ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { ServerConnection } from '../../../src/client/serverConnection';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../harness/freePort';
import { isOpencode2 } from '../../harness/opencode2';
import { OpencodeServer, scriptedModelConfig } from '../../harness/opencodeServer';
import { freshDir } from '../../harness/paths';
import { spawnTracked, stopProcess, waitForOutput } from '../../harness/processes';
import { ScriptedModel } from '../../harness/scriptedModel';
import { configureServers, connectionFor, waitFor } from './extensionApi';

export interface Opencode2Server {
  url: string;
  password: string;
  /** HTTP Basic as user `opencode`: for the harness's helpers and the server's contract (opencode2Contract.ts). */
  authHeaders(): Record<string, string>;
  directory: string;
  model: ScriptedModel;
  /** One `/api` call with the server's password; a non-2xx answer throws with its body. */
  call<T>(path: string, options?: { method?: string; body?: unknown }): Promise<T>;
  /** Every pairing code issued so far expires; false where it cannot be done (an OpenCode 2 binary). */
  expirePairingCodes(): boolean;
  dispose(): Promise<void>;
}

/** The OpenCode 2 binary OCS_OPENCODE2 names; undefined: 1.18.33 behind the release-shape adapter. */
export function opencode2Binary(): string | undefined {
  return process.env.OCS_OPENCODE2 || undefined;
}

/** Whether the OpenCode 2 cases run: in the `opencode2` stage (OCS_SERVER=opencode2), on a binary or the adapter. */
export const RUNS_OPENCODE2 = isOpencode2();
export const SKIPPED_OUTSIDE_OPENCODE2 = 'skipped: the OpenCode 2 cases run in the opencode2 stage (OCS_SERVER=opencode2)';

export async function startOpencode2(
  binary: string | undefined,
  config: Record<string, unknown> = {},
  adapter: { withoutRoutes?: string[] } = {},
): Promise<Opencode2Server> {
  if (!binary) return startAdapted(config, adapter.withoutRoutes);
  const model = await new ScriptedModel().start();
  const home = freshDir('opencode2-home');
  const directory = join(home, 'work', 'project');
  mkdirSync(directory, { recursive: true });
  const configDir = join(home, '.config', 'opencode');
  mkdirSync(configDir, { recursive: true });
  writeFileSync(
    join(configDir, 'opencode.json'),
    JSON.stringify({
      ...scriptedModelConfig(model.url),
      ...config,
    }),
  );
  const password = randomBytes(24).toString('base64url');
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(XDG_|npm_|OPENCODE_)/i.test(key)));
  Object.assign(env, { HOME: home, OPENCODE_DISABLE_AUTOUPDATE: '1', OPENCODE_SERVER_PASSWORD: password });
  const port = await freePort();
  let child: ChildProcess | undefined;
  const dispose = async () => {
    if (child) await stopProcess(child);
    await model.stop();
    rmSync(home, { recursive: true, force: true });
  };
  try {
    child = spawnTracked(binary, ['serve', '--hostname', '127.0.0.1', '--port', String(port)], {
      cwd: directory,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = createWriteStream(join(home, 'server.log'), { flags: 'a' });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const url = (await waitForOutput(child, /listening on (http:\/\/127\.0\.0\.1:\d+)/, 60_000, 'opencode 2 serve'))[1];
    const auth = `Basic ${Buffer.from(`opencode:${password}`).toString('base64')}`;
    const call = async <T>(path: string, options: { method?: string; body?: unknown } = {}): Promise<T> => {
      const response = await fetch(url + path, {
        method: options.method ?? 'GET',
        headers: {
          authorization: auth,
          'x-opencode-directory': directory,
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(60_000),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${options.method ?? 'GET'} ${path}: HTTP ${response.status} ${text.slice(0, 300)}`);
      return (text ? JSON.parse(text) : undefined) as T;
    };
    return {
      url,
      password,
      authHeaders: () => ({ authorization: auth }),
      directory,
      model,
      call,
      expirePairingCodes: () => false,
      dispose,
    };
  } catch (err) {
    await dispose();
    throw err;
  }
}

/** 1.18.33 behind the release-shape adapter, as an OpenCode 2 server with its password. */
async function startAdapted(config: Record<string, unknown>, withoutRoutes?: string[]): Promise<Opencode2Server> {
  const model = await new ScriptedModel().start();
  let server: OpencodeServer | undefined;
  try {
    server = await OpencodeServer.start({ modelUrl: model.url, config, withoutRoutes });
  } catch (err) {
    await model.stop();
    throw err;
  }
  const running = server;
  const call = async <T>(path: string, options: { method?: string; body?: unknown } = {}): Promise<T> => {
    const response = await fetch(running.url + path, {
      method: options.method ?? 'GET',
      headers: {
        ...running.authHeaders(),
        'x-opencode-directory': running.directory,
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${options.method ?? 'GET'} ${path}: HTTP ${response.status} ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    url: running.url,
    password: running.options.password!,
    authHeaders: () => running.authHeaders(),
    directory: running.directory,
    model,
    call,
    expirePairingCodes: () => running.expirePairingCodes(),
    dispose: async () => {
      await running.dispose();
      await model.stop();
    },
  };
}

/** Adds the server to VS Code's settings as `name`, gives it its password and waits until it is online. */
export async function connectOpencode2(api: ExtensionApi, server: Opencode2Server, name: string): Promise<ServerConnection> {
  await configureServers([{ name, url: server.url }]);
  const added = await waitFor(
    'the server among the connections',
    () => connectionFor(api, server.url),
    (c) => c !== undefined,
  );
  await vscode.commands.executeCommand('opencodeSessions.setPassword', { serverId: added!.config.id }, server.password);
  return (await waitFor(
    'online',
    () => connectionFor(api, server.url),
    (c) => c?.state.kind === 'online',
  ))!;
}
