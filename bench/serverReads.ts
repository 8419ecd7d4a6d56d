// What the benchmarks read from a real server: a ServerConnection brought online as the extension makes one, and
// the floor's plain reads of a session's messages (fetch + JSON.parse, nothing else).
import { DEFAULT_CONNECTION_OPTIONS } from '../src/client/connection/connectionState';
import type { Logger } from '../src/base/logger';
import { ServerConnection } from '../src/client/serverConnection';
import { MESSAGE_PAGE_SIZE } from '../src/client/v1/messagePages';

const quiet: Logger = { info: () => undefined, warn: () => undefined, error: (m) => console.error(m) };

export async function online(url: string): Promise<ServerConnection> {
  const connection = new ServerConnection(
    { id: url, url, origin: 'configured' },
    () => Promise.resolve({ url }),
    quiet,
    DEFAULT_CONNECTION_OPTIONS,
  );
  await new Promise<void>((resolve, reject) => {
    connection.onDidChangeState.on((state) => {
      if (state.kind === 'online') resolve();
      else if (state.kind !== 'connecting') reject(new Error(`connection ${state.kind}: ${state.reason}`));
    });
    connection.start();
  });
  return connection;
}

/** One session's messages, every page, as a floor reads them; how many messages and how many characters. */
export async function readRaw(url: string, target: { id: string; directory: string }): Promise<{ messages: number; chars: number }> {
  let messages = 0;
  let chars = 0;
  let before: string | undefined;
  for (;;) {
    const query = new URLSearchParams({ limit: String(MESSAGE_PAGE_SIZE) });
    if (before) query.set('before', before);
    const response = await fetch(`${url}/session/${target.id}/message?${query.toString()}`, {
      headers: { 'x-opencode-directory': encodeURIComponent(target.directory) },
    });
    const body = await response.text();
    chars += body.length;
    const page = JSON.parse(body) as unknown[];
    messages += page.length;
    const next = response.headers.get('x-next-cursor');
    if (!page.length || !next || next === before) return { messages, chars };
    before = next;
  }
}
