// Turns one item of OpenCode's V2 stream (`GET /api/event`: `{id, type, data, durable?, location?}`) into the
// store's events, so totals, badges and the usage panel read the same as on V1. Read from OpenCode 2's own schema
// (packages/schema/src/session-event.ts, form.ts and permission.ts at 2.0.26, commit 1066927), tolerant of the
// older 2-line build (recorded) and of 1.18.33's early engine, which names its events `session.next.*` (both
// spellings are read as one). A type read here whose data is unusable is reported to `malformed` under its type;
// a type this extension does not know at all (a newer server's) to `unknown`, by name, and skipped.
// This is the one place that knows what a V2 event means: besides its store events, a live item's reading says which
// sessions to read again (settle) and whether the pending requests are stale (v2/eventStream.ts acts on it, reading
// no item itself). On 2.x one assistant message is one step (v2/steps.ts).
import type { MalformedListener, SessionInfo, SessionStatus, StoreEvent } from '../../store/events';
import { amount, isObject, nonEmptyString } from '../../base/parse';
import { usageOf } from '../../store/usage';
import { parseQuestionRequest } from '../wire/requests';
import { finite, parseSessionStatus } from '../wire/sessionInfo';
import { serverTokens } from '../wire/tokens';
import { parseForm } from './forms';
import { v2PermissionRequest, v2SessionInfo } from './records';
import { assistant, compactionSteps, stepPartID, type StepLabels } from './steps';

/** Open steps and tool calls kept for labels; a stream that never ends them must not grow without bound. */
const MAX_OPEN = 500;
const BUSY: SessionStatus = { type: 'busy' };
const IDLE: SessionStatus = { type: 'idle' };
const MALFORMED = Symbol('malformed');
const UNKNOWN = Symbol('unknown');
type Read = StoreEvent[] | typeof MALFORMED | typeof UNKNOWN;

/**
 * 2.x events that change a session's record without carrying it (packages/schema/src/session-event.ts@1066927):
 * the record is read again. A fork is `session.forked {sessionID: <the new session>, parentID, boundary}` with no
 * `session.created`; the end of a run sets `outcome` and `time.idle`; a view sets `time.viewed`. Matched by the
 * name as sent (before `session.next.` is read as `session.`).
 */
const RECORD_CHANGES = new Set([
  'session.usage.updated',
  'session.renamed',
  'session.moved',
  'session.next.moved',
  'session.forked',
  'session.viewed',
  'session.revert.staged',
  'session.revert.cleared',
  'session.revert.committed',
  'session.execution.succeeded',
  'session.execution.failed',
  'session.execution.interrupted',
]);

/** What one live item means: its store events, and what the stream is to do besides. */
export interface V2Reading {
  events: StoreEvent[];
  /**
   * Sessions to read again once their events pause: the item changed the record without carrying it, or ended a
   * step or a run (2.x sends no idle status), in the order they came.
   */
  settle: string[];
  /** Sessions the item says run: a re-read under way must not call them idle from an answer older than the item. */
  running: string[];
  /** A reload cancels the location's pending permissions and forms without an event for each (location.ts@1066927). */
  requestsStale: boolean;
}

/**
 * Reads a V2 stream (or a session's history) in order. It remembers each open step's model and agent (only
 * `step.started` carries them) and each tool call's name (1.18.33 sends it on `tool.called`, OpenCode's later
 * schema only on `tool.input.started`), so `message.assistant` and `tool.running` carry them too.
 */
export class V2EventReader {
  private readonly steps = new Map<string, StepLabels>();
  private readonly tools = new Map<string, string>();
  /** Each session's current turn (its user message) and the files its steps changed so far. */
  private readonly turns = new Map<string, { messageID: string; created: number; files: Set<string> }>();
  /** Compactions under way, by session: their input (message) id, and whether they have started. */
  private readonly compactions = new Map<string, { messageID: string; created?: number; measured?: boolean }>();
  /** What each queued input is (`session.inbox.enqueued`), until it is delivered: a prompt starts a turn. */
  private readonly inbox = new Map<string, string>();

  constructor(
    private readonly malformed?: MalformedListener,
    private readonly unknown?: (type: string) => void,
  ) {}

  /** A session read again (what it did meanwhile was not seen): its turn and compaction under way are not known. */
  forget(sessionID: string): void {
    this.turns.delete(sessionID);
    this.compactions.delete(sessionID);
  }

  /** A new stream: only the sessions it catches up on keep what was under way; the others are read afresh. */
  keepOnly(sessionIDs: ReadonlySet<string>): void {
    for (const id of [...this.turns.keys()]) if (!sessionIDs.has(id)) this.turns.delete(id);
    for (const id of [...this.compactions.keys()]) if (!sessionIDs.has(id)) this.compactions.delete(id);
  }

  /** A live item of the stream: its store events, what to settle, what runs, whether the pending requests are stale. */
  readLive(raw: unknown): V2Reading {
    const events = this.read(raw);
    const settle: string[] = [];
    const running: string[] = [];
    const changed = recordChangedBy(raw);
    if (changed) settle.push(changed);
    for (const event of events) {
      if (event.type === 'step.finished' || event.type === 'session.error') settle.push(event.sessionID);
      if (event.type === 'session.status' && event.status.type !== 'idle') running.push(event.sessionID);
    }
    return { events, settle, running, requestsStale: isObject(raw) && raw.type === 'location.shutdown' };
  }

  /** An item of the stream or of a session's history: its store events only. */
  read(raw: unknown): StoreEvent[] {
    if (!isObject(raw) || typeof raw.type !== 'string') {
      this.malformed?.('unreadable');
      return [];
    }
    const events = this.known(sameName(raw.type), isObject(raw.data) ? raw.data : {}, raw);
    if (events === UNKNOWN) {
      this.unknown?.(raw.type.slice(0, 80));
      return [];
    }
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
        const info = isObject(data.info) ? v2SessionInfo(data.info) : (v2SessionInfo(data) ?? createdSession(data, at));
        if (!info) return MALFORMED;
        return [type === 'session.created' ? { type: 'session.upsert', info, created: true } : { type: 'session.upsert', info }];
      }
      case 'session.usage.updated':
        return this.totals(sessionID, data);
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
      // 2.x's queued input (session-event.ts Inbox*, session-inbox.ts): a prompt enqueued, then delivered into the
      // session's history under the same id; a compaction enqueued is admitted as the older build's was.
      case 'session.inbox.enqueued':
        return this.enqueued(sessionID, nonEmptyString(data.inboxID), data.item, at);
      case 'session.inbox.delivered':
        return this.delivered(sessionID, nonEmptyString(data.inboxID), at);
      case 'session.step.started':
        return this.stepStarted(sessionID, data, at);
      case 'session.step.ended':
      case 'session.step.failed':
        return this.stepEnded(type, sessionID, data, at);
      case 'session.tool.input.started':
      case 'session.tool.called':
      case 'session.tool.success':
      case 'session.tool.failed':
        return this.tool(type, sessionID, data);
      case 'session.compaction.admitted':
      case 'session.compaction.started':
        return this.compactionStarted(type, sessionID, data, at, eventMessageID(raw));
      case 'session.compacted':
      case 'session.compaction.ended':
        return this.compactionEnded(sessionID, data, at, eventMessageID(raw), []);
      // A failed compaction is the session's error, as V1 reports one: Compact Session ends on it. 2.x bills it too.
      case 'session.compaction.failed': {
        const error = v2Error(data.error);
        const failed: StoreEvent[] = sessionID ? [{ type: 'session.error', sessionID, name: error.name, message: error.message }] : [];
        return this.compactionEnded(sessionID, data, at, eventMessageID(raw), failed);
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
      // OpenCode 2's question tool asks with a form (Form.Event in packages/schema/src/form.ts@b6226260):
      // `form.created {form}`, then `form.replied {id, sessionID, answer}` or `form.cancelled {id, sessionID}`.
      case 'form.created': {
        const request = parseForm(data.form);
        return request ? [{ type: 'request.asked', request }] : MALFORMED;
      }
      case 'form.replied':
      case 'form.cancelled': {
        const id = nonEmptyString(data.id);
        return sessionID && id ? [{ type: 'request.closed', sessionID, id }] : MALFORMED;
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
        // A record change is read again whole (the stream settles RECORD_CHANGES): nothing here either.
        return KNOWN_SILENT.has(type) || RECORD_CHANGES.has(type) ? [] : UNKNOWN;
    }
  }

  /** A queued input: a compaction is placed among the steps at once (it runs at the next step boundary). */
  private enqueued(sessionID: string | undefined, inboxID: string | undefined, item: unknown, at: number | undefined): Read {
    if (!sessionID || !inboxID || !isObject(item) || typeof item.type !== 'string') return MALFORMED;
    remember(this.inbox, inboxID, item.type);
    if (item.type !== 'compaction') return [];
    remember(this.compactions, sessionID, { messageID: inboxID });
    return at === undefined
      ? [{ type: 'compaction.marked', sessionID, messageID: inboxID }]
      : [
          { type: 'message.user', sessionID, messageID: inboxID, created: at },
          { type: 'compaction.marked', sessionID, messageID: inboxID },
        ];
  }

  /** Delivered into the history: a prompt (or one enqueued before this stream began) starts or joins the turn. */
  private delivered(sessionID: string | undefined, inboxID: string | undefined, at: number | undefined): Read {
    if (!sessionID || !inboxID) return MALFORMED;
    const kind = this.inbox.get(inboxID);
    this.inbox.delete(inboxID);
    if (kind === 'compaction' || kind === 'move') return [{ type: 'session.status', sessionID, status: BUSY }];
    return this.prompted(sessionID, inboxID, at);
  }

  /**
   * The session's new totals (`session.usage.updated {sessionID, cost, tokens}`, sent after every step and after a
   * compaction, which has no step of its own). While a compaction runs, what they grew by is its usage.
   */
  private totals(sessionID: string | undefined, data: Record<string, unknown>): Read {
    if (!sessionID || !isObject(data.tokens)) return MALFORMED;
    const open = this.compactions.get(sessionID);
    const event: StoreEvent = { type: 'session.totals', sessionID, cost: amount(data.cost), tokens: serverTokens(data.tokens) };
    if (open?.created !== undefined && !open.measured) {
      event.compaction = { messageID: open.messageID, created: open.created };
      // Measured once; its end (2.x: with its own figures, under the same message) may still follow.
      open.measured = true;
    }
    return [event];
  }

  /**
   * The older build's `compaction.admitted {inputID}` names the compaction (its message in the session);
   * `compaction.started {reason, recent, inputID?}` begins it. Its message is `inputID`, else the started event's
   * id as a message id (message-updater.ts@1066927 "session.compaction.started"), as the session's messages name it
   * when read back. The compaction marks its place among the steps, as V1's compaction part does.
   */
  private compactionStarted(
    type: string,
    sessionID: string | undefined,
    data: Record<string, unknown>,
    at: number | undefined,
    fromEvent: string | undefined,
  ): Read {
    if (!sessionID) return MALFORMED;
    const known = this.compactions.get(sessionID);
    const messageID = nonEmptyString(data.inputID) ?? nonEmptyString(data.messageID) ?? known?.messageID;
    const place = (id: string): StoreEvent[] =>
      at === undefined
        ? [{ type: 'compaction.marked', sessionID, messageID: id }]
        : [
            { type: 'message.user', sessionID, messageID: id, created: at },
            { type: 'compaction.marked', sessionID, messageID: id },
          ];
    if (type === 'session.compaction.admitted') {
      if (!messageID) return MALFORMED;
      remember(this.compactions, sessionID, { messageID });
      return place(messageID);
    }
    // Started without its admission seen (2.x's auto compaction, or a stream joined mid-way).
    const id = messageID ?? fromEvent ?? `${sessionID}:compaction:${at ?? 0}`;
    remember(this.compactions, sessionID, { messageID: id, created: at ?? 0 });
    return [...(known ? [] : place(id)), { type: 'session.status', sessionID, status: BUSY }];
  }

  /**
   * A compaction ended (or failed). 2.x's events carry its own `cost` and `tokens` (session-event.ts Compaction.Ended,
   * Failed): its step, under its message's id, once — the session's totals that follow are not a compaction's
   * growth any more. The older build's carry none: the totals that follow measure it (`totals`).
   */
  private compactionEnded(
    sessionID: string | undefined,
    data: Record<string, unknown>,
    at: number | undefined,
    fromEvent: string | undefined,
    events: StoreEvent[],
  ): Read {
    if (!sessionID) return MALFORMED;
    const open = this.compactions.get(sessionID);
    this.compactions.delete(sessionID);
    const billed: StoreEvent[] = [];
    if (isObject(data.tokens)) {
      // Its own figures replace what the totals' growth measured (same message, same step).
      const messageID = open?.messageID ?? fromEvent;
      if (!messageID) return MALFORMED;
      const usage = usageOf(serverTokens(data.tokens), typeof data.cost === 'number' ? data.cost : undefined);
      billed.push(...compactionSteps(sessionID, messageID, open?.created ?? at ?? 0, usage));
    }
    return [...billed, ...events, ...(events.length ? [] : [{ type: 'session.compacted' as const, sessionID }])];
  }

  /** A prompt entered the session's history: it is busy, and the user message's time places compactions. */
  private prompted(sessionID: string | undefined, messageID: string | undefined, at: number | undefined): Read {
    if (!sessionID) return MALFORMED;
    const busy: StoreEvent = { type: 'session.status', sessionID, status: BUSY };
    if (!messageID || at === undefined) return [busy];
    remember(this.turns, sessionID, { messageID, created: at, files: new Set() });
    return [busy, { type: 'message.user', sessionID, messageID, created: at }];
  }

  private stepStarted(sessionID: string | undefined, data: Record<string, unknown>, at: number | undefined): Read {
    const messageID = nonEmptyString(data.assistantMessageID);
    if (!sessionID || !messageID) return MALFORMED;
    const model = isObject(data.model) ? data.model : {};
    const labels: StepLabels = {
      // 2.x's `started` is when the request went out (Step.Started); the event's own time otherwise.
      created: finite(data.started) ?? at,
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

  private stepEnded(type: string, sessionID: string | undefined, data: Record<string, unknown>, at: number | undefined): Read {
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
      events.push({
        type: 'step.finished',
        sessionID,
        messageID,
        partID: stepPartID(messageID),
        usage: usageOf(tokens, typeof data.cost === 'number' ? data.cost : undefined),
      });
    }
    // The files a step changed (`files`, b6226260) count for its turn, as V1 counts a turn's diffs: the session's
    // Changes are read again once it settles.
    const turn = this.turns.get(sessionID);
    const files = Array.isArray(data.files) ? data.files.filter((f): f is string => typeof f === 'string') : [];
    if (turn && files.length) {
      for (const file of files) turn.files.add(file);
      events.push({ type: 'message.user', sessionID, messageID: turn.messageID, created: turn.created, changedFiles: turn.files.size });
    }
    // A user's interrupt ends the step with `{type: "aborted"}` (then `execution.interrupted`): stopped, not failed.
    const aborted = failed && isObject(data.error) && data.error.type === 'aborted';
    if (failed && !aborted) events.push({ type: 'session.error', sessionID, ...v2Error(data.error) });
    // `tool-calls` means the engine runs another step for this prompt; anything else ends the turn.
    const more = !failed && (data.finish === 'tool-calls' || data.finish === 'tool_calls');
    if (!more) events.push({ type: 'session.status', sessionID, status: IDLE });
    return events;
  }

  private tool(type: string, sessionID: string | undefined, data: Record<string, unknown>): Read {
    const messageID = nonEmptyString(data.assistantMessageID);
    // 2.x names the call `id` (session-event.ts, b6226260); 1.18.33's early engine `callID`.
    const callID = nonEmptyString(data.callID) ?? nonEmptyString(data.id);
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
    return [{ type: 'tool.running', sessionID, partID, tool, running, messageID }];
  }
}

/**
 * 2.x's `session.created` carries `{sessionID, projectID, location: {directory}, parentID?, title, slug, agent?,
 * version}` but no id, time or totals (session-event.ts, b6226260): a new session, created when the event was.
 */
function createdSession(data: Record<string, unknown>, at: number | undefined): SessionInfo | undefined {
  const id = nonEmptyString(data.sessionID);
  if (!id || at === undefined) return undefined;
  return v2SessionInfo({
    ...data,
    id,
    time: { created: at, updated: at },
    cost: 0,
    tokens: { input: 0, output: 0, reasoning: 0, cache: { read: 0, write: 0 } },
  });
}

/** The message an event makes, by OpenCode's rule (`evt_…` → `msg_…`: SessionMessage.ID.fromEvent, session-message.ts). */
function eventMessageID(raw: Record<string, unknown>): string | undefined {
  const id = nonEmptyString(raw.id);
  return id?.startsWith('evt_') ? `msg_${id.slice(4)}` : undefined;
}

/**
 * An error as V2 sends it (`{type, message}`, session-error.ts; recorded on 1.18.33's `step.failed`) or as V1 did
 * (`{name, data: {message}}`).
 */
export function v2Error(value: unknown): { name: string; message: string } {
  if (!isObject(value)) return { name: 'Error', message: 'Unknown error' };
  const name = nonEmptyString(value.name) ?? nonEmptyString(value.type) ?? 'Error';
  const details = isObject(value.data) ? value.data : {};
  return { name, message: nonEmptyString(value.message) ?? nonEmptyString(details.message) ?? name };
}

/** The session whose record the item changed without carrying it (RECORD_CHANGES), by the item's `data.sessionID`. */
function recordChangedBy(raw: unknown): string | undefined {
  if (!isObject(raw) || typeof raw.type !== 'string' || !RECORD_CHANGES.has(raw.type)) return undefined;
  return isObject(raw.data) ? nonEmptyString(raw.data.sessionID) : undefined;
}

/** `session.next.step.ended` (1.18.33) and `session.step.ended` (later OpenCode) are the same event. */
function sameName(type: string): string {
  return type.startsWith('session.next.') ? `session.${type.slice('session.next.'.length)}` : type;
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_OPEN) map.delete(map.keys().next().value as string);
}

/**
 * Types that say nothing the store keeps (text and reasoning streams, configuration, the server's own catalogs…):
 * known, read as nothing. Every type of 2.x's `/api/event` schema (session-event.ts `Definitions`, form.ts,
 * permission.ts, and the server-wide ones the older build's schema lists) is either read above or named here.
 */
const KNOWN_SILENT = new Set([
  'session.agent.selected',
  'session.model.selected',
  'session.metadata.updated',
  'session.permissions',
  'session.step.streamed',
  'session.synthetic',
  'session.skill.activated',
  'session.shell.started',
  'session.shell.ended',
  'session.instructions.updated',
  'session.context.updated',
  'session.text.started',
  'session.text.delta',
  'session.text.ended',
  'session.reasoning.started',
  'session.reasoning.delta',
  'session.reasoning.ended',
  'session.tool.input.delta',
  'session.tool.input.ended',
  'session.tool.progress',
  'session.compaction.delta',
  'session.inbox.cancelled',
  'session.inbox.delivery.changed',
  'session.usage.recorded',
  'session.message.content.updated',
  // Nothing for the store; its reading says the location's pending requests are stale (readLive).
  'location.shutdown',
  'agent.updated',
  'catalog.updated',
  'command.updated',
  'config.updated',
  'filesystem.changed',
  'installation.update-available',
  'installation.updated',
  'integration.connection.updated',
  'integration.updated',
  'mcp.resources.changed',
  'mcp.status.changed',
  'models-dev.refreshed',
  'plugin.added',
  'plugin.updated',
  'project.directories.updated',
  'pty.created',
  'pty.deleted',
  'pty.exited',
  'pty.updated',
  'reference.updated',
  'shell.created',
  'shell.deleted',
  'shell.exited',
  'skill.updated',
  'tui.command.execute',
  'tui.prompt.append',
  'tui.session.select',
  'tui.toast.show',
  'vcs.branch.updated',
  'websearch.updated',
]);
