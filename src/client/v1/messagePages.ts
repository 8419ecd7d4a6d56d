// A session's messages, a page at a time: newest first, each answer's `x-next-cursor` header naming the
// next (older) page as `before`. Shared by the store's message history and the usage panel, so a session of
// thousands of steps never arrives as one huge answer. Structural client type: tests pass a plain object.
import { unwrap } from '../transport/serverError';
import { deadline, release } from '../transport/deadline';

export interface PagedMessagesClient {
  session: {
    messages(
      parameters: { sessionID: string; limit?: number; before?: string },
      options?: { signal?: AbortSignal },
    ): Promise<{ data?: unknown; error?: unknown; response?: Response }>;
  };
}

export const MESSAGE_PAGE_SIZE = 200;
const TIMEOUT_MS = 15_000;

export interface MessagePage {
  items: unknown[];
  /** The cursor of the next (older) page; undefined on the last one. */
  next?: string;
}

/** One page (the newest `limit` without `before`); every request has a timeout. */
export async function messagePage(
  client: PagedMessagesClient,
  sessionID: string,
  limit: number | undefined,
  before?: string,
  signal?: AbortSignal,
): Promise<MessagePage> {
  const all = deadline(TIMEOUT_MS, signal);
  let result: Awaited<ReturnType<PagedMessagesClient['session']['messages']>>;
  try {
    result = await client.session.messages({ sessionID, limit, before }, { signal: all });
  } finally {
    release(all);
  }
  const data = await unwrap(Promise.resolve(result), 'Reading messages');
  const items = Array.isArray(data) ? data : [];
  // A cursor that does not move would loop forever.
  const next = result.response?.headers.get('x-next-cursor') || undefined;
  return { items, next: next && next !== before && items.length > 0 ? next : undefined };
}

/** Every page, newest first; stops early when `signal` aborts. */
export async function* messagePages(
  client: PagedMessagesClient,
  sessionID: string,
  signal?: AbortSignal,
  pageSize = MESSAGE_PAGE_SIZE,
): AsyncGenerator<unknown[]> {
  let before: string | undefined;
  do {
    const page = await messagePage(client, sessionID, pageSize, before, signal);
    if (signal?.aborted) return;
    yield page.items;
    before = page.next;
  } while (before);
}
