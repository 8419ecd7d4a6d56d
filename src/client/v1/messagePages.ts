// A session's messages, a page at a time: newest first, each answer's `x-next-cursor` header naming the
// next (older) page as `before`. Shared by the store's message history and the usage panel, so a session of
// thousands of steps never arrives as one huge answer. Structural client type: tests pass a plain object.
import { checkAnswer, readJsonBody, ServerError, unwrap } from '../transport/serverError';
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

/**
 * The most of one session a read of every page takes, newest first: past either, the read stops with a clear error
 * after the pages within it (a server whose pages never end would otherwise be read for good).
 */
export const MAX_SESSION_MESSAGES = 50_000;
export const MAX_SESSION_CHARS = 256 * 1024 * 1024;

/** One page (the newest `limit` without `before`); every request has a timeout, its body's read included. */
export async function messagePage(
  client: PagedMessagesClient,
  sessionID: string,
  limit: number | undefined,
  before?: string,
  signal?: AbortSignal,
): Promise<MessagePage & { chars: number }> {
  const all = deadline(TIMEOUT_MS, signal);
  let chars = 0;
  let data: unknown;
  let result: Awaited<ReturnType<PagedMessagesClient['session']['messages']>>;
  try {
    result = await client.session.messages({ sessionID, limit, before }, { signal: all });
    checkAnswer(result, 'Reading messages');
    // The SDK hands the body over as a stream (v1/client.ts): read here, so its size counts towards the cap.
    if (result.data instanceof ReadableStream && result.response)
      data = await readJsonBody(result.response, 'Reading messages', {}, (length) => (chars = length));
    else data = await unwrap(Promise.resolve(result), 'Reading messages');
  } finally {
    release(all);
  }
  const items = Array.isArray(data) ? data : [];
  // A cursor that does not move would loop forever.
  const next = result.response?.headers.get('x-next-cursor') || undefined;
  return { items, next: next && next !== before && items.length > 0 ? next : undefined, chars };
}

/**
 * Every page, newest first; stops early when `signal` aborts, and with a ServerError once the pages read hold more
 * than MAX_SESSION_MESSAGES messages or MAX_SESSION_CHARS characters (the pages within the caps are yielded first).
 */
export async function* messagePages(
  client: PagedMessagesClient,
  sessionID: string,
  signal?: AbortSignal,
  pageSize = MESSAGE_PAGE_SIZE,
): AsyncGenerator<unknown[]> {
  let before: string | undefined;
  let messages = 0;
  let chars = 0;
  do {
    const page = await messagePage(client, sessionID, pageSize, before, signal);
    if (signal?.aborted) return;
    messages += page.items.length;
    chars += page.chars;
    if (messages > MAX_SESSION_MESSAGES || chars > MAX_SESSION_CHARS) throw tooManyMessages(messages, chars);
    yield page.items;
    before = page.next;
  } while (before);
}

function tooManyMessages(messages: number, chars: number): ServerError {
  const over =
    messages > MAX_SESSION_MESSAGES
      ? `over ${MAX_SESSION_MESSAGES.toLocaleString('en')} messages`
      : `over ${Math.round(MAX_SESSION_CHARS / 1024 / 1024)} MB of messages`;
  return new ServerError(
    'http',
    `Reading messages: the session has ${over} (${messages.toLocaleString('en')} read, ${Math.round(chars / 1024 / 1024)} MB), more than the extension reads; the newest were read.`,
  );
}
