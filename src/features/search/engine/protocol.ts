// What the extension host and the search engine (engineWorker.ts: a server's ContentIndex, its texts and its index
// file) say to each other: requests with ids, each answered once, and notes the engine sends on its own (a log
// line). Plain data only (what the structured clone copies; a socket could carry it as JSON), so the same engine can
// be hosted by a worker thread (engineClient.ts) or by one process every window shares. Pages go as `slimPage` leaves
// them: the fields an entry is made of, each no longer than its bound, not whole wire messages.
import type { TranscriptMessage } from '../../../store/transcript';
import type { AddResult, SessionMeta } from '../contentIndex';
import { ERROR_CAP, INPUT_CAP, OUTPUT_CAP, TEXT_CAP, TITLE_CAP, type Entry } from '../entries';
import type { IndexFileHeader } from '../indexFile';

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

/** Each request's arguments and what it answers. */
export interface EngineCalls {
  /** Opens the index kept in `folder` (the caller holds the folder's claim), or one in memory. */
  open: { args: { folder?: string }; result: OpenResult };
  addPage: { args: { meta: SessionMeta; messages: TranscriptMessage[]; sessionCap?: number }; result: PageResult };
  /** Creates or updates a session's meta; `updated` and `capped` are set when given (a read's end). */
  touch: { args: { meta: SessionMeta; updated?: number; capped?: boolean }; result: SessionSummary };
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
}

export type EngineOp = keyof EngineCalls;

export type EngineRequest = { [K in EngineOp]: { id: number; op: K; args: EngineCalls[K]['args'] } }[EngineOp];

export type EngineResponse = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** Said by the engine on its own. */
export type EngineNote = { note: 'log'; message: string };

export type EngineOutbound = EngineResponse | EngineNote;

/**
 * The page as the engine needs it: each message's fields and its parts' fields an entry is made of (entries.ts),
 * each cut to the bound the entry cuts it to, so what is copied across is about the entries' text, not the server's
 * whole messages (tool outputs of megabytes, tokens, costs, patches). Parts that never make an entry are left out.
 */
export function slimPage(messages: readonly TranscriptMessage[]): TranscriptMessage[] {
  return messages.map((m) => ({
    id: m.id,
    sessionID: m.sessionID,
    role: m.role,
    created: m.created,
    completed: m.completed,
    parts: m.parts.flatMap((p): TranscriptMessage['parts'] => {
      switch (p.kind) {
        case 'text':
          return [{ kind: 'text', id: p.id, text: cut(p.text, TEXT_CAP), synthetic: p.synthetic }];
        case 'reasoning':
          return [{ kind: 'reasoning', id: p.id, text: cut(p.text, TEXT_CAP) }];
        case 'tool':
          return [
            {
              kind: 'tool',
              id: p.id,
              tool: p.tool,
              status: p.status,
              title: p.title === undefined ? undefined : cut(p.title, TITLE_CAP),
              input: cut(p.input, INPUT_CAP),
              output: p.output === undefined ? undefined : cut(p.output, OUTPUT_CAP),
              error: p.error === undefined ? undefined : cut(p.error, ERROR_CAP),
            },
          ];
        default:
          return [];
      }
    }),
  }));
}

const cut = (text: string, max: number) => (text.length <= max ? text : text.slice(0, max));
