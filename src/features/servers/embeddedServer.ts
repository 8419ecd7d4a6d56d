// One `opencode serve` process started by the extension: a free loopback port, a random password,
// stopped on request. Pure Node (no `vscode`), so it is unit-tested with fake binaries.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { ENDPOINT_DIR_VARIABLE } from '../../client/beforeConnection';
import { freeLoopbackPort, loopbackPortTaken } from './loopbackPort';

export interface EmbeddedServerOptions {
  binary: string;
  cwd: string;
  /** The environment to start from (the extension host's); see serverEnv for what is dropped. */
  baseEnv?: NodeJS.ProcessEnv;
  /** OpenCode configuration merged over the user's own (OPENCODE_CONFIG_CONTENT), e.g. this extension's plugin. */
  config?: Record<string, unknown>;
  /** How long to wait for "listening on": a request made earlier may hang. */
  readyTimeoutMs?: number;
  signal?: AbortSignal;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const READY = /listening on (http:\/\/127\.0\.0\.1:\d+)/;

export class EmbeddedServer {
  /** Settles when the process ends, for whatever reason. */
  readonly exited: Promise<ExitInfo>;
  private listeningUrl = '';
  private stopping?: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly password: string,
  ) {
    this.exited = exitOf(child);
  }

  /** e.g. http://127.0.0.1:38211, as the server printed it. */
  get url(): string {
    return this.listeningUrl;
  }

  /** Starts `opencode serve` and resolves once it listens; rejects with its (redacted) output otherwise. */
  static async start(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
    // Another process may take the port between our check and opencode's bind: then try a new one.
    for (let attempt = 1; ; attempt++) {
      const port = await freeLoopbackPort();
      try {
        return await EmbeddedServer.startOn(port, options);
      } catch (err) {
        if (attempt >= 3 || options.signal?.aborted || !(await loopbackPortTaken(port))) throw err;
      }
    }
  }

  private static async startOn(port: number, options: EmbeddedServerOptions): Promise<EmbeddedServer> {
    const password = randomBytes(24).toString('base64url');
    const windowsScript = process.platform === 'win32' && /\.(cmd|bat)$/i.test(options.binary);
    const args = ['serve', '--hostname', '127.0.0.1', '--port', String(port)];
    // Node refuses to spawn .cmd/.bat without a shell; the arguments are ours, only the path needs quotes.
    const command = windowsScript ? `"${options.binary}"` : options.binary;
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: serverEnv(options.baseEnv ?? process.env, password, options.config),
      stdio: ['ignore', 'pipe', 'pipe'],
      // Not detached: it stays in the extension host's process group, so whatever ends VS Code's whole
      // group (Ctrl+C on a VS Code server, a test harness) ends it too, even when deactivate() never runs.
      windowsHide: true,
      shell: windowsScript,
    });
    const instance = new EmbeddedServer(child, password);
    try {
      const match = await waitForReady(child, options.readyTimeoutMs ?? 30_000, options.signal);
      // Output is read only until ready; keep the pipes drained so the process never blocks on them.
      child.stdout?.resume();
      child.stderr?.resume();
      instance.listeningUrl = match[1];
      return instance;
    } catch (err) {
      await instance.stop();
      // No `cause`: the original error's message carries the password this one redacts.
      // eslint-disable-next-line preserve-caught-error
      throw new Error(redact(err instanceof Error ? err.message : String(err), password));
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGTERM (OpenCode then closes what it started), SIGKILL after `graceMs`; resolves when it is gone. */
  stop(graceMs = 3000): Promise<void> {
    this.stopping ??= (async () => {
      if (!this.running) return;
      signal(this.child, 'SIGTERM');
      const timer = setTimeout(() => signal(this.child, 'SIGKILL'), graceMs);
      await this.exited;
      clearTimeout(timer);
    })();
    return this.stopping;
  }

  /** Last resort when the extension host itself exits: no time to wait, kill now. */
  killNow(): void {
    if (this.running) signal(this.child, 'SIGKILL');
  }
}

/**
 * The environment for `opencode serve`: only what OpenCode and the tools it runs need from the extension host's
 * (see `inheritedEnv`), plus ours: the password, the extra config, and where the session_status plugin finds
 * this extension.
 */
export function serverEnv(base: NodeJS.ProcessEnv, password: string, config?: Record<string, unknown>): NodeJS.ProcessEnv {
  const env = inheritedEnv(base);
  env.OPENCODE_SERVER_PASSWORD = password;
  // OpenCode merges this over the user's config files (plugin lists are joined, not replaced).
  if (config) env.OPENCODE_CONFIG_CONTENT = JSON.stringify(config);
  return env;
}

/**
 * An allowlist, not the whole extension host's environment (other extensions' and VS Code's own
 * variables, tokens included, have no business in a server that runs tools): the system's basics (PATH, HOME,
 * user, shell, temp, Windows' system folders), locale and time zone, proxies and CA certificates, XDG_* (the
 * OpenCode 2 service registers itself under XDG_STATE_HOME: the same folder this extension reads), OPENCODE_*
 * (the user's own OpenCode settings, but never a password meant for another server), and the credentials of
 * model providers (`*_API_KEY`, their tokens by name, and the cloud providers' variables). npm_* and ELECTRON_RUN_AS_NODE never pass.
 */
export function inheritedEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) if (value !== undefined && inherited(key)) env[key] = value;
  // Ours, not another OpenCode's: where the session_status plugin finds this extension's endpoint.
  if (base[ENDPOINT_DIR_VARIABLE]) env[ENDPOINT_DIR_VARIABLE] = base[ENDPOINT_DIR_VARIABLE];
  return env;
}

const BASICS = new Set(
  [
    'PATH',
    'PATHEXT',
    'HOME',
    'USER',
    'USERNAME',
    'LOGNAME',
    'SHELL',
    'TMPDIR',
    'TEMP',
    'TMP',
    'TZ',
    'LANG',
    'LANGUAGE',
    'TERM',
    'SSH_AUTH_SOCK',
    'NODE_EXTRA_CA_CERTS',
    'SSL_CERT_FILE',
    'SSL_CERT_DIR',
    'REQUESTS_CA_BUNDLE',
    'USERPROFILE',
    'HOMEDRIVE',
    'HOMEPATH',
    'APPDATA',
    'LOCALAPPDATA',
    'PROGRAMDATA',
    'PROGRAMFILES',
    'PROGRAMFILES(X86)',
    'SYSTEMROOT',
    'SYSTEMDRIVE',
    'WINDIR',
    'COMSPEC',
    'GOOGLE_APPLICATION_CREDENTIALS',
  ].map((k) => k.toUpperCase()),
);
const PROXIES = /^(HTTP_PROXY|HTTPS_PROXY|NO_PROXY|ALL_PROXY)$/i;
const FAMILIES = /^(LC_|XDG_|OPENCODE_|AWS_|AZURE_|GOOGLE_CLOUD_|GOOGLE_VERTEX_|VERTEX_|BEDROCK_)/i;
const CREDENTIALS = /_(API_KEY|BASE_URL|ACCOUNT_ID)$/i;
/**
 * Model providers' tokens by name: not every `*_AUTH_TOKEN` or `*_API_TOKEN` (a registry's, a vault's, a CI's
 * token would pass with them into a server that runs tools).
 */
const PROVIDER_TOKENS = new Set(['ANTHROPIC_AUTH_TOKEN', 'CLOUDFLARE_API_TOKEN', 'REPLICATE_API_TOKEN']);
/** Passwords meant for another OpenCode server; ours is set by the caller. */
const PASSWORDS = /^OPENCODE_(SERVER_)?(PASSWORD|USERNAME)$/i;

function inherited(key: string): boolean {
  if (PASSWORDS.test(key)) return false;
  const upper = key.toUpperCase();
  return BASICS.has(upper) || PROXIES.test(key) || FAMILIES.test(key) || CREDENTIALS.test(key) || PROVIDER_TOKENS.has(upper);
}

/** Replaces every occurrence of the password, for output that is shown or logged. */
export function redact(text: string, password: string): string {
  return password ? text.split(password).join('********') : text;
}

function waitForReady(child: ChildProcess, timeoutMs: number, signal?: AbortSignal): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen = (seen + chunk.toString()).slice(-20_000);
      const match = seen.match(READY);
      if (match) finish(() => resolve(match));
    };
    const tail = () => seen.trim().split('\n').slice(-10).join('\n');
    // 'exit' can come before the last output is read, and that output says why: wait for the streams to
    // close, but not for long (a grandchild holding the pipe open must not delay the error).
    const onExit = (code: number | null, sig: NodeJS.Signals | null) => {
      const report = () =>
        finish(() => reject(new Error(`opencode serve exited (${code ?? sig}) before it was ready.${seen.trim() ? `\n${tail()}` : ''}`)));
      const grace = setTimeout(report, 200);
      child.once('close', () => {
        clearTimeout(grace);
        report();
      });
    };
    const onError = (err: Error) => finish(() => reject(new Error(`could not run opencode: ${err.message}`)));
    const onAbort = () => finish(() => reject(new Error('Cancelled.')));
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(new Error(`opencode serve did not report "listening" within ${timeoutMs / 1000} s.${seen.trim() ? `\n${tail()}` : ''}`)),
        ),
      timeoutMs,
    );
    const finish = (then: () => void) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
      signal?.removeEventListener('abort', onAbort);
      then();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort);
  });
}

function exitOf(child: ChildProcess): Promise<ExitInfo> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    // A binary that cannot be spawned emits 'error' (and never 'exit'); a failed kill does too, and an
    // unhandled 'error' would take the extension host down.
    child.on('error', () => {
      if (child.pid === undefined) resolve({ code: null, signal: null });
    });
  });
}

function signal(child: ChildProcess, name: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    child.kill(name);
  } catch {
    // already gone
  }
}
