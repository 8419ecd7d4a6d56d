// Which VS Code window the OpenCode plugin asks, in order: the windows whose workspace folders contain the
// server's folder (the closest folder first), then every other live one, newest first. Pure, for unit tests.
import { isAbsolute, relative, resolve } from 'node:path';
import type { EndpointInfo } from './endpointDiscovery';

export function endpointOrder(endpoints: readonly EndpointInfo[], directory: string | undefined): EndpointInfo[] {
  // A loop, not Math.max(...folders): a spread of a list read from a file throws past ~120 000 entries.
  const fit = (e: EndpointInfo) => {
    let best = -1;
    if (directory) for (const folder of e.folders) if (contains(folder, directory)) best = Math.max(best, resolve(folder).length);
    return best;
  };
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
