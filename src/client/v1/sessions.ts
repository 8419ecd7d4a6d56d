// V1's session listing: every session of every project, paged, and the per-folder statuses.
import type { SessionInfo, SessionStatus } from '../../store/events';
import { isObject } from '../../base/parse';
import { FIRST_PAGE, type PageListener, type SessionListing } from '../serverApi';
import { parseSessionStatus, sessionInfo } from '../wire/sessionInfo';
import type { OpencodeClient } from './client';
import { asServerError, checkAnswer, readJsonBody, ServerError, unwrap } from '../transport/serverError';
import { deadline, release } from '../transport/deadline';
import { Slicer } from '../transport/slicer';

const PAGE = 1000;
const TIMEOUT_MS = 15_000;
/**
 * The most a listing reads: sessions, pages and characters. Past any, it fails with a clear error rather than read
 * on (a server whose pages never end, or that lists one session again on every page).
 */
export const MAX_LISTED_SESSIONS = 100_000;
const MAX_PAGES = 1_000;
const MAX_LISTING_CHARS = 256 * 1024 * 1024;

function tooLarge(over: string): ServerError {
  return new ServerError('http', `Listing sessions: the server lists ${over}, more than the extension reads.`);
}

/**
 * Every session on the server, across all its projects. `GET /session` returns only the 100 newest of
 * one directory, so this pages `/experimental/session` (all projects) by its `x-next-cursor` header.
 */
export async function listAllSessions(
  client: OpencodeClient,
  options: { archived?: boolean; onPage?: PageListener } = {},
): Promise<SessionListing> {
  try {
    return await pageAllSessions(client, options);
  } catch (err) {
    // Servers without the experimental route answer it with their web UI: fall back to the plain list.
    if (!(err instanceof ServerError) || err.kind !== 'not-opencode') throw err;
    const sessions: unknown = await unwrap(client.session.list({ limit: 1_000_000 }, { signal: deadline(TIMEOUT_MS) }), 'Listing sessions');
    const byId = new Map<string, SessionInfo>();
    const malformed = await keep(Array.isArray(sessions) ? sessions : [], byId, options.onPage);
    if (byId.size > MAX_LISTED_SESSIONS) throw tooLarge(`over ${MAX_LISTED_SESSIONS.toLocaleString('en')} sessions`);
    return { sessions: [...byId.values()], malformed };
  }
}

/**
 * Adds the valid sessions to `byId` (a later copy of one wins) and says how many entries were not sessions. A turn
 * of the event loop every 8 ms: a page may hold any number of them.
 */
async function keep(entries: unknown[], byId: Map<string, SessionInfo>, onPage?: PageListener): Promise<number> {
  let malformed = 0;
  const valid: SessionInfo[] = [];
  const slicer = new Slicer();
  for (const raw of entries) {
    const info = sessionInfo(raw);
    if (info) valid.push(info);
    else malformed += 1;
    await slicer.turn();
  }
  for (const info of valid) byId.set(info.id, info);
  onPage?.(valid);
  return malformed;
}

async function pageAllSessions(client: OpencodeClient, options: { archived?: boolean; onPage?: PageListener }): Promise<SessionListing> {
  const byId = new Map<string, SessionInfo>();
  let malformed = 0;
  let chars = 0;
  let cursor: number | undefined;
  // Ends a page asked for ahead that turns out not to be needed.
  const listing = new AbortController();
  const request = (at: number | undefined, limit: number) => {
    // The body is read here, not by the SDK, so that the next page can be asked for as soon as this one's
    // headers (with the cursor) are in: the server prepares it while this one downloads and parses.
    const timeLimit = deadline(TIMEOUT_MS, listing.signal);
    const call = client.experimental.session.list(
      { limit, cursor: at, archived: options.archived },
      { signal: timeLimit, parseAs: 'stream' },
    );
    // Awaited below; until then a failure must not count as unhandled.
    void call.catch(() => undefined);
    return { call, timeLimit };
  };
  try {
    let asked = request(cursor, FIRST_PAGE);
    for (let page = 0; ; page++) {
      if (page >= MAX_PAGES) throw tooLarge(`over ${MAX_PAGES.toLocaleString('en')} pages`);
      const { call, timeLimit } = asked;
      // The SDK throws for some answers itself (exactly text/html): in words, as for every other call.
      const result = await call.catch((err: unknown) => {
        throw asServerError(err, 'Listing sessions');
      });
      checkAnswer(result, 'Listing sessions'); // status and content type: a 401, an HTML page…
      // No answer at all (the page's time limit, a dropped connection): the SDK returns its error rather than throw.
      if (!result.response) throw asServerError(result.error, 'Listing sessions');
      const next = nextCursor(Number(result.response?.headers.get('x-next-cursor')), cursor);
      const more = next !== undefined;
      if (more) asked = request((cursor = next), PAGE);
      // Released once its body is in: otherwise each page leaves a listener on the listing's signal (11 pages
      // at 10 000 sessions made Node warn of a leak).
      const entries = await pageEntries(result.response, (length) => (chars += length)).finally(() => release(timeLimit));
      if (chars > MAX_LISTING_CHARS) throw tooLarge(`over ${MAX_LISTING_CHARS / 1024 / 1024} MB of sessions`);
      malformed += await keep(entries, byId, options.onPage);
      if (byId.size > MAX_LISTED_SESSIONS) throw tooLarge(`over ${MAX_LISTED_SESSIONS.toLocaleString('en')} sessions`);
      if (!more || !entries.length) break;
    }
  } finally {
    listing.abort();
  }
  return { sessions: [...byId.values()], malformed };
}

/**
 * The cursor for the page after one asked for with `sent` whose `x-next-cursor` is `header`, or undefined when
 * the listing is over. The header is the `updated` time of the page's last session, and the server lists
 * `updated < cursor` next: sessions that share that time but did not fit on the page would be skipped, so the
 * next page starts just after it (the sessions listed again are kept once, by id). When that is the cursor just
 * sent (every session of the page has that one time) it would bring the same page: then from the time itself,
 * and those ties cannot be listed. A header that is not older than the cursor ends the listing, so a bad one
 * cannot loop.
 */
export function nextCursor(header: number, sent: number | undefined): number | undefined {
  if (!Number.isFinite(header) || header <= 0 || (sent !== undefined && header >= sent)) return undefined;
  return header + 1 === sent ? header : header + 1;
}

/** A page's entries, parsed a slice at a time; an answer that is not JSON fails as it did when the SDK parsed it. */
async function pageEntries(response: Response | undefined, onText: (chars: number) => void): Promise<unknown[]> {
  const parsed = response ? await readJsonBody(response, 'Listing sessions', [], onText) : [];
  return Array.isArray(parsed) ? (parsed as unknown[]) : [];
}

/** Non-idle statuses; the route answers for one directory, so it is asked once per directory. */
export async function listStatuses(
  clientForDirectory: (dir: string) => OpencodeClient,
  directories: Iterable<string>,
): Promise<Record<string, SessionStatus>> {
  const all: Record<string, SessionStatus> = {};
  await Promise.all(
    [...new Set(directories)].map(async (dir) => {
      const statuses: unknown = await unwrap(
        clientForDirectory(dir).session.status({}, { signal: deadline(TIMEOUT_MS) }),
        'Reading session status',
      );
      // A malformed status reads as idle (left out), never as a broken record.
      const slicer = new Slicer();
      for (const [id, raw] of Object.entries(isObject(statuses) ? statuses : {})) {
        const status = parseSessionStatus(raw);
        if (status) all[id] = status;
        await slicer.turn();
      }
    }),
  );
  return all;
}
