// OpenCode 2's messages as transcript messages: `GET /api/session/{id}/message` (`{data, cursor}`, newest first,
// at most 200 a page; packages/schema/src/session-message.ts@1066927). A user message is `{text}`; an assistant
// message is one step, its `content` text, reasoning and tool parts (`{id, name, state: {status, input, content,
// metadata, error?}, time}`), its cost and tokens its own; a compaction carries its summary; a shell message its
// command and output. 1.18.33's early V2 keeps only its event history: no transcript there.
import { readsHistory } from './contract';
import { isObject, nonEmptyString } from '../../base/parse';
import { MAX_CALL_ID, type ToolStatus, type TranscriptMessage, type TranscriptPart, type TranscriptRole } from '../../store/transcript';
import type { SessionAddress } from '../serverApi';
import { ServerError } from '../transport/serverError';
import { finite } from '../wire/sessionInfo';
import { serverTokens } from '../wire/tokens';
import { boundedText, errorText, inputText, toolResult, toolTimes } from '../wire/transcriptText';
import { PagedRead } from './pagedRead';
import type { V2Client } from './client';
import { readV2Page } from './records';
import { MAX_SESSION_MESSAGES } from './messagePages';
import { stepPartID } from './steps';

const PAGE = 200;
const STATUSES = new Set<ToolStatus>(['pending', 'running', 'completed', 'error']);

/**
 * The session's messages, a page at a time, newest page first (each page oldest first); `newest`: only that many.
 * A page of more than PAGE entries (a server that ignores the limit) is given as pages of PAGE, newest first; past
 * MAX_SESSION_MESSAGES the read ends with an error that says so.
 */
export async function* v2TranscriptPages(
  client: V2Client,
  info: SessionAddress,
  options: { signal?: AbortSignal; newest?: number },
): AsyncGenerator<TranscriptMessage[]> {
  let cursor: string | undefined;
  const limit = Math.min(PAGE, Math.max(1, options.newest ?? PAGE));
  const pages = new PagedRead(MAX_SESSION_MESSAGES, 'messages in the session');
  while (!options.signal?.aborted) {
    const answer = await client.call('messages', { sessionID: info.id }, 'Reading messages', {
      query: { limit, cursor },
      signal: options.signal,
    });
    if (readsHistory(client.route('messages')))
      throw new ServerError('http', 'Reading the transcript: this server keeps only its event history, not its messages.', 404, true);
    const read = readV2Page(answer);
    if (!read) throw new ServerError('not-opencode', 'Reading messages: the answer was not a page of messages.');
    // The server's page is newest first: each part of it is a page of its own, in that order.
    const fresh = pages.fresh(read);
    for (let at = 0; at < fresh.length; at += PAGE) {
      yield readV2TranscriptMessages(fresh.slice(at, at + PAGE), info.id);
      if (options.newest !== undefined) return;
    }
    // 2.x answers a cursor even on the last page; a short page, or a cursor that does not move, ends it.
    if (options.newest !== undefined || read.entries.length < limit || !pages.more(read, cursor)) break;
    cursor = read.next;
  }
  if (pages.capped) throw new ServerError('http', `Reading the transcript: ${pages.capped} (the oldest messages are not shown).`);
}

/** One page's messages, oldest first; entries that are not messages are skipped. */
export function readV2TranscriptMessages(entries: readonly unknown[], sessionID: string): TranscriptMessage[] {
  const messages: TranscriptMessage[] = [];
  for (const entry of entries) {
    const message = readMessage(entry, sessionID);
    if (message) messages.push(message);
  }
  return messages.sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : 1));
}

function roleOf(type: unknown): TranscriptRole {
  return type === 'user' || type === 'assistant' || type === 'compaction' || type === 'shell' ? type : 'other';
}

function readMessage(entry: unknown, sessionID: string): TranscriptMessage | undefined {
  if (!isObject(entry)) return undefined;
  const id = nonEmptyString(entry.id);
  const created = isObject(entry.time) ? finite(entry.time.created) : undefined;
  if (!id || created === undefined || typeof entry.type !== 'string') return undefined;
  const message: TranscriptMessage = { id, sessionID, role: roleOf(entry.type), created, parts: [] };
  const completed = isObject(entry.time) ? finite(entry.time.completed) : undefined;
  if (completed !== undefined) message.completed = completed;
  const agent = nonEmptyString(entry.agent);
  if (agent) message.agent = agent;
  if (isObject(entry.model)) {
    const modelID = nonEmptyString(entry.model.id);
    const providerID = nonEmptyString(entry.model.providerID);
    if (modelID) message.modelID = modelID;
    if (providerID) message.providerID = providerID;
  }
  if (typeof entry.cost === 'number' && Number.isFinite(entry.cost)) message.cost = entry.cost;
  if (isObject(entry.tokens)) message.tokens = serverTokens(entry.tokens);
  const error = errorText(entry.error);
  if (error) message.error = error;
  const text = (value: unknown, partID: string) => {
    const read = boundedText(value);
    if (read) message.parts.push({ kind: 'text', id: partID, ...read });
  };
  switch (entry.type) {
    case 'user':
    case 'synthetic':
    case 'system':
      text(entry.text ?? (isObject(entry.data) ? entry.data.text : undefined), `${id}:text`);
      break;
    case 'compaction':
      if (entry.reason === 'auto') message.auto = true;
      text(entry.summary, `${id}:summary`);
      break;
    case 'shell': {
      const command = nonEmptyString(entry.command);
      message.parts.push({
        kind: 'tool',
        id: `${id}:shell`,
        tool: 'shell',
        status: entry.status === 'running' ? 'running' : 'completed',
        input: inputText(command === undefined ? undefined : { command }),
        ...toolResult(entry.output, undefined),
      });
      break;
    }
    case 'assistant':
      (Array.isArray(entry.content) ? entry.content : []).forEach((raw, index) => {
        const part = readContent(raw, id, index);
        if (part) message.parts.push(part);
      });
      // One assistant message is one step (v2/steps.ts), with its own figures.
      if (isObject(entry.tokens))
        message.parts.push({ kind: 'step', id: stepPartID(id), tokens: serverTokens(entry.tokens), cost: message.cost ?? 0 });
      break;
    default:
      break;
  }
  return message;
}

function readContent(raw: unknown, messageID: string, index: number): TranscriptPart | undefined {
  if (!isObject(raw)) return undefined;
  if (raw.type === 'text' || raw.type === 'reasoning') {
    const text = boundedText(raw.text);
    if (!text) return undefined;
    const id = nonEmptyString(raw.id) ?? `${messageID}:${index}`;
    return raw.type === 'text' ? { kind: 'text', id, ...text } : { kind: 'reasoning', id, ...text };
  }
  if (raw.type !== 'tool') return undefined;
  const callID = nonEmptyString(raw.id);
  if (!callID) return undefined;
  const state = isObject(raw.state) ? raw.state : {};
  const status = STATUSES.has(state.status as ToolStatus) ? (state.status as ToolStatus) : 'pending';
  const metadata = isObject(state.metadata) ? state.metadata : {};
  const child = nonEmptyString(metadata.sessionID) ?? nonEmptyString(metadata.sessionId);
  const output = Array.isArray(state.content)
    ? state.content.map((c) => (isObject(c) && typeof c.text === 'string' ? c.text : '')).join('\n')
    : state.content;
  const title = nonEmptyString(state.title);
  return {
    // Call ids repeat across steps; with the message they name one call (as v2/events names its tool parts).
    kind: 'tool',
    id: `${messageID}:${callID}`,
    // The call a permission names (v2/records.ts): the transcript takes its wait out of the run time.
    callID: callID.slice(0, MAX_CALL_ID),
    tool: nonEmptyString(raw.name) ?? nonEmptyString(raw.tool) ?? 'tool',
    status,
    input: inputText(state.input),
    ...(title && { title: boundedText(title)!.text }),
    ...toolResult(output, state.error),
    ...toolTimes(raw.time ?? state.time),
    ...(child && { childSessionID: child }),
  };
}
