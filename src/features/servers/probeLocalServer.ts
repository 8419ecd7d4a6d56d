// Is an OpenCode server answering on the default address? Pure (no `vscode`), so it is unit-tested.
// Only OpenCode's own identity counts: another program on 4096 (a dev server's HTML page, any other JSON) must
// not turn into a "server" row that can never connect. 1.x answers `/global/health`; a 2.x release answers its web
// UI's HTML on every path outside `/api` (packages/cli/src/services/web-ui.ts@1066927) and its identity on
// `/api/info` (packages/protocol/src/groups/server.ts); the older 2-line build answered `/api/health`.
import { readCappedText } from '../../client/transport/cappedBody';
import { deadline } from '../../client/transport/deadline';
import { withoutTrailingSlashes } from '../../client/transport/endpoint';

export const DEFAULT_PROBE_URL = 'http://127.0.0.1:4096';
const PROBE_TIMEOUT_MS = 1500;
/** A health answer is tens of bytes: whatever holds the port cannot make the probe read more than this. */
const PROBE_MAX_BYTES = 64 * 1024;

export type ProbeResult =
  | { kind: 'opencode'; version: string; generation: 'v1' | 'v2' }
  /**
   * 401 with Basic auth: OpenCode with a password (its identity routes are behind it too). `generation` is 'v2'
   * when only OpenCode 2's `/api/info` or `/api/health` asks (V1's `/global/health` is not there at all).
   */
  | { kind: 'locked'; generation?: 'v2' }
  | { kind: 'none'; reason: string };

/**
 * The URL to probe. OCS_LOCAL_PROBE_URL is for tests only: it lets them point the probe at a harness
 * server (or at a port where nothing listens) instead of the machine's real 127.0.0.1:4096.
 */
export function probeUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.OCS_LOCAL_PROBE_URL && withoutTrailingSlashes(env.OCS_LOCAL_PROBE_URL)) || DEFAULT_PROBE_URL;
}

/** V1's `/global/health` first, then a 2.x release's `/api/info`, then the older 2-line build's `/api/health`. */
export async function probeLocalServer(baseUrl: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  const v1 = await ask(`${baseUrl}/global/health`, timeoutMs);
  if (typeof v1 === 'string') return { kind: 'none', reason: v1 };
  if (v1.locked) return { kind: 'locked' };
  const version = healthVersion(v1.body);
  if (v1.ok && version !== undefined) return { kind: 'opencode', version, generation: 'v1' };
  for (const path of ['/api/info', '/api/health']) {
    const v2 = await ask(`${baseUrl}${path}`, timeoutMs);
    if (typeof v2 === 'string') return { kind: 'none', reason: v2 };
    if (v2.locked) return { kind: 'locked', generation: 'v2' };
    const v2Version = path === '/api/info' ? infoVersion(v2.body) : healthVersion(v2.body);
    if (v2.ok && v2Version !== undefined) return { kind: 'opencode', version: v2Version, generation: 'v2' };
    // Only a missing route moves on: any other answer there is not OpenCode 2's.
    if (v2.status !== 404) break;
  }
  if (!v1.ok) return { kind: 'none', reason: `HTTP ${v1.status} is not an OpenCode health answer` };
  return { kind: 'none', reason: "the answer is not OpenCode's identity JSON" };
}

/** One health request: whether it is OpenCode's Basic-auth 401, its status and JSON body; or why nothing answered. */
async function ask(url: string, timeoutMs: number): Promise<{ locked: boolean; ok: boolean; status: number; body: unknown } | string> {
  let response: Response;
  try {
    response = await fetch(url, { signal: deadline(timeoutMs), redirect: 'manual' });
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    return timedOut ? `no answer within ${timeoutMs} ms` : 'nothing listens there';
  }
  try {
    const locked = response.status === 401 && /^basic\b/i.test(response.headers.get('www-authenticate') ?? '');
    return { locked, ok: response.ok, status: response.status, body: response.ok ? await readJson(response) : undefined };
  } finally {
    // Never leave a body half-read on a keep-alive socket.
    await response.body?.cancel().catch(() => undefined);
  }
}

/** `/api/info`: `{version, pid, urls, paths}` (not wrapped; pid ≥ 0) is a 2.x release's; anything else is not. */
export function infoVersion(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { version, pid, urls } = body as { version?: unknown; pid?: unknown; urls?: unknown };
  const identity = typeof pid === 'number' && Number.isInteger(pid) && pid >= 0 && Array.isArray(urls);
  return identity && typeof version === 'string' && version ? version : undefined;
}

/** OpenCode answers `{"healthy":true,"version":"1.18.33"}` (the older 2-line build adds `pid`); anything else is not OpenCode. */
export function healthVersion(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { healthy, version } = body as { healthy?: unknown; version?: unknown };
  return healthy === true && typeof version === 'string' && version ? version : undefined;
}

async function readJson(response: Response): Promise<unknown> {
  if (!/json/i.test(response.headers.get('content-type') ?? '')) return undefined;
  try {
    return JSON.parse(await readCappedText(response, 'Probe', PROBE_MAX_BYTES));
  } catch {
    return undefined;
  }
}
