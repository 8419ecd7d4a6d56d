// The extension's answer, when VS Code runs on this machine: it sees every server and cluster Agent, so its
// budgets and windows are the ones the user set. Anything short of a clean answer falls back to the plugin's own.
import { endpointFile, readEndpointInfo } from '../client/endpointDiscovery';
import type { SessionStatus, StatusScope } from '../store/sessionStatus';
import { deadline } from '../client/deadline';

const WAIT_MS = 2_000;

export async function askExtension(sessionId: string, scope: StatusScope = 'session'): Promise<SessionStatus | undefined> {
  const endpoint = readEndpointInfo(endpointFile());
  if (!endpoint) return undefined;
  try {
    const response = await fetch(`${endpoint.url}/v1/session-status?sessionID=${encodeURIComponent(sessionId)}&scope=${scope}`, {
      headers: { authorization: `Bearer ${endpoint.token}` },
      signal: deadline(WAIT_MS),
    });
    if (!response.ok) return undefined;
    const status = (await response.json()) as SessionStatus;
    // An answer in the scope asked: about this session, or (root) about its tree's root, whose id only the extension knew.
    const whole = scope === 'session' ? status?.session?.id === sessionId : typeof status?.session?.rootId === 'string';
    return status?.scope === scope && whole ? status : undefined;
  } catch {
    return undefined;
  }
}
