// A session's turns on OpenCode 2, oldest first. 2.x releases diff a turn on the server (`GET /api/session/{id}/
// diff?from=<user message>`: `{data: [FileDiff]}` with whole-file patches). A turn there runs from the first prompt
// after the session was last idle to its next `idle` message, so prompts steered in meanwhile belong to it; without
// any idle message, each prompt's turn runs to the next (session.diff in packages/protocol/src/groups/session.ts,
// Session.Message.Idle in packages/schema/src/session-message.ts, both at 1066927). The older build has no diff route:
// there a turn's changes are what its file tools reported (`edit`, `write`, `patch` results carry `metadata.files:
// [FileDiff]`, packages/core/src/tool/plugin/edit.ts), with a few lines of context each.
import { readsHistory } from './contract';
import { isObject, nonEmptyString } from '../../base/parse';
import type { FileChange, Turn, TurnTools } from '../../store/turns';
import type { SessionAddress } from '../serverApi';
import { ServerError } from '../transport/serverError';
import { addCommand, addToolCall, noTools } from '../wire/turnTools';
import { parseFileDiff, readFileDiffs } from '../wire/fileDiff';
import { finite } from '../wire/sessionInfo';
import type { V2Client } from './client';
import { Slices } from '../../base/node/slices';
import { readEveryV2Message } from './messagePages';
import { WriteChange, type WriteCounts } from './writes';

/** Turn diffs asked at once: a long session's turns are read in a few rounds, not one request after another. */
const DIFF_READS = 4;
/** What the older build's write tool answers: "Created file successfully: <path>" or "Wrote …". */
const CREATED = 'Created file successfully: ';
const WROTE = 'Wrote file successfully: ';

/** Every turn of the session that changed files, oldest first: the server's turn diffs, else its file tools'. */
export async function loadV2Turns(client: V2Client, writes: WriteCounts, info: SessionAddress, signal?: AbortSignal): Promise<Turn[]> {
  if (readsHistory(client.route('messages'))) throw new ServerError('http', 'Reading changes: this server does not offer it.', 404, true);
  const messages = await readEveryV2Message(client, info, signal);
  if (!client.contract.offers('diff')) return turnsFromTools(info.id, messages, writes);
  const tools = toolsByTurn(messages);
  const starts = turnStarts(messages);
  const diffs: Array<FileChange[] | undefined> = starts.map(() => undefined);
  let next = 0;
  let lacking = false;
  const worker = async () => {
    while (next < starts.length && !lacking && !signal?.aborted) {
      const at = next++;
      try {
        diffs[at] = readFileDiffs(
          await client.call('diff', { sessionID: info.id }, 'Reading a turn’s changes', { query: { from: starts[at].messageID }, signal }),
        );
      } catch (err) {
        // Probed, and the server has no turn diffs (the older build): its file tools tell instead.
        if (!(err instanceof ServerError && err.noRoute && !client.contract.offers('diff'))) throw err;
        lacking = true;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(DIFF_READS, starts.length) }, worker));
  if (lacking) return turnsFromTools(info.id, messages, writes);
  const turns: Turn[] = [];
  starts.forEach((start, i) => {
    const files = diffs[i];
    if (files?.length)
      turns.push({ sessionID: info.id, messageID: start.messageID, created: start.created, files, tools: tools.get(start.messageID) });
  });
  return turns;
}

/** A user message: where a turn starts. */
export interface TurnStart {
  messageID: string;
  created: number;
}

/** The user message that starts each turn, oldest first, from a session's messages (any order). */
export function turnStarts(messages: readonly unknown[]): TurnStart[] {
  const starts: TurnStart[] = [];
  for (const [id, start] of turnOfEachPrompt(messages)) if (id === start.messageID) starts.push(start);
  return starts;
}

/**
 * Which turn each user message belongs to (by its id), in time order: its own, or, where the session records
 * `idle` messages, the first prompt since the last one (a prompt steered into a running turn joins it).
 */
function turnOfEachPrompt(messages: readonly unknown[]): Map<string, TurnStart> {
  const sorted = messages.filter(isObject).sort((a, b) => byTime(timeOf(a), timeOf(b)));
  const idleMarkers = sorted.some((m) => m.type === 'idle');
  const turns = new Map<string, TurnStart>();
  let open: TurnStart | undefined;
  for (const m of sorted) {
    if (m.type === 'idle') open = undefined;
    if (m.type !== 'user') continue;
    const messageID = nonEmptyString(m.id);
    const created = isObject(m.time) ? finite(m.time.created) : undefined;
    if (!messageID || created === undefined) continue;
    if (!idleMarkers || !open) open = { messageID, created };
    turns.set(messageID, open);
  }
  return turns;
}

/**
 * Turns from what each turn's file tools reported (the older build): the tool results between one user message
 * and the next. A file a turn changed several times keeps its first status (added) or last (deleted), the last
 * patch and the summed counts (the patches carry only a few lines of context, so they cannot be joined); writes,
 * which report no diff, are counted by `writes` (v2/writes.ts).
 */
export async function turnsFromTools(sessionID: string, messages: readonly unknown[], writes: WriteCounts): Promise<Turn[]> {
  const entries = messages.filter(isObject).sort((a, b) => byTime(timeOf(a), timeOf(b)));
  const turns: Turn[] = [];
  const written = new Map<string, string>();
  let current: Turn | undefined;
  /** The current turn's files by path: each change joins its file's in O(1). */
  let byPath = new Map<string, FileChange>();
  const add = (change: FileChange) => joinChange(current!, byPath, change);
  const slices = new Slices();
  writes.startRead();
  for (const m of entries) {
    if (slices.due) await slices.yield();
    if (m.type === 'user') {
      const messageID = nonEmptyString(m.id);
      if (!messageID) continue;
      current = { sessionID, messageID, created: timeOf(m).created, files: [] };
      byPath = new Map();
      turns.push(current);
      continue;
    }
    if (m.type !== 'assistant' || !current || !Array.isArray(m.content)) continue;
    for (const part of m.content) {
      const metadata = isObject(part) && part.type === 'tool' && isObject(part.state) ? part.state.metadata : undefined;
      const files = isObject(metadata) && Array.isArray(metadata.files) ? metadata.files : [];
      for (const raw of files) {
        const change = parseFileDiff(raw);
        if (change) add(change);
        if (slices.due) await slices.yield();
      }
      const write = files.length ? undefined : writeOf(part, written);
      const change =
        write &&
        (await writes.change(sessionID, `${nonEmptyString(m.id) ?? ''}\u0000${write.callID}`, write.path, write.before, write.after));
      if (change) add(change);
    }
  }
  return turns.filter((t) => t.files.length > 0);
}

/**
 * A completed `write` call: its file, the text after (its `content`), and before: nothing when the result says
 * "Created file successfully: <resource>", else what an earlier write of this session left (undefined: unknown).
 */
function writeOf(
  part: unknown,
  written: Map<string, string>,
): { callID: string; path: string; before?: string; after: string } | undefined {
  if (!isObject(part) || part.type !== 'tool' || part.name !== 'write' || !isObject(part.state)) return undefined;
  const { status, input, content } = part.state;
  if (status !== 'completed' || !isObject(input) || typeof input.content !== 'string' || !Array.isArray(content)) return undefined;
  const said = (content.find((c): c is { text: string } => isObject(c) && typeof c.text === 'string')?.text ?? '').trim();
  const created = said.startsWith(CREATED);
  const path = created ? said.slice(CREATED.length) : said.startsWith(WROTE) ? said.slice(WROTE.length) : '';
  if (!path || /[\n\r\u2028\u2029]/.test(path)) return undefined;
  const before = created ? '' : written.get(path);
  written.set(path, input.content);
  return { callID: nonEmptyString(part.id) ?? path, path, before, after: input.content };
}

function joinChange(turn: Turn, byPath: Map<string, FileChange>, change: FileChange): void {
  const known = byPath.get(change.path);
  if (!known) {
    byPath.set(change.path, change);
    return void turn.files.push(change);
  }
  if (known instanceof WriteChange && change instanceof WriteChange) return known.extend(change);
  known.status = known.status === 'added' ? 'added' : change.status;
  known.additions += change.additions;
  known.deletions += change.deletions;
  known.patch = change.patch;
}

function timeOf(m: Record<string, unknown>): TurnStart {
  return { messageID: nonEmptyString(m.id) ?? '', created: (isObject(m.time) ? finite(m.time.created) : undefined) ?? 0 };
}

function byTime(a: TurnStart, b: TurnStart): number {
  return a.created - b.created || (a.messageID < b.messageID ? -1 : a.messageID > b.messageID ? 1 : 0);
}

/**
 * What each turn's own tool calls name, by the user message that starts it (2.x releases, whose turn diffs hold
 * the whole work tree's changes): tool parts of the assistant messages up to the turn's end, and a user's own shell
 * commands.
 */
export function toolsByTurn(messages: readonly unknown[]): Map<string, TurnTools> {
  const turnOf = turnOfEachPrompt(messages);
  const byTurn = new Map<string, TurnTools>();
  let current: TurnTools | undefined;
  for (const m of messages.filter(isObject).sort((a, b) => byTime(timeOf(a), timeOf(b)))) {
    if (m.type === 'user') {
      const start = turnOf.get(nonEmptyString(m.id) ?? '');
      if (start) byTurn.set(start.messageID, (current = byTurn.get(start.messageID) ?? noTools()));
    } else if (current && m.type === 'shell') addCommand(current, m.command);
    else if (current && m.type === 'assistant' && Array.isArray(m.content))
      for (const part of m.content) if (isObject(part) && part.type === 'tool') addToolCall(current, part.name, part.state);
  }
  return byTurn;
}
