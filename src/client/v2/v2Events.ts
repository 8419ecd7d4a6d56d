// Turns one item of OpenCode's V2 stream (`GET /api/event`: `{id, type, data, durable?, location?}`) into the
// store's events, so totals, badges and the usage panel read the same as on V1. Recorded on 1.18.33, whose
// next engine names its events `session.next.*`; OpenCode's later schema drops the `next.`
// (packages/schema/src/session-event.ts@0313097), so both spellings are read as one. Unknown types are
// ignored; a type read here whose data is unusable is reported to `malformed` under its type.
import type { AssistantInfo, MalformedListener, SessionStatus, StoreEvent } from '../../store/events';
import { isObject, nonEmptyString } from '../../store/parse';
import { usageOf } from '../../store/usage';
import { parseQuestionRequest } from '../wire/requests';
import { finite, parseSessionStatus } from '../wire/sessionInfo';
import { serverTokens } from '../wire/tokens';
import { v2PermissionRequest } from './v2Requests';
import { v2SessionInfo } from './v2Session';
import { v2Error } from './v2Values';

/** What a step's start tells that its end does not: who ran it, on which model, since when. */
interface StepLabels {
  created?: number;
  agent?: string;
  modelID?: string;
  providerID?: string;
}

/** Open steps and tool calls kept for labels; a stream that never ends them must not grow without bound. */
const MAX_OPEN = 500;
const BUSY: SessionStatus = { type: 'busy' };
const IDLE: SessionStatus = { type: 'idle' };
const MALFORMED = Symbol('malformed');
type Read = StoreEvent[] | typeof MALFORMED;

/**
 * Reads a V2 stream (or a session's history) in order. It remembers each open step's model and agent (only
 * `step.started` carries them) and each tool call's name (1.18.33 sends it on `tool.called`, OpenCode's later
 * schema only on `tool.input.started`), so `message.assistant` and `tool.running` carry them too.
 */
export class V2EventReader {
  private readonly steps = new Map<string, StepLabels>();
  private readonly tools = new Map<string, string>();

  constructor(private readonly malformed?: MalformedListener) {}

  read(raw: unknown): StoreEvent[] {
    if (!isObject(raw) || typeof raw.type !== 'string') {
      this.malformed?.('unreadable');
      return [];
    }
    const events = this.known(sameName(raw.type), isObject(raw.data) ? raw.data : {}, raw);
    if (events !== MALFORMED) return events;
    this.malformed?.(raw.type);
    return [];
  }

  private known(type: string, data: Record<string, unknown>, raw: Record<string, unknown>): Read {
    // Durable session events name their session as the aggregate too (Event.sessionIDOf in OpenCode's schema).
    const sessionID = nonEmptyString(data.sessionID) ?? (isObject(raw.durable) ? nonEmptyString(raw.durable.aggregateID) : undefined);
    const at = finite(data.timestamp) ?? finite(raw.created);
    const status = (s: SessionStatus): Read => (sessionID ? [{ type: 'session.status', sessionID, status: s }] : MALFORMED);
    switch (type) {
      case 'server.connected':
        return [{ type }];
      case 'session.created':
      case 'session.updated': {
        const info = v2SessionInfo(isObject(data.info) ? data.info : data);
        return info ? [{ type: 'session.upsert', info }] : MALFORMED;
      }
      case 'session.deleted': {
        const id = nonEmptyString(data.sessionID) ?? (isObject(data.info) ? nonEmptyString(data.info.id) : undefined) ?? sessionID;
        return id ? [{ type, sessionID: id }] : MALFORMED;
      }
      case 'session.status': {
        // OpenCode's later SessionStatus adds `waiting` (on a permission or question): still mid-turn.
        const waiting = isObject(data.status) && (data.status.type === 'running' || data.status.type === 'waiting');
        const s = waiting ? BUSY : parseSessionStatus(data.status);
        return s ? status(s) : MALFORMED;
      }
      case 'session.retried':
      case 'session.retry.scheduled': {
        const attempt = finite(data.attempt);
        const error = isObject(data.error) ? data.error : {};
        return attempt === undefined
          ? MALFORMED
          : status({ type: 'retry', attempt, message: nonEmptyString(error.message) ?? '', next: finite(data.at) ?? 0 });
      }
      case 'session.idle':
      case 'session.execution.succeeded':
      case 'session.execution.interrupted':
        return status(IDLE);
      case 'session.execution.failed':
        return sessionID
          ? [
              { type: 'session.error', sessionID, ...v2Error(data.error) },
              { type: 'session.status', sessionID, status: IDLE },
            ]
          : MALFORMED;
      case 'session.error':
        // The V1 event, as on V1: the status that follows it says whether the session stopped.
        return sessionID ? [{ type, sessionID, ...v2Error(data.error) }] : MALFORMED;
      case 'session.prompt.admitted':
      case 'session.input.admitted':
      case 'session.execution.started':
        return status(BUSY);
      case 'session.prompted':
      case 'session.input.promoted':
        return this.prompted(sessionID, nonEmptyString(data.messageID) ?? nonEmptyString(data.inputID), at);
      case 'session.step.started':
        return this.stepStarted(sessionID, data, at);
      case 'session.step.ended':
      case 'session.step.failed':
        return this.stepEnded(type, sessionID, data, raw, at);
      case 'session.tool.input.started':
      case 'session.tool.called':
      case 'session.tool.success':
      case 'session.tool.failed':
        return this.tool(type, sessionID, data);
      case 'session.compacted':
      case 'session.compaction.ended':
        return sessionID ? [{ type: 'session.compacted', sessionID }] : MALFORMED;
      // A failed compaction (session-event.ts@0313097) is the session's error, as V1 reports one: Compact Session ends on it.
      case 'session.compaction.failed': {
        const error = v2Error(data.error);
        return sessionID ? [{ type: 'session.error', sessionID, name: error.name, message: error.message }] : MALFORMED;
      }
      case 'permission.v2.asked':
      case 'permission.asked': {
        const request = v2PermissionRequest(data);
        return request ? [{ type: 'request.asked', request }] : MALFORMED;
      }
      case 'question.v2.asked':
      case 'question.asked': {
        const request = parseQuestionRequest(data);
        return request ? [{ type: 'request.asked', request }] : MALFORMED;
      }
      case 'permission.v2.replied':
      case 'permission.replied':
      case 'question.v2.replied':
      case 'question.v2.rejected':
      case 'question.replied':
      case 'question.rejected': {
        const id = nonEmptyString(data.requestID) ?? nonEmptyString(data.permissionID) ?? nonEmptyString(data.id);
        return sessionID && id ? [{ type: 'request.closed', sessionID, id }] : MALFORMED;
      }
      default:
        return [];
    }
  }

  /** A prompt entered the session's history: it is busy, and the user message's time places compactions. */
  private prompted(sessionID: string | undefined, messageID: string | undefined, at: number | undefined): Read {
    if (!sessionID) return MALFORMED;
    const busy: StoreEvent = { type: 'session.status', sessionID, status: BUSY };
    return messageID && at !== undefined ? [busy, { type: 'message.user', sessionID, messageID, created: at }] : [busy];
  }

  private stepStarted(sessionID: string | undefined, data: Record<string, unknown>, at: number | undefined): Read {
    const messageID = nonEmptyString(data.assistantMessageID);
    if (!sessionID || !messageID) return MALFORMED;
    const model = isObject(data.model) ? data.model : {};
    const labels: StepLabels = {
      created: at,
      agent: nonEmptyString(data.agent),
      modelID: nonEmptyString(model.id),
      providerID: nonEmptyString(model.providerID),
    };
    remember(this.steps, messageID, labels);
    // The message is known from its start, so the usage panel can name the model of a step still running.
    return [
      { type: 'session.status', sessionID, status: BUSY },
      { type: 'message.assistant', info: assistant(messageID, sessionID, labels, undefined, undefined) },
    ];
  }

  private stepEnded(
    type: string,
    sessionID: string | undefined,
    data: Record<string, unknown>,
    raw: Record<string, unknown>,
    at: number | undefined,
  ): Read {
    const messageID = nonEmptyString(data.assistantMessageID);
    const failed = type === 'session.step.failed';
    // An ended step always bills tokens (zero or not); a failed one only in OpenCode's later schema.
    if (!sessionID || !messageID || (!failed && !isObject(data.tokens))) return MALFORMED;
    const labels = this.steps.get(messageID) ?? {};
    this.steps.delete(messageID);
    const events: StoreEvent[] = [];
    if (isObject(data.tokens)) {
      const tokens = serverTokens(data.tokens);
      events.push({ type: 'message.assistant', info: assistant(messageID, sessionID, labels, at, { tokens, cost: data.cost }) });
      // The event id is the same live and in `/history`, so a replayed step replaces itself instead of adding.
      const partID = nonEmptyString(raw.id) ?? `${messageID}:step`;
      events.push({
        type: 'step.finished',
        sessionID,
        messageID,
        partID,
        usage: usageOf(tokens, typeof data.cost === 'number' ? data.cost : undefined),
      });
    }
    if (failed) events.push({ type: 'session.error', sessionID, ...v2Error(data.error) });
    // `tool-calls` means the engine runs another step for this prompt; anything else ends the turn.
    const more = !failed && (data.finish === 'tool-calls' || data.finish === 'tool_calls');
    if (!more) events.push({ type: 'session.status', sessionID, status: IDLE });
    return events;
  }

  private tool(type: string, sessionID: string | undefined, data: Record<string, unknown>): Read {
    const messageID = nonEmptyString(data.assistantMessageID);
    const callID = nonEmptyString(data.callID);
    if (!sessionID || !messageID || !callID) return MALFORMED;
    // Call ids come from the provider and repeat across steps; with the message they name one call.
    const partID = `${messageID}:${callID}`;
    const named = nonEmptyString(data.tool) ?? nonEmptyString(data.name);
    if (type === 'session.tool.input.started') {
      if (named) remember(this.tools, partID, named);
      return [];
    }
    const tool = named ?? this.tools.get(partID) ?? 'tool';
    const running = type === 'session.tool.called';
    if (running) remember(this.tools, partID, tool);
    else this.tools.delete(partID);
    return [{ type: 'tool.running', sessionID, partID, tool, running }];
  }
}

/** One item, read alone: without the stream's earlier steps, `message.assistant` carries no model or agent. */
export function parseV2Event(raw: unknown, malformed?: MalformedListener): StoreEvent[] {
  return new V2EventReader(malformed).read(raw);
}

/** `session.next.step.ended` (1.18.33) and `session.step.ended` (later OpenCode) are the same event. */
function sameName(type: string): string {
  return type.startsWith('session.next.') ? `session.${type.slice('session.next.'.length)}` : type;
}

function assistant(
  id: string,
  sessionID: string,
  labels: StepLabels,
  completed: number | undefined,
  usage: { tokens: AssistantInfo['tokens']; cost: unknown } | undefined,
): AssistantInfo {
  const info: AssistantInfo = {
    id,
    sessionID,
    role: 'assistant',
    cost: typeof usage?.cost === 'number' ? usage.cost : 0,
    tokens: usage?.tokens ?? { input: 0, output: 0, reasoning: 0, cache: { read: 0, write: 0 } },
  };
  if (labels.modelID) info.modelID = labels.modelID;
  if (labels.providerID) info.providerID = labels.providerID;
  if (labels.agent) info.agent = labels.agent;
  const created = labels.created ?? completed;
  if (created !== undefined || completed !== undefined) info.time = { created, completed };
  return info;
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_OPEN) map.delete(map.keys().next().value as string);
}
