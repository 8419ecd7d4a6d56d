import type { SessionInfo, SessionStatus } from './events';
import type { PendingRequest } from './pendingRequest';
import { usageOf, type Usage } from './usage';

/** Servers before 1.15 send no session `tokens`/`cost`: then a session's totals are its messages' sum. */
export function hasServerTotals(info: { tokens?: unknown; cost?: unknown }): boolean {
  return info.tokens !== undefined || info.cost !== undefined;
}

/** What the store keeps of an assistant message: enough for fallback totals, model and context %. */
export interface AssistantUsage {
  id: string;
  usage: Usage;
  modelID?: string;
  providerID?: string;
  created: number;
  /** When its step ended (absent while it runs, and where the server sent no end). */
  completed?: number;
  agent?: string;
  /** The error its step ended with, by name. */
  error?: string;
  summary: boolean;
}

/**
 * Something that happened to a session while this store watched it, stamped by the store's clock (the wire gives
 * these no time): a permission or a question waiting (from asked to closed), a retry (until the status moved on),
 * an error. The timeline marks them; only the newest MAX_MARKS are kept.
 */
export interface SessionMark {
  kind: 'permission' | 'form' | 'retry' | 'error';
  start: number;
  /** Absent while it lasts (errors are an instant: end = start). */
  end?: number;
  /** The request's id, the error's name. */
  ref?: string;
  /** What it waited for, in words (`bash: npm test`, a question's header): the Timeline's hover says it. */
  detail?: string;
  /** A permission's tool call (its `callID`): the transcript takes the wait out of the call's run time. */
  callID?: string;
  /** The message holding that call, where the server names it. */
  messageID?: string;
  /**
   * Its end is when this window found it over (gone from a listing at a reconnect, the session idle), not when it
   * was answered: that moment was missed, so no run time is told without it.
   */
  endMissed?: true;
}

/** A tool call as a transcript names it: its id is the server's, repeated across steps, its message's is not. */
export interface ToolCallRef {
  messageID: string;
  callID: string;
}

export const MAX_MARKS = 500;

export interface SessionRecord {
  info: SessionInfo;
  /** The session's own totals: the server's `tokens`/`cost` (or, for servers before 1.15, the message sum). */
  own: Usage;
  status: SessionStatus;
  /** Permission requests and questions waiting for an answer, by id. */
  requests: Map<string, PendingRequest>;
  /** Running tool parts by part id → tool name. */
  runningTools: Map<string, string>;
  lastError?: { name: string; message: string };
  compactions: number;
  /** Runs this store saw end (working or retrying, then idle): 1.x records no end, so this is how one is known. */
  runsEnded: number;
  /** Newest activity we know of (ms): the session's update time or a newer message; never older than info.time.updated. */
  lastActivity: number;
  messages: Map<string, AssistantUsage>;
  /** Finished steps (`step-finish` parts) by message id, then part id, in the order they arrived. */
  steps: Map<string, Map<string, Usage>>;
  /** User messages by id: when each was created, and whether it asked for a compaction. */
  userMessages: Map<string, { created: number; compaction: boolean; changedFiles?: number }>;
  /** Tool calls by assistant message id, then part id → the tool's name (read from the parts, for the timeline). */
  toolCalls?: Map<string, Map<string, string>>;
  /** What this store saw happen to the session, oldest first (see SessionMark). */
  marks?: SessionMark[];
  /** The usage of the messages it holds that are copies a fork was made with (copiedHistory.ts); absent: none seen. */
  copied?: Usage;
  /** The sum of the messages it spent itself, kept as they come (copiedHistory.ts); absent: summed afresh when asked. */
  spent?: SpentSum;
}

/** The spent messages' usage summed in the map's order, and that sum before its last message (updated while it streams). */
export interface SpentSum {
  total: Usage;
  beforeLast: Usage;
  lastId?: string;
}

const IDLE: SessionStatus = { type: 'idle' };

/**
 * A session as first seen: idle, nothing waiting, no messages read yet. Its maps are made on first use:
 * most of a large server's sessions never get a message or a request read, and five empty maps for each
 * of 10 000 sessions would be most of what connecting allocates.
 */
class LazyRecord implements SessionRecord {
  own: Usage;
  status: SessionStatus = IDLE;
  lastError?: { name: string; message: string };
  compactions = 0;
  runsEnded = 0;
  lastActivity: number;
  toolCalls?: Map<string, Map<string, string>>;
  marks?: SessionMark[];
  copied?: Usage;
  spent?: SpentSum;
  requestMap?: Map<string, PendingRequest>;
  toolMap?: Map<string, string>;
  private messageMap?: Map<string, AssistantUsage>;
  private stepMap?: Map<string, Map<string, Usage>>;
  private userMap?: Map<string, { created: number; compaction: boolean; changedFiles?: number }>;

  constructor(public info: SessionInfo) {
    this.own = usageOf(info.tokens, info.cost);
    this.lastActivity = info.time.updated;
  }

  get requests(): Map<string, PendingRequest> {
    return (this.requestMap ??= new Map());
  }
  set requests(value: Map<string, PendingRequest>) {
    this.requestMap = value;
  }
  get runningTools(): Map<string, string> {
    return (this.toolMap ??= new Map());
  }
  set runningTools(value: Map<string, string>) {
    this.toolMap = value;
  }
  get messageCount(): number {
    return this.messageMap?.size ?? 0;
  }
  get messages(): Map<string, AssistantUsage> {
    return (this.messageMap ??= new Map());
  }
  set messages(value: Map<string, AssistantUsage>) {
    this.messageMap = value;
  }
  get steps(): Map<string, Map<string, Usage>> {
    return (this.stepMap ??= new Map());
  }
  set steps(value: Map<string, Map<string, Usage>>) {
    this.stepMap = value;
  }
  get userMessages(): Map<string, { created: number; compaction: boolean; changedFiles?: number }> {
    return (this.userMap ??= new Map());
  }
  set userMessages(value: Map<string, { created: number; compaction: boolean; changedFiles?: number }>) {
    this.userMap = value;
  }
}

export function newRecord(info: SessionInfo): SessionRecord {
  return new LazyRecord(info);
}

/** How many requests wait in a session, and how many tools run: read without making the maps. */
export function requestCount(record: SessionRecord): number {
  return record instanceof LazyRecord ? (record.requestMap?.size ?? 0) : record.requests.size;
}
/** How many messages it holds, read without making the map. */
export function messageCount(record: SessionRecord): number {
  return record instanceof LazyRecord ? record.messageCount : record.messages.size;
}
export function runningToolCount(record: SessionRecord): number {
  return record instanceof LazyRecord ? (record.toolMap?.size ?? 0) : record.runningTools.size;
}

/** True when the session may have changed files: worth reading its turns (which costs a read of its messages). */
export function mayHaveChanges(record: SessionRecord): boolean {
  if (record.info.revert || (record.info.summary?.files ?? 0) > 0) return true;
  for (const user of record.userMessages.values()) if ((user.changedFiles ?? 0) > 0) return true;
  return false;
}

/** The state a tree row shows: precedence follows what most needs the user's attention. */
export type SessionState = 'waiting' | 'error' | 'retry' | 'busy' | 'idle';

export function sessionState(record: SessionRecord): SessionState {
  if (record.requests.size > 0) return 'waiting';
  if (record.status.type === 'retry') return 'retry';
  if (record.status.type === 'busy') return 'busy';
  if (record.lastError) return 'error';
  return 'idle';
}
