// The release-shape adapter's record rules: what OpenCode 1.18.33 holds (its sessions, messages, permission
// requests and questions, read from its own routes) in the shapes an OpenCode 2 release answers. Shapes only: every
// id, figure and text is 1.18.33's; a rule renames, nests or drops, never makes up. Each rule names the OpenCode 2
// file (2.0.26, zjdCander/opencode@1066927b, or the recorded older build where a release did not change it) whose
// shape it follows. Pure functions: unit-tested in test/unit/harness/releaseShapes.test.ts.

import { isAbsolute, relative } from 'node:path';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * 2.x's tool names: `bash` is `shell` (packages/core/src/tool/plugin/shell.ts), `task` is `subagent`
 * (packages/core/src/tool/plugin/subagent.ts); the rest keep their names (read.ts, write.ts, edit.ts, question.ts…).
 */
export function releaseToolName(name: string): string {
  return name === 'bash' ? 'shell' : name === 'task' ? 'subagent' : name;
}

/** A permission's action: 1.x's `bash` is `shell` (packages/core/src/v1/config/migrate.ts `normalizeAction`). */
export function releaseAction(permission: string): string {
  return permission === 'bash' ? 'shell' : permission;
}

export interface Tokens {
  input: number;
  output: number;
  reasoning: number;
  cache: { read: number; write: number };
}

/** `{input, output, reasoning, cache: {read, write}}` (packages/schema/src/session.ts): 1.x's `total` dropped. */
export function releaseTokens(value: unknown): Tokens {
  const t = isObject(value) ? value : {};
  const cache = isObject(t.cache) ? t.cache : {};
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  return { input: n(t.input), output: n(t.output), reasoning: n(t.reasoning), cache: { read: n(cache.read), write: n(cache.write) } };
}

/**
 * A sub-agent's session is titled with the delegation's description alone (packages/core/src/tool/plugin/
 * subagent.ts); 1.x's task tool adds ` (@<agent> subagent)`.
 */
export function releaseTitle(title: string): string {
  return title.replace(/ \(@[\w-]+ subagent\)$/, '');
}

/**
 * Session.Info (packages/schema/src/session.ts): 1.18.33's `/api/session` already answers `{id, parentID?,
 * projectID, cost, tokens, time, title, location: {directory}, …}`; a sub-agent's title loses its suffix.
 */
export function releaseSession(info: Json): Json {
  return typeof info.title === 'string' ? { ...info, title: releaseTitle(info.title) } : info;
}

/** 1.x's session record (events' `info`, `POST /session`) as Session.Info. */
export function releaseSessionFromV1(info: Json): Json {
  const {
    directory,
    path: _path,
    slug: _slug,
    version: _version,
    share: _share,
    permission: _permission,
    summary: _summary,
    ...rest
  } = info;
  return releaseSession({
    ...rest,
    cost: typeof info.cost === 'number' ? info.cost : 0,
    tokens: releaseTokens(info.tokens),
    location: { directory },
  });
}

/**
 * Permission.Request (packages/schema/src/permission.ts; packages/protocol/src/groups/permission.ts):
 * `{id, sessionID, action, resources, save, metadata?, source?: {type: "tool", messageID, id}}` from 1.x's
 * `{id, sessionID, permission, patterns, always, metadata, tool?: {messageID, callID}}`.
 */
export function releasePermission(request: Json): Json {
  const tool = isObject(request.tool) ? request.tool : undefined;
  return {
    id: request.id,
    sessionID: request.sessionID,
    action: releaseAction(text(request.permission) ?? ''),
    resources: Array.isArray(request.patterns) ? request.patterns : [],
    save: Array.isArray(request.always) ? request.always : [],
    ...(isObject(request.metadata) ? { metadata: request.metadata } : {}),
    ...(tool ? { source: { type: 'tool', messageID: tool.messageID, id: tool.callID } } : {}),
  };
}

interface Question {
  question: string;
  header?: string;
  options?: Array<{ label: string; description?: string }>;
  multiple?: boolean;
  custom?: boolean;
}

/**
 * The question tool asks with a form (packages/core/src/tool/plugin/question.ts; Form.Info in
 * packages/schema/src/form.ts): `{id, sessionID, title: "Questions", metadata: {kind: "question", tool}, fields}`,
 * one field `q<i>` per question: its header as title, the question as description, its options by label, `custom`
 * unless the question says false; several answers make a `multiselect`. The id stays 1.x's question id.
 */
export function releaseForm(request: Json): Json {
  const tool = isObject(request.tool) ? request.tool : undefined;
  const questions = (Array.isArray(request.questions) ? request.questions : []) as Question[];
  return {
    id: request.id,
    sessionID: request.sessionID,
    title: 'Questions',
    metadata: { kind: 'question', ...(tool ? { tool: { messageID: tool.messageID, id: tool.callID } } : {}) },
    fields: questions.map((q, i) => ({
      key: `q${i}`,
      title: q.header ?? '',
      description: q.question,
      type: q.multiple ? 'multiselect' : 'string',
      options: (q.options ?? []).map((o) => ({ value: o.label, label: o.label, description: o.description ?? '' })),
      custom: q.custom !== false,
    })),
  };
}

/** A form's answer `{q0: "Red", q1: ["A", "B"]}` as 1.x's question reply `{answers: [["Red"], ["A", "B"]]}`. */
export function v1Answers(form: Json, answer: unknown): string[][] {
  const fields = Array.isArray(form.fields) ? (form.fields as Json[]) : [];
  const given = isObject(answer) ? answer : {};
  return fields.map((field) => {
    const value = given[String(field.key)];
    if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
    return typeof value === 'string' && value !== '' ? [value] : [];
  });
}

/** 1.x's `question.replied {answers}` as the form's answer (Form.State answered, packages/schema/src/form.ts). */
export function releaseAnswer(form: Json, answers: unknown): Json {
  const fields = Array.isArray(form.fields) ? (form.fields as Json[]) : [];
  const list = Array.isArray(answers) ? answers : [];
  return Object.fromEntries(
    fields.map((field, i) => {
      const given = Array.isArray(list[i]) ? (list[i] as unknown[]).filter((v): v is string => typeof v === 'string') : [];
      return [String(field.key), field.type === 'multiselect' ? given : (given[0] ?? '')];
    }),
  );
}

/** 1.x's `{info, parts}` message. */
export interface V1Message {
  info: Json;
  parts: Json[];
}

/**
 * Messages (packages/schema/src/session-message.ts, packages/protocol/src/groups/message.ts), oldest first:
 * a user message `{id, type: "user", text, time}`; an assistant message (one step) `{id, type: "assistant", agent,
 * model: {id, providerID}, content, finish, cost, tokens, time: {created, completed}, error?}`; a compaction is one
 * message `{id, type: "compaction", status, reason, summary, recent, cost, tokens}` (CompactionCompleted), made of
 * 1.x's compaction request (a user message with a `compaction` part) and the summary answering it.
 */
export function releaseMessages(messages: readonly V1Message[], directory?: string): Json[] {
  const summaries = new Map<string, V1Message>();
  for (const m of messages) if (m.info.role === 'assistant' && m.info.summary === true) summaries.set(String(m.info.parentID), m);
  const out: Json[] = [];
  for (const m of messages) {
    const { info, parts } = m;
    const time = isObject(info.time) ? info.time : {};
    if (info.role === 'user') {
      // The adapter's stand-in for `resume` (one synthetic text part) admits no input on 2.x: no message (ours: not observed).
      if (parts.length && parts.every((p) => p.type === 'text' && p.synthetic === true)) continue;
      const compaction = parts.find((p) => p.type === 'compaction');
      if (compaction) {
        out.push(compactionMessage(String(info.id), time, compaction, summaries.get(String(info.id))));
        continue;
      }
      const said = parts
        .filter((p) => p.type === 'text' && p.synthetic !== true)
        .map((p) => text(p.text) ?? '')
        .join('\n');
      out.push({ id: info.id, time: { created: time.created }, text: said, type: 'user' });
    } else if (info.role === 'assistant' && info.summary !== true) out.push(assistantMessage(info, parts, directory));
  }
  return out;
}

function assistantMessage(info: Json, parts: readonly Json[], directory: string | undefined): Json {
  const time = isObject(info.time) ? info.time : {};
  const completed = time.completed !== undefined;
  const stepStart = parts.find((p) => p.type === 'step-start');
  const stepEnd = parts.find((p) => p.type === 'step-finish');
  return {
    id: info.id,
    time: { created: time.created, ...(completed ? { completed: time.completed } : {}) },
    type: 'assistant',
    agent: info.agent ?? info.mode,
    model: { id: info.modelID, providerID: info.providerID },
    content: parts.flatMap((part) => releaseContent(part, directory)),
    ...(stepStart || stepEnd ? { snapshot: { start: stepStart?.snapshot, end: stepEnd?.snapshot, files: [] } } : {}),
    ...(info.finish !== undefined ? { finish: info.finish } : {}),
    // A step's figures once it has ended (CompletedAssistant); 1.x fills them in at its step-finish.
    ...(stepEnd || completed ? { cost: typeof info.cost === 'number' ? info.cost : 0, tokens: releaseTokens(info.tokens) } : {}),
    ...(isObject(info.error) ? { error: releaseError(info.error) } : {}),
  };
}

function compactionMessage(id: string, time: Json, request: Json, summary: V1Message | undefined): Json {
  const info = summary?.info ?? {};
  const done = isObject(info.time) && info.time.completed !== undefined;
  const failed = isObject(info.error);
  return {
    type: 'compaction',
    id,
    time: { created: time.created },
    status: failed ? 'failed' : done ? 'completed' : 'running',
    reason: request.auto === true ? 'auto' : 'manual',
    summary: (summary?.parts ?? [])
      .filter((p) => p.type === 'text')
      .map((p) => text(p.text) ?? '')
      .join('\n'),
    recent: '',
    ...(summary && (done || failed)
      ? {
          cost: typeof info.cost === 'number' ? info.cost : 0,
          tokens: releaseTokens(info.tokens),
          model: { id: info.modelID, providerID: info.providerID },
        }
      : {}),
  };
}

/** An error as 2.x records it, `{type, message}` (packages/schema/src/session-error.ts): a user's abort is `aborted`. */
export function releaseError(error: Json): Json {
  const data = isObject(error.data) ? error.data : {};
  if (error.name === 'MessageAbortedError') return { type: 'aborted', message: 'Step interrupted' };
  return {
    type: error.name === 'APIError' ? 'provider' : 'unknown',
    message: text(data.message) ?? text(error.message) ?? String(error.name),
  };
}

/** One part of an assistant message as 2.x's content (session-message.ts `AssistantContent`); steps' parts are not content. */
function releaseContent(part: Json, directory: string | undefined): Json[] {
  if (part.type === 'text' && part.synthetic !== true) return [{ type: 'text', id: part.id, text: part.text }];
  if (part.type === 'reasoning') return [{ type: 'reasoning', id: part.id, text: part.text }];
  if (part.type !== 'tool') return [];
  const state = isObject(part.state) ? part.state : {};
  const time = isObject(state.time) ? state.time : {};
  return [
    {
      type: 'tool',
      id: part.callID,
      name: releaseToolName(String(part.tool)),
      executed: false,
      state: releaseToolState(String(part.tool), state, directory),
      time: {
        created: time.start,
        ...(time.start !== undefined ? { ran: time.start } : {}),
        ...(time.end !== undefined ? { completed: time.end } : {}),
      },
    },
  ];
}

/**
 * A tool call's state (session-message.ts `ToolState`): its result as `content: [{type: "text", text}]`, an error as
 * `{type, message}`. Per tool, 2.x's metadata: a sub-agent names its session `sessionID` (subagent.ts), an edit
 * lists its change in `files: [FileDiff]` (edit.ts, packages/schema/src/file-diff.ts), and a write says which file
 * it created or wrote (write.ts: "Created file successfully: <path>", else "Wrote file successfully: <path>"); a
 * file in the session's folder is named relative to it, as 2.x names a FileDiff's file and a write's resource.
 */
export function releaseToolState(tool: string, state: Json, directory?: string): Json {
  const metadata = isObject(state.metadata) ? state.metadata : {};
  const base: Json = { status: state.status, input: state.input ?? {}, ...(text(state.title) ? { title: state.title } : {}) };
  if (state.status === 'error') return { ...base, error: { type: 'tool', message: text(state.error) ?? '' } };
  if (state.status !== 'completed') return { ...base, metadata: releaseToolMetadata(tool, metadata, directory) };
  let output = text(state.output) ?? '';
  if (tool === 'write' && typeof metadata.filepath === 'string')
    output = `${metadata.exists === true ? 'Wrote' : 'Created'} file successfully: ${inFolder(metadata.filepath, directory)}`;
  return { ...base, content: [{ type: 'text', text: output }], metadata: releaseToolMetadata(tool, metadata, directory) };
}

/** A path as 2.x names a project's file: relative to the session's folder when inside it. */
export function inFolder(path: string, directory: string | undefined): string {
  if (!directory || !isAbsolute(path)) return path;
  const inside = relative(directory, path);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
}

function releaseToolMetadata(tool: string, metadata: Json, directory: string | undefined): Json {
  if (tool === 'task') {
    const { sessionId, ...rest } = metadata;
    return sessionId === undefined ? rest : { ...rest, sessionID: sessionId };
  }
  if (tool === 'edit' && isObject(metadata.filediff)) {
    const change = metadata.filediff;
    return {
      files: [
        {
          file: typeof change.file === 'string' ? inFolder(change.file, directory) : change.file,
          patch: text(metadata.diff) ?? '',
          additions: change.additions ?? 0,
          deletions: change.deletions ?? 0,
          status: 'modified',
        },
      ],
    };
  }
  return metadata;
}

/** A cursor: where the next page starts in the list as filtered and ordered (opaque to clients, as 2.x's are). */
interface Cursor {
  offset: number;
  key: string;
}

/**
 * One page of a list, `{data, cursor: {previous, next}}` (groups/session.ts, groups/message.ts): `limit` items from
 * the cursor's place; `next` is null on the last page. The cursor holds the query it was made for (2.x refuses a
 * cursor with other filters), so a cursor for another list starts over.
 */
export function pageOf<T>(items: readonly T[], query: { limit?: number; cursor?: string; key: string }): { data: T[]; cursor: Json } {
  const limit = Math.max(1, Math.min(query.limit ?? 50, 200));
  let offset = 0;
  if (query.cursor) {
    try {
      const read = JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8')) as Cursor;
      if (read.key === query.key && Number.isInteger(read.offset) && read.offset >= 0) offset = read.offset;
    } catch {
      offset = 0;
    }
  }
  const data = items.slice(offset, offset + limit);
  const at = (o: number) => Buffer.from(JSON.stringify({ offset: o, key: query.key } satisfies Cursor)).toString('base64url');
  return {
    data,
    cursor: {
      previous: offset > 0 ? at(Math.max(0, offset - limit)) : null,
      next: offset + limit < items.length ? at(offset + limit) : null,
    },
  };
}
