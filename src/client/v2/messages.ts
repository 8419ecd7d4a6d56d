// V2's messages as the store's events: `GET /api/session/{id}/message` (`{data, cursor}`, newest first, limit
// 1–200: packages/protocol/src/groups/message.ts@1066927), or on 1.18.33's early V2, which has no such route, the
// session's durable events (`/history`). An assistant message is one step (`{id, type: "assistant", agent, model,
// cost, tokens, time}`); a user message gives its time; a compaction (`{id, type: "compaction", status}`) marks its
// place. 2.x records a compaction's own `cost` and `tokens` on it (session-message.ts CompactionCompleted); the
// older build recorded them only in the session's totals (compactionUsage).
import { readsHistory } from './contract';
import type { MalformedListener, SessionInfo, StoreEvent } from '../../store/events';
import { isObject, nonEmptyString } from '../../base/parse';
import { addUsage, usageGrowth, usageOf, ZERO_USAGE, type Usage } from '../../store/usage';
import type { MessageSink, SessionAddress } from '../serverApi';
import { ServerError } from '../transport/serverError';
import { finite } from '../wire/sessionInfo';
import { serverTokens } from '../wire/tokens';
import { PagedRead } from './pagedRead';
import { MAX_SESSION_MESSAGES, MESSAGE_PAGE } from './messagePages';
import { Slices } from '../../base/node/slices';
import type { V2Client } from './client';
import { readV2Page, type V2Page } from './records';
import { V2EventReader } from './events';
import { compactionSteps, stepPartID } from './steps';

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
const HISTORY_PAGE = 1000;
/** Durable events read of one session's history (1.18.33) at most. */
const MAX_HISTORY_EVENTS = 250_000;
/** Entries read between looks at the clock. */
const CHUNK = 256;

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
  /**
   * The files the completed file-tool calls of the assistant messages read since the last user message wrote (pages
   * are newest first: they belong to the next user message read, on this page or the next).
   */
  turnFiles?: Set<string>;
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
  readEntries(page.entries, 0, page.entries.length, sessionID, read, malformed, unknown);
  return read;
}

/** Entries `from` to `to` of a page, read into `read` (its events, usage and compactions). */
function readEntries(
  entries: readonly unknown[],
  from: number,
  to: number,
  sessionID: string,
  read: V2MessagePage,
  malformed?: MalformedListener,
  unknown?: (type: string) => void,
): void {
  for (let at = from; at < to; at++) {
    const entry = entries[at];
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
      if (Array.isArray(entry.content)) for (const part of entry.content) addWrittenFile(read, part);
    } else if (entry.type === 'user') {
      // The files its turn's file tools wrote (the assistant messages after it, read just before it): what the live
      // stream's `step.ended` tells, for turns it did not see (a stock server's gap is read again from here), so the
      // session's Changes are read again. A shell command's changes show only on the stream.
      const changedFiles = read.turnFiles?.size || undefined;
      read.turnFiles = undefined;
      read.events.push({ type: 'message.user', sessionID, messageID: id, created, ...(changedFiles && { changedFiles }) });
    } else if (entry.type === 'compaction') {
      read.events.push(
        { type: 'message.user', sessionID, messageID: id, created },
        { type: 'compaction.marked', sessionID, messageID: id },
      );
      if (isObject(entry.tokens)) {
        const usage = usageOf(serverTokens(entry.tokens), typeof entry.cost === 'number' ? entry.cost : undefined);
        read.billed = addUsage(read.billed, usage);
        for (const event of compactionSteps(sessionID, id, created, usage)) read.events.push(event);
      } else read.unbilled.push({ id, created });
    }
  }
}

/** File tools (wire/turnTools.ts): a completed call wrote the file its input names. */
const FILE_TOOLS = new Set(['write', 'edit', 'multiedit', 'patch', 'apply_patch']);
/** Files counted per turn at most: Changes only need "some" and "more than before", not every path of a huge patch. */
const MAX_TURN_FILES = 1_000;

/** A completed file-tool call's file (its input's path; a patch without one counts as one file), for its turn. */
function addWrittenFile(read: V2MessagePage, part: unknown): void {
  if (!isObject(part) || part.type !== 'tool' || typeof part.name !== 'string' || !FILE_TOOLS.has(part.name)) return;
  if (!isObject(part.state) || part.state.status !== 'completed') return;
  const files = (read.turnFiles ??= new Set<string>());
  if (files.size >= MAX_TURN_FILES) return;
  const input = isObject(part.state.input) ? part.state.input : {};
  const path = [input.filePath, input.path, input.file_path].find((p): p is string => typeof p === 'string' && p.length > 0);
  files.add(path ?? `\u0000${nonEmptyString(part.id) ?? files.size}`);
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
}

/**
 * Every message (up to MAX_SESSION_MESSAGES), then the older build's compactions' cost (the part no message carries).
 * With `lastSeen`, only the pages down to the one that holds that message (what came after it, newest first).
 */
export async function loadEveryV2Message(
  client: V2Client,
  info: SessionAddress & Partial<Pick<SessionInfo, 'cost' | 'tokens'>>,
  sink: MessageSink,
  signal?: AbortSignal,
  lastSeen?: string,
): Promise<void> {
  let billed = { ...ZERO_USAGE };
  const unbilled: Array<{ id: string; created: number }> = [];
  const pages = new PagedRead(MAX_SESSION_MESSAGES, 'messages in the session');
  let cursor: string | undefined;
  /** A turn's files read on a newer page, for its user message on an older one. */
  let turnFiles: Set<string> | undefined;
  while (!signal?.aborted) {
    const read = await messagePage(client, info, MESSAGE_PAGE, cursor, sink, signal, pages, turnFiles);
    if (read === 'history') return loadHistory(client, info, sink, signal);
    turnFiles = read.turnFiles;
    // What is older than the last message seen is in the store: the older build's compactions are then left as they are.
    if (lastSeen !== undefined && read.page.entries.some((entry) => isObject(entry) && entry.id === lastSeen)) return;
    billed = addUsage(billed, read.billed);
    for (const compaction of read.unbilled) unbilled.push(compaction);
    // 2.x answers a cursor even on the last page; an empty or short page, or a cursor that does not move, ends it.
    if (read.entries < MESSAGE_PAGE || !pages.more(read.page, cursor)) break;
    cursor = read.next;
  }
  if (pages.capped) sink.malformed?.(pages.capped);
  if (signal?.aborted) return;
  const compaction = compactionUsage(info, billed, unbilled);
  // A compaction seen live has its own step already (its growth, measured then).
  if (!compaction || sink.seenLive(compaction.id)) return;
  for (const event of compactionSteps(info.id, compaction.id, compaction.created, compaction.usage)) sink.apply(event);
}

/**
 * One page, its events given to the sink as they are read, a chunk at a time (a page of any size keeps the event
 * loop turning); or 'history' where the server keeps only its durable events (1.18.33).
 */
async function messagePage(
  client: V2Client,
  info: SessionAddress,
  limit: number,
  cursor: string | undefined,
  sink: MessageSink,
  signal?: AbortSignal,
  pages?: PagedRead,
  turnFiles?: Set<string>,
) {
  const answer = await client.call('messages', { sessionID: info.id }, 'Reading messages', { query: { limit, cursor }, signal });
  if (readsHistory(client.route('messages'))) return 'history' as const;
  const page = readV2Page(answer);
  if (!page) throw new ServerError('not-opencode', 'Reading messages: the answer was not a page of messages.');
  // Of a paged read, only messages not read before (a server going round sends them again).
  const entries = pages ? pages.fresh(page) : page.entries;
  const read: V2MessagePage & { page: V2Page } = {
    events: [],
    billed: { ...ZERO_USAGE },
    unbilled: [],
    entries: page.entries.length,
    next: page.next,
    page,
    turnFiles,
  };
  const slices = new Slices();
  for (let at = 0; at < entries.length; at += CHUNK) {
    read.events = [];
    readEntries(
      entries,
      at,
      Math.min(entries.length, at + CHUNK),
      info.id,
      read,
      (kind) => sink.malformed?.(kind),
      (type) => sink.unknown?.(type),
    );
    apply(read.events, sink);
    if (slices.due) await slices.yield();
  }
  read.events = [];
  return read;
}

/**
 * `GET /api/session/{id}/history`: `{data: [events], hasMore}` (recorded on 1.18.33), the session's durable events
 * oldest first, paged with `?after=<seq>`. Only what they say about the past is kept — steps, their messages,
 * prompts and compactions; statuses, running tools and requests in it are history, and replaying them would
 * override what the live stream says now.
 */
async function loadHistory(client: V2Client, info: SessionAddress, sink: MessageSink, signal?: AbortSignal): Promise<void> {
  // One reader for every page: a step may start on one page and end on the next.
  const reader = new V2EventReader((kind: string) => sink.malformed?.(kind));
  const slices = new Slices();
  let after: number | undefined;
  let read = 0;
  while (!signal?.aborted) {
    const answer = await client.call('messages', { sessionID: info.id }, 'Reading the session history', {
      query: { limit: HISTORY_PAGE, after },
      signal,
    });
    const list = isObject(answer) && Array.isArray(answer.data) ? answer.data : undefined;
    if (!list) return void sink.malformed?.('history');
    const page: HistoryPage = { events: [], hasMore: isObject(answer) && answer.hasMore === true };
    for (let at = 0; at < list.length; at += CHUNK) {
      page.events = [];
      readHistoryItems(list, at, Math.min(list.length, at + CHUNK), reader, page);
      apply(page.events, sink);
      if (slices.due) await slices.yield();
    }
    read += list.length;
    // Pages go forward: a page that does not (a server going round) ends the read, as does the cap.
    if (!page.hasMore || page.lastSeq === undefined || (after !== undefined && page.lastSeq <= after)) return;
    if (read >= MAX_HISTORY_EVENTS)
      return void sink.malformed?.(`more than ${MAX_HISTORY_EVENTS} events in the session's history: the rest is not read`);
    after = page.lastSeq;
  }
}

const KEPT = new Set<StoreEvent['type']>(['step.finished', 'message.assistant', 'message.user', 'session.compacted', 'compaction.marked']);

interface HistoryPage {
  events: StoreEvent[];
  hasMore: boolean;
  /** The highest `durable.seq` of the page: the next page is asked after it. */
  lastSeq?: number;
}

export function readV2History(raw: unknown, malformed?: MalformedListener): HistoryPage {
  const list = isObject(raw) && Array.isArray(raw.data) ? raw.data : undefined;
  if (!list) {
    malformed?.('history');
    return { events: [], hasMore: false };
  }
  const page: HistoryPage = { events: [], hasMore: isObject(raw) && raw.hasMore === true };
  readHistoryItems(list, 0, list.length, new V2EventReader(malformed), page);
  return page;
}

/** Items `from` to `to` of a history page into `page`: the events kept, and the highest sequence number. */
function readHistoryItems(list: readonly unknown[], from: number, to: number, reader: V2EventReader, page: HistoryPage): void {
  for (let at = from; at < to; at++) {
    const item = list[at];
    for (const event of reader.read(item)) if (KEPT.has(event.type)) page.events.push(event);
    const seq = isObject(item) && isObject(item.durable) ? item.durable.seq : undefined;
    if (typeof seq === 'number' && Number.isInteger(seq) && seq >= 0 && (page.lastSeq === undefined || seq > page.lastSeq))
      page.lastSeq = seq;
  }
}

/** Into the store, except messages the live stream reported already (fetched copies must not overwrite them). */
function apply(events: readonly StoreEvent[], sink: MessageSink): void {
  for (const event of events) if (!(event.type === 'message.assistant' && sink.seenLive(event.info.id))) sink.apply(event);
}
