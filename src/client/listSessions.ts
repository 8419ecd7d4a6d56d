import type { SessionInfo, SessionStatus } from '../store/events';
import type { OpencodeClient } from './opencodeClient';
import { ServerError, unwrap } from './serverError';
import { deadline } from './deadline';

const PAGE = 1000;
const TIMEOUT_MS = 15_000;

/**
 * Every session on the server, across all its projects. `GET /session` returns only the 100 newest of
 * one directory, so this pages `/experimental/session` (all projects) by its `x-next-cursor` header.
 */
export async function listAllSessions(client: OpencodeClient, options: { archived?: boolean } = {}): Promise<SessionInfo[]> {
  try {
    return await pageAllSessions(client, options);
  } catch (err) {
    // Servers without the experimental route answer it with their web UI: fall back to the plain list.
    if (!(err instanceof ServerError) || err.kind !== 'not-opencode') throw err;
    const sessions = await unwrap(client.session.list({ limit: 1_000_000 }, { signal: deadline(TIMEOUT_MS) }), 'Listing sessions');
    return sessions as SessionInfo[];
  }
}

async function pageAllSessions(client: OpencodeClient, options: { archived?: boolean }): Promise<SessionInfo[]> {
  const byId = new Map<string, SessionInfo>();
  let cursor: number | undefined;
  for (let page = 0; page < 10_000; page++) {
    const call = client.experimental.session.list(
      { limit: PAGE, cursor, archived: options.archived },
      { signal: deadline(TIMEOUT_MS) },
    );
    const result = await call;
    const sessions = await unwrap(Promise.resolve(result), 'Listing sessions');
    for (const s of sessions) byId.set(s.id, s as SessionInfo);
    const next = Number(result.response?.headers.get('x-next-cursor'));
    // The cursor is an `updated` time: stop when it does not move, so a bad header cannot loop forever.
    if (!sessions.length || !Number.isFinite(next) || next <= 0 || next === cursor) break;
    cursor = next;
  }
  return [...byId.values()];
}

/** Non-idle statuses; the route answers for one directory, so it is asked once per directory. */
export async function listStatuses(clientForDirectory: (dir: string) => OpencodeClient, directories: Iterable<string>): Promise<Record<string, SessionStatus>> {
  const all: Record<string, SessionStatus> = {};
  await Promise.all(
    [...new Set(directories)].map(async (dir) => {
      const statuses = await unwrap(clientForDirectory(dir).session.status({}, { signal: deadline(TIMEOUT_MS) }), 'Reading session status');
      Object.assign(all, statuses);
    }),
  );
  return all;
}
