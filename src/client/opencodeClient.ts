import { createOpencodeClient, type OpencodeClient } from '@opencode-ai/sdk/v2/client';

export type { OpencodeClient };

export interface ServerEndpoint {
  /** Base URL of `opencode serve`, without a trailing slash. */
  url: string;
  password?: string;
  username?: string;
}

/**
 * A client for every project on the server: no `directory`, so listing routes are not scoped to the
 * server's working directory. Pass `directory` only for per-project routes such as `/session/status`.
 */
export function clientFor(endpoint: ServerEndpoint, directory?: string): OpencodeClient {
  return createOpencodeClient({ baseUrl: endpoint.url, directory, headers: authHeaders(endpoint) });
}

export function authHeaders(endpoint: ServerEndpoint): Record<string, string> {
  if (!endpoint.password) return {};
  const user = endpoint.username || 'opencode';
  return { authorization: `Basic ${Buffer.from(`${user}:${endpoint.password}`).toString('base64')}` };
}

/** Normalizes what users type: trims, drops trailing slashes, and insists on http(s). */
export function normalizeServerUrl(input: string): string | undefined {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password) return undefined;
  return url.toString().replace(/\/+$/, '');
}
