// A session's turns on OpenCode 2, oldest first: each user message starts one. 2.x releases diff a turn on the
// server (`GET /api/session/{id}/diff?from=<user message>`: `{data: [FileDiff]}` with whole-file patches;
// packages/protocol/src/groups/session.ts@01fd0c8). The v2 branch this project tests against (b6226260) has no
// such route: there a turn's changes are what its file tools reported (`edit`, `write`, `patch` results carry
// `metadata.files: [FileDiff]`, packages/core/src/tool/plugin/edit.ts), with a few lines of context each.
import { formatPatch, structuredPatch } from 'diff';
import { isObject, nonEmptyString } from '../../store/parse';
import type { ChangeStatus, FileChange, Turn, TurnTools } from '../../store/turns';
import { addCommand, addToolCall, noTools } from '../turnTools';
import { finite } from '../wire/sessionInfo';

/** A user message: where a turn starts. */
export interface TurnStart {
  messageID: string;
  created: number;
}

/** The user messages of a session's messages (any order), oldest first. */
export function turnStarts(messages: readonly unknown[]): TurnStart[] {
  const starts: TurnStart[] = [];
  for (const m of messages) {
    if (!isObject(m) || m.type !== 'user') continue;
    const messageID = nonEmptyString(m.id);
    const created = isObject(m.time) ? finite(m.time.created) : undefined;
    if (messageID && created !== undefined) starts.push({ messageID, created });
  }
  return starts.sort(byTime);
}

/** A `FileDiff` (`{file, patch, additions, deletions, status}`), read field by field. */
export function fileDiff(value: unknown): FileChange | undefined {
  if (!isObject(value)) return undefined;
  const path = nonEmptyString(value.file) ?? nonEmptyString(value.path);
  if (!path) return undefined;
  const status: ChangeStatus = value.status === 'added' || value.status === 'deleted' ? value.status : 'modified';
  const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0);
  return {
    path,
    status,
    additions: count(value.additions),
    deletions: count(value.deletions),
    patch: typeof value.patch === 'string' ? value.patch : '',
  };
}

/** `{data: [FileDiff]}` (or a bare list) as one turn's files; undefined when the answer is not a list. */
export function readTurnDiff(answer: unknown): FileChange[] | undefined {
  const list = isObject(answer) ? answer.data : answer;
  if (!Array.isArray(list)) return undefined;
  return list.map(fileDiff).filter((f): f is FileChange => f !== undefined);
}

/**
 * Turns from what each turn's file tools reported (the v2 branch): the tool results between one user message
 * and the next. A file a turn changed several times keeps its first status (added) or last (deleted), the last
 * patch and the summed counts (the patches carry only a few lines of context, so they cannot be joined).
 */
export function turnsFromTools(sessionID: string, messages: readonly unknown[]): Turn[] {
  const entries = messages.filter(isObject).sort((a, b) => byTime(timeOf(a), timeOf(b)));
  const turns: Turn[] = [];
  const written = new Map<string, string>();
  let current: Turn | undefined;
  for (const m of entries) {
    if (m.type === 'user') {
      const messageID = nonEmptyString(m.id);
      if (!messageID) continue;
      current = { sessionID, messageID, created: timeOf(m).created, files: [] };
      turns.push(current);
      continue;
    }
    if (m.type !== 'assistant' || !current || !Array.isArray(m.content)) continue;
    for (const part of m.content) {
      const metadata = isObject(part) && part.type === 'tool' && isObject(part.state) ? part.state.metadata : undefined;
      const files = isObject(metadata) && Array.isArray(metadata.files) ? metadata.files : [];
      for (const change of files.map(fileDiff)) if (change) add(current, change);
      if (!files.length) {
        const change = writeChange(part, written);
        if (change) add(current, change);
      }
    }
  }
  return turns.filter((t) => t.files.length > 0);
}

/** Larger texts are not diffed here (the row must draw at once); such a write is left out rather than guessed. */
const MAX_WRITE_DIFF_CHARS = 1_000_000;
/**
 * Line comparisons one write's diff may cost in the extension host (Myers: about lines × edits): past it the
 * diff gives up and the write is left out, so a big file changed in many places cannot stall VS Code.
 */
const DIFF_BUDGET = 2_000_000;

/**
 * A `write` call's change on the v2 branch, whose write tool records no diff (its preview goes only to a
 * permission: packages/core/src/tool/plugin/write.ts@b6226260): the file's text after is the call's `content`;
 * before, nothing when the result says "Created file successfully: <resource>", else what an earlier write of
 * this session left. Counted as the server counts its own previews (core/src/tool/plugin/file-diff.ts).
 * A rewrite of a file this session never wrote before cannot be counted and is left out.
 */
function writeChange(part: unknown, written: Map<string, string>): FileChange | undefined {
  if (!isObject(part) || part.type !== 'tool' || part.name !== 'write' || !isObject(part.state)) return undefined;
  const { status, input, content } = part.state;
  if (status !== 'completed' || !isObject(input) || typeof input.content !== 'string' || !Array.isArray(content)) return undefined;
  const said = content.find((c): c is { text: string } => isObject(c) && typeof c.text === 'string')?.text ?? '';
  const match = /^(Created|Wrote) file successfully: (.+)$/.exec(said.trim());
  if (!match) return undefined;
  const path = match[2];
  const after = input.content;
  const before = match[1] === 'Created' ? '' : written.get(path);
  written.set(path, after);
  if (before === undefined || before.length + after.length > MAX_WRITE_DIFF_CHARS) return undefined;
  // A new file's diff is its lines, cheap at any size; a rewrite's cost grows with its edits: capped.
  const maxEditLength = Math.max(1, Math.floor(DIFF_BUDGET / (lineCount(before) + lineCount(after))));
  const diff = before
    ? structuredPatch(path, path, before, after, undefined, undefined, { maxEditLength })
    : structuredPatch(path, path, before, after);
  if (!diff) return undefined;
  let additions = 0;
  let deletions = 0;
  for (const line of diff.hunks.flatMap((h) => h.lines)) {
    if (line.startsWith('+')) additions += 1;
    else if (line.startsWith('-')) deletions += 1;
  }
  const patch = formatPatch(diff);
  return { path, status: match[1] === 'Created' ? 'added' : 'modified', additions, deletions, patch };
}

function lineCount(text: string): number {
  let n = 1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) n++;
  return n;
}

function add(turn: Turn, change: FileChange): void {
  const known = turn.files.find((f) => f.path === change.path);
  if (!known) return void turn.files.push(change);
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
 * the whole work tree's changes): tool parts of the assistant messages up to the next user message, and a user's
 * own shell commands.
 */
export function toolsByTurn(messages: readonly unknown[]): Map<string, TurnTools> {
  const byTurn = new Map<string, TurnTools>();
  let current: TurnTools | undefined;
  for (const m of messages.filter(isObject).sort((a, b) => byTime(timeOf(a), timeOf(b)))) {
    if (m.type === 'user') {
      const id = nonEmptyString(m.id);
      if (id) byTurn.set(id, (current = noTools()));
    } else if (current && m.type === 'shell') addCommand(current, m.command);
    else if (current && m.type === 'assistant' && Array.isArray(m.content))
      for (const part of m.content) if (isObject(part) && part.type === 'tool') addToolCall(current, part.name, part.state);
  }
  return byTurn;
}
