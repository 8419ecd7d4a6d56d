// The OpenCode 2 per-user service, found the way OpenCode's own client finds it: `opencode serve --service`
// registers `{id?, version?, url, pid, password?}` in `$XDG_STATE_HOME/opencode/service.json` (another channel:
// `service-<channel>.json`), mode 0600; a client reads that file and nothing else, then confirms it with
// its identity (identity.ts), whose `pid` must match. Shapes from OpenCode's source at commit b6226260
// (packages/client/src/effect/service.ts: `fallback()`, `Info`, `probeResult()`; packages/cli/src/server-process.ts:
// `register()`; packages/cli/src/services/service-config.ts: `filename()`). Node built-ins only, no `vscode`.
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { processRuns } from '../../base/node/processClaim';
import { withoutTrailingSlashes } from '../transport/endpoint';

/** What the file holds (service.ts `Info`: id, version and password optional; pid an integer > 0). */
export interface ServiceRegistration {
  id?: string;
  version?: string;
  /** As registered, e.g. http://127.0.0.1:49374 (no trailing slash). */
  url: string;
  pid: number;
  /** Never logged, never stored: kept in memory for the connection only. */
  password?: string;
  /** The file it came from. */
  file: string;
}

export type RegistrationRead =
  | { kind: 'found'; registration: ServiceRegistration }
  /** No such file: nothing to say. */
  | { kind: 'missing'; file: string }
  /** A file that is there but must not be used; `reason` is one log line (it never quotes the file). */
  | { kind: 'ignored'; file: string; reason: string };

export interface ReadOptions {
  /** This process's user id (undefined on Windows: no owner or mode check there, as Windows has neither). */
  uid?: number;
  /** Whether a pid runs, as this user (the default asks the OS). */
  alive?: (pid: number) => boolean;
}

/** A registration is a few hundred bytes; anything this large is not one. */
const MAX_BYTES = 64 * 1024;
/** `service.json` (channels latest/next) or `service-<channel>.json` (service-config.ts `filename()`). */
const REGISTRATION = /^service(-[a-zA-Z0-9._-]+)?\.json$/;

/** `$XDG_STATE_HOME/opencode`, else `~/.local/state/opencode` (service.ts `fallback()`). */
export function serviceStateDir(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  return join(env.XDG_STATE_HOME || join(home, '.local', 'state'), 'opencode');
}

/** The registration files in `dir`: `service.json` first (the release channel), then other channels by name. */
export function registrationFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => REGISTRATION.test(name));
  } catch {
    return [join(dir, 'service.json')];
  }
  const others = names.filter((n) => n !== 'service.json').sort();
  return [join(dir, 'service.json'), ...others.map((n) => join(dir, n))];
}

/** Reads and checks one registration file; never throws. */
export function readRegistration(file: string, options: ReadOptions = {}): RegistrationRead {
  const uid = 'uid' in options ? options.uid : process.getuid?.();
  const alive = options.alive ?? processRuns;
  let text: string;
  try {
    const read = readOwnFile(file, uid);
    if (read === 'missing') return { kind: 'missing', file };
    if ('refused' in read) return { kind: 'ignored', file, reason: read.refused };
    text = read.text;
  } catch (err) {
    return { kind: 'ignored', file, reason: `it cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  const registration = parseRegistration(text, file);
  if (typeof registration === 'string') return { kind: 'ignored', file, reason: registration };
  if (!alive(registration.pid)) return { kind: 'ignored', file, reason: `its process ${registration.pid} is gone` };
  return { kind: 'found', registration };
}

/**
 * The file's text, or why it is refused. OpenCode writes it 0600 through a rename (server-process.ts
 * `register()`); its client checks neither owner nor mode, but a file another user owns, or one others may
 * read or write, is not one this user's OpenCode wrote, and its password is not a secret: refused.
 */
function readOwnFile(file: string, uid: number | undefined): { text: string } | { refused: string } | 'missing' {
  let fd: number;
  try {
    // O_NOFOLLOW: a symlink planted in its place is refused (ELOOP), not followed.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    if (code === 'ELOOP') return { refused: 'it is a symbolic link (OpenCode writes a plain file)' };
    throw err;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return 'missing';
    if (uid !== undefined && stat.uid !== uid) return { refused: `it is owned by user ${stat.uid}, not by this user (${uid})` };
    if (uid !== undefined && (stat.mode & 0o077) !== 0)
      return { refused: `others may read or change it (mode ${(stat.mode & 0o777).toString(8).padStart(3, '0')}; OpenCode writes it 600)` };
    if (stat.size > MAX_BYTES) return { refused: `it is ${stat.size} bytes, not a registration` };
    const buffer = Buffer.alloc(stat.size + 1);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    return { text: buffer.subarray(0, n).toString('utf8') };
  } finally {
    closeSync(fd);
  }
}

/** The `Info` schema of service.ts: `url` a string, `pid` an integer > 0, `id`/`version`/`password` optional strings. */
export function parseRegistration(text: string, file: string): ServiceRegistration | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'it is not JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'it is not a JSON object';
  const { id, version, url, pid, password } = value as Record<string, unknown>;
  if (typeof url !== 'string' || !httpUrl(url)) return 'its "url" is not an http(s) URL';
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return 'its "pid" is not a process id';
  for (const [key, v] of Object.entries({ id, version, password }))
    if (v !== undefined && typeof v !== 'string') return `its "${key}" is not a string`;
  return {
    url: withoutTrailingSlashes(url),
    pid,
    file,
    ...(typeof id === 'string' ? { id } : {}),
    ...(typeof version === 'string' ? { version } : {}),
    ...(typeof password === 'string' ? { password } : {}),
  };
}

function httpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
  } catch {
    return false;
  }
}
