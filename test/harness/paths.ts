import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

let root: string | undefined;

/** The repository root, found from wherever the bundled test file runs (out/…, inside VS Code, …). */
export function repoRoot(): string {
  if (root) return root;
  let dir = __dirname;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'opencode-sessions')
      return (root = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the repository root above ${__dirname}`);
    dir = parent;
  }
}

/** The search engine's worker as `node esbuild.mjs --tests` builds it (the extension ships dist/search-engine.js). */
export function engineScript(): string {
  return join(repoRoot(), 'out', 'search-engine.js');
}

/** The project's OpenCode plugin as the build writes it (what Install session_status Tool… points a server at). */
export function pluginScript(): string {
  return join(repoRoot(), 'dist', 'opencode-plugin', 'session-status.js');
}

/** A fresh folder for one server or VS Code instance: under $TMPDIR, removed by its owner. */
export function freshDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `ocs-${prefix}-`));
}

/**
 * The `opencode` the tests run: OPENCODE_BIN, else the binary of the platform package in node_modules
 * (package.json lists those for linux-x64 as optionalDependencies). Like opencode-ai's own installer, a CPU
 * without AVX2 gets the baseline build.
 */
export function opencodeBinary(): string {
  if (process.env.OPENCODE_BIN) return process.env.OPENCODE_BIN;
  const packages = hasAvx2()
    ? ['opencode-linux-x64', 'opencode-linux-x64-baseline']
    : ['opencode-linux-x64-baseline', 'opencode-linux-x64'];
  const candidates = packages.map((name) => join(repoRoot(), 'node_modules', name, 'bin', 'opencode'));
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`no opencode binary in ${candidates.join(' or ')}: run npm ci on linux-x64, or set OPENCODE_BIN`);
  return found;
}

export function hasAvx2(): boolean {
  try {
    return /(^|\s)avx2(\s|$)/.test(readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    return false;
  }
}
