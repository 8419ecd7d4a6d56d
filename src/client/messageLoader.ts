// Reads assistant messages from the server into the store: the newest few for a tooltip's context %,
// or all of them for sessions from servers before 1.15, whose own totals are the sum of their messages.
import { parseEvent, type SessionInfo, type StoreEvent } from '../store/events';
import { unwrap } from './serverError';

const TIMEOUT_MS = 15_000;

/** The one SDK call this needs (structural, so tests can pass a plain object). */
export interface MessagesClient {
  session: {
    messages(
      parameters: { sessionID: string; limit?: number },
      options?: { signal?: AbortSignal },
    ): Promise<{ data?: unknown; error?: unknown; response?: Response }>;
  };
}

export interface MessageSink {
  /**
   * True when the live stream reported this message since it (re)connected: that version is at least as
   * new as a fetched one, so the fetched one must not overwrite it.
   */
  seenLive(messageID: string): boolean;
  apply(event: StoreEvent): void;
}

/** Same rule as the store's: no session `tokens` and no `cost` means a server before 1.15. */
export function needsMessageTotals(info: SessionInfo): boolean {
  return info.tokens === undefined && info.cost === undefined;
}

/** Feeds a session's assistant messages (the newest `limit`, or all) to the sink; returns how many it applied. */
export async function loadAssistantMessages(
  client: MessagesClient,
  sessionID: string,
  sink: MessageSink,
  options: { limit?: number; signal?: AbortSignal } = {},
): Promise<number> {
  const signal = options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(TIMEOUT_MS)]) : AbortSignal.timeout(TIMEOUT_MS);
  const items = await unwrap(client.session.messages({ sessionID, limit: options.limit }, { signal }), 'Reading messages');
  if (options.signal?.aborted || !Array.isArray(items)) return 0;
  let applied = 0;
  for (const item of items) {
    const info = typeof item === 'object' && item !== null ? (item as { info?: unknown }).info : undefined;
    // Through the event parser, so fetched messages are validated exactly like live ones.
    const event = parseEvent({ type: 'message.updated', properties: { info } });
    if (event?.type !== 'message.assistant' || event.info.sessionID !== sessionID || sink.seenLive(event.info.id)) continue;
    sink.apply(event);
    applied += 1;
  }
  return applied;
}

export interface BackfillOptions {
  concurrency?: number;
  signal?: AbortSignal;
  onError?(sessionID: string, error: unknown): void;
}

/** Loads every message of these sessions, a few sessions at a time so a big server is not flooded. */
export async function backfillMessageTotals(
  sessions: readonly SessionInfo[],
  clientForDirectory: (directory: string) => MessagesClient,
  sink: MessageSink,
  options: BackfillOptions = {},
): Promise<void> {
  const queue = sessions.filter(needsMessageTotals);
  const worker = async () => {
    for (let info = queue.shift(); info && !options.signal?.aborted; info = queue.shift()) {
      try {
        await loadAssistantMessages(clientForDirectory(info.directory), info.id, sink, { signal: options.signal });
      } catch (err) {
        if (!options.signal?.aborted) options.onError?.(info.id, err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
}

/** The message a live event is about, for `MessageSink.seenLive`. */
export function liveMessageId(event: StoreEvent): string | undefined {
  if (event.type === 'message.assistant') return event.info.id;
  if (event.type === 'message.removed') return event.messageID;
  return undefined;
}

/** What paging needs on top of MessagesClient: `before` and the `x-next-cursor` answer header. */
export interface PagedMessagesClient {
  session: {
    messages(
      parameters: { sessionID: string; limit?: number; before?: string },
      options?: { signal?: AbortSignal },
    ): Promise<{ data?: unknown; error?: unknown; response?: Response }>;
  };
}

const PAGE_SIZE = 200;

/** Feeds every assistant message of a session to the sink, a page at a time (newest first). */
export async function loadAllAssistantMessages(client: PagedMessagesClient, sessionID: string, sink: MessageSink, signal?: AbortSignal): Promise<void> {
  let before: string | undefined;
  do {
    let next: string | undefined;
    let count = 0;
    // The cursor comes in a header, so catch the raw answer on its way through the one-page loader.
    const paged: MessagesClient = {
      session: {
        messages: async (parameters, options) => {
          const result = await client.session.messages({ ...parameters, before }, options);
          next = result.response?.headers.get('x-next-cursor') || undefined;
          count = Array.isArray(result.data) ? result.data.length : 0;
          return result;
        },
      },
    };
    await loadAssistantMessages(paged, sessionID, sink, { limit: PAGE_SIZE, signal });
    if (signal?.aborted) return;
    // A cursor that does not move would loop forever.
    before = next && next !== before && count > 0 ? next : undefined;
  } while (before);
}
