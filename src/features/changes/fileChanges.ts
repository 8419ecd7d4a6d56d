// What sessions changed on disk, from OpenCode's per-turn diffs (read by the server's adapter: each file's
// status, `+/−` counts and a unified patch with the whole file as context). Rows keep only figures (no patches):
// a file changed in one turn keeps the server's counts; over several turns the net count is worked out in slices
// when the turns are read (until then, and when that is too big, the turns' counts summed). The texts before and
// after are rebuilt from the patches only when a diff is opened.
import type { ChangeStatus, FileChange, Turn, TurnTools } from '../../store/turns';
import { namedByOwnTools } from './attribution';
import { countLineChanges, type LineCounts } from './lineCounts';
import { countedLines, isBinaryPatch, isCompletePatch, readPatch, sideText } from './patchTexts';
import { runNow, runSliced } from '../../base/slices';

export interface FileSides {
  before: string;
  after: string;
  /** False when the patch skips lines (limited context): the texts are then only the changed regions. */
  complete: boolean;
}

/** One file as one turn changed it, without its patch. */
export interface FileFigures {
  path: string;
  status: ChangeStatus;
  additions: number;
  deletions: number;
  binary: boolean;
  complete: boolean;
}

/** A turn's figures: what the Changes rows keep. */
export interface TurnFigures {
  sessionID: string;
  messageID: string;
  created: number;
  files: FileFigures[];
  tools?: TurnTools;
}

export interface TurnRef {
  sessionID: string;
  messageID: string;
}

/** A file's net change over several turns (and sessions); `binary` files are listed, not diffed. */
export interface ChangedFile extends FileFigures {
  /** Every turn that touched it, oldest first. */
  turns: TurnRef[];
  /** The turns whose patches give the text before (the first) and after (the last). */
  sidesFrom: { first: TurnRef; last: TurnRef };
  /** The session's own tools named it; false: it changed meanwhile, by something else. */
  own: boolean;
  /** How the counts were made: the server's (one turn), net over the turns, or the turns' counts summed. */
  counted: 'server' | 'net' | 'summed';
}

/** Net counts over turns, by netKey; 'unchanged' when the file ends as it began. */
export type NetCounts = ReadonlyMap<string, LineCounts | 'unchanged'>;
export type NetLookup = (key: string) => LineCounts | 'unchanged' | undefined;

export function netKey(path: string, first: string, last: string): string {
  return `${path}\u0000${first}\u0000${last}`;
}

/** A turn without its patches. */
export function figuresOf(turn: Turn): TurnFigures {
  return {
    sessionID: turn.sessionID,
    messageID: turn.messageID,
    created: turn.created,
    files: turn.files.map((f) => ({
      path: f.path,
      status: f.status,
      additions: f.additions,
      deletions: f.deletions,
      binary: f.binary ?? isBinaryPatch(f.patch),
      complete: f.complete ?? isCompletePatch(f.patch),
    })),
    tools: turn.tools,
  };
}

/** The texts before and after, rebuilt from a unified patch at once (small patches, tests); undefined for a binary file. */
export function patchSides(patch: string): FileSides | undefined {
  const texts = runNow(readPatch(patch));
  return texts && { before: sideText(texts, 'before'), after: sideText(texts, 'after'), complete: texts.complete };
}

/** The texts before the first patch and after the last, read in slices (a diff being opened). */
export async function composeSides(first: FileChange, last: FileChange): Promise<FileSides | undefined> {
  const a = await runSliced(readPatch(first.patch));
  const b = first === last ? a : await runSliced(readPatch(last.patch));
  if (!a || !b) return undefined;
  return { before: sideText(a, 'before'), after: sideText(b, 'after'), complete: a.complete && b.complete };
}

/** Beyond this many edits (after the lines only one side has) the net count is not worked out: the sum stands. */
const MAX_EDITS = 20_000;
/** Nor beyond this much work per file (spent in slices of a few ms). */
const BUDGET_MS = 3_000;

/**
 * The net counts of every file several of these turns changed, from the first turn that touched it to the last,
 * over all the turns and over those before `keptBefore` (a revert's point). Runs in slices of a few ms.
 */
export async function netCounts(turns: readonly Turn[], keptBefore?: string): Promise<Map<string, LineCounts | 'unchanged'>> {
  const result = new Map<string, LineCounts | 'unchanged'>();
  const lists = [turns, ...(keptBefore ? [turns.filter((t) => t.messageID < keptBefore)] : [])];
  for (const list of lists) {
    for (const [path, changes] of byPath(list)) {
      if (changes.length < 2) continue;
      const first = changes[0];
      const last = changes[changes.length - 1];
      const key = netKey(path, first.turn.messageID, last.turn.messageID);
      if (result.has(key)) continue;
      const counts = await runSliced(netOf(first.change, last.change), BUDGET_MS);
      if (counts) result.set(key, counts);
    }
  }
  return result;
}

function* netOf(first: FileChange, last: FileChange): Generator<void, LineCounts | 'unchanged' | undefined, void> {
  const a = yield* readPatch(first.patch);
  const b = yield* readPatch(last.patch);
  if (!a || !b || !a.complete || !b.complete) return undefined;
  const before = countedLines(a, 'before');
  const after = countedLines(b, 'after');
  if (before.length === after.length && before.every((line, i) => line === after[i])) return 'unchanged';
  return yield* countLineChanges(before, after, MAX_EDITS);
}

function byPath<T extends { created: number; files: ReadonlyArray<{ path: string }> }>(
  turns: readonly T[],
): Map<string, Array<{ turn: T; change: T['files'][number] }>> {
  const map = new Map<string, Array<{ turn: T; change: T['files'][number] }>>();
  for (const turn of [...turns].sort((a, b) => a.created - b.created)) {
    for (const change of turn.files) {
      const list = map.get(change.path) ?? [];
      list.push({ turn, change });
      map.set(change.path, list);
    }
  }
  return map;
}

/**
 * The net change of each file over these turns (any sessions), oldest turn first. One turn keeps the server's
 * counts; several take the net count when it is known, else the turns' counts summed. A file created and deleted
 * again, or changed back, is left out. A file is the session's own when its tools named it in one of the turns.
 */
export function composeChanges(turns: readonly TurnFigures[], net: NetLookup = () => undefined): ChangedFile[] {
  const files: ChangedFile[] = [];
  for (const [path, list] of byPath(turns)) {
    const first = list[0].change;
    const last = list[list.length - 1].change;
    const touched = list.map(({ turn }) => ({ sessionID: turn.sessionID, messageID: turn.messageID }));
    const sidesFrom = { first: touched[0], last: touched[touched.length - 1] };
    const own = list.some(({ turn }) => namedByOwnTools(path, turn.tools));
    if (list.length === 1) {
      files.push({ ...first, path, turns: touched, sidesFrom, own, counted: 'server' });
      continue;
    }
    if (first.status === 'added' && last.status === 'deleted') continue;
    const status: ChangeStatus = first.status === 'added' ? 'added' : last.status === 'deleted' ? 'deleted' : 'modified';
    const whole = !first.binary && !last.binary && first.complete && last.complete;
    const counts = whole ? net(netKey(path, sidesFrom.first.messageID, sidesFrom.last.messageID)) : undefined;
    if (counts === 'unchanged') continue;
    const sum = (key: 'additions' | 'deletions') => list.reduce((n, { change }) => n + change[key], 0);
    files.push({
      path,
      status,
      additions: counts ? counts.additions : sum('additions'),
      deletions: counts ? counts.deletions : sum('deletions'),
      binary: first.binary || last.binary,
      complete: whole,
      turns: touched,
      sidesFrom,
      own,
      counted: counts ? 'net' : 'summed',
    });
  }
  return files.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

/**
 * A parent's net changes with its sub-agents': a parent turn's diff already holds what its sub-agents did while
 * it ran (its snapshots are taken around the task tool), so files in the parent's own turns come from those
 * alone, credited to every sub-agent that touched them too; files only sub-agents touched are added.
 */
export function composeWithSubagents(own: readonly TurnFigures[], subagents: readonly TurnFigures[], net?: NetLookup): ChangedFile[] {
  const parent = composeChanges(own, net);
  const below = composeChanges(subagents, net);
  const byName = new Map(below.map((f) => [f.path, f]));
  const merged = parent.map((f) => {
    const also = byName.get(f.path);
    return also ? { ...f, turns: [...f.turns, ...also.turns], own: f.own || also.own } : f;
  });
  const mine = new Set(parent.map((f) => f.path));
  return [...merged, ...below.filter((f) => !mine.has(f.path))].sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

export function changeTotals(files: readonly ChangedFile[]): { files: number; additions: number; deletions: number } {
  return {
    files: files.length,
    additions: files.reduce((n, f) => n + f.additions, 0),
    deletions: files.reduce((n, f) => n + f.deletions, 0),
  };
}
