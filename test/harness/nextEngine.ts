// OpenCode 1.18.33's next session engine (the V2 API's `POST /api/session/{id}/prompt`) loads its model catalog
// on first use; a prompt admitted before that load has finished (`integration.updated`, then `catalog.updated`
// on `/api/event`) never reaches the model — seen here in about half of fresh servers. Tests that prompt
// through V2 first ask for the catalog and wait for those two events, as a client that reads models first would.
// For a fresh server only: one whose catalog is loaded already sends neither again.
import { waitFor } from './waitFor';

export async function warmNextEngine(server: { url: string; authHeaders(): Record<string, string> }): Promise<void> {
  const seen: string[] = [];
  const stop = new AbortController();
  const events = await fetch(`${server.url}/api/event`, { headers: server.authHeaders(), signal: stop.signal });
  const reading = (async () => {
    // Whole SSE lines only: an event's type may be split across two chunks.
    const decoder = new TextDecoder();
    let partial = '';
    for await (const chunk of events.body as AsyncIterable<Uint8Array>) {
      const lines = (partial + decoder.decode(chunk, { stream: true })).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) for (const match of line.matchAll(/"type":"([a-z0-9._]+)"/g)) seen.push(match[1]);
    }
  })().catch(() => undefined);
  try {
    await waitFor(
      'the V2 stream to open',
      () => seen,
      (types) => types.includes('server.connected'),
    );
    const models = await fetch(`${server.url}/api/model`, { headers: server.authHeaders(), signal: AbortSignal.timeout(60_000) });
    await models.text();
    const loaded = (seen: string[]) =>
      seen.includes('integration.updated') && seen.lastIndexOf('catalog.updated') > seen.indexOf('integration.updated');
    await waitFor(
      'the next engine to load its catalog (integration.updated, then catalog.updated)',
      () => seen,
      loaded,
      undefined,
      (types) => types.filter((t) => t !== 'plugin.added').join(' '),
    );
  } finally {
    stop.abort();
    await reading;
  }
}
