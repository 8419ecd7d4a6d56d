// The extension's answer, when VS Code runs on this machine: it sees every server and cluster Agent, so its
// budgets and windows are the ones the user set. The window whose folders hold this server's folder is asked
// first, then the other live ones; anything short of a clean answer falls back to the plugin's own.
import { endpointDir, readEndpoints, type EndpointInfo } from '../client/discovery/endpointDiscovery';
import { endpointOrder } from '../client/discovery/endpointChoice';
import type { SessionStatus, StatusScope } from '../store/sessionStatus';
import { send } from '../client/transport/send';

/** A window busy for a moment (a loaded machine) still answers: without it the agent gets no budgets. */
const WAIT_MS = 5_000;
/** Windows asked at most, so an agent waits seconds, not minutes, when none answers. */
const MAX_ASKED = 3;

/** `directory`: the server's folder, as OpenCode hands it to the plugin. */
export async function askExtension(
  sessionId: string,
  scope: StatusScope = 'session',
  directory?: string,
): Promise<SessionStatus | undefined> {
  for (const endpoint of endpointOrder(readEndpoints(endpointDir()), directory).slice(0, MAX_ASKED)) {
    const status = await ask(endpoint, sessionId, scope);
    if (status) return status;
  }
  return undefined;
}

async function ask(endpoint: EndpointInfo, sessionId: string, scope: StatusScope): Promise<SessionStatus | undefined> {
  const path = `/v1/session-status?sessionID=${encodeURIComponent(sessionId)}&scope=${scope}`;
  const status = (await askWindow(endpoint, path, WAIT_MS)) as SessionStatus | undefined;
  // An answer in the scope asked: about this session, or (root) about its tree's root, whose id only the extension knew.
  const whole = scope === 'session' ? status?.session?.id === sessionId : typeof status?.session?.rootId === 'string';
  return status?.scope === scope && whole ? status : undefined;
}

/** A window's JSON answer to `path`, or undefined for anything else (a failure, a refusal, no answer in time). */
export async function askWindow(endpoint: EndpointInfo, path: string, timeoutMs: number): Promise<unknown> {
  try {
    // A window's endpoint never moves: its token goes nowhere else.
    const response = await send(endpoint.url + path, {
      what: path,
      headers: { authorization: `Bearer ${endpoint.token}` },
      timeoutMs,
      redirect: 'refuse',
    });
    return response.ok ? await response.json() : undefined;
  } catch {
    return undefined;
  }
}
