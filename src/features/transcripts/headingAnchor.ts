// Where the rendered transcript starts at a part. VS Code's Markdown preview opens scrolled to its URI's fragment when
// that is a heading's id, and only the Markdown extension's renderer knows the id (a slug, numbered after the headings
// above of the same slug): the headings down to the part's, rendered alone by it, give the part's heading's id as the
// last. The text is the transcript's own Markdown (server text escaped or fenced: markdownText.ts), read in slices.
import { runSliced, type Steps } from '../../base/slices';
import { fenceOf } from './markdownText';

/** Lines looked at between two yields. */
const LINES_PER_STEP = 2_000;

/** The ATX headings (`#`… at a line's start) from the first line to `line`, the nearest last; fenced blocks skipped. */
export function headingsUpTo(text: string, line: number): Promise<string[]> {
  return runSliced(headingSteps(text, line)).then((found) => found ?? []);
}

function* headingSteps(text: string, last: number): Steps<string[]> {
  const headings: string[] = [];
  let open: { char: string; length: number } | undefined;
  let start = 0;
  for (let at = 0; at <= last && start <= text.length; at++) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end < 0 ? text.length : end);
    start = end < 0 ? text.length + 1 : end + 1;
    const fence = fenceOf(line);
    if (open) {
      if (fence && fence.char === open.char && fence.length >= open.length && fence.rest.trim() === '') open = undefined;
    } else if (fence) open = fence;
    else if (isHeading(line)) headings.push(line);
    if (at % LINES_PER_STEP === LINES_PER_STEP - 1) yield;
  }
  return headings;
}

/** One to six `#` then a space (or nothing): how the transcript writes its headings, at a line's start. */
function isHeading(line: string): boolean {
  let hashes = 0;
  while (hashes < line.length && hashes < 7 && line[hashes] === '#') hashes++;
  return hashes >= 1 && hashes <= 6 && (hashes === line.length || line[hashes] === ' ');
}

/**
 * Of `headings`, those that may share the last one's slug, the last one included: the same letters and digits, case
 * aside (a slug lowercases and drops or joins the rest). The renderer numbers a heading after those above of its slug
 * only, so these give the last one's id as all of them would, and a long session's thousands of headings are not
 * rendered on the extension host (a thread every extension shares).
 */
export function sameSlugCandidates(headings: readonly string[]): Promise<string[]> {
  return runSliced(candidateSteps(headings)).then((found) => found ?? []);
}

function* candidateSteps(headings: readonly string[]): Steps<string[]> {
  if (!headings.length) return [];
  const key = lettersOf(headings[headings.length - 1]);
  const same: string[] = [];
  for (let i = 0; i < headings.length; i++) {
    if (lettersOf(headings[i]) === key) same.push(headings[i]);
    if (i % 500 === 499) yield;
  }
  return same;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** A heading's letters and digits, lowercased (one character tested at a time: no pattern over the whole text). */
function lettersOf(heading: string): string {
  let out = '';
  for (const ch of heading.toLowerCase()) if (LETTER_OR_DIGIT.test(ch)) out += ch;
  return out;
}

/** The id of the last heading of rendered HTML (`<hN … id="…">`), as the fragment that names it. */
export function lastHeadingId(html: string): string | undefined {
  const tag = html.lastIndexOf('<h');
  if (tag < 0) return undefined;
  const close = html.indexOf('>', tag);
  const attribute = html.indexOf(' id="', tag);
  if (attribute < 0 || (close >= 0 && attribute > close)) return undefined;
  const end = html.indexOf('"', attribute + 5);
  if (end < 0) return undefined;
  const id = html.slice(attribute + 5, end);
  // The slug is URI-encoded; the preview encodes the fragment before it compares.
  try {
    return decodeURIComponent(id);
  } catch {
    return id;
  }
}
