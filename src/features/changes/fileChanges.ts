// What sessions changed on disk, from OpenCode's per-turn diffs (read by the server's adapter: each file's
// status, `+/−` counts and a unified patch with the whole file as context), so the texts before and after a
// turn can be rebuilt without the files themselves (remote servers and cluster Agents keep them elsewhere).
// Composing turns gives a session's net changes.
import { diffLines, parsePatch } from 'diff';
import type { ChangeStatus, FileChange, Turn } from '../../store/turns';

export interface FileSides {
  before: string;
  after: string;
  /** False when the patch skips lines (limited context): the texts are then only the changed regions. */
  complete: boolean;
}

/** A file's net change over several turns (and sessions). */
export interface ChangedFile {
  path: string;
  status: ChangeStatus;
  additions: number;
  deletions: number;
  /** undefined for binary files: listed, not diffed. */
  sides?: FileSides;
  /** Every turn that touched it, oldest first. */
  turns: Array<{ sessionID: string; messageID: string }>;
}

/**
 * The texts before and after, rebuilt from a unified patch; undefined for a binary file (OpenCode 1.18 sends
 * those with an empty patch; a text file, even an empty one, always gets headers).
 */
export function patchSides(patch: string): FileSides | undefined {
  if (!patch.trim() || /^Binary files .* differ$/m.test(patch) || /^GIT binary patch$/m.test(patch)) return undefined;
  let parsed;
  try {
    parsed = parsePatch(patch);
  } catch {
    return undefined;
  }
  const before: string[] = [];
  const after: string[] = [];
  let complete = true;
  let nextOld = 1;
  const noNewline = { before: false, after: false };
  for (const hunk of parsed[0]?.hunks ?? []) {
    // A hunk that does not start where the previous one ended skips lines we do not have.
    if (hunk.oldLines > 0 && hunk.oldStart !== nextOld) complete = false;
    nextOld = hunk.oldStart + hunk.oldLines;
    let last: 'both' | 'before' | 'after' = 'both';
    for (const line of hunk.lines) {
      const text = line.slice(1);
      if (line.startsWith('\\')) {
        if (last !== 'after') noNewline.before = true;
        if (last !== 'before') noNewline.after = true;
        continue;
      }
      if (line.startsWith('-')) {
        last = 'before';
        before.push(text);
      } else if (line.startsWith('+')) {
        last = 'after';
        after.push(text);
      } else {
        last = 'both';
        before.push(text);
        after.push(text);
      }
    }
  }
  const join = (lines: string[], noEol: boolean) => (lines.length ? lines.join('\n') + (noEol ? '' : '\n') : '');
  return { before: join(before, noNewline.before), after: join(after, noNewline.after), complete };
}

/**
 * The net change of each file over these turns (any sessions), oldest turn first: before = before its first
 * turn, after = after its last. One turn keeps the server's counts; several are counted line by line, as
 * OpenCode counts. A file created and deleted again, or changed back, is left out.
 */
export function composeChanges(turns: readonly Turn[]): ChangedFile[] {
  const byPath = new Map<string, Array<{ turn: Turn; change: FileChange }>>();
  for (const turn of [...turns].sort((a, b) => a.created - b.created)) {
    for (const change of turn.files) {
      const list = byPath.get(change.path) ?? [];
      list.push({ turn, change });
      byPath.set(change.path, list);
    }
  }
  const files: ChangedFile[] = [];
  for (const [path, list] of byPath) {
    const first = list[0].change;
    const last = list[list.length - 1].change;
    const touched = list.map(({ turn }) => ({ sessionID: turn.sessionID, messageID: turn.messageID }));
    if (list.length === 1) {
      files.push({
        path,
        status: first.status,
        additions: first.additions,
        deletions: first.deletions,
        sides: patchSides(first.patch),
        turns: touched,
      });
      continue;
    }
    if (first.status === 'added' && last.status === 'deleted') continue;
    const a = patchSides(first.patch);
    const b = patchSides(last.patch);
    const status: ChangeStatus = first.status === 'added' ? 'added' : last.status === 'deleted' ? 'deleted' : 'modified';
    if (!a || !b || !a.complete || !b.complete) {
      // Without whole texts the net change cannot be rebuilt: the turns' own counts, summed.
      const sum = (key: 'additions' | 'deletions') => list.reduce((n, { change }) => n + change[key], 0);
      files.push({
        path,
        status,
        additions: sum('additions'),
        deletions: sum('deletions'),
        sides: a && b ? { before: a.before, after: b.after, complete: false } : undefined,
        turns: touched,
      });
      continue;
    }
    if (a.before === b.after) continue;
    let additions = 0;
    let deletions = 0;
    for (const part of diffLines(a.before, b.after)) {
      if (part.added) additions += part.count ?? 0;
      else if (part.removed) deletions += part.count ?? 0;
    }
    files.push({ path, status, additions, deletions, sides: { before: a.before, after: b.after, complete: true }, turns: touched });
  }
  return files.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

/**
 * A parent's net changes with its sub-agents': a parent turn's diff already holds what its sub-agents did while
 * it ran (its snapshots are taken around the task tool), so files in the parent's own turns come from those
 * alone, credited to every sub-agent that touched them too; files only sub-agents touched are added.
 */
export function composeWithSubagents(own: readonly Turn[], subagents: readonly Turn[]): ChangedFile[] {
  const parent = composeChanges(own);
  const below = composeChanges(subagents);
  const byPath = new Map(below.map((f) => [f.path, f]));
  const merged = parent.map((f) => {
    const also = byPath.get(f.path);
    return also ? { ...f, turns: [...f.turns, ...also.turns] } : f;
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
