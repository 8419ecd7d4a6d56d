// An independent subscription to a server's /global/event that counts what the server sent, by type:
// the load test's measure of the event rate (the extension reads the same stream on its own connection).
export interface EventCounter {
  readonly byType: Map<string, number>;
  /** Events other than `sync` duplicates and heartbeats. */
  total(): number;
  stop(): void;
}

export async function countEvents(url: string, headers: Record<string, string>): Promise<EventCounter> {
  const abort = new AbortController();
  const byType = new Map<string, number>();
  const response = await fetch(`${url}/global/event`, { headers: { ...headers, accept: 'text/event-stream' }, signal: abort.signal });
  if (!response.ok || !response.body) throw new Error(`/global/event answered ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffered += value;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          if (!line.startsWith('data:')) continue;
          const type = (JSON.parse(line.slice(5)) as { payload?: { type?: string } }).payload?.type ?? '?';
          byType.set(type, (byType.get(type) ?? 0) + 1);
        }
      }
    } catch {
      // stopped
    }
  })();
  return {
    byType,
    total: () =>
      [...byType].reduce(
        (sum, [type, n]) => (type === 'sync' || type === 'server.heartbeat' || type === 'server.connected' ? sum : sum + n),
        0,
      ),
    stop: () => abort.abort(),
  };
}
