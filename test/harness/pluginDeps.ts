// OpenCode 1.18.33 installs `@opencode-ai/plugin` and its dependencies (64 MB, with npm) into $HOME/.config/opencode
// the first time a HOME loads its project, with a plugin in its config or without one (then in the background: 20–37
// CPU-seconds of its main thread after the first request, measured with no plugin), 10–34 s on a 2-core machine, and
// every test server has a fresh HOME. A user's OpenCode installs it once and keeps it; given the folder it installed, it loads
// the project in under a second and installs nothing (ours: measured on 1.18.33, the folder's files untouched).
// So the first such server of a clean clone installs as shipped, what it installed is kept under .cache/, and each
// later fresh HOME starts with a copy, as a user's second start does. Not for an OpenCode 2 binary (it loads plugins
// its own way, in the background).
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { processRuns } from '../../src/base/node/processClaim';
import { opencodeBinary, repoRoot } from './paths';

/** What OpenCode writes into its config folder when it installs a plugin's dependencies. */
const INSTALLED = ['package.json', 'package-lock.json', 'node_modules'];

/** The kept install for the binary the tests run, by its package's name and version (a new version installs afresh). */
function keptDir(): string | undefined {
  const manifest = join(dirname(dirname(opencodeBinary())), 'package.json');
  if (!existsSync(manifest)) return undefined;
  const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
  return name && version ? join(repoRoot(), '.cache', 'opencode-plugin-deps', `${name}-${version}`) : undefined;
}

/**
 * An install that ended: npm writes node_modules/.package-lock.json last. OpenCode runs it in the background and
 * only warns when it fails, so a half-done install must not be kept.
 */
const installedIn = (dir: string) =>
  existsSync(join(dir, 'node_modules', '.package-lock.json')) &&
  existsSync(join(dir, 'node_modules', '@opencode-ai', 'plugin', 'package.json'));

/** Links as they are (npm's relative .bin links would otherwise point into the HOME they were copied from). */
const COPY = { recursive: true, verbatimSymlinks: true } as const;

/** Lays the kept install into a config folder that holds none; false when nothing is kept yet. */
export function seedPluginDeps(configDir: string): boolean {
  const kept = keptDir();
  if (!kept || installedIn(configDir) || !installedIn(kept)) return false;
  mkdirSync(configDir, { recursive: true });
  for (const name of INSTALLED) if (existsSync(join(kept, name))) cpSync(join(kept, name), join(configDir, name), COPY);
  return true;
}

/** Keeps what OpenCode installed in this config folder, once; a copy made elsewhere first, then moved in whole. */
export function keepPluginDeps(configDir: string): void {
  const kept = keptDir();
  if (!kept || installedIn(kept) || !installedIn(configDir)) return;
  mkdirSync(dirname(kept), { recursive: true });
  // A copy left by a test process that was killed while making it.
  for (const name of readdirSync(dirname(kept), { withFileTypes: true }).map((e) => e.name)) {
    const pid = name.startsWith(`${basename(kept)}.partial-`) ? Number(name.slice(basename(kept).length + 9)) : NaN;
    if (pid > 0 && !processRuns(pid)) rmSync(join(dirname(kept), name), { recursive: true, force: true });
  }
  const partial = `${kept}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial);
  for (const name of INSTALLED) if (existsSync(join(configDir, name))) cpSync(join(configDir, name), join(partial, name), COPY);
  try {
    renameSync(partial, kept);
  } catch {
    // Another test process kept its copy meanwhile.
    rmSync(partial, { recursive: true, force: true });
  }
}
