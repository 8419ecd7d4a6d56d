// Where a server is and how to authenticate to it, for every route of either generation.

export interface ServerEndpoint {
  /** Base URL of `opencode serve`, without a trailing slash. */
  url: string;
  password?: string;
  username?: string;
}

/** HTTP Basic, as OpenCode asks (user `opencode` unless the server was set up with another). */
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
  return withoutTrailingSlashes(url.toString());
}

/**
 * `text` without the slashes it ends with: a loop, not `/\/+$/`, which retries its run of slashes from every one of
 * them (50 000 slashes before a last character took 2.6 s) and a setting or a file may hold any text.
 */
export function withoutTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 47) end -= 1;
  return end === text.length ? text : text.slice(0, end);
}
