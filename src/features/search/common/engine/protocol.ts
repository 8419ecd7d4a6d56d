// What the extension host and the search engine (engineWorker.ts: a server's ContentIndex, its texts and its index
// file) say to each other: requests with ids, each answered once, and notes the engine sends on its own (a log
// line). Plain data only (what the structured clone copies; a socket could carry it as JSON), so the same engine can
// be hosted by a worker thread (engineClient.ts) or by one process every window shares. Pages go as `slimChunks` leaves
// them: the fields an entry is made of, each no longer than its bound, not whole wire messages, a bounded chunk at a
// time; a session's title, folder and parent and every id are cut too (slimMeta, slimId), alike on both sides.
import type { ApiGeneration, SessionAddress } from '../../../../client/serverApi';
import type { ServerEndpoint } from '../../../../client/transport/endpoint';
import type { TranscriptMessage } from '../../../../store/transcript';
import type { AddResult, SessionMeta } from '../contentIndex';
import { ERROR_CAP, INPUT_CAP, OUTPUT_CAP, TEXT_CAP, TITLE_CAP, type Entry } from '../entries';

/** The head of a saved index file (node/indexFile.ts). */
export interface IndexFileHeader {
  version: number;
  /** Sessions last active no later than this were dropped for the cap: not indexed again (unless it grows). */
  droppedBefore?: number;
  /** The cap, in bytes, they were dropped at. */
  droppedAtCap?: number;
}

/** What the host knows of an indexed session without asking: enough to decide what to read next. */
export interface SessionSummary extends SessionMeta {
  /** Entries stored. */
  entries: number;
  /** Text bytes indexed. */
  bytes: number;
  /** Newest message time indexed. */
  latest: number;
  capped: boolean;
}

/** A query as plain data: the filter on sessions is the ids or folders accepted, not a function. */
export interface EngineQuery {
  text: string;
  kinds?: number;
  since?: number;
  /** Only these sessions (absent: any). */
  sessionIds?: string[];
  /** Only sessions in these folders (absent: any). */
  directories?: string[];
  limit?: number;
}

/** A match as plain data: what the search pick shows and opens. */
export interface EngineHit {
  session: SessionMeta;
  entry: Entry;
  snippet: string;
  ranges: Array<[number, number]>;
  time: number;
  score: number;
}

export interface EngineStats {
  sessions: number;
  documents: number;
  bytes: number;
  /** How long the engine's thread has been busy, ms (its event loop's active time). */
  activeMs: number;
  /** The engine thread's own CPU time, ms, where Node can tell (process.threadCpuUsage, Node ≥ 23.9). */
  cpuMs?: number;
}

export interface OpenResult {
  /** 'loaded': the saved index answers; 'stale': it could not be read (built again); 'none': there was none. */
  saved: 'loaded' | 'stale' | 'none';
  header?: IndexFileHeader;
  sessions: SessionSummary[];
}

export interface PageResult extends AddResult {
  /** The session as it is after the page (absent: it was dropped meanwhile). */
  session?: SessionSummary;
  /** Messages of the page the session holds as done (read before, or done now). */
  done: string[];
  /** Messages of the page it held as done before this page. */
  doneBefore: string[];
}

/** The server whose pages the engine reads itself (serverPages.ts): its password is in this message only. */
export interface EngineServer {
  endpoint: ServerEndpoint;
  generation: ApiGeneration;
  version?: string;
}

/** What reading a session's next page answered: its messages' ids (oldest first), the read's end, or why it failed. */
export type ReadPageResult = { end: true } | { end: false; ids: string[] } | { failed: string; noRoute: boolean };

/** Where a chunk of a page sent in chunks stands. */
export interface PageChunk {
  /** 0 for a page's first chunk: what was held of an earlier page left unfinished is dropped. */
  index: number;
  /** The page's last chunk: the page is indexed now. */
  last: boolean;
  /** Its first message is the rest of the previous chunk's last one (a message of many parts is split). */
  continues: boolean;
}

/** Each request's arguments and what it answers. */
export interface EngineCalls {
  /** Opens the index kept in `folder` (the caller holds the folder's claim), or one in memory. */
  open: { args: { folder?: string }; result: OpenResult };
  /**
   * Indexes a page, or a chunk of one (`chunk`): chunks are held until the page's last, which is indexed as the whole
   * page and answers for it (the others answer nothing). A page goes in chunks so no one copy holds either thread.
   */
  addPage: {
    args: { meta: SessionMeta; messages: TranscriptMessage[]; sessionCap?: number; chunk?: PageChunk };
    result: PageResult | undefined;
  };
  /** The server the engine reads pages of from now on (a read begun before goes on as it began). */
  server: { args: EngineServer; result: void };
  /**
   * Reads the next page of read `read` (its first ask begins it: that session's pages, newest page first; `newest`:
   * only its newest that many messages), parsed and held in the engine until `addRead`.
   */
  readPage: { args: { read: number; session: SessionAddress; newest?: number }; result: ReadPageResult };
  /** Indexes the page the read holds, as addPage: newest message first, or (`newest`) only its newest that many. */
  addRead: { args: { read: number; meta: SessionMeta; sessionCap?: number; newest?: number }; result: PageResult };
  /** Ends a read: its request is aborted and its page let go. */
  endRead: { args: { read: number }; result: void };
  /** Updates a session's meta; `updated` and `capped` are set when given. A session not held is left so (none). */
  touch: { args: { meta: SessionMeta; updated?: number; capped?: boolean }; result: SessionSummary | undefined };
  /** As touch, creating the session when it is not held: a read's end (a session with nothing to index is known). */
  record: { args: { meta: SessionMeta; updated?: number; capped?: boolean }; result: SessionSummary };
  /** Marks messages done (left out for good: a full session's newer messages), so they are not read again. */
  markDone: { args: { sessionId: string; messageIds: string[] }; result: void };
  drop: { args: { sessionId: string }; result: void };
  /** Which of these messages the session holds as done (read, and changing no more). */
  doneOf: { args: { sessionId: string; messageIds: string[] }; result: string[] };
  /** Drops the least recently active past `maxBytes` (`lastActivity` by id; a session absent uses its latest). */
  enforceCap: { args: { maxBytes: number; lastActivity: Record<string, number> }; result: { newestDropped?: number; dropped: string[] } };
  search: { args: { query: EngineQuery }; result: EngineHit[] };
  /** Rebuilds FlexSearch without dropped documents when they outnumber the live ones; true when it did. */
  compact: { args: Record<string, never>; result: boolean };
  flush: { args: Record<string, never>; result: void };
  save: { args: { header: IndexFileHeader }; result: number };
  stats: { args: Record<string, never>; result: EngineStats };
  /** Serves the opened folder's index to the user's other windows (indexServer.ts); its address, none in memory. */
  serve: { args: Record<string, never>; result: string | undefined };
  /** Stops serving: every other window's connection closes (one of them takes the folder over once let go). */
  unserve: { args: Record<string, never>; result: void };
}

export type EngineOp = keyof EngineCalls;

export type EngineRequest = { [K in EngineOp]: { id: number; op: K; args: EngineCalls[K]['args'] } }[EngineOp];

export type EngineResponse = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** Said by the engine on its own. */
export type EngineNote = { note: 'log'; message: string };

export type EngineOutbound = EngineResponse | EngineNote;

/** What is sent of a session's or a part's id, folder and tool name at most: cut, not refused (the engine cuts alike). */
export const ID_CAP = 256;
export const DIRECTORY_CAP = 4096;
export const TOOL_CAP = 256;

/** A session's meta as the engine keeps it: its title, folder and parent cut to their bounds (not its id). */
export function slimMeta(meta: SessionMeta): SessionMeta {
  const slim: SessionMeta = {
    id: meta.id,
    title: cut(meta.title, TITLE_CAP),
    directory: cut(meta.directory, DIRECTORY_CAP),
    updated: meta.updated,
  };
  if (meta.parentID !== undefined) slim.parentID = cut(meta.parentID, ID_CAP);
  return slim;
}

/** A message's or part's id as the engine keeps it. */
export const slimId = (id: string): string => cut(id, ID_CAP);

/** Parts and text (characters) a chunk of a page holds at most: one copy across threads stays short. */
export const CHUNK_PARTS = 5_000;
export const CHUNK_CHARS = 1_000_000;

/** A chunk of a page, slimmed: its messages (the first may continue the chunk before's last), and where it ends. */
export interface SlimChunk {
  messages: TranscriptMessage[];
  continues: boolean;
}

/**
 * Slims a page a chunk at a time: each chunk at most CHUNK_PARTS parts or about CHUNK_CHARS characters (a part's
 * fields are bounded, so a chunk is too), splitting a message of many parts across chunks. Linear in the page; the
 * caller yields between chunks.
 */
export function* slimChunks(messages: readonly TranscriptMessage[]): Generator<SlimChunk> {
  let chunk: TranscriptMessage[] = [];
  let continues = false;
  let parts = 0;
  let chars = 0;
  for (const m of messages) {
    let current = slimMessage(m);
    chunk.push(current);
    parts += 1;
    for (let i = 0; i < m.parts.length; i++) {
      if (parts >= CHUNK_PARTS || chars >= CHUNK_CHARS) {
        yield { messages: chunk, continues };
        continues = true;
        current = { ...current, parts: [] };
        chunk = [current];
        parts = 0;
        chars = 0;
      }
      const slim = slimPart(m.parts[i]);
      parts += 1;
      if (!slim) continue;
      current.parts.push(slim);
      chars += charsOf(slim);
    }
    if (parts >= CHUNK_PARTS || chars >= CHUNK_CHARS) {
      yield { messages: chunk, continues };
      continues = false;
      chunk = [];
      parts = 0;
      chars = 0;
    }
  }
  yield { messages: chunk, continues };
}

function slimMessage(m: TranscriptMessage): TranscriptMessage {
  return { id: slimId(m.id), sessionID: m.sessionID, role: m.role, created: m.created, completed: m.completed, parts: [] };
}

function charsOf(p: TranscriptMessage['parts'][number]): number {
  let chars = 64 + p.id.length;
  if (p.kind === 'text' || p.kind === 'reasoning') chars += p.text.length;
  else if (p.kind === 'tool')
    chars += p.tool.length + (p.title?.length ?? 0) + p.input.length + (p.output?.length ?? 0) + (p.error?.length ?? 0);
  return chars;
}

/**
 * The page as the engine needs it: each message's fields and its parts' fields an entry is made of (entries.ts),
 * each cut to the bound the entry cuts it to, so what is copied across is about the entries' text, not the server's
 * whole messages (tool outputs of megabytes, tokens, costs, patches). Parts that never make an entry are left out.
 */
export function slimPage(messages: readonly TranscriptMessage[]): TranscriptMessage[] {
  return messages.map((m) => {
    const slim = slimMessage(m);
    for (const p of m.parts) {
      const part = slimPart(p);
      if (part) slim.parts.push(part);
    }
    return slim;
  });
}

function slimPart(p: TranscriptMessage['parts'][number]): TranscriptMessage['parts'][number] | undefined {
  switch (p.kind) {
    case 'text':
      return { kind: 'text', id: slimId(p.id), text: cut(p.text, TEXT_CAP), synthetic: p.synthetic };
    case 'reasoning':
      return { kind: 'reasoning', id: slimId(p.id), text: cut(p.text, TEXT_CAP) };
    case 'tool':
      return {
        kind: 'tool',
        id: slimId(p.id),
        tool: cut(p.tool, TOOL_CAP),
        status: p.status,
        title: p.title === undefined ? undefined : cut(p.title, TITLE_CAP),
        input: cut(p.input, INPUT_CAP),
        output: p.output === undefined ? undefined : cut(p.output, OUTPUT_CAP),
        error: p.error === undefined ? undefined : cut(p.error, ERROR_CAP),
      };
    default:
      return undefined;
  }
}

const cut = (text: string, max: number) => (text.length <= max ? text : text.slice(0, max));
