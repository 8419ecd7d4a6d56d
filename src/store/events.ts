// Turns one item of OpenCode's `/global/event` stream (or `/event`) into a typed event the store
// understands, or undefined for everything it ignores: `sync` duplicates, heartbeats, unknown types,
// and malformed items (which must never break the stream for the well-formed ones).
import { isObject, nonEmptyString } from './parse';
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

export type SessionStatus =
  | { type: 'idle' }
  | { type: 'busy' }
  | { type: 'retry'; attempt: number; message: string; next: number };

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

/** One `data:` item of `/global/event` (`{directory, payload}`) or of `/event` (the payload itself). */
export function parseEvent(raw: unknown): StoreEvent | undefined {
  if (!isObject(raw)) return undefined;
  const payload = isObject(raw.payload) ? raw.payload : raw;
  const type = payload.type;
  const props = isObject(payload.properties) ? payload.properties : undefined;
  if (typeof type !== 'string' || !props) return undefined;
  const sessionID = nonEmptyString(props.sessionID);
  switch (type) {
    case 'server.connected':
      return { type };
    case 'session.created':
    case 'session.updated': {
      const info = sessionInfo(props.info);
      return info ? { type: 'session.upsert', info } : undefined;
    }
    case 'session.deleted': {
      const id = sessionID ?? (isObject(props.info) ? nonEmptyString(props.info.id) : undefined);
      return id ? { type: 'session.deleted', sessionID: id } : undefined;
    }
    case 'session.status': {
      const status = parseSessionStatus(props.status);
      return sessionID && status ? { type, sessionID, status } : undefined;
    }
    case 'session.idle':
      return sessionID ? { type: 'session.status', sessionID, status: { type: 'idle' } } : undefined;
    case 'session.error':
      return sessionID ? { type, sessionID, ...errorOf(props.error) } : undefined;
    case 'session.compacted':
      return sessionID ? { type, sessionID } : undefined;
    case 'message.updated': {
      const info = assistantInfo(props.info);
      return info ? { type: 'message.assistant', info } : userMessage(props.info);
    }
    case 'message.removed': {
      const messageID = nonEmptyString(props.messageID);
      return sessionID && messageID ? { type, sessionID, messageID } : undefined;
    }
    case 'message.part.updated':
      return messagePart(props.part);
    case 'permission.asked': {
      const request = parsePermissionRequest(props);
      return request ? { type: 'request.asked', request } : undefined;
    }
    case 'question.asked': {
      const request = parseQuestionRequest(props);
      return request ? { type: 'request.asked', request } : undefined;
    }
    case 'permission.replied':
    case 'question.replied':
    case 'question.rejected': {
      const id = nonEmptyString(props.requestID) ?? nonEmptyString(props.permissionID) ?? nonEmptyString(props.id);
      return sessionID && id ? { type: 'request.closed', sessionID, id } : undefined;
    }
    default:
      return undefined;
  }
}

export function sessionInfo(value: unknown): SessionInfo | undefined {
  if (!isObject(value) || !nonEmptyString(value.id) || !isObject(value.time)) return undefined;
  const time = value.time;
  if (typeof time.created !== 'number' || typeof time.updated !== 'number') return undefined;
  return {
    ...(value as unknown as SessionInfo),
    title: typeof value.title === 'string' ? value.title : '',
    directory: typeof value.directory === 'string' ? value.directory : '',
    parentID: nonEmptyString(value.parentID),
  };
}

function assistantInfo(value: unknown): AssistantInfo | undefined {
  if (!isObject(value) || value.role !== 'assistant' || !nonEmptyString(value.id) || !nonEmptyString(value.sessionID)) return undefined;
  return value as unknown as AssistantInfo;
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
  return { name: nonEmptyString(value.name) ?? 'Error', message: nonEmptyString(data.message) ?? nonEmptyString(value.name) ?? 'Unknown error' };
}

function userMessage(value: unknown): StoreEvent | undefined {
  if (!isObject(value) || value.role !== 'user') return undefined;
  const sessionID = nonEmptyString(value.sessionID);
  const messageID = nonEmptyString(value.id);
  const created = isObject(value.time) && typeof value.time.created === 'number' && Number.isFinite(value.time.created) ? value.time.created : undefined;
  // OpenCode adds the files a turn changed to its user message once the turn is over.
  const diffs = isObject(value.summary) && Array.isArray(value.summary.diffs) ? value.summary.diffs.length : undefined;
  if (!sessionID || !messageID || created === undefined) return undefined;
  return diffs === undefined ? { type: 'message.user', sessionID, messageID, created } : { type: 'message.user', sessionID, messageID, created, changedFiles: diffs };
}

/** The parts the store follows: finished steps, compaction marks and running tools. */
export function messagePart(part: unknown): StoreEvent | undefined {
  if (!isObject(part)) return undefined;
  const sessionID = nonEmptyString(part.sessionID);
  const messageID = nonEmptyString(part.messageID);
  if (part.type === 'step-finish') {
    const partID = nonEmptyString(part.id);
    if (!sessionID || !messageID || !partID) return undefined;
    return { type: 'step.finished', sessionID, messageID, partID, usage: usageOf(isObject(part.tokens) ? part.tokens : undefined, part.cost as number | undefined) };
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
