// Finds the `opencode` program for the embedded server. Pure (no `vscode`), so it is unit-tested.
// Which program runs is a machine decision: only the user/machine value of the setting counts, never a
// workspace's (a cloned repository must not be able to make VS Code run a binary of its choosing).
import { accessSync, constants, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';
import { SETTING, SETTINGS_SECTION } from '../settings/settingKeys';

export const BINARY_SETTING = `${SETTINGS_SECTION}.${SETTING.localServerBinaryPath}`;
export const INSTALL_URL = 'https://opencode.ai/docs';
export const INSTALL_HINT =
  'Install it with "npm install -g opencode-ai" (see opencode.ai/docs), or set opencodeSessions.localServer.binaryPath to where it is.';

/** The parts of `WorkspaceConfiguration.inspect()` that matter here (kept structural: no `vscode` import). */
export interface InspectedSetting {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

export type BinaryResolution = { found: true; path: string; source: 'setting' | 'PATH' } | { found: false; message: string };

export interface ResolveOptions {
  /** The setting's user/machine value (see configuredBinaryPath). */
  configured?: string;
  pathEnv?: string;
  platform?: NodeJS.Platform;
  /** Windows: extensions tried for a bare name (PATHEXT). */
  pathExt?: string;
  home?: string;
  isExecutable?: (path: string) => boolean;
}

/** The user/machine value only; workspace and folder values are ignored even when present. */
export function configuredBinaryPath(inspected: InspectedSetting | undefined): string | undefined {
  const value = inspected?.globalValue;
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

export function resolveOpencodeBinary(options: ResolveOptions = {}): BinaryResolution {
  const platform = options.platform ?? process.platform;
  const isExecutable = options.isExecutable ?? defaultIsExecutable(platform);
  const dirs = (options.pathEnv ?? process.env.PATH ?? '').split(platform === 'win32' ? ';' : delimiter).filter(Boolean);
  const configured = options.configured;
  if (configured) {
    const expanded = expandHome(configured, options.home ?? homedir());
    // A bare name ("opencode-dev") is looked up on PATH like a shell would; anything else must be absolute.
    if (!/[\\/]/.test(expanded)) {
      const onPath = searchPath(expanded, dirs, platform, options.pathExt, isExecutable);
      if (onPath) return { found: true, path: onPath, source: 'setting' };
      return {
        found: false,
        message: `OpenCode was not found: ${BINARY_SETTING} is "${configured}", which is not an executable in any PATH folder (${describeDirs(dirs)}). ${INSTALL_HINT}`,
      };
    }
    if (!isAbsolute(expanded) && !(platform === 'win32' && /^[a-z]:[\\/]/i.test(expanded))) {
      return {
        found: false,
        message: `OpenCode was not found: ${BINARY_SETTING} is "${configured}", which is not an absolute path. ${INSTALL_HINT}`,
      };
    }
    if (isExecutable(expanded)) return { found: true, path: expanded, source: 'setting' };
    return {
      found: false,
      message: `OpenCode was not found: ${BINARY_SETTING} is "${configured}", which is not an executable file. ${INSTALL_HINT}`,
    };
  }
  const onPath = searchPath('opencode', dirs, platform, options.pathExt, isExecutable);
  if (onPath) return { found: true, path: onPath, source: 'PATH' };
  return {
    found: false,
    message: `OpenCode was not found: no opencode in PATH (${describeDirs(dirs)}) and ${BINARY_SETTING} is not set. ${INSTALL_HINT}`,
  };
}

function searchPath(
  name: string,
  dirs: string[],
  platform: NodeJS.Platform,
  pathExt: string | undefined,
  isExecutable: (path: string) => boolean,
): string | undefined {
  // Windows runs `opencode` as opencode.exe/.cmd; npm installs a .cmd shim.
  // npm also installs an extensionless sh script there, which Windows cannot run.
  const exts = (pathExt ?? process.env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean);
  const names = platform === 'win32' && !/\.[a-z0-9]+$/i.test(name) ? exts.map((ext) => name + ext.toLowerCase()) : [name];
  for (const dir of dirs) {
    for (const candidate of names) {
      const path = join(dir, candidate);
      if (isExecutable(path)) return path;
    }
  }
  return undefined;
}

function expandHome(path: string, home: string): string {
  return path === '~' || path.startsWith('~/') || path.startsWith('~\\') ? join(home, path.slice(1)) : path;
}

function describeDirs(dirs: string[]): string {
  if (dirs.length === 0) return 'PATH is empty';
  const shown = dirs.slice(0, 8).join(', ');
  return dirs.length > 8 ? `looked in ${shown} and ${dirs.length - 8} more` : `looked in ${shown}`;
}

function defaultIsExecutable(platform: NodeJS.Platform): (path: string) => boolean {
  return (path) => {
    try {
      if (!statSync(path).isFile()) return false;
      // Windows has no execute bit: an existing file with a PATHEXT extension is runnable.
      if (platform !== 'win32') accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
}
