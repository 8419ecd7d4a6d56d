// Which VS Code window the OpenCode plugin asks, in order: the windows whose workspace folders contain the
// server's folder (the closest folder first), then every other live one, newest first. Pure, for unit tests.
import { isAbsolute, relative, resolve } from 'node:path';
import type { EndpointInfo } from './endpointDiscovery';

export function endpointOrder(endpoints: readonly EndpointInfo[], directory: string | undefined): EndpointInfo[] {
  const fit = (e: EndpointInfo) =>
    Math.max(-1, ...e.folders.map((folder) => (directory && contains(folder, directory) ? resolve(folder).length : -1)));
  return endpoints
    .map((endpoint) => ({ endpoint, fit: fit(endpoint) }))
    .sort((a, b) => b.fit - a.fit || b.endpoint.startedAt - a.endpoint.startedAt)
    .map((e) => e.endpoint);
}

/** `path` is `folder` or inside it. */
function contains(folder: string, path: string): boolean {
  const rel = relative(resolve(folder), resolve(path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
