// A session's messages, raw, a page at a time: `GET /api/session/{id}/message` (`{data, cursor}`, newest first, limit
// 1–200: packages/protocol/src/groups/message.ts@1066927), as v1/messagePages.ts reads V1's. The turns read every
// message through it, and the transcript and the message loads keep its cap. Structural client type (a V2Client is
// one), so it stands below the modules that fetch.
import type { SessionAddress } from '../serverApi';
import { ServerError } from '../transport/serverError';
import { Slices } from '../../base/node/slices';
import { PagedRead } from './pagedRead';
import { readV2Page } from './records';

/** What a paged read of messages asks of the connection: its messages route, by name. */
export interface PagedMessagesClient {
  call(
    name: 'messages',
    params: { sessionID: string },
    what: string,
    options: { query: Record<string, string | number | undefined>; signal?: AbortSignal },
  ): Promise<unknown>;
}

/** 2.x's largest page of messages. */
export const MESSAGE_PAGE = 200;
/** Messages read of one session at most (a 5 000-step session holds about 10 000); past it the newest that many. */
export const MAX_SESSION_MESSAGES = 25_000;

/**
 * Every message of a session, raw, oldest page last (the turns read them), up to MAX_SESSION_MESSAGES: past it,
 * the newest that many.
 */
export async function readEveryV2Message(client: PagedMessagesClient, info: SessionAddress, signal?: AbortSignal): Promise<unknown[]> {
  const messages: unknown[] = [];
  const pages = new PagedRead(MAX_SESSION_MESSAGES, 'messages in the session');
  const slices = new Slices();
  let cursor: string | undefined;
  while (!signal?.aborted) {
    const read = readV2Page(
      await client.call('messages', { sessionID: info.id }, 'Reading messages', { query: { limit: MESSAGE_PAGE, cursor }, signal }),
    );
    if (!read) throw new ServerError('not-opencode', 'Reading messages: the answer was not a page of messages.');
    for (const entry of pages.fresh(read)) {
      messages.push(entry);
      if (slices.due) await slices.yield();
    }
    if (read.entries.length < MESSAGE_PAGE || !pages.more(read, cursor)) break;
    cursor = read.next;
  }
  return messages;
}
