// Which API a server speaks, asked of the server itself: OpenCode 1.x answers JSON on `/global/health`;
// 2.x answers its web UI's HTML there and JSON on `/api/health` (and `/api/info` from 2.0.7).
import type { ServerEndpoint } from '../transport/endpoint';
import { ServerError } from '../transport/serverError';
import type { ApiPreference, ServerApi } from '../serverApi';
import { V1Api } from '../v1/v1Api';
import { V2Api } from '../v2/v2Api';

export interface DetectedApi {
  api: ServerApi;
  version?: string;
}

export function apiFor(endpoint: ServerEndpoint, generation: 'v1' | 'v2'): ServerApi {
  return generation === 'v2' ? new V2Api(endpoint) : new V1Api(endpoint);
}

/** The API to use and the server's version; a server that is neither generation fails as V1's health check did. */
export async function detectApi(endpoint: ServerEndpoint, preference: ApiPreference, signal: AbortSignal): Promise<DetectedApi> {
  if (preference !== 'auto') {
    const api = apiFor(endpoint, preference);
    return { api, ...(await api.health(signal)) };
  }
  const v1 = new V1Api(endpoint);
  try {
    return { api: v1, ...(await v1.health(signal)) };
  } catch (v1Error) {
    if (!answeredSomethingElse(v1Error)) throw v1Error;
    const v2 = new V2Api(endpoint);
    try {
      return { api: v2, ...(await v2.health(signal)) };
    } catch (v2Error) {
      // Not V2 either (a page, other JSON, no such route): not OpenCode of either kind, in V1's words. Any other
      // failure (a 401, a timeout, a 5xx of a 2.x server still starting) is this server's own answer.
      throw answeredSomethingElse(v2Error) ? v1Error : v2Error;
    }
  }
}

/** An answer, but not V1's: a page, other JSON, or no such route. */
function answeredSomethingElse(err: unknown): boolean {
  return err instanceof ServerError && (err.kind === 'not-opencode' || (err.kind === 'http' && err.status === 404));
}
