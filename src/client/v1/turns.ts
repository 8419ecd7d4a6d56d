// A session's turns as OpenCode 1.x records them: a user message's `summary.diffs` (also what
// `GET /session/{id}/diff?messageID=` answers), read from the session's messages, a page at a time.
import { isObject, nonEmptyString } from '../../base/parse';
import type { FileChange, Turn, TurnTools } from '../../store/turns';
import { parseFileDiff } from '../wire/fileDiff';
import { addToolCall, noTools } from '../wire/turnTools';
import { messagePages, type PagedMessagesClient } from './messagePages';

/** Every turn of a session that changed files, oldest first. */
export async function loadTurns(client: PagedMessagesClient, sessionID: string, signal?: AbortSignal): Promise<Turn[]> {
  const messages: unknown[] = [];
  // One by one: a spread of a page into arguments throws past ~120 000 entries.
  for await (const page of messagePages(client, sessionID, signal)) for (const message of page) messages.push(message);
  return turnsOf(sessionID, messages);
}

/** The turns of a session from its messages (`{info, parts}` as the messages route lists them), oldest first. */
export function turnsOf(sessionID: string, messages: readonly unknown[]): Turn[] {
  const tools = toolsByTurn(messages);
  const turns: Turn[] = [];
  for (const message of messages) {
    const info = isObject(message) && isObject(message.info) ? message.info : undefined;
    if (!info || info.role !== 'user' || !isObject(info.summary) || !Array.isArray(info.summary.diffs)) continue;
    const messageID = nonEmptyString(info.id);
    if (!messageID) continue;
    const files = info.summary.diffs.map(parseFileDiff).filter((f): f is FileChange => f !== undefined);
    const created = isObject(info.time) && typeof info.time.created === 'number' ? info.time.created : 0;
    if (files.length) turns.push({ sessionID, messageID, created, files, tools: tools && (tools.get(messageID) ?? noTools()) });
  }
  return turns.sort((a, b) => a.created - b.created || (a.messageID < b.messageID ? -1 : 1));
}

/**
 * What each turn's tool calls name, by user message: an assistant message's `parentID` is its turn. undefined when
 * the messages carry no parts at all (nothing can be told; every file then counts as the session's own).
 */
function toolsByTurn(messages: readonly unknown[]): Map<string, TurnTools> | undefined {
  const byTurn = new Map<string, TurnTools>();
  let parts = false;
  for (const message of messages) {
    if (!isObject(message) || !Array.isArray(message.parts)) continue;
    parts = true;
    const info = isObject(message.info) ? message.info : undefined;
    const turn = info?.role === 'assistant' ? nonEmptyString(info.parentID) : undefined;
    if (!turn) continue;
    const tools = byTurn.get(turn) ?? noTools();
    byTurn.set(turn, tools);
    for (const part of message.parts) if (isObject(part) && part.type === 'tool') addToolCall(tools, part.tool, part.state);
  }
  return parts ? byTurn : undefined;
}
