// OpenCode's SDK, for the V1 routes it types. Only src/client imports the SDK (test/unit/layers.test.ts).
import { createOpencodeClient, type OpencodeClient } from '@opencode-ai/sdk/v2/client';
import { authHeaders, type ServerEndpoint } from '../endpoint';

export type { OpencodeClient };

/**
 * A client for every project on the server: no `directory`, so listing routes are not scoped to the
 * server's working directory. Pass `directory` only for per-project routes such as `/session/status`.
 */
export function clientFor(endpoint: ServerEndpoint, directory?: string): OpencodeClient {
  return createOpencodeClient({ baseUrl: endpoint.url, directory, headers: authHeaders(endpoint) });
}
