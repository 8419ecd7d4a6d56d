// The texts before and after a change, rebuilt from a unified patch with the whole file as context (as OpenCode
// records each turn), line by line and yielding as it goes, so a big file is read in slices.
import type { Steps } from '../../base/slices';

export interface PatchTexts {
  before: string[];
  after: string[];
  /** The last line of that side has no newline (`\ No newline at end of file`). */
  noEol: { before: boolean; after: boolean };
  /** False when the patch skips lines (limited context): the texts are then only the changed regions. */
  complete: boolean;
}

const EVERY = 4096;
const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** A binary file's patch (OpenCode 1.18 sends those empty; a text file, even an empty one, always gets headers). */
export function isBinaryPatch(patch: string): boolean {
  return !patch.trim() || /^Binary files .* differ$/m.test(patch) || /^GIT binary patch$/m.test(patch);
}

/** Whether the patch's hunks cover the whole file, from its hunk headers alone (cheap: no texts are built). */
export function isCompletePatch(patch: string): boolean {
  let next = 1;
  for (const m of patch.matchAll(/^@@ -(\d+)(?:,(\d+))? /gm)) {
    const start = Number(m[1]);
    const count = m[2] === undefined ? 1 : Number(m[2]);
    if (count > 0 && start !== next) return false;
    next = start + count;
  }
  return true;
}

/** Both texts as lines; undefined for a binary file. */
export function* readPatch(patch: string): Steps<PatchTexts | undefined> {
  if (isBinaryPatch(patch)) return undefined;
  const lines = patch.split('\n');
  yield;
  const out: PatchTexts = { before: [], after: [], noEol: { before: false, after: false }, complete: true };
  let nextOld = 1;
  let oldLeft = 0;
  let newLeft = 0;
  let last: 'both' | 'before' | 'after' = 'both';
  for (let i = 0; i < lines.length; i++) {
    if (i % EVERY === 0) yield;
    const line = lines[i];
    if (line.startsWith('\\')) {
      if (last !== 'after') out.noEol.before = true;
      if (last !== 'before') out.noEol.after = true;
      continue;
    }
    if (oldLeft <= 0 && newLeft <= 0) {
      const hunk = HUNK.exec(line);
      if (!hunk) continue; // headers (Index, ===, ---, +++) and anything between hunks
      const oldStart = Number(hunk[1]);
      oldLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
      newLeft = hunk[4] === undefined ? 1 : Number(hunk[4]);
      // A hunk that does not start where the previous one ended skips lines we do not have.
      if (oldLeft > 0 && oldStart !== nextOld) out.complete = false;
      nextOld = oldStart + oldLeft;
      continue;
    }
    const text = line.slice(1);
    if (line.startsWith('-')) {
      last = 'before';
      out.before.push(text);
      oldLeft--;
    } else if (line.startsWith('+')) {
      last = 'after';
      out.after.push(text);
      newLeft--;
    } else {
      last = 'both';
      out.before.push(text);
      out.after.push(text);
      oldLeft--;
      newLeft--;
    }
  }
  return out;
}

/** One side as a text, the way the file was on disk. */
export function sideText(texts: PatchTexts, side: 'before' | 'after'): string {
  const lines = texts[side];
  return lines.length ? lines.join('\n') + (texts.noEol[side] ? '' : '\n') : '';
}

/** One side's lines for counting: a last line without its newline differs from the same line with one, as in git. */
export function countedLines(texts: PatchTexts, side: 'before' | 'after'): string[] {
  const lines = texts[side];
  if (!texts.noEol[side] || !lines.length) return lines;
  const copy = lines.slice();
  copy[copy.length - 1] += '\u0000no newline';
  return copy;
}
