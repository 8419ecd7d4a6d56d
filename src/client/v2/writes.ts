// What the older 2-line build's `write` calls changed: its write tool records no diff (its preview goes only to a
// permission: packages/core/src/tool/plugin/write.ts of that build), so the file's text after is the call's
// `content`, and before, nothing ("Created file successfully: …") or what an earlier write of the session left.
// Counting is a line diff (Myers): done once per call (kept by call id across reads, bounded per session), in
// slices that give the event loop a turn, and capped per write; the patch is built only when a diff is opened,
// as the whole file before and after (cheap: no diff at all; the diff editor compares the two itself).
import { structuredPatch } from 'diff';
import type { FileChange } from '../../store/turns';

/** Larger texts are not diffed here: such a write is left out rather than guessed. */
const MAX_WRITE_DIFF_CHARS = 1_000_000;
/** Line comparisons one write's count may cost (about lines × edits): past it the write is left out. */
const DIFF_BUDGET = 2_000_000;
/** Counting yields to the event loop once a slice has run this long. */
const SLICE_MS = 4;
/** Counts kept per session (newest kept), and sessions kept (most recently read kept). */
const PER_SESSION = 5_000;
const SESSIONS = 100;

/** A counted write: its +/− lines, or left out (too costly to count). */
type Counted = { additions: number; deletions: number } | 'left out';

export class WriteCounts {
  private readonly sessions = new Map<string, Map<string, Counted>>();
  private sliceStart = performance.now();
  /** Writes diffed so far (each call once, whatever the reads): what tests and benchmarks watch. */
  diffed = 0;

  /**
   * One write's change: `key` names the call (session, message, call id); `before` undefined when the session never
   * wrote that file (its old text is unknown: left out). Resolves after yielding when its slice has run out.
   */
  async change(sessionID: string, key: string, path: string, before: string | undefined, after: string): Promise<FileChange | undefined> {
    if (before === undefined) return undefined;
    const counts = this.countsOf(sessionID);
    let counted = counts.get(key);
    if (counted === undefined) {
      if (performance.now() - this.sliceStart > SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        this.sliceStart = performance.now();
      }
      counted = count(path, before, after);
      this.diffed += 1;
      counts.set(key, counted);
      if (counts.size > PER_SESSION) counts.delete(counts.keys().next().value as string);
    }
    return counted === 'left out'
      ? undefined
      : new WriteChange(path, before ? 'modified' : 'added', counted.additions, counted.deletions, before, after);
  }

  /** A read of a session's turns begins: its slice starts now. */
  startRead(): void {
    this.sliceStart = performance.now();
  }

  private countsOf(sessionID: string): Map<string, Counted> {
    let counts = this.sessions.get(sessionID);
    if (counts) this.sessions.delete(sessionID);
    else counts = new Map();
    this.sessions.set(sessionID, counts);
    if (this.sessions.size > SESSIONS) this.sessions.delete(this.sessions.keys().next().value as string);
    return counts;
  }
}

/** A write's change, its patch built on first use. */
export class WriteChange implements FileChange {
  private built?: string;
  readonly binary = false;
  readonly complete = true;

  constructor(
    readonly path: string,
    public status: FileChange['status'],
    public additions: number,
    public deletions: number,
    private readonly before: string,
    private after: string,
  ) {}

  get patch(): string {
    return (this.built ??= wholeFilePatch(this.path, this.before, this.after));
  }

  /** Another tool's patch for the same file in the same turn replaces it (as any change's would). */
  set patch(patch: string) {
    this.built = patch;
  }

  /** Its size without building it (what the changes feature weighs before counting net). */
  get patchLength(): number {
    return this.built?.length ?? this.before.length + this.after.length;
  }

  /** A later write of the same turn: the turn's change ends at its text, with both counts summed. */
  extend(later: WriteChange): void {
    this.after = later.after;
    this.built = undefined;
    this.additions += later.additions;
    this.deletions += later.deletions;
  }
}

function count(path: string, before: string, after: string): Counted {
  if (before.length + after.length > MAX_WRITE_DIFF_CHARS) return 'left out';
  // A new file's diff is its lines, cheap at any size; a rewrite's cost grows with its edits: capped.
  const maxEditLength = Math.max(1, Math.floor(DIFF_BUDGET / (lineCount(before) + lineCount(after))));
  const diff = before
    ? structuredPatch(path, path, before, after, undefined, undefined, { maxEditLength })
    : structuredPatch(path, path, before, after);
  if (!diff) return 'left out';
  let additions = 0;
  let deletions = 0;
  for (const hunk of diff.hunks)
    for (const line of hunk.lines) {
      if (line.startsWith('+')) additions += 1;
      else if (line.startsWith('-')) deletions += 1;
    }
  return { additions, deletions };
}

/** The whole file before and after as one hunk (every old line out, every new line in): complete, built in O(n). */
export function wholeFilePatch(path: string, before: string, after: string): string {
  const side = (text: string, mark: string) => {
    if (!text) return { count: 0, lines: [] as string[] };
    const lines = text.split('\n');
    const eol = lines[lines.length - 1] === '';
    if (eol) lines.pop();
    const out = lines.map((l) => mark + l);
    if (!eol) out.push('\\ No newline at end of file');
    return { count: lines.length, lines: out };
  };
  const a = side(before, '-');
  const b = side(after, '+');
  const range = (n: number) => (n === 0 ? '0,0' : `1,${n}`);
  return [`--- a/${path}`, `+++ b/${path}`, `@@ -${range(a.count)} +${range(b.count)} @@`, ...a.lines, ...b.lines, ''].join('\n');
}

function lineCount(text: string): number {
  let n = 1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) n++;
  return n;
}
