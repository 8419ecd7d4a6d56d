// What the store keeps of a session for its timeline beyond its figures: the tool calls of each message and the
// marks of what it waited for or failed at, each bounded so a stream of made-up ids or retries cannot grow them.
import type { PendingRequest } from './pendingRequest';
import { MAX_MARKS, type SessionMark, type SessionRecord, type ToolCallRef } from './sessionRecord';
import { MAX_CALL_ID } from './transcript';

/** The most messages whose tool calls a session keeps (the oldest go first), and the most calls kept per message. */
const MAX_TOOL_CALL_MESSAGES = 100_000;
const MAX_CALLS_PER_MESSAGE = 1_000;
/** A tool's name as kept (names are short identifiers; a server's made-up one of a megabyte is cut). */
const MAX_TOOL_NAME = 120;

/**
 * A tool call of a message, for the timeline; bounded, so a stream of made-up ids cannot grow it without end.
 * Returns the message whose calls were dropped to make room, if one was.
 */
export function recordToolCall(record: SessionRecord, messageID: string, partID: string, tool: string): string | undefined {
  const calls = (record.toolCalls ??= new Map<string, Map<string, string>>());
  let ofMessage = calls.get(messageID);
  let dropped: string | undefined;
  if (!ofMessage) {
    if (calls.size >= MAX_TOOL_CALL_MESSAGES) {
      dropped = calls.keys().next().value!;
      calls.delete(dropped);
    }
    calls.set(messageID, (ofMessage = new Map<string, string>()));
  }
  if (ofMessage.size < MAX_CALLS_PER_MESSAGE || ofMessage.has(partID)) ofMessage.set(partID, tool.slice(0, MAX_TOOL_NAME));
  return dropped;
}

/** Keeps the newest MAX_MARKS: a session retried or asked thousands of times holds no more. */
export function addMark(record: SessionRecord, mark: SessionMark): void {
  const marks = (record.marks ??= []);
  marks.push(mark);
  if (marks.length > MAX_MARKS) marks.splice(0, marks.length - MAX_MARKS);
}

/** Ends the open marks `which` picks (at most MAX_MARKS to look at); `missed`: found over at `at`, ended earlier. */
export function closeMarks(record: SessionRecord, at: number, which: (mark: SessionMark) => boolean, missed = false): void {
  const marks = record.marks;
  if (!marks) return;
  for (let i = marks.length - 1; i >= 0; i--) {
    const mark = marks[i];
    if (mark.end === undefined && which(mark)) {
      mark.end = Math.max(at, mark.start);
      if (missed) mark.endMissed = true;
    }
  }
}

/** A wait's words as kept: a command of a megabyte is cut. */
const MAX_DETAIL = 160;

/** What a request waits for, in words: the permission and what it applies to, a question's or a form's title. */
export function requestDetail(request: PendingRequest): string {
  let text: string;
  if (request.kind === 'permission') {
    // At most a few patterns are read (a listing may name thousands).
    const patterns = request.patterns.slice(0, 4).map((p) => String(p).slice(0, MAX_DETAIL));
    text = patterns.length ? `${request.permission}: ${patterns.join(', ')}` : request.permission;
  } else if (request.kind === 'question') text = request.questions[0]?.header || request.questions[0]?.question || '';
  else text = request.title;
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL - 1)}…` : text;
}

/**
 * How long the tool call `call` that ran from `start` to `end` waited for a permission answer (absent: no wait
 * this store saw). OpenCode 1.18 records a tool part's `state.time.start`/`end` only, the wait inside them (ours:
 * measured, a `bash` asked 6m 47s read 6m 49s). A wait counts for the call its permission names, in its message
 * where the server names that (2.x's call ids repeat across steps), and only the part inside the run: a wait
 * closed late at a reconnect takes nothing out of another run; two waits at once never more than the run. The
 * wait's ends are the store's clock: a server's clock far off ours counts less of it, never more. A wait whose answer
 * this window missed (endMissed) counts as unknown: the run time is told with it. At most MAX_MARKS are read.
 */
export function permissionWaitOf(record: SessionRecord, call: ToolCallRef, start: number, end: number): number | undefined {
  let waited: number | undefined;
  // Ids are kept to MAX_CALL_ID on the request's side (wire/requests.ts).
  const messageID = call.messageID.slice(0, MAX_CALL_ID);
  for (const mark of record.marks ?? [])
    if (
      mark.kind === 'permission' &&
      mark.callID === call.callID &&
      (mark.messageID === undefined || mark.messageID === messageID) &&
      mark.end !== undefined &&
      !mark.endMissed
    )
      waited = (waited ?? 0) + Math.max(0, Math.min(mark.end, end) - Math.max(mark.start, start));
  return waited === undefined ? undefined : Math.min(waited, Math.max(0, end - start));
}
