// Where the rendered transcript opens at a search match. VS Code's Markdown preview opens scrolled to the element
// whose id is its URI's fragment among the elements it maps to source lines (class `code-line` and a `data-line`: the
// built-in markdown-language-features' media/index.js), and it keeps raw HTML. So the transcript at a match is the
// transcript's URI with MATCH_FRAGMENT, a document whose Markdown wraps the matched word in the one element of ours,
// `<mark id="…" class="code-line" data-line="…">`, highlighted. The preview scrolls to the first element of the
// mark's `data-line` (the heading's own before the mark): the line of the heading the part belongs to (its message's
// or its tool's) when the word is within a screen below it, so the heading shows and the word under it; else the
// word's own line, at the top (a heading screens above cannot show with it).
// What is wrapped stays the transcript's escaped Markdown (markdownText.ts); a code span or one of our links around the
// word is wrapped whole. In a fenced block the preview shows `<mark>` as text, so that block becomes an HTML `<pre>`
// of its lines with `&`, `<` and `>` as entities, line for line (the lines below keep their numbers). The text is the
// transcript's (server text): read a line at a time, in slices, no pattern over it.
import { runSliced, type Steps } from '../../base/slices';
import { fenceOf } from './markdownText';
import { matchedWord } from './matchedWord';

/** The fragment of the transcript at a match, and its mark's id: one such document per transcript, whatever the match. */
export const MATCH_FRAGMENT = 'opencode-match';

/** Lines looked at between two yields. */
const LINES_PER_STEP = 2_000;
/** Rows of text (of ROW_CHARS characters) from a heading to the word that a preview shows on one screen, with room. */
const SCREEN_ROWS = 16;
const ROW_CHARS = 80;

/**
 * The transcript's text with the first of `words` (lower-case) met on lines [from, to) (a part's) marked; the part's
 * first line that says something when none is (an empty mark: the preview still opens there). Undefined when the
 * text has no line `from`.
 */
export function markedText(
  text: string,
  from: number,
  to: number,
  words: readonly string[],
  heads: ReadonlySet<number> = new Set(),
): Promise<string | undefined> {
  return runSliced(markSteps(text, from, to, words, heads));
}

type Fence = NonNullable<ReturnType<typeof fenceOf>>;

/**
 * `heads`: the lines where a message or a part starts (a message's is its heading, a tool's too); the last of them at
 * or above `from` that is a heading is the part's (a `#` at a line's start elsewhere is server text in a block).
 */
function* markSteps(
  text: string,
  from: number,
  to: number,
  words: readonly string[],
  heads: ReadonlySet<number>,
): Steps<string | undefined> {
  let start = 0;
  let heading: { line: number; start: number } | undefined;
  for (let at = 0; at < from; at++) {
    if (heads.has(at) && text.startsWith('#', start)) heading = { line: at, start };
    const newline = text.indexOf('\n', start);
    if (newline < 0) return undefined;
    start = newline + 1;
    if (at % LINES_PER_STEP === LINES_PER_STEP - 1) yield;
  }
  let fence: { open: Fence; start: number; line: number } | undefined;
  let fallback: { line: number; start: number; text: string } | undefined;
  if (heads.has(from) && text.startsWith('#', start)) heading = { line: from, start };
  // The line the preview puts at its top for a word on line `at` (starting at `at` characters `wordStart`).
  const top = (at: number, wordStart: number) => (heading && withinScreen(text, heading.start, wordStart) ? heading.line : at);
  for (let at = from; at < to && start <= text.length; at++) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const line = text.slice(start, end);
    const marker = fenceOf(line);
    if (fence) {
      if (marker && closes(marker, fence.open)) fence = undefined;
      else {
        const word = matchedWord(() => line, 0, 1, words);
        if (word)
          return yield* preWithMark(text, fence.start, fence.open, {
            line: top(at, start),
            start,
            text: line,
            from: word.start,
            to: word.end,
          });
      }
    } else if (marker) fence = { open: marker, start, line: at };
    else {
      const word = matchedWord(() => line, 0, 1, words);
      if (word) {
        const [a, b] = wrapped(line, word.start, word.end);
        return `${text.slice(0, start + a)}${openTag(top(at, start))}${line.slice(a, b)}</mark>${text.slice(start + b)}`;
      }
      if (!fallback && line.trim() !== '') fallback = { line: at, start, text: line };
    }
    start = end + 1;
    if (at % LINES_PER_STEP === LINES_PER_STEP - 1) yield;
  }
  if (!fallback) return undefined;
  const at = fallback.start + afterHashes(fallback.text);
  return `${text.slice(0, at)}${openTag(top(fallback.line, fallback.start))}</mark>${text.slice(at)}`;
}

/** Whether the text from `from` to `to` (line starts) fills at most SCREEN_ROWS rows (a long line wraps): looks no further. */
function withinScreen(text: string, from: number, to: number): boolean {
  let rows = 0;
  for (let start = from; start < to && rows <= SCREEN_ROWS;) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 || newline > to ? to : newline;
    rows += Math.max(1, Math.ceil((end - start) / ROW_CHARS));
    start = end + 1;
  }
  return rows <= SCREEN_ROWS;
}

/** The mark, with the line the preview scrolls to (its top). */
function openTag(line: number): string {
  return `<mark id="${MATCH_FRAGMENT}" class="code-line" data-line="${line}">`;
}

/** Whether a fence line closes the block `open` opened (CommonMark: its character, at least as long, nothing after). */
function closes(marker: Fence, open: Fence): boolean {
  return marker.char === open.char && marker.length >= open.length && marker.rest.trim() === '';
}

/** Where a line's text starts after a heading's `#`s (its start for any other line): a mark before them unmakes the heading. */
function afterHashes(line: string): number {
  let hashes = 0;
  while (hashes < line.length && hashes < 7 && line[hashes] === '#') hashes++;
  return hashes >= 1 && hashes <= 6 && line[hashes] === ' ' ? hashes + 1 : 0;
}

/**
 * What to wrap around the word at [start, end) of a transcript line: the word, or the construct of ours it is inside,
 * whole (a code span, a `[name](<link>)`, an entity written for `:` or `@`): a tag inside one would break it.
 * Server text in the line is escaped (a backslash before each mark), so an unescaped mark is ours.
 */
function wrapped(line: string, start: number, end: number): [number, number] {
  let span = 0;
  let spanStart = 0;
  let bracket = -1;
  let angle = -1;
  for (let i = 0; i < start;) {
    const c = line[i];
    if (c === '`') {
      let run = 1;
      while (line[i + run] === '`') run++;
      if (!span) [span, spanStart] = [run, i];
      else if (run === span) span = 0;
      i += run;
      continue;
    }
    if (span) i++;
    else if (c === '\\') i += 2;
    else if (c === '&') {
      const semicolon = line.indexOf(';', i);
      if (semicolon >= start) return [i, semicolon + 1];
      i = semicolon < 0 ? line.length : semicolon + 1;
    } else {
      if (c === '[') bracket = i;
      else if (c === '<') angle = i;
      else if (c === '>') angle = -1;
      i++;
    }
  }
  if (span) {
    // The span's close: the next run of exactly its length (the line's end if none).
    for (let i = start; i < line.length;) {
      if (line[i] !== '`') {
        i++;
        continue;
      }
      let run = 1;
      while (line[i + run] === '`') run++;
      if (run === span) return [spanStart, i + run];
      i += run;
    }
    return [spanStart, line.length];
  }
  if (angle >= 0) {
    const close = line.indexOf('>)', start);
    return [bracket >= 0 && bracket < angle ? bracket : angle, close < 0 ? line.length : close + 2];
  }
  return [start, end];
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
/** Server text as HTML text: its `&`, `<` and `>` as entities. */
const asHtml = (text: string) => text.replace(/[&<>]/g, (c) => ENTITIES[c]);

/**
 * The fenced block opened at `fenceStart` as an HTML `<pre>` of its lines, line for line, the word on `match` marked:
 * the fence's lines become `<pre>` and `</pre>` (the preview keeps a block of HTML up to the line that closes it).
 */
function* preWithMark(
  text: string,
  fenceStart: number,
  open: Fence,
  match: { line: number; start: number; text: string; from: number; to: number },
): Steps<string> {
  // The fence's lines joined, the text around it added with `+`: V8 then keeps a rope, not a copy of the document in
  // one step (a 38 MB transcript took 25 ms).
  const out = ['<pre>\n'];
  // The lines above the match: from the fence's next line to the match's.
  let start = text.indexOf('\n', fenceStart) + 1;
  for (let n = 0; start < match.start; n++) {
    const end = text.indexOf('\n', start);
    out.push(asHtml(text.slice(start, end)), '\n');
    start = end + 1;
    if (n % LINES_PER_STEP === LINES_PER_STEP - 1) yield;
  }
  const line = match.text;
  out.push(
    asHtml(line.slice(0, match.from)),
    openTag(match.line),
    asHtml(line.slice(match.from, match.to)),
    '</mark>',
    asHtml(line.slice(match.to)),
  );
  start = match.start + line.length + 1;
  for (let n = 0; start <= text.length; n++) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const next = text.slice(start, end);
    const marker = fenceOf(next);
    if (marker && closes(marker, open)) {
      out.push('\n</pre>');
      return text.slice(0, fenceStart) + out.join('') + text.slice(end);
    }
    out.push('\n', asHtml(next));
    start = end + 1;
    if (n % LINES_PER_STEP === LINES_PER_STEP - 1) yield;
  }
  // Never closed: the block runs to the document's end.
  out.push('\n</pre>\n');
  return text.slice(0, fenceStart) + out.join('');
}
