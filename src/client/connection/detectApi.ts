// Which API a server speaks, asked of the server itself through the identity reader (discovery/identity.ts):
// OpenCode 1.x answers its health as JSON; 2.x answers its web UI's HTML there and its identity on its own routes.
import { checkIdentity } from '../discovery/identity';
import type { ServerEndpoint } from '../transport/endpoint';
import type { ApiPreference, ServerApi } from '../serverApi';
import { V1Api } from '../v1/api';
import { V2Api } from '../v2/api';

export interface DetectedApi {
  api: ServerApi;
  version?: string;
}

/** `version`, where known, is what the server said it runs (what V1 offers depends on it). */
export function apiFor(endpoint: ServerEndpoint, generation: 'v1' | 'v2', version?: string): ServerApi {
  return generation === 'v2' ? new V2Api(endpoint) : new V1Api(endpoint, version);
}

/**
 * The API to use and the server's version. V1 is asked first; a server that answers neither generation's identity
 * (a page, other JSON, no such route) fails in V1's words, as V1's health check did; any other failure (a 401, a
 * timeout, a 5xx of a 2.x server still starting) is this server's own answer.
 */
export async function detectApi(endpoint: ServerEndpoint, preference: ApiPreference, signal: AbortSignal): Promise<DetectedApi> {
  if (preference !== 'auto') {
    const api = apiFor(endpoint, preference);
    return { api, ...(await api.health(signal)) };
  }
  const { generation, version } = await checkIdentity(endpoint, ['v1', 'v2'], signal);
  return { api: apiFor(endpoint, generation, version), version };
}
