// The words of a text, for the content index and its queries. Words are runs of letters and digits in any
// script, lower-cased. A code identifier also gives its pieces, so `retryPolicy`, `retry_policy` and "retry
// policy" all hold `retry` and `policy` (a path's segments are words already: `/` and `.` end them). Han, kana
// and hangul, written without spaces, give overlapping pairs of characters. A query asks for the pieces only:
// `retryPolicy` finds `retry_policy` too. Written as a scanner over char codes: it runs over every indexed byte.

/** Longer runs (hashes, base64) are not words anyone types. */
const MAX_WORD = 48;
const ZERO_PADDED = /^0\d+$/;
const LETTER_OR_DIGIT = /[\p{L}\p{N}\p{M}]/u;
const PAIRED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

type Sink = (term: string) => void;

/** Terms to index: every word, and an identifier's pieces too. */
export function indexTerms(text: string, emit: Sink): void {
  scan(text, emit, false);
}

/** A query's terms, each once: an identifier's pieces (its whole word when it has none). */
export function queryTerms(text: string): string[] {
  const seen = new Set<string>();
  scan(text, (t) => seen.add(t), true);
  return [...seen];
}

function scan(text: string, emit: Sink, piecesOnly: boolean): void {
  const n = text.length;
  let start = -1;
  // What the current word holds beyond lower-case ASCII: an underscore, an upper-case letter, a non-ASCII letter.
  let mixed = false;
  let wide = false;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 32;
    let inWord: boolean;
    if (c < 128) {
      inWord = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c === 95;
      if (inWord && (c === 95 || (c >= 65 && c <= 90))) mixed = true;
    } else {
      const ch = c >= 0xd800 && c <= 0xdbff && i + 1 < n ? text.slice(i, i + 2) : text[i];
      if (PAIRED.test(ch)) {
        if (start >= 0) word(text, start, i, mixed, wide, emit, piecesOnly);
        start = -1;
        mixed = wide = false;
        i = pairs(text, i, emit) - 1;
        continue;
      }
      inWord = LETTER_OR_DIGIT.test(ch);
      if (inWord) wide = true;
      if (ch.length === 2) i++;
    }
    if (inWord) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      word(text, start, i, mixed, wide, emit, piecesOnly);
      start = -1;
      mixed = wide = false;
    }
  }
}

function word(text: string, start: number, end: number, mixed: boolean, wide: boolean, emit: Sink, piecesOnly: boolean): void {
  if (end - start > MAX_WORD) return;
  // Zero-padded numbers are line numbers (a read file's `00042|`), never what anyone searches for.
  if (end - start > 1 && text.charCodeAt(start) === 48 && ZERO_PADDED.test(text.slice(start, end))) return;
  const raw = text.slice(start, end);
  const whole = mixed || wide ? raw.toLowerCase() : raw;
  if (!mixed) {
    emit(whole);
    return;
  }
  const pieces = raw.split(PIECES).filter((p) => p.length > 0);
  const trimmed = whole.replace(/^_+|_+$/g, '');
  if (pieces.length < 2) {
    if (trimmed) emit(trimmed);
    return;
  }
  if (!piecesOnly) emit(trimmed);
  for (const piece of pieces) emit(piece.toLowerCase());
}

/** Between words of an identifier: underscores, a lower-case letter or digit before an upper-case one, `HTTPServer`'s P|S. */
const PIECES = /_+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/;

/** A run of paired script from `i`: each pair of characters (a lone one as itself); returns where the run ends. */
function pairs(text: string, i: number, emit: Sink): number {
  const chars: string[] = [];
  let j = i;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    const ch = c >= 0xd800 && c <= 0xdbff && j + 1 < text.length ? text.slice(j, j + 2) : text[j];
    if (c < 128 || !PAIRED.test(ch)) break;
    chars.push(ch);
    j += ch.length;
  }
  if (chars.length === 1) emit(chars[0]);
  for (let k = 0; k + 1 < chars.length; k++) emit(chars[k] + chars[k + 1]);
  return j;
}
