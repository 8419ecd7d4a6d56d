// Turns one item of OpenCode's `/global/event` stream (or `/event`) into a typed event the store
// understands, or undefined for everything it ignores: `sync` duplicates, heartbeats, unknown types,
// and malformed items (which must never break the stream for the well-formed ones).
import { amount, isObject, nonEmptyString } from './parse';
import { parsePermissionRequest, parseQuestionRequest, type PendingRequest } from './pendingRequest';
import { usageOf, type ServerTokens, type Usage } from './usage';

export interface SessionInfo {
  id: string;
  parentID?: string;
  title: string;
  directory: string;
  projectID?: string;
  slug?: string;
  cost?: number;
  tokens?: ServerTokens;
  summary?: { additions?: number; deletions?: number; files?: number };
  share?: { url?: string };
  agent?: string;
  model?: { id?: string; providerID?: string };
  version?: string;
  time: { created: number; updated: number; compacting?: number; archived?: number };
  /** Set while the session is reverted to before this message (until Undo Revert or its next prompt). */
  revert?: { messageID: string };
}

export interface AssistantInfo {
  id: string;
  sessionID: string;
  role: 'assistant';
  cost?: number;
  tokens?: ServerTokens;
  modelID?: string;
  providerID?: string;
  agent?: string;
  mode?: string;
  summary?: boolean;
  time?: { created?: number; completed?: number };
}

export type SessionStatus = { type: 'idle' } | { type: 'busy' } | { type: 'retry'; attempt: number; message: string; next: number };

export type StoreEvent =
  | { type: 'server.connected' }
  | { type: 'session.upsert'; info: SessionInfo }
  | { type: 'session.deleted'; sessionID: string }
  | { type: 'session.status'; sessionID: string; status: SessionStatus }
  | { type: 'session.error'; sessionID: string; name: string; message: string }
  | { type: 'session.compacted'; sessionID: string }
  | { type: 'message.assistant'; info: AssistantInfo }
  | { type: 'message.removed'; sessionID: string; messageID: string }
  /** A user message: only its time is kept, to place a compaction among the steps. */
  | { type: 'message.user'; sessionID: string; messageID: string; created: number; changedFiles?: number }
  /** One finished model call (a `step-finish` part): the per-step truth. */
  | { type: 'step.finished'; sessionID: string; messageID: string; partID: string; usage: Usage }
  /** A `compaction` part: its user message marks where the session was compacted. */
  | { type: 'compaction.marked'; sessionID: string; messageID: string }
  | { type: 'tool.running'; sessionID: string; partID: string; tool: string; running: boolean }
  /** A permission request or a question now waits for an answer. */
  | { type: 'request.asked'; request: PendingRequest }
  /** Answered or dismissed, here or in any other client. */
  | { type: 'request.closed'; sessionID: string; id: string };

/** Told the kind of each item that was skipped as malformed (not of those skipped as uninteresting). */
export type MalformedListener = (kind: string) => void;

/**
 * One `data:` item of `/global/event` (`{directory, payload}`) or of `/event` (the payload itself). A known
 * event whose fields are wrong is skipped and reported to `malformed` under its type.
 */
export function parseEvent(raw: unknown, malformed?: MalformedListener): StoreEvent | undefined {
  const payload = isObject(raw) ? (isObject(raw.payload) ? raw.payload : raw) : undefined;
  const type = payload?.type;
  if (typeof type !== 'string') {
    malformed?.('unreadable');
    return undefined;
  }
  // Heartbeats, `server.connected` and `sync` (which carries `syncEvent`) may come without properties; read
  // as empty, a type the store ignores stays ignored and a type it reads is malformed.
  const props = isObject(payload?.properties) ? payload.properties : {};
  const event = knownEvent(type, props);
  if (event === MALFORMED) {
    malformed?.(type);
    return undefined;
  }
  return event;
}

/** What a known event type with unusable fields parses to (undefined is kept for types the store ignores). */
const MALFORMED = Symbol('malformed');

function knownEvent(type: string, props: Record<string, unknown>): StoreEvent | typeof MALFORMED | undefined {
  const sessionID = nonEmptyString(props.sessionID);
  switch (type) {
    case 'server.connected':
      return { type };
    case 'session.created':
    case 'session.updated': {
      const info = sessionInfo(props.info);
      return info ? { type: 'session.upsert', info } : MALFORMED;
    }
    case 'session.deleted': {
      const id = sessionID ?? (isObject(props.info) ? nonEmptyString(props.info.id) : undefined);
      return id ? { type: 'session.deleted', sessionID: id } : MALFORMED;
    }
    case 'session.status': {
      const status = parseSessionStatus(props.status);
      return sessionID && status ? { type, sessionID, status } : MALFORMED;
    }
    case 'session.idle':
      return sessionID ? { type: 'session.status', sessionID, status: { type: 'idle' } } : MALFORMED;
    case 'session.error':
      return sessionID ? { type, sessionID, ...errorOf(props.error) } : MALFORMED;
    case 'session.compacted':
      return sessionID ? { type, sessionID } : MALFORMED;
    case 'message.updated': {
      const info = assistantInfo(props.info);
      return info ? { type: 'message.assistant', info } : (userMessage(props.info) ?? MALFORMED);
    }
    case 'message.removed': {
      const messageID = nonEmptyString(props.messageID);
      return sessionID && messageID ? { type, sessionID, messageID } : MALFORMED;
    }
    case 'message.part.updated':
      return messagePart(props.part) ?? (followedPart(props.part) ? MALFORMED : undefined);
    case 'permission.asked': {
      const request = parsePermissionRequest(props);
      return request ? { type: 'request.asked', request } : MALFORMED;
    }
    case 'question.asked': {
      const request = parseQuestionRequest(props);
      return request ? { type: 'request.asked', request } : MALFORMED;
    }
    case 'permission.replied':
    case 'question.replied':
    case 'question.rejected': {
      const id = nonEmptyString(props.requestID) ?? nonEmptyString(props.permissionID) ?? nonEmptyString(props.id);
      return sessionID && id ? { type: 'request.closed', sessionID, id } : MALFORMED;
    }
    default:
      return undefined;
  }
}

/**
 * A session as the server lists or sends it, rebuilt field by field: whatever a field holds that is not what
 * OpenCode sends is left out, so nothing downstream meets a number where it reads a string. Without an id or
 * finite times it is not a session.
 */
export function sessionInfo(value: unknown): SessionInfo | undefined {
  if (!isObject(value) || !isObject(value.time)) return undefined;
  const id = nonEmptyString(value.id);
  const created = finite(value.time.created);
  const updated = finite(value.time.updated);
  if (!id || created === undefined || updated === undefined) return undefined;
  const info: SessionInfo = {
    id,
    title: typeof value.title === 'string' ? value.title : '',
    directory: typeof value.directory === 'string' ? value.directory : '',
    time: { created, updated },
  };
  const parentID = nonEmptyString(value.parentID);
  // A session cannot be its own parent: read as a root rather than as a loop.
  if (parentID && parentID !== id) info.parentID = parentID;
  copyStrings(value, info, ['projectID', 'slug', 'agent', 'version']);
  const compacting = finite(value.time.compacting);
  if (compacting !== undefined) info.time.compacting = compacting;
  const archived = finite(value.time.archived);
  if (archived !== undefined) info.time.archived = archived;
  if ('cost' in value) info.cost = amount(value.cost);
  if (isObject(value.tokens)) info.tokens = tokensOf(value.tokens);
  if (isObject(value.summary)) {
    info.summary = {
      additions: amount(value.summary.additions),
      deletions: amount(value.summary.deletions),
      files: amount(value.summary.files),
    };
  }
  if (isObject(value.share) && typeof value.share.url === 'string') info.share = { url: value.share.url };
  if (isObject(value.model)) {
    const model: NonNullable<SessionInfo['model']> = {};
    copyStrings(value.model, model, ['id', 'providerID']);
    info.model = model;
  }
  const revertTo = isObject(value.revert) ? nonEmptyString(value.revert.messageID) : undefined;
  if (revertTo) info.revert = { messageID: revertTo };
  return info;
}

/** An assistant message's usage and labels, rebuilt field by field like `sessionInfo`. */
function assistantInfo(value: unknown): AssistantInfo | undefined {
  if (!isObject(value) || value.role !== 'assistant') return undefined;
  const id = nonEmptyString(value.id);
  const sessionID = nonEmptyString(value.sessionID);
  if (!id || !sessionID) return undefined;
  const info: AssistantInfo = {
    id,
    sessionID,
    role: 'assistant',
    cost: amount(value.cost),
    tokens: tokensOf(isObject(value.tokens) ? value.tokens : {}),
  };
  copyStrings(value, info, ['modelID', 'providerID', 'agent', 'mode']);
  if (value.summary === true) info.summary = true;
  if (isObject(value.time)) info.time = { created: finite(value.time.created), completed: finite(value.time.completed) };
  return info;
}

function tokensOf(value: Record<string, unknown>): ServerTokens {
  const cache = isObject(value.cache) ? value.cache : {};
  return {
    input: amount(value.input),
    output: amount(value.output),
    reasoning: amount(value.reasoning),
    cache: { read: amount(cache.read), write: amount(cache.write) },
  };
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function copyStrings<K extends string>(from: Record<string, unknown>, to: Partial<Record<K, string>>, keys: K[]): void {
  for (const key of keys) {
    const value = from[key];
    if (typeof value === 'string') to[key] = value;
  }
}

/** A status as the server sends it (`{type: 'busy'}`…), validated; undefined for anything else. */
export function parseSessionStatus(value: unknown): SessionStatus | undefined {
  if (!isObject(value)) return undefined;
  if (value.type === 'idle' || value.type === 'busy') return { type: value.type };
  if (value.type === 'retry') {
    return {
      type: 'retry',
      attempt: typeof value.attempt === 'number' ? value.attempt : 0,
      message: typeof value.message === 'string' ? value.message : '',
      next: typeof value.next === 'number' ? value.next : 0,
    };
  }
  return undefined;
}

function errorOf(value: unknown): { name: string; message: string } {
  if (!isObject(value)) return { name: 'Error', message: 'Unknown error' };
  const data = isObject(value.data) ? value.data : {};
  return {
    name: nonEmptyString(value.name) ?? 'Error',
    message: nonEmptyString(data.message) ?? nonEmptyString(value.name) ?? 'Unknown error',
  };
}

function userMessage(value: unknown): StoreEvent | undefined {
  if (!isObject(value) || value.role !== 'user') return undefined;
  const sessionID = nonEmptyString(value.sessionID);
  const messageID = nonEmptyString(value.id);
  const created =
    isObject(value.time) && typeof value.time.created === 'number' && Number.isFinite(value.time.created) ? value.time.created : undefined;
  // OpenCode adds the files a turn changed to its user message once the turn is over.
  const diffs = isObject(value.summary) && Array.isArray(value.summary.diffs) ? value.summary.diffs.length : undefined;
  if (!sessionID || !messageID || created === undefined) return undefined;
  return diffs === undefined
    ? { type: 'message.user', sessionID, messageID, created }
    : { type: 'message.user', sessionID, messageID, created, changedFiles: diffs };
}

/** A part of a kind the store follows (or not an object at all): when it cannot be read, it was malformed. */
export function followedPart(part: unknown): boolean {
  return !isObject(part) || part.type === 'step-finish' || part.type === 'compaction' || part.type === 'tool';
}

/** The parts the store follows: finished steps, compaction marks and running tools. */
export function messagePart(part: unknown): StoreEvent | undefined {
  if (!isObject(part)) return undefined;
  const sessionID = nonEmptyString(part.sessionID);
  const messageID = nonEmptyString(part.messageID);
  if (part.type === 'step-finish') {
    const partID = nonEmptyString(part.id);
    if (!sessionID || !messageID || !partID) return undefined;
    return {
      type: 'step.finished',
      sessionID,
      messageID,
      partID,
      usage: usageOf(isObject(part.tokens) ? part.tokens : undefined, part.cost as number | undefined),
    };
  }
  if (part.type === 'compaction') return sessionID && messageID ? { type: 'compaction.marked', sessionID, messageID } : undefined;
  return toolPart(part);
}

function toolPart(part: Record<string, unknown>): StoreEvent | undefined {
  if (part.type !== 'tool' || !isObject(part.state)) return undefined;
  const sessionID = nonEmptyString(part.sessionID);
  const partID = nonEmptyString(part.id);
  const tool = nonEmptyString(part.tool);
  if (!sessionID || !partID || !tool) return undefined;
  const status = part.state.status;
  return { type: 'tool.running', sessionID, partID, tool, running: status === 'running' || status === 'pending' };
}
