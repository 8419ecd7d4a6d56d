// OpenCode's SDK, for the V1 routes it types. Only src/client imports the SDK (test/unit/project/layers.test.ts).
import { createOpencodeClient, type OpencodeClient } from '@opencode-ai/sdk/v2/client';
import { send } from '../transport/send';
import { authHeaders, type ServerEndpoint } from '../transport/endpoint';

export type { OpencodeClient };

/**
 * A client for every project on the server: no `directory`, so listing routes are not scoped to the
 * server's working directory. Pass `directory` only for per-project routes such as `/session/status`.
 * The SDK hands each answer's body over as a stream (`parseAs: 'stream'`): `unwrap` reads and parses it a slice at
 * a time, where the SDK's own JSON.parse of a whole listing held the extension host for its length.
 */
export function clientFor(endpoint: ServerEndpoint, directory?: string): OpencodeClient {
  return createOpencodeClient({ baseUrl: endpoint.url, directory, headers: authHeaders(endpoint), fetch: cappedFetch, parseAs: 'stream' });
}

/** Every request of the SDK through the door, its deadline the caller's signal (an error answer, which the SDK parses itself, cut). */
function cappedFetch(input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  return send(request, { what: `Reading ${new URL(request.url).pathname}`, redirect: 'follow', signal: request.signal });
}
