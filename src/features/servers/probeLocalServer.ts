// Is an OpenCode server answering on the default address? No `vscode`, so it is unit-tested. Only OpenCode's own
// identity counts (the client's identity reader, client/discovery/identity.ts): another program on 4096 (a dev
// server's HTML page, any other JSON) must not turn into a "server" row that can never connect.
import { identify, withoutTrailingSlashes } from '../../client/beforeConnection';

export const DEFAULT_PROBE_URL = 'http://127.0.0.1:4096';
const PROBE_TIMEOUT_MS = 1500;

export type ProbeResult =
  | { kind: 'opencode'; version: string; generation: 'v1' | 'v2' }
  /**
   * 401 with Basic auth: OpenCode with a password (its identity routes are behind it too). `generation` is 'v2'
   * when only OpenCode 2's identity routes ask (V1's is not there at all).
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

/** Who answers at `baseUrl` (identity.ts: V1's health, then a 2.x release's info, then the older build's health). */
export async function probeLocalServer(baseUrl: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  // Redirects are not followed: only what holds this port counts.
  const answer = await identify({ url: baseUrl }, ['v1', 'v2'], { timeoutMs, redirect: 'manual' });
  const identity = answer.identity;
  if (identity?.version !== undefined) return { kind: 'opencode', version: identity.version, generation: identity.generation };
  const status = answer.status;
  if (status === undefined)
    return { kind: 'none', reason: answer.error?.kind === 'timeout' ? `no answer within ${timeoutMs} ms` : 'nothing listens there' };
  if (answer.locked) return answer.route.shape === 'v1Health' ? { kind: 'locked' } : { kind: 'locked', generation: 'v2' };
  if (status < 200 || status >= 300) return { kind: 'none', reason: `HTTP ${status} is not an OpenCode health answer` };
  return { kind: 'none', reason: "the answer is not OpenCode's identity JSON" };
}
