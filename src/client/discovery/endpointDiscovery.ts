// How the OpenCode plugin on this machine finds the extension's loopback status endpoints: one small JSON file
// per VS Code window (its pid, URL, token and workspace folders) in a folder only this user can read (the
// token is the endpoint's only key). A window writes and removes only its own entry; an entry whose process
// is gone is removed by a reader in the same pid namespace only (a container cannot see the host's pids, so
// there a missing pid proves nothing). The folder and entries must be this user's own: a folder this extension
// created (it leaves a marker file in it) is tightened if its permissions are loose; any other loose folder is
// refused, never chmodded (OPENCODE_SESSIONS_ENDPOINT_DIR may name any folder, /tmp say); one owned by someone
// else (or a symlink) is refused, and entries this user does not own are ignored. Node built-ins only: the plugin bundles this file too.
import { randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';

export interface EndpointInfo {
  /** http://127.0.0.1:PORT */
  url: string;
  token: string;
  /** The extension host that serves it: an entry left by one that died is ignored and removed. */
  pid: number;
  /** The window's workspace folders (absolute paths): the plugin asks the window holding its server's folder first. */
  folders: string[];
  /** When the window started serving (ms): among windows equally fit, the newest is asked first. */
  startedAt: number;
  /** Where `pid` means something (see pidNamespace); absent in entries of older versions (taken as the reader's). */
  pidNamespace?: string;
}

/** This process's host name and (on Linux) pid namespace: a reader judges only pids from its own. */
export function pidNamespace(): string {
  let namespace = '';
  try {
    namespace = readlinkSync('/proc/self/ns/pid');
  } catch {
    // Not Linux: no pid namespaces to tell apart.
  }
  return `${hostname()}/${namespace}`;
}

/** Written into a folder this extension created: only such a folder's permissions are ever changed. */
export const CREATED_MARKER = '.created-by-opencode-sessions';

/**
 * Why `dir` must not be used, or undefined when it is this user's own plain folder, private or created by this
 * extension (a loose mode is then tightened to 0700 here). Windows: the folder is in the user's profile,
 * guarded by its ACL.
 */
export function endpointDirProblem(dir: string): string | undefined {
  const uid = process.getuid?.();
  if (uid === undefined) return undefined;
  let stat;
  try {
    stat = lstatSync(dir);
  } catch {
    return `${dir} does not exist`;
  }
  if (!stat.isDirectory()) return `${dir} is not a plain folder (a symlink or a file); remove it`;
  if (stat.uid !== uid) return `${dir} belongs to another user (uid ${stat.uid}); remove it or set ${ENDPOINT_DIR_VARIABLE}`;
  if (!(stat.mode & 0o077)) return undefined;
  if (!ownEntry(join(dir, CREATED_MARKER)))
    return `${dir} can be read by other users (mode ${(stat.mode & 0o7777).toString(8)}) and was not created by this extension; make it private (chmod 700) or set ${ENDPOINT_DIR_VARIABLE}`;
  chmodSync(dir, 0o700);
  return undefined;
}

/** An entry file this user wrote: a plain file of its own (another user's, or a symlink, is ignored). */
function ownEntry(file: string): boolean {
  const uid = process.getuid?.();
  if (uid === undefined) return true;
  try {
    const stat = lstatSync(file);
    return stat.isFile() && stat.uid === uid;
  } catch {
    return false;
  }
}

/** Overridable for tests and unusual setups; the same variable is read by the extension and the plugin. */
export const ENDPOINT_DIR_VARIABLE = 'OPENCODE_SESSIONS_ENDPOINT_DIR';

const ENTRY = /^window-[0-9a-f]{16}\.json$/;

export function endpointDir(env: NodeJS.ProcessEnv = process.env): string {
  return env[ENDPOINT_DIR_VARIABLE] || join(homedir(), '.opencode-sessions', 'endpoints');
}

/** A new entry's file in `dir`, unique to the window that writes it. */
export function newEntryFile(dir: string): string {
  return join(dir, `window-${randomBytes(8).toString('hex')}.json`);
}

/** Writes (or rewrites) an entry atomically, readable by this user only. */
export function writeEndpointInfo(file: string, info: EndpointInfo): void {
  const dir = join(file, '..');
  if (mkdirSync(dir, { recursive: true, mode: 0o700 }) !== undefined) writeFileSync(join(dir, CREATED_MARKER), '', { mode: 0o600 });
  const problem = endpointDirProblem(dir);
  if (problem) throw new Error(`the endpoints folder cannot be used: ${problem}`);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(info), { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}

export function removeEndpointInfo(file: string): void {
  rmSync(file, { force: true });
}

/**
 * Every whole entry of this user in `dir` that may be live: those whose process runs, then those from another
 * pid namespace (not judged, kept). Entries of dead processes in this namespace are removed.
 */
export function readEndpoints(dir: string, namespace = pidNamespace()): EndpointInfo[] {
  if (endpointDirProblem(dir)) return [];
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => ENTRY.test(name));
  } catch {
    return [];
  }
  const live: EndpointInfo[] = [];
  const unseen: EndpointInfo[] = [];
  for (const name of names) {
    const file = join(dir, name);
    if (!ownEntry(file)) continue;
    const info = readEndpointInfo(file);
    if (!info) continue;
    if (alive(info.pid)) live.push(info);
    else if ((info.pidNamespace ?? namespace) === namespace) rmSync(file, { force: true });
    else unseen.push(info);
  }
  return [...live, ...unseen];
}

/** One entry, if it is whole and names a loopback URL (whether its process runs is not checked here). */
export function readEndpointInfo(file: string): EndpointInfo | undefined {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  const info = value as Partial<EndpointInfo> | null;
  if (
    typeof info?.url !== 'string' ||
    !/^http:\/\/127\.0\.0\.1:\d+$/.test(info.url) ||
    typeof info.token !== 'string' ||
    typeof info.pid !== 'number'
  )
    return undefined;
  const folders = Array.isArray(info.folders) ? info.folders.filter((f): f is string => typeof f === 'string') : [];
  const startedAt = typeof info.startedAt === 'number' ? info.startedAt : 0;
  const namespace = typeof info.pidNamespace === 'string' ? { pidNamespace: info.pidNamespace } : {};
  return { url: info.url, token: info.token, pid: info.pid, folders, startedAt, ...namespace };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
