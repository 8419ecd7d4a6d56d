// Turns one item of OpenCode 1.x's `/global/event` stream (or `/event`) into a typed event the store
// understands, or undefined for everything it ignores: `sync` duplicates, heartbeats, unknown types,
// and malformed items (which must never break the stream for the well-formed ones).
import { amount, isObject, nonEmptyString } from '../../base/parse';
import type { AssistantInfo, MalformedListener, StoreEvent } from '../../store/events';
import { usageOf } from '../../store/usage';
import { parsePermissionRequest, parseQuestionRequest } from '../wire/requests';
import { copyStrings, finite, parseSessionStatus, sessionInfo } from '../wire/sessionInfo';
import { serverTokens } from '../wire/tokens';

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
      if (!sessionID) return MALFORMED;
      // The user's interrupt ends the turn with MessageAbortedError: stopped, not failed (as 2.x's `aborted`).
      return isObject(props.error) && props.error.name === 'MessageAbortedError' ? undefined : { type, sessionID, ...errorOf(props.error) };
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
    tokens: serverTokens(value.tokens),
  };
  copyStrings(value, info, ['modelID', 'providerID', 'agent', 'mode']);
  if (value.summary === true) info.summary = true;
  const error = isObject(value.error) ? nonEmptyString(value.error.name) : undefined;
  if (error) info.error = error.slice(0, 100);
  if (isObject(value.time)) info.time = { created: finite(value.time.created), completed: finite(value.time.completed) };
  return info;
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
      usage: usageOf(serverTokens(part.tokens), amount(part.cost)),
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
  const messageID = nonEmptyString(part.messageID);
  const running = status === 'running' || status === 'pending';
  return messageID
    ? { type: 'tool.running', sessionID, partID, tool, running, messageID }
    : { type: 'tool.running', sessionID, partID, tool, running };
}
