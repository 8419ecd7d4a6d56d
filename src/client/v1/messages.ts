// Reads messages from the server into the store: the newest few for a session's context %, or all of them
// (the usage panel's steps, the per-day figures, and the totals of servers before 1.15, which are the sum
// of their messages).
import type { SessionInfo } from '../../store/events';
import { hasServerTotals } from '../../store/sessionRecord';
import type { MessageSink } from '../serverApi';
import { messagePage, messagePages, type PagedMessagesClient } from './messagePages';
import { followedPart, messagePart, parseEvent } from './events';
import { Slices } from '../../base/node/slices';

/** The one SDK call this needs (structural, so tests can pass a plain object). */
export type MessagesClient = PagedMessagesClient;

/** A server before 1.15: the session's totals must be summed from its messages. */
export function needsMessageTotals(info: SessionInfo): boolean {
  return !hasServerTotals(info);
}

/** Feeds a session's assistant messages (the newest `limit`, or all) to the sink; returns how many it applied. */
export async function loadNewestMessages(
  client: MessagesClient,
  sessionID: string,
  sink: MessageSink,
  options: { limit?: number; signal?: AbortSignal } = {},
): Promise<number> {
  const { items } = await messagePage(client, sessionID, options.limit, undefined, options.signal);
  return options.signal?.aborted ? 0 : feedSliced(items, sessionID, sink);
}

/** A page fed a few hundred messages at a time, with a turn of the event loop between (a page may hold any number). */
async function feedSliced(items: unknown[], sessionID: string, sink: MessageSink): Promise<number> {
  let applied = 0;
  for (let start = 0; start < items.length; start += FEED_SLICE) {
    applied += feedMessages(items.slice(start, start + FEED_SLICE), sessionID, sink);
    if (start + FEED_SLICE < items.length) await new Promise((resolve) => setImmediate(resolve));
  }
  return applied;
}

const FEED_SLICE = 250;

/**
 * Applies what the store keeps of `items` (raw `{info, parts}`): assistant messages the live stream has not
 * reported, user messages' times, finished steps and compaction marks. Through the event parser, so fetched
 * messages are validated exactly like live ones. Returns how many assistant messages it applied.
 */
export function feedMessages(items: unknown[], sessionID: string, sink: MessageSink): number {
  let applied = 0;
  for (const item of items) {
    if (typeof item !== 'object' || item === null) {
      sink.malformed?.('message');
      continue;
    }
    const { info, parts } = item as { info?: unknown; parts?: unknown };
    const event = parseEvent({ type: 'message.updated', properties: { info } }, () => sink.malformed?.('message'));
    if (event?.type === 'message.assistant') {
      if (event.info.sessionID !== sessionID) continue;
      if (!sink.seenLive(event.info.id)) {
        sink.apply(event);
        applied += 1;
      }
    } else if (event?.type === 'message.user' && event.sessionID === sessionID) {
      sink.apply(event);
    } else continue;
    // Finished parts never change, so a fetched copy is the live one.
    for (const part of Array.isArray(parts) ? parts : []) {
      const partEvent = messagePart(part);
      if (!partEvent && followedPart(part)) sink.malformed?.('message part');
      // A finished tool call counts for its step; one still running is the live stream's to report.
      const kept =
        partEvent?.type === 'step.finished' ||
        partEvent?.type === 'compaction.marked' ||
        (partEvent?.type === 'tool.running' && !partEvent.running);
      if (kept && partEvent.sessionID === sessionID) sink.apply(partEvent);
    }
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
  // Taken from a head index, in the list's order: shift() moved the rest of the list at each session (100 000
  // sessions answered at once took 5.4 s of CPU, ×20 the 10 000).
  let next = 0;
  // Reads answered at once (or failing at once) chain in microtasks: the workers give the loop a turn between slices.
  const slices = new Slices();
  const worker = async () => {
    for (let info = queue[next++]; info && !options.signal?.aborted; info = queue[next++]) {
      try {
        await loadNewestMessages(clientForDirectory(info.directory), info.id, sink, { signal: options.signal });
      } catch (err) {
        if (!options.signal?.aborted) options.onError?.(info.id, err);
      }
      if (slices.due) await slices.yield();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
}

/** Feeds every assistant message of a session to the sink, a page at a time (newest first). */
export async function loadEveryMessage(
  client: PagedMessagesClient,
  sessionID: string,
  sink: MessageSink,
  signal?: AbortSignal,
): Promise<void> {
  for await (const items of messagePages(client, sessionID, signal)) await feedSliced(items, sessionID, sink);
}
