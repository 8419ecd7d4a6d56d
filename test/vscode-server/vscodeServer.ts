// The raw VS Code server bundled in code-server (code-server itself rejects --extensionDevelopmentPath),
// on a free loopback port, with every bit of its state in a fresh work folder. Our extension is loaded
// straight from the repository through the workbench URL's `payload`, so no .vsix is needed.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePort } from '../harness/freePort';
import { repoRoot } from '../harness/paths';
import { spawnTracked, stopProcess, waitForOutput } from '../harness/processes';
import { keepTempDir, removeTempDir, tempDir } from './tempDirs';
import { ensureToolchain } from './toolchain';

/**
 * Settings that keep the window quiet and offline; callers add or override. None that VS Code migrates: a setting
 * it rewrites (a legacy theme id, `extensions.autoUpdate: false`) has it open settings.json as a JSON document as the
 * window starts, which wakes the JSON and TypeScript language extensions in the extension host just when a person
 * first clicks our view (scripts/firstLook.ts measures it). The UI tests set their theme
 * (workbench.ts); the demo shows VS Code's default.
 */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  // 1.139 follows the OS (headless Chromium: light) unless told not to; tests choose their theme.
  'window.autoDetectColorScheme': false,
  'chat.disableAIFeatures': true,
  'remote.autoForwardPorts': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': 'off',
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'github.gitAuthentication': false,
  'security.workspace.trust.enabled': false,
  'window.restoreWindows': 'none',
};

export interface VsCodeServerOptions {
  /** User settings, merged over QUIET_SETTINGS. */
  settings?: Record<string, unknown>;
  /** Written to WORKSPACE/.vscode/settings.json. */
  workspaceSettings?: Record<string, unknown>;
  /**
   * Remote settings (<user-data-dir>/Machine/settings.json), which a remote window (code-server's) merges over the
   * user settings; VS Code reads a machine-scoped setting from them alone (ours are window-scoped, issue 74).
   */
  machineSettings?: Record<string, unknown>;
  /** Folder to open; default: an empty folder inside the work folder. */
  workspace?: string;
  /** Default: the repository root (its package.json is the extension manifest). */
  extensionDevelopmentPath?: string;
  /**
   * Only these of VS Code's builtin extensions (their folder names), default all: every window's workbench waits for
   * the server's scan of them and their manifests (1 MB, most of it the JavaScript debugger, Copilot, Git and
   * TypeScript's) before it shows any contributed view.
   */
  builtinExtensions?: readonly string[];
  /** Installed extensions (e.g. the packaged .vsix, installed there); default: an empty folder in the work folder. */
  extensionsDir?: string;
  /** Absolute path of a compiled extensionTestsPath module (`run()`); omitted for UI and demo. */
  extensionTestsPath?: string;
  /** Environment variables for the extension host (tests only; see workbenchUrl). */
  extensionEnvironment?: Record<string, string>;
  /** Restricted Mode: workspace trust on, and the workspace not trusted (default: trust off, all trusted). */
  restricted?: boolean;
  /** Default: a free port. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /**
   * How long a closed page's extension host is kept for it to come back (VS Code's default: 3 hours). The demo's is
   * short: a reloaded tab left its old window running, whose search index the new one then called another window's.
   */
  reconnectionGraceSeconds?: number;
  /** Keep the work folder after stop() (for looking at logs). */
  keepWorkDir?: boolean;
  /** Extra environment for the server and its extension host, e.g. KUBECONFIG. */
  env?: Record<string, string>;
  /**
   * Show notification toasts: starts without --enable-smoke-test-driver, with which VS Code shows none (the
   * Notifications center still lists them). A built VS Code reads the URL's `payload` only with the driver, so
   * the extension is then listed as installed from extensionDevelopmentPath instead (in the work folder's
   * extensions.json). Not with extensionTestsPath (the test run reports through the driver) or extensionsDir.
   */
  toasts?: boolean;
}

export interface VsCodeServer {
  /** e.g. http://127.0.0.1:PORT/ */
  url: string;
  port: number;
  workDir: string;
  workspace: string;
  vscodeVersion: string;
  /** The page that opens the workspace with our extension (and tests, if configured) loaded. */
  workbenchUrl(): string;
  /** Settles when the server process ends (a crash mid-test must not wait for the timeout). */
  exited: Promise<number | null>;
  /** The server's recent stdout+stderr, for failure reports. */
  output(): string;
  stop(): Promise<void>;
  /** The server's process (its extension hosts are below it) and the Node it runs on. */
  pid: number;
  node24: string;
}

export async function startVsCodeServer(options: VsCodeServerOptions = {}): Promise<VsCodeServer> {
  const toolchain = await ensureToolchain();
  const workDir = tempDir('vscode');
  if (options.keepWorkDir) keepTempDir(workDir);
  const dirs = {
    home: join(workDir, 'home'),
    userData: join(workDir, 'user-data'),
    serverData: join(workDir, 'server-data'),
    extensions: join(workDir, 'extensions'),
    tmp: join(workDir, 'tmp'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });

  const trust = options.restricted
    ? {
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.startupPrompt': 'never',
        'security.workspace.trust.emptyWindow': false,
      }
    : {};
  const settings = JSON.stringify({ ...QUIET_SETTINGS, ...trust, ...options.settings }, null, 2);
  // code-server's VS Code keeps user settings on the server, under --user-data-dir (verified:
  // they show as globalValue; server-data-dir/data/Machine/settings.json is not read).
  writeJson(join(dirs.userData, 'User', 'settings.json'), settings);
  if (options.machineSettings) writeJson(join(dirs.userData, 'Machine', 'settings.json'), JSON.stringify(options.machineSettings, null, 2));

  const workspace = options.workspace ?? join(workDir, 'workspace');
  mkdirSync(workspace, { recursive: true });
  if (options.workspaceSettings) {
    writeJson(join(workspace, '.vscode', 'settings.json'), JSON.stringify(options.workspaceSettings, null, 2));
  }

  if (options.toasts) {
    if (options.extensionTestsPath || options.extensionsDir) throw new Error('toasts: not with extensionTestsPath or extensionsDir');
    listInstalled(dirs.extensions, options.extensionDevelopmentPath ?? repoRoot());
  }

  const builtins = options.builtinExtensions && join(workDir, 'builtin-extensions');
  if (builtins) {
    mkdirSync(builtins);
    const shipped = join(dirname(toolchain.serverMain), '..', 'extensions');
    for (const name of options.builtinExtensions!) symlinkSync(join(shipped, name), join(builtins, name), 'dir');
  }

  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort());
  const args = [
    toolchain.serverMain,
    ...['--host', host, '--port', String(port)],
    '--without-connection-token',
    '--accept-server-license-terms',
    ...(options.toasts ? [] : ['--enable-smoke-test-driver']),
    '--disable-telemetry',
    ...(options.reconnectionGraceSeconds === undefined ? [] : ['--reconnection-grace-time', String(options.reconnectionGraceSeconds)]),
    ...(options.restricted ? [] : ['--disable-workspace-trust']),
    ...[
      '--user-data-dir',
      dirs.userData,
      '--server-data-dir',
      dirs.serverData,
      '--extensions-dir',
      options.extensionsDir ?? dirs.extensions,
      ...(builtins ? ['--builtin-extensions-dir', builtins] : []),
    ],
  ];
  const child = spawnTracked(toolchain.node24, args, {
    env: { ...serverEnv(dirs.home, dirs.tmp), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let log = '';
  const keep = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-200_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const stop = async () => {
    await stopProcess(child, 5000);
    if (!options.keepWorkDir) removeTempDir(workDir);
  };
  try {
    await waitForOutput(child, /Extension host agent listening on/, 60_000, 'VS Code server');
  } catch (error) {
    await stop();
    throw error;
  }

  const url = `http://${host}:${port}/`;
  const authority = `${host}:${port}`;
  const extensionPath = options.extensionDevelopmentPath ?? repoRoot();
  return {
    url,
    port,
    workDir,
    workspace,
    vscodeVersion: toolchain.vscodeVersion,
    workbenchUrl: () => workbenchUrl(url, authority, workspace, extensionPath, options.extensionTestsPath, options.extensionEnvironment),
    exited,
    output: () => log,
    stop: once(stop),
    pid: child.pid!,
    node24: toolchain.node24,
  };
}

export function workbenchUrl(
  url: string,
  authority: string,
  workspace: string,
  extensionDevelopmentPath: string,
  extensionTestsPath?: string,
  extensionEnvironment?: Record<string, string>,
): string {
  const remote = (path: string) => `vscode-remote://${authority}${encodeURI(path)}`;
  const payload: [string, string][] = [['extensionDevelopmentPath', remote(extensionDevelopmentPath)]];
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  if (extensionEnvironment) payload.push(['extensionEnvironment', JSON.stringify(extensionEnvironment)]);
  return `${url}?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** The parent's environment minus anything that would make the server talk to an outer VS Code. */
function serverEnv(home: string, tmp: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // KUBECONFIG: the user's own clusters must not leak into tests or the demo.
    if (!/^(VSCODE_|ELECTRON_)/.test(key) && key !== 'KUBECONFIG') env[key] = value;
  }
  return {
    ...env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    // The OpenCode 2 service registers under it: the developer's own must not show up in the tests.
    XDG_STATE_HOME: join(home, '.local', 'state'),
    TMPDIR: tmp,
    NODE_COMPILE_CACHE: join(home, '.cache', 'node-compile'),
  };
}

/** Lists the extension at `path` (its folder, in place) as installed, in the extensions folder's extensions.json. */
function listInstalled(extensionsDir: string, path: string): void {
  const manifest = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const entry = {
    identifier: { id: `${manifest.publisher}.${manifest.name}` },
    version: manifest.version,
    location: { $mid: 1, scheme: 'file', path },
    metadata: {},
  };
  writeJson(join(extensionsDir, 'extensions.json'), JSON.stringify([entry]));
}

function writeJson(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text + '\n');
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}
