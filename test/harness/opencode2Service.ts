// A real OpenCode 2 per-user service (`opencode serve --service`, the binary OCS_OPENCODE2 names) in a private
// HOME, state folder and config folder, on a free port (its service config's `port`, so it never takes the
// release default 49374 another run may hold), with the scripted model as its provider. It registers itself in
// `<state>/opencode/service.json` as a release does; the test then points the extension at that state folder.
// Without an OpenCode 2 binary, 1.18.33 behind the release-shape adapter is the service (releaseAdapted): the
// harness writes its registration as a release's service does (service-registration.ts below).
// 2.0.26 (zjdCander/opencode@1066927b): the service reads `<OPENCODE_CONFIG_DIR>/service.json` {port, password?, …}
// and, without a password there, makes one up and stores it (packages/cli/src/services/service-config.ts,
// packages/cli/src/server-process.ts); it registers `{id, version, url, pid, password}` in
// `<XDG_STATE_HOME>/opencode/service.json`, mode 600 (packages/cli/src/services/service-registration.ts).
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './freePort';
import { identity2, releaseAdapted } from './opencode2';
import { OpencodeServer, scriptedModelConfig } from './opencodeServer';
import { freshDir } from './paths';
import { spawnTracked, stopProcess } from './processes';
import { waitFor } from './waitFor';

export interface Registration {
  id?: string;
  url: string;
  pid: number;
  password: string;
  version?: string;
}

export class Opencode2Service {
  readonly root = freshDir('opencode2-service');
  readonly home = join(this.root, 'home');
  /** XDG_STATE_HOME: the registration is `<stateHome>/opencode/service.json`. */
  readonly stateHome = join(this.root, 'state');
  /** OPENCODE_CONFIG_DIR: opencode.json (the scripted provider) and service.json (the port). */
  readonly configDir = join(this.root, 'config');
  readonly directory = join(this.home, 'work', 'project');
  registration?: Registration;
  private child?: ChildProcess;
  /** Without an OpenCode 2 binary: 1.18.33 and the release-shape adapter in front of it. */
  private adapted?: OpencodeServer;

  constructor(
    /** The OpenCode 2 binary; undefined: 1.18.33 behind the release-shape adapter. */
    readonly binary: string | undefined,
    private readonly modelUrl: string,
    /** More opencode.json settings (`permission`, …) beside the scripted provider. */
    private readonly extraConfig: Record<string, unknown> = {},
  ) {}

  get registrationFile(): string {
    return join(this.stateHome, 'opencode', 'service.json');
  }

  async start(): Promise<Registration> {
    for (const dir of [this.home, this.stateHome, this.configDir, this.directory]) mkdirSync(dir, { recursive: true });
    if (!this.binary) return this.startAdapted();
    const port = await freePort();
    writeFileSync(join(this.configDir, 'service.json'), JSON.stringify({ port }), { mode: 0o600 });
    writeFileSync(join(this.configDir, 'opencode.json'), JSON.stringify(this.config(), null, 2));
    const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(XDG_|npm_|OPENCODE_)/i.test(key)));
    Object.assign(env, {
      HOME: this.home,
      XDG_STATE_HOME: this.stateHome,
      OPENCODE_CONFIG_DIR: this.configDir,
      OPENCODE_DISABLE_AUTOUPDATE: '1',
    });
    const child = spawnTracked(this.binary, ['serve', '--service'], { cwd: this.home, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const log = createWriteStream(join(this.root, 'server.log'), { flags: 'a' });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`opencode serve --service exited (${code}): ${this.log().slice(-2000)}`))),
    );
    // The state we wait for: its own registration, naming this process, answering /api/info with that pid.
    const registration = await Promise.race([
      exited,
      waitFor(
        'the OpenCode 2 service to register itself and answer /api/info with its pid',
        () => this.readRegistration(),
        (r) => r !== undefined && r.pid === child.pid,
        90_000,
      ),
    ]);
    this.registration = registration!;
    return this.registration;
  }

  /**
   * 1.18.33 behind the adapter in this HOME (its project folder is `directory`), registered as a release registers
   * its service: `{id, version, url, pid, password}` in `<XDG_STATE_HOME>/opencode/service.json`, mode 600.
   */
  private async startAdapted(): Promise<Registration> {
    if (!releaseAdapted()) throw new Error('an OpenCode 2 service without OCS_OPENCODE2 runs with OCS_SERVER=opencode2 (the adapter)');
    this.adapted = await OpencodeServer.start({ modelUrl: this.modelUrl, home: this.home, config: this.extraConfig });
    const identity = await identity2(this.adapted);
    const registration = {
      id: 'latest',
      version: identity.version,
      url: this.adapted.url,
      pid: identity.pid,
      password: this.adapted.options.password!,
    };
    mkdirSync(join(this.stateHome, 'opencode'), { recursive: true });
    writeFileSync(this.registrationFile, JSON.stringify(registration), { mode: 0o600 });
    this.registration = registration;
    return registration;
  }

  log(): string {
    try {
      return readFileSync(join(this.root, 'server.log'), 'utf8');
    } catch {
      return '';
    }
  }

  /**
   * What service.json says, once its server answers `/api/info` with that pid (and its version, when the file
   * names one), as OpenCode's own probe requires (2.0.26 packages/client/src/service-probe.ts); the older build
   * answers `/api/health` instead.
   */
  async readRegistration(): Promise<Registration | undefined> {
    let value: Registration;
    try {
      value = JSON.parse(readFileSync(this.registrationFile, 'utf8')) as Registration;
    } catch {
      return undefined;
    }
    const identity = await identity2({ url: value.url, authHeaders: () => auth(value.password) }).catch(() => undefined);
    if (!identity || identity.pid !== value.pid) return undefined;
    return value.version === undefined || value.version === identity.version ? value : undefined;
  }

  /** The harness's way to call it (opencode2.ts's helpers, the server's contract). */
  get target(): { url: string; authHeaders(): Record<string, string> } {
    const registration = this.registration!;
    return { url: registration.url, authHeaders: () => auth(registration.password) };
  }

  /** A request to the service's /api with its password. */
  async api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const registration = this.registration!;
    const response = await fetch(`${registration.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { ...auth(registration.password), 'content-type': 'application/json', 'x-opencode-directory': this.directory },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: HTTP ${response.status} ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async stop(): Promise<void> {
    if (this.child) await stopProcess(this.child);
    this.child = undefined;
    await this.adapted?.stop();
  }

  async dispose(): Promise<void> {
    await this.stop();
    await this.adapted?.dispose();
    this.adapted = undefined;
    rmSync(this.root, { recursive: true, force: true });
  }

  /** The 1.x config format, which OpenCode 2 still loads (see scriptedModelConfig). */
  private config(): Record<string, unknown> {
    return { ...scriptedModelConfig(this.modelUrl), ...this.extraConfig };
  }
}

function auth(password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`opencode:${password}`).toString('base64')}` };
}
