// V2's sessions: the paged listing of `/api/session` (whole, or by parent), one session, a title search. Each record
// is read by v2/records.ts's v2SessionInfo.
import type { SessionInfo } from '../../store/events';
import { FIRST_PAGE, type ServerApi, type SessionListing, type SessionAddress } from '../serverApi';
import { ServerError } from '../transport/serverError';
import { PagedRead } from './pagedRead';
import { Slices } from '../../base/node/slices';
import type { V2Client } from './client';
import { dataOf, readV2Page, v2SessionInfo, type ListedSessions } from './records';

// 2.x caps a page at 200 (limit: PositiveInt, groups/session.ts; messages 1–200, groups/message.ts).
const PAGE = 200;
const LIST_TIMEOUT_MS = 15_000;
/** Sessions listed at most: far past any real server's; past it the listing ends and says so. */
export const MAX_LISTED_SESSIONS = 100_000;

/**
 * Whether the server lists by parent: its document names `parentID` among the list's query parameters
 * (`GET /api/session?parentID`, `null` for roots only: packages/protocol/src/groups/session.ts@01fd0c8). A server
 * without a document, or whose document does not name it (1.18's early V2, an older 2.x), is listed whole.
 */
export function listsByParent(client: V2Client): boolean {
  return client.contract.takesQuery('sessions', 'parentID');
}

/**
 * Every session (up to MAX_LISTED_SESSIONS), a page at a time; `listed` learns each one's folder and parent. Where
 * the server lists by parent, only the roots (`parentID=null`): their descendants are read on demand (listV2Children).
 */
export async function listV2Sessions(
  client: V2Client,
  options: Parameters<ServerApi['listSessions']>[0],
  listed: ListedSessions,
): Promise<SessionListing> {
  const rootsOnly = listsByParent(client);
  const listing = await readV2Listing(client, options, listed, rootsOnly ? 'null' : undefined);
  // Sessions gone since the last listing leave the map (it would otherwise keep every session ever listed); a
  // roots-only listing leaves the children read since.
  const byId = new Set(listing.sessions.map((s) => s.id));
  for (const [id, where] of listed) if (!byId.has(id) && (!rootsOnly || !where.parentID)) listed.delete(id);
  return rootsOnly ? { ...listing, rootsOnly } : listing;
}

/** The sessions whose parent is `parentID` (`?parentID=`), every page: one level of a tree read on demand. */
export function listV2Children(
  client: V2Client,
  parentID: string,
  listed: ListedSessions,
  options: { archived?: boolean; signal?: AbortSignal },
): Promise<SessionListing> {
  return readV2Listing(client, options, listed, parentID);
}

async function readV2Listing(
  client: V2Client,
  options: Parameters<ServerApi['listSessions']>[0],
  listed: ListedSessions,
  parentID: string | undefined,
): Promise<SessionListing> {
  const byId = new Map<string, SessionInfo>();
  const pages = new PagedRead(MAX_LISTED_SESSIONS, 'sessions listed');
  const slices = new Slices();
  let malformed = 0;
  let cursor: string | undefined;
  for (;;) {
    const answer = await client.call('sessions', {}, 'Listing sessions', {
      // The first page is small, as V1's: the tree shows it while the rest loads.
      query: { limit: cursor === undefined ? FIRST_PAGE : PAGE, cursor, ...(parentID !== undefined && { parentID }) },
      signal: options.signal,
      timeoutMs: LIST_TIMEOUT_MS,
    });
    const read = readV2Page(answer);
    if (!read)
      throw new ServerError('not-opencode', 'Listing sessions: the answer was not a page of sessions — is this URL an OpenCode server?');
    const valid: SessionInfo[] = [];
    for (const raw of pages.fresh(read)) {
      if (slices.due) await slices.yield();
      const info = v2SessionInfo(raw);
      if (!info) malformed += 1;
      else if (options.archived || !info.time.archived) {
        valid.push(info);
        byId.set(info.id, info);
        listed.set(info.id, { directory: info.directory, parentID: info.parentID });
      }
    }
    options.onPage?.(valid);
    // `cursor.next` is there even on the last page (the page after it is empty): only a missing or repeated
    // cursor, or an empty page, ends the listing; a server may cap pages below PAGE.
    if (!pages.more(read, cursor)) break;
    cursor = read.next;
  }
  return { sessions: [...byId.values()], malformed, ...(pages.capped && { capped: `Listing sessions: ${pages.capped}` }) };
}

/** `?search=` matches titles (groups/session.ts); one page is enough for a lookup. */
export async function searchV2Sessions(client: V2Client, text: string, signal?: AbortSignal): Promise<SessionInfo[]> {
  const read = readV2Page(await client.call('sessions', {}, 'Finding sessions', { query: { search: text, limit: PAGE }, signal }));
  const found: SessionInfo[] = [];
  const slices = new Slices();
  for (const raw of read?.entries ?? []) {
    if (slices.due) await slices.yield();
    const info = v2SessionInfo(raw);
    if (info) found.push(info);
  }
  return found;
}

/** One session; undefined when it is gone (404 `SessionNotFoundError`). */
export async function getV2Session(
  client: V2Client,
  info: SessionAddress,
  signal?: AbortSignal,
): Promise<{ info?: SessionInfo } | undefined> {
  try {
    return { info: v2SessionInfo(dataOf(await client.call('session', { sessionID: info.id }, 'Reading the session', { signal }))) };
  } catch (err) {
    if (err instanceof ServerError && err.status === 404) return undefined;
    throw err;
  }
}
