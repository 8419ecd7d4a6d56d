// How the OpenCode plugin on this machine finds the extension's loopback status endpoints: one small JSON file
// per VS Code window (its pid, URL, token and workspace folders) in a folder only this user can read (the
// token is the endpoint's only key). A window writes and removes only its own entry; entries whose process
// is gone are ignored and removed by whoever reads them. Node built-ins only: the plugin bundles this file too.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
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
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(info), { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}

export function removeEndpointInfo(file: string): void {
  rmSync(file, { force: true });
}

/** Every whole entry of a live extension host in `dir`; entries of dead ones are removed. */
export function readEndpoints(dir: string): EndpointInfo[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => ENTRY.test(name));
  } catch {
    return [];
  }
  const live: EndpointInfo[] = [];
  for (const name of names) {
    const file = join(dir, name);
    const info = readEndpointInfo(file);
    if (info && alive(info.pid)) live.push(info);
    else if (info) rmSync(file, { force: true });
  }
  return live;
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
  return { url: info.url, token: info.token, pid: info.pid, folders, startedAt: typeof info.startedAt === 'number' ? info.startedAt : 0 };
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
