// The release-shape adapter's event rules: OpenCode 1.18.33's own events (its `/global/event` stream, every
// directory) as items of an OpenCode 2 release's `/api/event`: `{id, created, type, data, location}`. Each 1.18.33
// event becomes the 2.x events that say the same thing, in 2.x's order; nothing is emitted that no 1.18.33 event
// said. Shapes follow 2.0.26 (zjdCander/opencode@1066927b): packages/schema/src/session-event.ts (sessions, inbox,
// execution, steps, tools, compaction, usage), session-inbox.ts, permission.ts and form.ts; the recorded older
// build's stream where a release did not change it (test/fixtures/opencode2/prompt-subagent-permission-form.sse).
// Each behaviour names its source: a section of ../shared/reference/opencode2-server.md ("real" below stands for
// its "Recorded from the real servers, November 2026", "shapes" for "Recorded API shapes", "2.x" for "2.x releases
// (2.0.26 source)"), or "ours: not observed".
import { ascendingId } from './releaseIds';
import {
  releaseAnswer,
  releaseError,
  releaseForm,
  releasePermission,
  releaseSessionFromV1,
  releaseTitle,
  releaseTokens,
  releaseToolName,
  releaseToolState,
  inFolder,
} from './releaseRecords';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** One item of `/api/event`. */
export interface ReleaseEvent {
  id: string;
  created: number;
  type: string;
  data: Json;
  /** A session's durable events: its id, their order in it, and the event's version (session-event.ts). */
  durable?: { aggregateID: string; seq: number; version: number };
  location?: { directory: string };
}

/** A 1.x event as `/global/event` carries it: `{directory, payload: {id, type, properties}}`. */
export interface V1Event {
  directory?: string;
  payload: { id?: string; type: string; properties?: Json };
}

interface MessageState {
  role: string;
  sessionID: string;
  created: number;
  agent?: string;
  model?: { id: unknown; providerID: unknown };
  /** A compaction's summary (1.x: an assistant message with `summary: true`), answering `parentID`. */
  summary: boolean;
  parentID?: string;
  auto?: boolean;
  started: boolean;
  ended: boolean;
  /** A user message: delivered to the session (its first part read). */
  delivered: boolean;
  text: Map<string, string>;
  /** A step's end as its step-finish part said, kept until its patch (the files it changed) has come too. */
  finish?: Json;
  /** The files the step changed (1.x's `patch` part after its step-finish), named as 2.x names them. */
  files: Set<string>;
}

interface SessionState {
  title?: string;
  cost?: number;
  tokens?: string;
  running: boolean;
  /** How the current run ends: a user's abort or an error seen during it. */
  aborted: boolean;
  error?: Json;
}

/** A form's record once settled (Form.State, packages/schema/src/form.ts): kept as a release keeps it, for 10 minutes. */
export type FormState = { status: 'answered'; answer: Json } | { status: 'cancelled'; message?: string };

const SETTLED_FORMS_KEPT_MS = 10 * 60_000;
const KEPT = 2_000;

export class ReleaseEvents {
  private readonly messages = new Map<string, MessageState>();
  private readonly tools = new Map<string, string>();
  private readonly sessions = new Map<string, SessionState>();
  private readonly forms = new Map<string, Json>();
  private readonly settled = new Map<string, { state: FormState; form: Json; at: number }>();

  /** The sessions whose loop runs now (1.x's `session.status` busy or retry): 2.x's `/api/session/active`. */
  running(): string[] {
    return [...this.sessions].filter(([, s]) => s.running).map(([id]) => id);
  }

  /** A settled form: its record and state, for `GET …/form/{id}` once it left the pending list. */
  settledForm(id: string, now = Date.now()): { form: Json; state: FormState } | undefined {
    const kept = this.settled.get(id);
    return kept && now - kept.at < SETTLED_FORMS_KEPT_MS ? kept : undefined;
  }

  /** A pending form by id (what `question.asked` said), for answering it in 1.x's terms. */
  pendingForm(id: string): Json | undefined {
    return this.forms.get(id);
  }

  /** Remembers a form read from 1.x's pending list (asked before this stream began). */
  knowForm(form: Json): void {
    remember(this.forms, String(form.id), form);
  }

  /** Records a cancel's message (DELETE …/form/{id}?message=): 1.x's reject carries none. */
  cancelling(id: string, message: string | undefined): void {
    const form = this.forms.get(id);
    if (form && message) remember(this.settled, id, { form, state: { status: 'cancelled', message }, at: Date.now() });
  }

  translate(event: V1Event, now = Date.now()): ReleaseEvent[] {
    const props = isObject(event.payload.properties) ? event.payload.properties : {};
    const location = event.directory && event.directory !== 'global' ? { directory: event.directory } : undefined;
    const out: ReleaseEvent[] = [];
    // When it happened, as 2.x's envelope `created` says: where 1.18.33's record times it (a session made, a prompt
    // taken in, a step begun), that time, which a later read of the record repeats; else as it comes in (1.x's
    // events carry no time of their own, and the time bits of its ids wrap).
    const info = isObject(props.info) && isObject(props.info.time) ? props.info.time : undefined;
    const said = event.payload.type === 'session.created' && typeof info?.created === 'number' ? info.created : now;
    const emit = (type: string, data: Json, at = said) =>
      out.push({ id: ascendingId('evt', at), created: at, type, data, ...(location && { location }) });
    switch (event.payload.type) {
      case 'session.created':
      case 'session.updated':
        if (isObject(props.info)) this.session(event.payload.type, props.info, emit);
        break;
      case 'session.deleted': {
        const id = isObject(props.info) ? props.info.id : props.sessionID;
        if (typeof id === 'string') {
          this.sessions.delete(id);
          emit('session.deleted', { sessionID: id });
        }
        break;
      }
      case 'session.status':
        this.status(String(props.sessionID), isObject(props.status) ? props.status : {}, emit);
        break;
      case 'session.error': {
        const error = isObject(props.error) ? props.error : undefined;
        const state = typeof props.sessionID === 'string' ? this.sessions.get(props.sessionID) : undefined;
        if (state && error) {
          if (error.name === 'MessageAbortedError') state.aborted = true;
          else state.error = releaseError(error);
        }
        break;
      }
      case 'message.updated':
        if (isObject(props.info)) this.message(props.info, emit);
        break;
      case 'message.part.updated':
        if (isObject(props.part)) this.part(props.part, emit, location?.directory);
        break;
      // Source: shapes (`permission.asked` data = the request; `permission.replied {sessionID, requestID, reply}`).
      case 'permission.asked':
        emit('permission.asked', releasePermission(props));
        break;
      case 'permission.replied':
        emit('permission.replied', { sessionID: props.sessionID, requestID: props.requestID, reply: props.reply });
        break;
      // Source: 2.x (questions are forms; `form.created {form}`, `form.replied {id, sessionID, answer}`); a
      // cancelled one's `form.cancelled`: ours: not observed.
      case 'question.asked': {
        const form = releaseForm(props);
        this.knowForm(form);
        emit('form.created', { form });
        break;
      }
      case 'question.replied':
      case 'question.rejected': {
        const id = String(props.requestID);
        const form = this.forms.get(id) ?? { id, fields: [] };
        this.forms.delete(id);
        if (event.payload.type === 'question.replied') {
          const answer = releaseAnswer(form, props.answers);
          remember(this.settled, id, { form, state: { status: 'answered', answer }, at: now });
          emit('form.replied', { id, sessionID: props.sessionID, answer });
        } else {
          const known = this.settled.get(id);
          const message = known?.state.status === 'cancelled' ? known.state.message : undefined;
          remember(this.settled, id, { form, state: { status: 'cancelled', ...(message ? { message } : {}) }, at: now });
          emit('form.cancelled', { id, sessionID: props.sessionID });
        }
        break;
      }
      default:
        // Text deltas, diffs, todos, files, the server's own: nothing a 2.x client reads from this stream.
        break;
    }
    return out;
  }

  /**
   * A new session is `session.created {sessionID, projectID, location, subpath, parentID?, slug, title, agent?,
   * version}`; a record that changed says what changed: `session.renamed {title}`, `session.usage.updated {cost,
   * tokens}` (the session's totals, after each step and after a compaction).
   */
  private session(type: string, v1: Json, emit: (type: string, data: Json) => void): void {
    const id = String(v1.id);
    const info = releaseSessionFromV1(v1);
    const tokens = JSON.stringify(info.tokens);
    let state = this.sessions.get(id);
    if (!state) remember(this.sessions, id, (state = { running: false, aborted: false }));
    // Source: shapes (`session.created` data, no `info`); `session.renamed`: ours: not observed.
    if (type === 'session.created') {
      emit('session.created', {
        sessionID: id,
        projectID: v1.projectID,
        location: info.location,
        subpath: '',
        ...(v1.parentID ? { parentID: v1.parentID } : {}),
        slug: v1.slug,
        title: info.title,
        version: v1.version,
      });
    } else if (state.title !== undefined && state.title !== info.title) emit('session.renamed', { sessionID: id, title: info.title });
    // Source: shapes (`session.usage.updated`: the new totals, after every step and after a compaction).
    if (type === 'session.updated' && (state.cost !== info.cost || state.tokens !== tokens))
      emit('session.usage.updated', { sessionID: id, cost: info.cost, tokens: info.tokens });
    state.title = String(info.title);
    state.cost = info.cost as number;
    state.tokens = tokens;
  }

  /** A run begins (`session.execution.started`) and ends: succeeded, interrupted by the user, or failed. */
  private status(sessionID: string, status: Json, emit: (type: string, data: Json) => void): void {
    let state = this.sessions.get(sessionID);
    if (!state) remember(this.sessions, sessionID, (state = { running: false, aborted: false }));
    if (status.type === 'busy' || status.type === 'retry') {
      if (!state.running) {
        state.running = true;
        state.aborted = false;
        state.error = undefined;
        emit('session.execution.started', { sessionID });
      }
      // Source: real (a turn's events: `session.execution.started`); a retry's event: ours: not observed.
      if (status.type === 'retry')
        emit('session.retry.scheduled', {
          sessionID,
          attempt: status.attempt,
          at: status.next,
          error: { type: 'provider', message: status.message },
        });
      return;
    }
    if (status.type !== 'idle' || !state.running) return;
    for (const [id, m] of this.messages) if (m.sessionID === sessionID && m.finish) this.stepEnded(id, m, emit);
    state.running = false;
    // A turn ends on `session.execution.*`, never `session.idle`. Source: real (a turn's events); shapes (interrupted
    // `{reason: "user"}`).
    if (state.aborted) emit('session.execution.interrupted', { sessionID, reason: 'user' });
    else if (state.error) emit('session.execution.failed', { sessionID, error: state.error });
    else emit('session.execution.succeeded', { sessionID });
  }

  private message(info: Json, emit: (type: string, data: Json) => void): void {
    const id = String(info.id);
    const time = isObject(info.time) ? info.time : {};
    let m = this.messages.get(id);
    if (!m) {
      m = {
        role: String(info.role),
        sessionID: String(info.sessionID),
        created: typeof time.created === 'number' ? time.created : Date.now(),
        summary: info.summary === true,
        parentID: typeof info.parentID === 'string' ? info.parentID : undefined,
        started: false,
        ended: false,
        delivered: false,
        text: new Map(),
        files: new Set(),
      };
      remember(this.messages, id, m);
    }
    if (m.role !== 'assistant') return;
    m.agent = typeof info.agent === 'string' ? info.agent : typeof info.mode === 'string' ? info.mode : m.agent;
    m.model = { id: info.modelID, providerID: info.providerID };
    m.summary = info.summary === true;
    if (m.finish && time.completed !== undefined) this.stepEnded(id, m, emit);
    if (m.ended) return;
    const error = isObject(info.error) ? info.error : undefined;
    const usage = { cost: typeof info.cost === 'number' ? info.cost : 0, tokens: releaseTokens(info.tokens) };
    if (error) {
      m.ended = true;
      const state = this.sessions.get(m.sessionID);
      if (state && error.name === 'MessageAbortedError') state.aborted = true;
      if (m.summary)
        emit('session.compaction.failed', { sessionID: m.sessionID, reason: this.reason(m), error: releaseError(error), ...usage });
      else emit('session.step.failed', { sessionID: m.sessionID, assistantMessageID: id, error: releaseError(error) });
    }
  }

  /** `session.step.ended {…, files}`: the step's figures and the files it changed (session-event.ts Step.Ended). */
  private stepEnded(id: string, m: MessageState, emit: (type: string, data: Json) => void): void {
    if (!m.finish) return;
    emit('session.step.ended', { ...m.finish, assistantMessageID: id, files: [...m.files] });
    m.finish = undefined;
  }

  private reason(m: MessageState): string {
    return (m.parentID && this.messages.get(m.parentID)?.auto) === true ? 'auto' : 'manual';
  }

  private part(part: Json, emit: (type: string, data: Json, at?: number) => void, directory: string | undefined): void {
    const m = this.messages.get(String(part.messageID));
    if (!m) return;
    const sessionID = m.sessionID;
    if (m.role === 'user') {
      if (m.delivered) return;
      // A synthetic text part is no one's input (the adapter's stand-in for `resume` is one alone): ours: not observed.
      const kind = part.type === 'compaction' ? 'compaction' : part.type === 'text' && part.synthetic !== true ? 'user' : undefined;
      if (!kind) return;
      m.delivered = true;
      m.auto = part.auto === true;
      // A prompt or compaction 1.x took in at once: enqueued, then delivered under the same id (session-inbox.ts).
      // Source: 2.x (queued input) and real (2.0.26 replaces `session.input.*` by `session.inbox.*`).
      const inboxID = String(part.messageID);
      const payload = kind === 'user' ? { text: part.text } : { auto: m.auto };
      emit(
        'session.inbox.enqueued',
        { sessionID, inboxID, item: { id: inboxID, sessionID, time: { created: m.created }, type: kind, payload, delivery: 'steer' } },
        m.created,
      );
      emit('session.inbox.delivered', { sessionID, inboxID }, m.created);
      return;
    }
    const assistantMessageID = String(part.messageID);
    // Source: shapes (`session.step.started`, `.ended {cost, tokens, files}`, `.failed`) and 2.x (a compaction's own
    // `cost`, `tokens` on `session.compaction.ended`/`.failed`).
    if (part.type === 'step-start' && !m.started) {
      m.started = true;
      if (m.summary)
        emit(
          'session.compaction.started',
          { sessionID, reason: this.reason(m), recent: '', ...(m.parentID ? { inputID: m.parentID } : {}) },
          m.created,
        );
      else
        emit('session.step.started', { sessionID, assistantMessageID, agent: m.agent, model: m.model, snapshot: part.snapshot }, m.created);
    } else if (part.type === 'step-finish' && m.summary && !m.ended) {
      // The summary's own figures are its step's (1.x may mark the message completed before it fills them in).
      m.ended = true;
      emit('session.compaction.ended', {
        sessionID,
        reason: this.reason(m),
        text: [...m.text.values()].join('\n'),
        recent: '',
        cost: typeof part.cost === 'number' ? part.cost : 0,
        tokens: releaseTokens(part.tokens),
        model: m.model,
      });
    } else if (part.type === 'step-finish' && !m.ended) {
      // Ended once the files it changed are known too (its patch part, then the message completed).
      m.ended = true;
      m.finish = {
        sessionID,
        assistantMessageID,
        finish: part.reason,
        cost: typeof part.cost === 'number' ? part.cost : 0,
        tokens: releaseTokens(part.tokens),
        snapshot: part.snapshot,
      };
    } else if (part.type === 'patch' && Array.isArray(part.files)) {
      for (const file of part.files) if (typeof file === 'string') m.files.add(inFolder(file, directory));
    } else if (part.type === 'text' && m.summary && typeof part.text === 'string') m.text.set(String(part.id), part.text);
    else if (part.type === 'tool') this.tool(sessionID, assistantMessageID, part, emit, directory);
  }

  /**
   * A tool call: input started, called (running), then success or failure; `id` is the call id (session-event.ts
   * Tool*). Source: shapes (tool events, `id` not `callID`); `session.tool.failed`: ours: not observed.
   */
  private tool(
    sessionID: string,
    assistantMessageID: string,
    part: Json,
    emit: (type: string, data: Json) => void,
    directory: string | undefined,
  ): void {
    const state = isObject(part.state) ? part.state : {};
    const key = String(part.id);
    const seen = this.tools.get(key);
    const status = String(state.status);
    if (seen === status || seen === 'completed' || seen === 'error') return;
    const tool = String(part.tool);
    const base = { sessionID, assistantMessageID, id: part.callID };
    if (seen === undefined) emit('session.tool.input.started', { ...base, name: releaseToolName(tool) });
    if (status !== 'pending' && (seen === undefined || seen === 'pending'))
      emit('session.tool.called', { ...base, input: state.input ?? {}, executed: false });
    const shaped = releaseToolState(tool, state, directory);
    if (status === 'completed') emit('session.tool.success', { ...base, content: shaped.content, metadata: shaped.metadata });
    else if (status === 'error') emit('session.tool.failed', { ...base, error: shaped.error });
    remember(this.tools, key, status);
  }
}

/** The title as 2.x names it (exported for the adapter's answers). */
export { releaseTitle };

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > KEPT) map.delete(map.keys().next().value as string);
}
