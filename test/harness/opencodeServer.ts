// A real `opencode serve` (from the opencode-ai devDependency) in an isolated HOME, configured with a
// provider that points at the scripted model. Nothing about OpenCode is replaced.
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOpencodeClient, type OpencodeClient } from '@opencode-ai/sdk/v2/client';
import { randomBytes } from 'node:crypto';
import { freePort } from './freePort';
import { warmNextEngine } from './nextEngine';
import { call, identity2, isOpencode2, opencode2Binary, releaseAdapted } from './opencode2';
import { keepPluginDeps, seedPluginDeps } from './pluginDeps';
import { forgetContract } from './opencode2Contract';
import { ReleaseAdapter, type ReleaseBehaviour } from './release/releaseAdapter';
import { freshDir, opencodeBinary, repoRoot } from './paths';
import { spawnTracked, stopProcess, waitForOutput } from './processes';
import { waitFor } from './waitFor';

export interface ModelSpec {
  id: string;
  name?: string;
  /** USD per million tokens. */
  cost: { input: number; output: number; cache_read: number; cache_write: number };
  limit: { context: number; output: number };
}

export const PROVIDER_ID = 'scripted';

/**
 * The password of each harness OpenCode 2 server, by URL: 2.x always asks for one (HTTP Basic, user `opencode`),
 * so the tests' configureServers stores it in the extension as a user would with Set Password.
 */
export const opencode2Passwords = new Map<string, string>();

/** A generous limit for a project's first load (plugin installs from npm included). */
const PROJECT_LOAD_LIMIT_MS = 180_000;

export const DEFAULT_MODELS: ModelSpec[] = [
  {
    id: 'alpha',
    name: 'Alpha',
    cost: { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 },
    limit: { context: 200_000, output: 32_000 },
  },
  {
    id: 'beta',
    name: 'Beta',
    cost: { input: 1, output: 5, cache_read: 0.1, cache_write: 1.25 },
    limit: { context: 100_000, output: 16_000 },
  },
];

export interface OpencodeServerOptions {
  /** Base URL of the scripted model, e.g. http://127.0.0.1:PORT/v1. */
  modelUrl: string;
  /** Reuse a HOME (and so the server's data) — for restarting "the same" server. */
  home?: string;
  port?: number;
  password?: string;
  models?: ModelSpec[];
  /** Extra top-level opencode.json settings (permission, compaction, plugin, …). */
  config?: Record<string, unknown>;
  /** More providers beside the scripted one (`provider` in opencode.json), e.g. the same model id priced elsewhere. */
  extraProviders?: Record<string, unknown>;
  /** Extra environment for the server (after the caller's OPENCODE_* are dropped). */
  env?: Record<string, string>;
  /** Release-shape adapter only: routes it leaves out (`"GET /auth/connect/{code}"`-style keys), as a build without them. */
  withoutRoutes?: string[];
  /**
   * Behind the release-shape adapter: false for a document whose session list does not name `parentID` (an older
   * 2.x); releases name it, as the adapter does by default (releaseAdapter.ts).
   */
  listsByParent?: boolean;
  /** Behind the release-shape adapter: what only some 2.x builds do (retention, `resume`); none by default, as a stock serve. */
  release?: ReleaseBehaviour;
}

export class OpencodeServer {
  url = '';
  version = '';
  readonly home: string;
  /** The default project directory; more can be made with `projectDir()`. */
  readonly directory: string;
  private child?: ChildProcess;
  /**
   * OpenCode 2's shapes without an OpenCode 2 binary (OCS_SERVER=opencode2, no OCS_OPENCODE2): the release-shape
   * adapter in front of this 1.18.33, which it calls with its own password. `url` is the adapter's, on the same port
   * after a restart, with the same password (`options.password`), as a restarted 2.x keeps its address.
   */
  private adapter?: ReleaseAdapter;
  private adapterPort?: number;
  private readonly enginePassword = randomBytes(24).toString('base64url');

  constructor(readonly options: OpencodeServerOptions) {
    this.home = options.home ?? freshDir('opencode-home');
    this.directory = this.projectDir('project');
  }

  static async start(options: OpencodeServerOptions): Promise<OpencodeServer> {
    const server = new OpencodeServer(options);
    await server.start();
    return server;
  }

  get models(): ModelSpec[] {
    return this.options.models ?? DEFAULT_MODELS;
  }

  /** A project folder inside this server's HOME (sessions are grouped by directory). */
  projectDir(name: string): string {
    const dir = join(this.home, 'work', name);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  async start(): Promise<void> {
    this.writeConfig();
    // What a first start installed into its config folder (pluginDeps.ts), with a plugin or without; an OpenCode 2
    // binary loads plugins its own way.
    if (!(isOpencode2() && !releaseAdapted())) seedPluginDeps(this.configDir());
    // HOME alone isolates it. Inherited XDG_* (set for VS Code under test) would move its config away
    // from HOME, npm_* (set by `npm test`) would steer its package installs, and OPENCODE_* could carry
    // a password or config from the caller's own OpenCode. NODE_TEST_CONTEXT (node's test runner, in its test files)
    // would make a `node --test` the server's shell runs skip its files (the demo's npm test).
    const env: NodeJS.ProcessEnv = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !/^(XDG_|npm_|OPENCODE_)/i.test(key) && key !== 'NODE_TEST_CONTEXT'),
    );
    Object.assign(env, { HOME: this.home, OPENCODE_DISABLE_AUTOUPDATE: '1' }, this.options.env);
    const adapted = releaseAdapted();
    const opencode2 = isOpencode2() && !adapted;
    // OpenCode 2 has no password-less mode: without one it makes up its own.
    if (isOpencode2()) this.options.password ??= randomBytes(24).toString('base64url');
    const enginePassword = adapted ? this.enginePassword : this.options.password;
    if (enginePassword) env.OPENCODE_SERVER_PASSWORD = enginePassword;
    this.options.port ??= await freePort();
    const args = ['serve', '--hostname', '127.0.0.1', '--port', String(this.options.port), ...(opencode2 ? [] : ['--print-logs'])];
    const binary = opencode2 ? opencode2Binary() : opencodeBinary();
    const child = spawnTracked(binary, args, { cwd: this.directory, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const log = createWriteStream(join(this.home, 'server.log'), { flags: 'a' });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const match = await waitForOutput(child, /listening on (http:\/\/127\.0\.0\.1:\d+)/, 60_000, 'opencode serve');
    this.url = match[1];
    if (adapted) return this.startAdapter(child);
    if (opencode2) {
      forgetContract(this.url);
      this.version = (await identity2(this)).version;
      opencode2Passwords.set(this.url, this.options.password!);
      if (this.options.config?.plugin) await this.loadProject();
      return;
    }
    const health = await this.client().global.health({ signal: AbortSignal.timeout(10_000) });
    if (!health.data) throw new Error(`opencode health check failed: ${JSON.stringify(health.error)}`);
    this.version = health.data.version;
    if (this.options.config?.plugin) {
      await this.loadProject();
      keepPluginDeps(this.configDir());
    }
  }

  private configDir(): string {
    return join(this.home, '.config', 'opencode');
  }

  /** 1.18.33 is up at `this.url`: its project loaded, its catalog read, then the adapter in front of it. */
  private async startAdapter(child: ChildProcess): Promise<void> {
    const engine = { url: this.url, authHeaders: () => basic(this.enginePassword) };
    const health = await createOpencodeClient({ baseUrl: engine.url, headers: engine.authHeaders() }).global.health({
      signal: AbortSignal.timeout(10_000),
    });
    if (!health.data) throw new Error(`opencode health check failed: ${JSON.stringify(health.error)}`);
    if (this.options.config?.plugin) {
      await this.loadProject(engine);
      keepPluginDeps(this.configDir());
    }
    // Its V2 catalog (what `/api/model` answers) loads on first use: read before anyone asks.
    await warmNextEngine(engine);
    this.adapter = await new ReleaseAdapter(
      { ...engine, pid: child.pid!, version: health.data.version, directory: this.directory, home: this.home },
      this.options.password,
      this.options.withoutRoutes,
      this.options.listsByParent,
      this.options.release,
    ).start(this.adapterPort ?? 0);
    this.url = this.adapter.url;
    this.adapterPort = Number(new URL(this.url).port);
    forgetContract(this.url);
    this.version = (await identity2(this)).version;
    opencode2Passwords.set(this.url, this.options.password!);
  }

  /**
   * Waits until the server has loaded its project, which its first per-project request does. With plugins in
   * its config, OpenCode first installs their dependencies (`@opencode-ai/plugin`, from npm, into this fresh
   * HOME's ~/.config/opencode): measured 14–34 s on a 2-core machine, during which every listing waits. A test
   * of what the plugin does should not race that install.
   */
  private async loadProject(engine?: { url: string; authHeaders(): Record<string, string> }): Promise<void> {
    const started = Date.now();
    if (isOpencode2() && !engine) {
      // 2.x loads a location's plugins in the background: wait until its list names every configured one.
      const configured = (this.options.config?.plugin as unknown[]).length;
      const plugins = await waitFor(
        'opencode 2 to list its configured plugins',
        async () => ownPlugins((await call<{ data: Plugin2[] }>(this, '/api/plugin', { directory: this.directory })).data),
        (own) => own.length >= configured || own.some((p) => p.state?.status === 'failed'),
        PROJECT_LOAD_LIMIT_MS,
        (own) => own.map((p) => p.id ?? p.source),
      );
      const failed = plugins.find((p) => p.state?.status === 'failed');
      if (failed) throw new Error(`opencode 2 could not load plugin ${failed.id ?? JSON.stringify(failed.source)}: ${failed.state?.error}`);
    } else {
      const client = engine
        ? createOpencodeClient({ baseUrl: engine.url, directory: this.directory, headers: engine.authHeaders() })
        : this.client();
      const listed = await client.session.list({}, { signal: AbortSignal.timeout(PROJECT_LOAD_LIMIT_MS) });
      if (listed.error !== undefined) throw new Error(`opencode did not load its project: ${JSON.stringify(listed.error)}`);
    }
    console.log(`      (opencode loaded its project with plugins in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }

  /**
   * Every pairing code issued so far expires (time passing); false where that cannot be done (an OpenCode 2
   * binary keeps its codes to itself), true on the release-shape adapter.
   */
  expirePairingCodes(): boolean {
    this.adapter?.expirePairingCodes();
    return this.adapter !== undefined;
  }

  /** Stops the process; the data in HOME stays for `start()` again. */
  async stop(): Promise<void> {
    await this.adapter?.stop();
    this.adapter = undefined;
    if (this.child) await stopProcess(this.child);
    this.child = undefined;
  }

  /**
   * Stops the process and removes its HOME. Its log is kept first: in OCS_SERVER_LOG_DIR when set (the stage
   * runners set it, and remove the folder after a run where every test passed), and with
   * OCS_KEEP_SERVER_LOG=1 under test-results/.
   */
  async dispose(): Promise<void> {
    await this.stop();
    // A server without a plugin installs too, in the background: kept if it finished (a later HOME copies it).
    try {
      if (!(isOpencode2() && !releaseAdapted())) keepPluginDeps(this.configDir());
    } catch {
      // a cache we could not fill must not fail the test (the next server installs as shipped)
    }
    opencode2Passwords.delete(this.url);
    forgetContract(this.url);
    const logDir = process.env.OCS_SERVER_LOG_DIR;
    if (logDir) {
      try {
        mkdirSync(logDir, { recursive: true });
        copyFileSync(join(this.home, 'server.log'), join(logDir, `opencode-${this.options.port}-${basename(this.home)}.log`));
      } catch {
        // a log we could not keep must not fail the test
      }
    }
    if (process.env.OCS_KEEP_SERVER_LOG) {
      const kept = join(repoRoot(), 'test-results', `opencode-${this.options.port}.log`);
      mkdirSync(dirname(kept), { recursive: true });
      copyFileSync(join(this.home, 'server.log'), kept);
      console.log(`opencode server log kept: ${kept}`);
    }
    rmSync(this.home, { recursive: true, force: true });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  authHeaders(): Record<string, string> {
    const password = this.options.password;
    return password ? basic(password) : {};
  }

  client(directory = this.directory): OpencodeClient {
    return createOpencodeClient({ baseUrl: this.url, directory, headers: this.authHeaders() });
  }

  private writeConfig(): void {
    const scripted = scriptedModelConfig(this.options.modelUrl, this.models);
    const dir = this.configDir();
    mkdirSync(dir, { recursive: true });
    const config: Record<string, unknown> = {
      $schema: 'https://opencode.ai/config.json',
      share: 'manual',
      ...scripted,
      provider: { ...scripted.provider, ...this.options.extraProviders },
      // 2.x allows one level of sub-agents by default; the tests nest a grandchild.
      ...(isOpencode2() ? { experimental: { subagent_depth: 3 } } : {}),
      // 1.18.33 denies a sub-agent the task tool unless its agent allows it: a child delegates there as on 2.x.
      ...(releaseAdapted() ? { agent: { general: { permission: { task: 'allow' } } } } : {}),
      ...this.options.config,
    };
    if (isOpencode2() && !releaseAdapted() && Array.isArray(config.plugin)) config.plugin = placePluginFiles(config.plugin, dir);
    writeFileSync(join(dir, 'opencode.json'), JSON.stringify(config, null, 2));
  }
}

function basic(password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`opencode:${password}`).toString('base64')}` };
}

/** A plugin as `GET /api/plugin` lists it: releases add `source` and `state` and may leave `id` out. */
interface Plugin2 {
  id?: string;
  source?: { type: string };
  state?: { status: string; error?: string };
}

/**
 * The plugins that are not OpenCode's own: releases mark those `source: {type: "builtin"}` (2.0.26
 * packages/schema/src/plugin.ts); the older build lists `{id}` only, its own ids under `opencode.`.
 */
function ownPlugins(plugins: Plugin2[]): Plugin2[] {
  return plugins.filter((p) => (p.source ? p.source.type !== 'builtin' : !p.id?.startsWith('opencode.')));
}

/**
 * OpenCode 2 releases refuse a plugin file named in `plugin` ("configured plugin path must be a directory",
 * 2.0.26 packages/core/src/config/plugin/source.ts) and load `.js` files from the config folder's `plugin/`
 * (packages/core/src/plugin/source-directory.ts, packages/core/src/plugin/module.ts): each `file:` plugin is
 * copied there instead. What is not a file URL (an npm package) stays in `plugin`. Releases first: the older build
 * took the file URL, and whether it reads `plugin/` too was never recorded (the wait in loadProject says so if not).
 */
function placePluginFiles(plugins: unknown[], configDir: string): unknown[] {
  const files = plugins.filter((p): p is string => typeof p === 'string' && p.startsWith('file:'));
  if (!files.length) return plugins;
  mkdirSync(join(configDir, 'plugin'), { recursive: true });
  for (const file of files) copyFileSync(fileURLToPath(file), join(configDir, 'plugin', basename(fileURLToPath(file))));
  return plugins.filter((p) => !files.includes(p as string));
}

/**
 * The scripted model as the server's only model, in the 1.x config format, which OpenCode 2 still loads: it
 * normalizes `provider`, `model`, `small_model`, `permission`, `plugin` and `experimental.subagent_depth` into its own
 * (2.0.26 packages/core/src/config/normalize.ts, applied to every opencode.json in packages/core/src/config.ts). headerTimeout off: a held reply (the demo keeps one session busy for as long
 * as it runs) must not be cut after OpenCode's default 5 minutes and retried with a stray reply.
 */
export function scriptedModelConfig(modelUrl: string, models: readonly ModelSpec[] = DEFAULT_MODELS) {
  return {
    autoupdate: false,
    model: `${PROVIDER_ID}/${models[0].id}`,
    small_model: `${PROVIDER_ID}/${models[0].id}`,
    provider: {
      [PROVIDER_ID]: {
        npm: '@ai-sdk/openai-compatible',
        name: 'Scripted',
        options: { baseURL: modelUrl, apiKey: 'scripted-key', headerTimeout: false },
        models: Object.fromEntries(models.map((m) => [m.id, { name: m.name ?? m.id, cost: m.cost, limit: m.limit, tool_call: true }])),
      },
    } as Record<string, unknown>,
  };
}
