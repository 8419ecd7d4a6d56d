// Is an OpenCode server answering on the default address? Pure (no `vscode`), so it is unit-tested.
// Only OpenCode's own health answer counts: another program on 4096 (a dev server's HTML page, any
// other JSON) must not turn into a "server" row that can never connect.
import { readCappedText } from '../../client/cappedBody';
import { deadline } from '../../client/deadline';

export const DEFAULT_PROBE_URL = 'http://127.0.0.1:4096';
const PROBE_TIMEOUT_MS = 1500;
/** A health answer is tens of bytes: whatever holds the port cannot make the probe read more than this. */
const PROBE_MAX_BYTES = 64 * 1024;

export type ProbeResult =
  | { kind: 'opencode'; version: string }
  /** 401: OpenCode with OPENCODE_SERVER_PASSWORD set (its health route is behind Basic auth too). */
  | { kind: 'locked' }
  | { kind: 'none'; reason: string };

/**
 * The URL to probe. OCS_LOCAL_PROBE_URL is for tests only: it lets them point the probe at a harness
 * server (or at a port where nothing listens) instead of the machine's real 127.0.0.1:4096.
 */
export function probeUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.OCS_LOCAL_PROBE_URL?.replace(/\/+$/, '') || DEFAULT_PROBE_URL;
}

export async function probeLocalServer(baseUrl: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/global/health`, { signal: deadline(timeoutMs), redirect: 'manual' });
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    return { kind: 'none', reason: timedOut ? `no answer within ${timeoutMs} ms` : 'nothing listens there' };
  }
  try {
    if (response.status === 401 && /^basic\b/i.test(response.headers.get('www-authenticate') ?? '')) return { kind: 'locked' };
    if (!response.ok) return { kind: 'none', reason: `HTTP ${response.status} is not an OpenCode health answer` };
    const version = healthVersion(await readJson(response));
    return version === undefined ? { kind: 'none', reason: "the answer is not OpenCode's health JSON" } : { kind: 'opencode', version };
  } finally {
    // Never leave a body half-read on a keep-alive socket.
    await response.body?.cancel().catch(() => undefined);
  }
}

/** OpenCode answers `{"healthy":true,"version":"1.18.33"}`; anything else is not OpenCode. */
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
