// V2's messages as the store's events: `GET /api/session/{id}/message` (`{data, cursor}`, newest first, limit
// 1–200: packages/protocol/src/groups/message.ts@1066927), or on 1.18.33's early V2, which has no such route, the
// session's durable events (`/history`). An assistant message is one step (`{id, type: "assistant", agent, model,
// cost, tokens, time}`); a user message gives its time; a compaction (`{id, type: "compaction", status}`) marks its
// place. 2.x records a compaction's own `cost` and `tokens` on it (session-message.ts CompactionCompleted); the
// older build recorded them only in the session's totals (compactionUsage).
import type { MalformedListener, SessionInfo, StoreEvent } from '../../store/events';
import { isObject, nonEmptyString } from '../../store/parse';
import { addUsage, usageGrowth, usageOf, ZERO_USAGE, type Usage } from '../../store/usage';
import type { MessageSink, SessionAddress } from '../serverApi';
import { ServerError } from '../transport/serverError';
import { finite } from '../wire/sessionInfo';
import { serverTokens } from '../wire/tokens';
import { readV2Page, type V2Client } from './v2Client';
import { V2EventReader } from './v2Events';
import { compactionSteps, stepPartID } from './v2Steps';

/** Message types of 2.x (groups/message.ts `type`); others are a newer server's, counted as unknown. */
const KNOWN_TYPES = new Set([
  'agent-switched',
  'model-switched',
  'location-switched',
  'user',
  'synthetic',
  'system',
  'skill',
  'shell',
  'assistant',
  'compaction',
  'idle',
]);
const MESSAGE_PAGE = 200;
const HISTORY_PAGE = 1000;

export interface V2MessagePage {
  events: StoreEvent[];
  /** The usage this page's messages record themselves (assistant steps, and compactions that carry theirs). */
  billed: Usage;
  /** Compactions that carry no usage of their own (the older build), by id, with their time. */
  unbilled: Array<{ id: string; created: number }>;
  /** How many entries the page held (read or not). */
  entries: number;
  /** The `cursor` for the next (older) page; absent on the last. */
  next?: string;
}

/** One page's messages as store events; undefined when the answer is not a page at all. */
export function readV2Messages(
  raw: unknown,
  sessionID: string,
  malformed?: MalformedListener,
  unknown?: (type: string) => void,
): V2MessagePage | undefined {
  const page = readV2Page(raw);
  if (!page) return undefined;
  const read: V2MessagePage = { events: [], billed: { ...ZERO_USAGE }, unbilled: [], entries: page.entries.length, next: page.next };
  for (const entry of page.entries) {
    const id = isObject(entry) ? nonEmptyString(entry.id) : undefined;
    const created = isObject(entry) && isObject(entry.time) ? finite(entry.time.created) : undefined;
    if (!isObject(entry) || !id || created === undefined) {
      malformed?.('message');
      continue;
    }
    if (typeof entry.type !== 'string' || !KNOWN_TYPES.has(entry.type)) {
      unknown?.(`message ${typeof entry.type === 'string' ? entry.type.slice(0, 60) : '(no type)'}`);
      continue;
    }
    if (entry.type === 'assistant') {
      const usage = usageOf(serverTokens(entry.tokens), typeof entry.cost === 'number' ? entry.cost : undefined);
      read.billed = addUsage(read.billed, usage);
      const model = isObject(entry.model) ? entry.model : {};
      const completed = isObject(entry.time) ? finite(entry.time.completed) : undefined;
      read.events.push({
        type: 'message.assistant',
        info: {
          id,
          sessionID,
          role: 'assistant',
          cost: usage.cost,
          tokens: serverTokens(entry.tokens),
          ...(nonEmptyString(model.id) && { modelID: nonEmptyString(model.id) }),
          ...(nonEmptyString(model.providerID) && { providerID: nonEmptyString(model.providerID) }),
          ...(nonEmptyString(entry.agent) && { agent: nonEmptyString(entry.agent) }),
          time: { created, completed },
        },
      });
      // A message still running has no tokens yet: not a step until it has.
      if (isObject(entry.tokens)) read.events.push({ type: 'step.finished', sessionID, messageID: id, partID: stepPartID(id), usage });
    } else if (entry.type === 'user') {
      read.events.push({ type: 'message.user', sessionID, messageID: id, created });
    } else if (entry.type === 'compaction') {
      read.events.push(
        { type: 'message.user', sessionID, messageID: id, created },
        { type: 'compaction.marked', sessionID, messageID: id },
      );
      if (isObject(entry.tokens)) {
        const usage = usageOf(serverTokens(entry.tokens), typeof entry.cost === 'number' ? entry.cost : undefined);
        read.billed = addUsage(read.billed, usage);
        read.events.push(...compactionSteps(sessionID, id, created, usage));
      } else read.unbilled.push({ id, created });
    }
  }
  return read;
}

/**
 * What the older build's compactions cost: recorded in the session's totals only, so it is what the totals hold
 * beyond every message that records its own (`billed`). Given to the newest such compaction: when several ran while
 * nothing here watched, their sum shows there. Undefined when the totals are not known or nothing is left over.
 */
export function compactionUsage(
  info: Partial<Pick<SessionInfo, 'cost' | 'tokens'>>,
  billed: Usage,
  unbilled: ReadonlyArray<{ id: string; created: number }>,
): { id: string; created: number; usage: Usage } | undefined {
  if (!unbilled.length || (info.cost === undefined && info.tokens === undefined)) return undefined;
  const usage = usageGrowth(billed, usageOf(info.tokens, info.cost));
  if (usage.cost + usage.input + usage.output + usage.reasoning + usage.cacheRead + usage.cacheWrite <= 0) return undefined;
  const newest = unbilled.reduce((a, b) => (b.created > a.created ? b : a));
  return { ...newest, usage };
}

/** The newest `limit` messages (the context % and the last reply). */
export async function loadNewestV2Messages(client: V2Client, info: SessionAddress, sink: MessageSink, limit: number): Promise<void> {
  const read = await messagePage(client, info, Math.min(MESSAGE_PAGE, Math.max(1, limit)), undefined, sink);
  if (read === 'history') return loadHistory(client, info, sink);
  apply(read.events, sink);
}

/** Every message, then the older build's compactions' cost (the totals' part no message carries). */
export async function loadEveryV2Message(
  client: V2Client,
  info: SessionAddress & Partial<Pick<SessionInfo, 'cost' | 'tokens'>>,
  sink: MessageSink,
  signal?: AbortSignal,
): Promise<void> {
  let billed = { ...ZERO_USAGE };
  const unbilled: Array<{ id: string; created: number }> = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100_000 && !signal?.aborted; page++) {
    const read = await messagePage(client, info, MESSAGE_PAGE, cursor, sink, signal);
    if (read === 'history') return loadHistory(client, info, sink, signal);
    apply(read.events, sink);
    billed = addUsage(billed, read.billed);
    unbilled.push(...read.unbilled);
    // 2.x answers a cursor even on the last page; an empty or short page, or a cursor that does not move, ends it.
    if (!read.next || read.next === cursor || read.entries < MESSAGE_PAGE) break;
    cursor = read.next;
  }
  if (signal?.aborted) return;
  const compaction = compactionUsage(info, billed, unbilled);
  // A compaction seen live has its own step already (its growth, measured then).
  if (!compaction || sink.seenLive(compaction.id)) return;
  for (const event of compactionSteps(info.id, compaction.id, compaction.created, compaction.usage)) sink.apply(event);
}

/** Every message of a session, raw, oldest page last (the turns read them). */
export async function readEveryV2Message(client: V2Client, info: SessionAddress, signal?: AbortSignal): Promise<unknown[]> {
  const messages: unknown[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100_000 && !signal?.aborted; page++) {
    const read = readV2Page(
      await client.call('messages', { sessionID: info.id }, 'Reading messages', { query: { limit: MESSAGE_PAGE, cursor }, signal }),
    );
    if (!read) throw new ServerError('not-opencode', 'Reading messages: the answer was not a page of messages.');
    messages.push(...read.entries);
    if (!read.next || read.next === cursor || read.entries.length < MESSAGE_PAGE) break;
    cursor = read.next;
  }
  return messages;
}

/** One page, or 'history' where the server keeps only its durable events (1.18.33). */
async function messagePage(
  client: V2Client,
  info: SessionAddress,
  limit: number,
  cursor: string | undefined,
  sink: MessageSink,
  signal?: AbortSignal,
) {
  const answer = await client.call('messages', { sessionID: info.id }, 'Reading messages', { query: { limit, cursor }, signal });
  if (client.route('messages')?.path.endsWith('/history')) return 'history' as const;
  const read = readV2Messages(
    answer,
    info.id,
    (kind) => sink.malformed?.(kind),
    (type) => sink.unknown?.(type),
  );
  if (!read) throw new ServerError('not-opencode', 'Reading messages: the answer was not a page of messages.');
  return read;
}

/**
 * `GET /api/session/{id}/history`: `{data: [events], hasMore}` (recorded on 1.18.33), the session's durable events
 * oldest first, paged with `?after=<seq>`. Only what they say about the past is kept — steps, their messages,
 * prompts and compactions; statuses, running tools and requests in it are history, and replaying them would
 * override what the live stream says now.
 */
async function loadHistory(client: V2Client, info: SessionAddress, sink: MessageSink, signal?: AbortSignal): Promise<void> {
  let after: number | undefined;
  for (let page = 0; page < 100_000 && !signal?.aborted; page++) {
    const answer = await client.call('messages', { sessionID: info.id }, 'Reading the session history', {
      query: { limit: HISTORY_PAGE, after },
      signal,
    });
    const read = readV2History(answer, (kind: string) => sink.malformed?.(kind));
    apply(read.events, sink);
    if (!read.hasMore || read.lastSeq === undefined || read.lastSeq === after) break;
    after = read.lastSeq;
  }
}

const KEPT = new Set<StoreEvent['type']>(['step.finished', 'message.assistant', 'message.user', 'session.compacted', 'compaction.marked']);

export function readV2History(raw: unknown, malformed?: MalformedListener): { events: StoreEvent[]; hasMore: boolean; lastSeq?: number } {
  const list = isObject(raw) && Array.isArray(raw.data) ? raw.data : undefined;
  if (!list) {
    malformed?.('history');
    return { events: [], hasMore: false };
  }
  const reader = new V2EventReader(malformed);
  const events = list.flatMap((item) => reader.read(item)).filter((event) => KEPT.has(event.type));
  const seqs = list
    .map((item) => (isObject(item) && isObject(item.durable) ? item.durable.seq : undefined))
    .filter((seq): seq is number => typeof seq === 'number' && Number.isInteger(seq) && seq >= 0);
  const page: { events: StoreEvent[]; hasMore: boolean; lastSeq?: number } = { events, hasMore: isObject(raw) && raw.hasMore === true };
  if (seqs.length) page.lastSeq = Math.max(...seqs);
  return page;
}

/** Into the store, except messages the live stream reported already (fetched copies must not overwrite them). */
function apply(events: readonly StoreEvent[], sink: MessageSink): void {
  for (const event of events) if (!(event.type === 'message.assistant' && sink.seenLive(event.info.id))) sink.apply(event);
}
