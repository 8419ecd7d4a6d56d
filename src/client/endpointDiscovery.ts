// Where the extension says how to reach its loopback status endpoint, for the OpenCode plugin on the same
// machine: a small JSON file only this user can read (the token in it is the endpoint's only key). Node
// built-ins only: the plugin bundles this file too.
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export interface EndpointInfo {
  /** http://127.0.0.1:PORT */
  url: string;
  token: string;
  /** The extension host that serves it: a file left by one that died is ignored. */
  pid: number;
}

/** Overridable for tests and unusual setups; the same variable is read by the extension and the plugin. */
export const ENDPOINT_FILE_VARIABLE = 'OPENCODE_SESSIONS_ENDPOINT_FILE';

export function endpointFile(env: NodeJS.ProcessEnv = process.env): string {
  return env[ENDPOINT_FILE_VARIABLE] || join(homedir(), '.opencode-sessions', 'status-endpoint.json');
}

/** Writes the file atomically, readable by this user only. */
export function writeEndpointInfo(file: string, info: EndpointInfo): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(info), { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}

/** Removes the file if it is still this process's (another window may have written its own since). */
export function removeEndpointInfo(file: string, pid = process.pid): void {
  if (readEndpointInfo(file)?.pid === pid) rmSync(file, { force: true });
}

/** The endpoint written there, if the file is whole and its extension host still runs. */
export function readEndpointInfo(file: string): EndpointInfo | undefined {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  const info = value as Partial<EndpointInfo> | null;
  if (typeof info?.url !== 'string' || !/^http:\/\/127\.0\.0\.1:\d+$/.test(info.url) || typeof info.token !== 'string' || typeof info.pid !== 'number') return undefined;
  return alive(info.pid) ? (info as EndpointInfo) : undefined;
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
