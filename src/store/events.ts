// Turns one item of OpenCode's `/global/event` stream (or `/event`) into a typed event the store
// understands, or undefined for everything it ignores: `sync` duplicates, heartbeats, unknown types,
// and malformed items (which must never break the stream for the well-formed ones).
import { isObject, nonEmptyString } from './parse';
import type { ServerTokens } from './usage';

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
  | { type: 'tool.running'; sessionID: string; partID: string; tool: string; running: boolean }
  | { type: 'permission.asked'; sessionID: string; id: string; permission: string }
  | { type: 'permission.replied'; sessionID: string; id: string };

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
      const status = sessionStatus(props.status);
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
      return info ? { type: 'message.assistant', info } : undefined;
    }
    case 'message.removed': {
      const messageID = nonEmptyString(props.messageID);
      return sessionID && messageID ? { type, sessionID, messageID } : undefined;
    }
    case 'message.part.updated':
      return toolPart(props.part);
    case 'permission.asked': {
      const id = nonEmptyString(props.id);
      return sessionID && id ? { type, sessionID, id, permission: nonEmptyString(props.permission) ?? 'permission' } : undefined;
    }
    case 'permission.replied': {
      const id = nonEmptyString(props.requestID) ?? nonEmptyString(props.permissionID) ?? nonEmptyString(props.id);
      return sessionID && id ? { type, sessionID, id } : undefined;
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

function sessionStatus(value: unknown): SessionStatus | undefined {
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

function toolPart(part: unknown): StoreEvent | undefined {
  if (!isObject(part) || part.type !== 'tool' || !isObject(part.state)) return undefined;
  const sessionID = nonEmptyString(part.sessionID);
  const partID = nonEmptyString(part.id);
  const tool = nonEmptyString(part.tool);
  if (!sessionID || !partID || !tool) return undefined;
  const status = part.state.status;
  return { type: 'tool.running', sessionID, partID, tool, running: status === 'running' || status === 'pending' };
}
