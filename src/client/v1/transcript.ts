// OpenCode 1.x's messages with their parts as transcript messages: `GET /session/{id}/message` pages (newest first,
// `{info, parts}` each). A text, reasoning, tool, step-finish, file or patch part is kept; a compaction part makes
// its user message a compaction; an assistant message with `summary: true` is a compaction's summary. Malformed
// messages and parts are skipped, never fatal.
import { isObject, nonEmptyString } from '../../base/parse';
import { MAX_CALL_ID, type ToolStatus, type TranscriptMessage, type TranscriptPart } from '../../store/transcript';
import { finite } from '../wire/sessionInfo';
import { serverTokens } from '../wire/tokens';
import { boundedText, errorText, inputText, toolResult, toolTimes } from '../wire/transcriptText';
import { Slicer } from '../transport/slicer';
import { messagePage, messagePages, type PagedMessagesClient } from './messagePages';

const STATUSES = new Set<ToolStatus>(['pending', 'running', 'completed', 'error']);

/** The session's messages, a page at a time, newest page first (each page oldest first); `newest`: only that many. */
export async function* v1TranscriptPages(
  client: PagedMessagesClient,
  sessionID: string,
  options: { signal?: AbortSignal; newest?: number },
): AsyncGenerator<TranscriptMessage[]> {
  if (options.newest !== undefined) {
    const { items } = await messagePage(client, sessionID, options.newest, undefined, options.signal);
    yield await readV1Messages(items, sessionID);
    return;
  }
  for await (const items of messagePages(client, sessionID, options.signal)) yield await readV1Messages(items, sessionID);
}

/** One page's `{info, parts}` entries, oldest first; the event loop gets a turn every few ms (a page may hold any number). */
export async function readV1Messages(items: readonly unknown[], sessionID: string): Promise<TranscriptMessage[]> {
  const messages: TranscriptMessage[] = [];
  const slicer = new Slicer();
  for (const item of items) {
    const message = isObject(item) ? readMessage(item.info, item.parts, sessionID) : undefined;
    if (message) messages.push(message);
    await slicer.turn();
  }
  return messages.sort(byTime);
}

function byTime(a: TranscriptMessage, b: TranscriptMessage): number {
  return a.created - b.created || (a.id < b.id ? -1 : 1);
}

function readMessage(info: unknown, parts: unknown, sessionID: string): TranscriptMessage | undefined {
  if (!isObject(info)) return undefined;
  const id = nonEmptyString(info.id);
  const created = isObject(info.time) ? finite(info.time.created) : undefined;
  if (!id || created === undefined || info.sessionID !== sessionID) return undefined;
  const list = Array.isArray(parts) ? parts : [];
  const compaction = list.find((p) => isObject(p) && p.type === 'compaction') as Record<string, unknown> | undefined;
  const role = compaction ? 'compaction' : info.role === 'user' ? 'user' : info.role === 'assistant' ? 'assistant' : 'other';
  const message: TranscriptMessage = { id, sessionID, role, created, parts: [] };
  const completed = isObject(info.time) ? finite(info.time.completed) : undefined;
  if (completed !== undefined) message.completed = completed;
  if (compaction?.auto === true) message.auto = true;
  if (info.summary === true) message.summary = true;
  const agent = nonEmptyString(info.agent) ?? nonEmptyString(info.mode);
  if (agent) message.agent = agent;
  const modelID = nonEmptyString(info.modelID) ?? (isObject(info.model) ? nonEmptyString(info.model.modelID) : undefined);
  const providerID = nonEmptyString(info.providerID) ?? (isObject(info.model) ? nonEmptyString(info.model.providerID) : undefined);
  if (modelID) message.modelID = modelID;
  if (providerID) message.providerID = providerID;
  if (role === 'assistant') {
    if (typeof info.cost === 'number' && Number.isFinite(info.cost)) message.cost = info.cost;
    if (isObject(info.tokens)) message.tokens = serverTokens(info.tokens);
  }
  const error = errorText(info.error);
  if (error) message.error = error;
  for (const raw of list) {
    const part = readPart(raw);
    if (part) message.parts.push(part);
  }
  return message;
}

function readPart(raw: unknown): TranscriptPart | undefined {
  if (!isObject(raw)) return undefined;
  const id = nonEmptyString(raw.id);
  if (!id) return undefined;
  switch (raw.type) {
    case 'text':
    case 'reasoning': {
      const text = boundedText(raw.text);
      if (!text) return undefined;
      return raw.type === 'text'
        ? { kind: 'text', id, ...text, ...(raw.synthetic === true && { synthetic: true }) }
        : { kind: 'reasoning', id, ...text };
    }
    case 'tool': {
      const state = isObject(raw.state) ? raw.state : {};
      const tool = nonEmptyString(raw.tool) ?? 'tool';
      const status = STATUSES.has(state.status as ToolStatus) ? (state.status as ToolStatus) : 'pending';
      const metadata = isObject(state.metadata) ? state.metadata : {};
      const child = nonEmptyString(metadata.sessionId) ?? nonEmptyString(metadata.sessionID);
      const title = nonEmptyString(state.title);
      const callID = nonEmptyString(raw.callID);
      return {
        kind: 'tool',
        id,
        tool,
        status,
        input: inputText(state.input),
        ...(title && { title: boundedText(title)!.text }),
        ...toolResult(state.output, state.error),
        ...toolTimes(state.time),
        ...(child && { childSessionID: child }),
        ...(callID && { callID: callID.slice(0, MAX_CALL_ID) }),
      };
    }
    case 'step-finish':
      return {
        kind: 'step',
        id,
        ...(isObject(raw.tokens) && { tokens: serverTokens(raw.tokens) }),
        ...(typeof raw.cost === 'number' && Number.isFinite(raw.cost) && { cost: raw.cost }),
      };
    case 'file': {
      const name = nonEmptyString(raw.filename) ?? nonEmptyString(raw.url);
      return name ? { kind: 'file', id, name: boundedText(name)!.text } : undefined;
    }
    case 'patch':
      return { kind: 'patch', id, files: Array.isArray(raw.files) ? raw.files.filter((f): f is string => typeof f === 'string') : [] };
    default:
      return undefined;
  }
}
