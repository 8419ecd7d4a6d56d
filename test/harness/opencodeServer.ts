// A real `opencode serve` (from the opencode-ai devDependency) in an isolated HOME, configured with a
// provider that points at the scripted model. Nothing about OpenCode is replaced.
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createOpencodeClient, type OpencodeClient } from '@opencode-ai/sdk/v2/client';
import { randomBytes } from 'node:crypto';
import { freePort } from './freePort';
import { call, isOpencode2, opencode2Binary } from './opencode2';
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
}

export class OpencodeServer {
  url = '';
  version = '';
  readonly home: string;
  /** The default project directory; more can be made with `projectDir()`. */
  readonly directory: string;
  private child?: ChildProcess;

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
    // HOME alone isolates it. Inherited XDG_* (set for VS Code under test) would move its config away
    // from HOME, npm_* (set by `npm test`) would steer its package installs, and OPENCODE_* could carry
    // a password or config from the caller's own OpenCode.
    const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(XDG_|npm_|OPENCODE_)/i.test(key)));
    Object.assign(env, { HOME: this.home, OPENCODE_DISABLE_AUTOUPDATE: '1' }, this.options.env);
    const opencode2 = isOpencode2();
    // OpenCode 2 has no password-less mode: without one it makes up its own.
    if (opencode2) this.options.password ??= randomBytes(24).toString('base64url');
    if (this.options.password) env.OPENCODE_SERVER_PASSWORD = this.options.password;
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
    if (opencode2) {
      this.version = (await call<{ version: string }>(this, '/api/health')).version;
      opencode2Passwords.set(this.url, this.options.password!);
      if (this.options.config?.plugin) await this.loadProject();
      return;
    }
    const health = await this.client().global.health({ signal: AbortSignal.timeout(10_000) });
    if (!health.data) throw new Error(`opencode health check failed: ${JSON.stringify(health.error)}`);
    this.version = health.data.version;
    if (this.options.config?.plugin) await this.loadProject();
  }

  /**
   * Waits until the server has loaded its project, which its first per-project request does. With plugins in
   * its config, OpenCode first installs their dependencies (`@opencode-ai/plugin`, from npm, into this fresh
   * HOME's ~/.config/opencode): measured 14–34 s on a 2-core machine, during which every listing waits. A test
   * of what the plugin does should not race that install.
   */
  private async loadProject(): Promise<void> {
    const started = Date.now();
    if (isOpencode2()) {
      // 2.x loads a location's plugins in the background: wait until its list names every configured one.
      const configured = (this.options.config?.plugin as unknown[]).length;
      await waitFor(
        'opencode 2 to list its configured plugins',
        () => call<{ data: Array<{ id: string }> }>(this, '/api/plugin', { directory: this.directory }),
        (plugins) => plugins.data.filter((p) => !p.id.startsWith('opencode.')).length >= configured,
        PROJECT_LOAD_LIMIT_MS,
        (plugins) => plugins.data.map((p) => p.id).filter((id) => !id.startsWith('opencode.')),
      );
    } else {
      const listed = await this.client().session.list({}, { signal: AbortSignal.timeout(PROJECT_LOAD_LIMIT_MS) });
      if (listed.error !== undefined) throw new Error(`opencode did not load its project: ${JSON.stringify(listed.error)}`);
    }
    console.log(`      (opencode loaded its project with plugins in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }

  /** Stops the process; the data in HOME stays for `start()` again. */
  async stop(): Promise<void> {
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
    opencode2Passwords.delete(this.url);
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
    return password ? { authorization: `Basic ${Buffer.from(`opencode:${password}`).toString('base64')}` } : {};
  }

  client(directory = this.directory): OpencodeClient {
    return createOpencodeClient({ baseUrl: this.url, directory, headers: this.authHeaders() });
  }

  private writeConfig(): void {
    const scripted = scriptedModelConfig(this.options.modelUrl, this.models);
    const config = {
      $schema: 'https://opencode.ai/config.json',
      share: 'manual',
      ...scripted,
      provider: { ...scripted.provider, ...this.options.extraProviders },
      // 2.x allows one level of sub-agents by default; the tests nest a grandchild.
      ...(isOpencode2() ? { experimental: { subagent_depth: 3 } } : {}),
      ...this.options.config,
    };
    const dir = join(this.home, '.config', 'opencode');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'opencode.json'), JSON.stringify(config, null, 2));
  }
}

/**
 * The scripted model as the server's only model, in the 1.x config format (which OpenCode 2 still loads:
 * ../shared/opencode2/README.md). headerTimeout off: a held reply (the demo keeps one session busy for as long
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
