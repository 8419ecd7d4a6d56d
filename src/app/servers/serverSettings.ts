// Reads the `opencodeSessions.servers` setting. Pure, so that a broken settings.json gives clear
// problems to show instead of an exception.
import { normalizeServerUrl } from '../../client/transport/endpoint';
import type { ServerConfig } from '../../client/connection/serverConfig';

export interface ServerSettings {
  servers: ServerConfig[];
  problems: string[];
}

export function parseServerSettings(value: unknown): ServerSettings {
  const servers: ServerConfig[] = [];
  const problems: string[] = [];
  if (value === undefined || value === null) return { servers, problems };
  if (!Array.isArray(value)) return { servers, problems: ['"opencodeSessions.servers" must be a list of {name?, url}.'] };
  for (const entry of value as unknown[]) {
    const raw = (typeof entry === 'string' ? { url: entry } : typeof entry === 'object' && entry !== null ? entry : {}) as {
      url?: unknown;
      name?: unknown;
      api?: unknown;
    };
    const url = typeof raw.url === 'string' ? normalizeServerUrl(raw.url) : undefined;
    if (!url) {
      problems.push(`Ignored server entry ${JSON.stringify(entry)}: "url" must be an http(s) URL without credentials.`);
      continue;
    }
    if (servers.some((s) => s.id === url)) continue;
    const name = typeof raw.name === 'string' && raw.name.trim() ? raw.name.trim() : undefined;
    const api = raw.api === 'v1' || raw.api === 'v2' ? raw.api : undefined;
    if (raw.api !== undefined && raw.api !== 'auto' && !api)
      problems.push(`Server ${url}: "api" must be "auto", "v1" or "v2"; asking the server instead.`);
    servers.push({ id: url, url, name, origin: 'configured', ...(api ? { api } : {}) });
  }
  return { servers, problems };
}
