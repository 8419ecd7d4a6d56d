// The words of a text, for the content index and its queries, each once. Words are runs of letters and digits in
// any script, lower-cased. A code identifier gives its pieces, so `retryPolicy`, `retry_policy` and "retry policy"
// all give `retry` and `policy` (a path's segments are words already: `/` and `.` end them); a query asks for the
// same pieces, so the identifier itself is not a term. Han, kana and hangul, written without spaces, give
// overlapping pairs of characters.
//
// It runs over every indexed byte, and a document repeats most of its words: a scanner over char codes hashes each
// ASCII word as it reads it and compares it in place with the words met before, so a repeat costs no string. The
// words are a server's (tool outputs): the hash is seeded per process, so no text can be made of words that share
// one slot, and a word whose slot's run is long anyway goes to a Map, so no run is walked far.

/** Longer runs (hashes, base64) are not words anyone types. */
const MAX_WORD = 48;
const LETTER_OR_DIGIT = /[\p{L}\p{N}\p{M}]/u;
const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;
const PAIRED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** The distinct terms of `text`, in the order first met. */
export function distinctTerms(text: string): string[] {
  return shared.of(text);
}

/** A query's terms: the same as the index's, so that they meet. */
export const queryTerms = distinctTerms;

const isUpper = (c: number) => c >= 65 && c <= 90;
const isLowerOrDigit = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
/** FNV-1a over lower-cased char codes: the same for a word read in place and for the string it gives. */
const PRIME = 0x01000193;
const step = (hash: number, c: number) => Math.imul(hash ^ c, PRIME);
/** Slots looked at for a word before it goes to the Map instead. */
const MAX_PROBES = 32;

/** What an ASCII character is to a word (0: it ends one), as bits of what the word then holds. */
const IN_WORD = 1;
/** An underscore or an upper-case letter (of any script): an identifier of pieces. */
const MIXED = 2;
/** Not a digit: not a (zero-padded) number. */
const LETTER = 4;
/** A letter beyond ASCII: lower-cased as a string. */
const WIDE = 8;
const ASCII_CLASS = new Uint8Array(128);
const ASCII_LOWER = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  ASCII_LOWER[c] = isUpper(c) ? c | 32 : c;
  if (c >= 48 && c <= 57) ASCII_CLASS[c] = IN_WORD;
  else if (c >= 97 && c <= 122) ASCII_CLASS[c] = IN_WORD | LETTER;
  else if (isUpper(c) || c === 95) ASCII_CLASS[c] = IN_WORD | LETTER | MIXED;
}

function scan(text: string, out: TermSet): void {
  const n = text.length;
  const OFFSET = out.seed;
  let start = -1;
  let hash = OFFSET;
  let holds = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      const kind = ASCII_CLASS[c];
      if (kind) {
        if (start < 0) {
          start = i;
          hash = OFFSET;
          holds = 0;
        }
        holds |= kind;
        hash = Math.imul(hash ^ ASCII_LOWER[c], PRIME);
        continue;
      }
    } else {
      const ch = c >= 0xd800 && c <= 0xdbff && i + 1 < n ? text.slice(i, i + 2) : text[i];
      if (PAIRED.test(ch)) {
        if (start >= 0) word(text, start, i, hash, holds, out);
        start = -1;
        i = pairs(text, i, out) - 1;
        continue;
      }
      if (LETTER_OR_DIGIT.test(ch)) {
        if (start < 0) {
          start = i;
          holds = 0;
        }
        holds |= IN_WORD | LETTER | WIDE | (UPPER.test(ch) ? MIXED : 0);
        i += ch.length - 1;
        continue;
      }
    }
    if (start >= 0) word(text, start, i, hash, holds, out);
    start = -1;
  }
  if (start >= 0) word(text, start, n, hash, holds, out);
}

function word(text: string, start: number, end: number, hash: number, holds: number, out: TermSet): void {
  if (end - start > MAX_WORD) return;
  // Zero-padded numbers are line numbers (a read file's `00042|`), never what anyone searches for.
  if (!(holds & LETTER) && end - start > 1 && text.charCodeAt(start) === 48) return;
  if (holds & WIDE) return wideWord(text.slice(start, end), (holds & MIXED) !== 0, out);
  if (!(holds & MIXED)) return out.range(text, start, end, hash);
  // An identifier's pieces: split at underscores, before an upper-case letter that follows a lower-case one or a
  // digit, and before the last capital of a run that a lower-case letter follows (`HTTPServer`: http, server).
  let from = -1;
  let pieceHash = out.seed;
  let prev = 95;
  let c = text.charCodeAt(start);
  for (let i = start; i <= end; i++) {
    const next = i + 1 < end ? text.charCodeAt(i + 1) : 95;
    const upper = isUpper(c);
    if (from >= 0 && (c === 95 || (upper && (isLowerOrDigit(prev) || (isUpper(prev) && next >= 97 && next <= 122))))) {
      out.range(text, from, i, pieceHash);
      from = -1;
    }
    if (c !== 95) {
      if (from < 0) {
        from = i;
        pieceHash = out.seed;
      }
      pieceHash = step(pieceHash, upper ? c | 32 : c);
    }
    prev = c;
    c = next;
  }
}

/** A word with letters beyond ASCII (`Привет`, `naïveRetry`): lower-cased, an identifier's pieces split. */
function wideWord(raw: string, mixed: boolean, out: TermSet): void {
  if (!mixed) return out.term(raw.toLowerCase());
  for (const piece of raw.split(PIECES)) if (piece) out.term(piece.toLowerCase());
}

const PIECES = /_+|(?<=[\p{Ll}\p{N}])(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})/u;

/** A run of paired script from `i`: each pair of characters (a lone one as itself); returns where the run ends. */
function pairs(text: string, i: number, out: TermSet): number {
  let j = i;
  let previous = -1;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    const width = c >= 0xd800 && c <= 0xdbff && j + 1 < text.length ? 2 : 1;
    if (c < 128 || !PAIRED.test(width === 2 ? text.slice(j, j + 2) : text[j])) break;
    // Each pair cut from the text as it is met: no list of the run's characters, nor a string joined of two.
    if (previous >= 0) out.term(text.slice(previous, j + width));
    previous = j;
    j += width;
  }
  if (previous === i) out.term(text.slice(i, j));
  return j;
}

/**
 * The terms of one text, each once: an open-addressing table of their hashes (stamped per text, so starting the
 * next text clears nothing). A word read in place is compared with the terms of equal hash char by char, and
 * becomes a string only the first time. A word that finds neither itself nor a free slot within MAX_PROBES is
 * looked up in a Map by its string: whatever the hashes, a word costs at most MAX_PROBES slots.
 */
export class TermSet {
  private mask = 1023;
  private hashes = new Int32Array(1024);
  private stamps = new Int32Array(1024);
  private words: string[] = [];
  private stamp = 0;
  private list: string[] = [];
  /** This text's words that found no slot near their hash's. */
  private readonly overflow = new Set<string>();

  /** `seed`: FNV-1a's starting state; random per process unless a test names one. */
  constructor(readonly seed = randomSeed()) {}

  /** The distinct terms of `text`, in the order first met. */
  of(text: string): string[] {
    this.begin();
    scan(text, this);
    const list = this.list;
    this.list = [];
    this.overflow.clear();
    return list;
  }

  private begin(): void {
    this.stamp += 1;
    if (this.stamp === 0x7fffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
    this.list = [];
    this.overflow.clear();
  }

  /** `text[start, end)`, lower-cased, whose hash is `hash`. */
  range(text: string, start: number, end: number, hash: number): void {
    let i = hash & this.mask;
    let probes = 0;
    for (; this.stamps[i] === this.stamp && probes < MAX_PROBES; i = (i + 1) & this.mask, probes++) {
      if (this.hashes[i] === hash && sameLower(this.words[i], text, start, end)) return;
    }
    const slice = text.slice(start, end);
    this.add(probes < MAX_PROBES ? i : -1, hash, hasUpper(text, start, end) ? slice.toLowerCase() : slice);
  }

  term(term: string): void {
    let hash = this.seed;
    for (let k = 0; k < term.length; k++) hash = step(hash, term.charCodeAt(k));
    let i = hash & this.mask;
    let probes = 0;
    for (; this.stamps[i] === this.stamp && probes < MAX_PROBES; i = (i + 1) & this.mask, probes++) {
      if (this.hashes[i] === hash && this.words[i] === term) return;
    }
    this.add(probes < MAX_PROBES ? i : -1, hash, term);
  }

  /** A term not met in its slot's run: new, unless the Map has it. `slot` -1: no free slot near, the Map keeps it. */
  private add(slot: number, hash: number, term: string): void {
    // A word in the Map never found a slot near its hash's; after a growth it might: the Map is asked first.
    if (this.overflow.size && this.overflow.has(term)) return;
    if (slot < 0) this.overflow.add(term);
    else {
      this.stamps[slot] = this.stamp;
      this.hashes[slot] = hash;
      this.words[slot] = term;
    }
    this.list.push(term);
    if (this.list.length * 2 > this.mask) this.grow();
  }

  /** Twice the slots, this text's terms placed again (the others' are stale anyway). */
  private grow(): void {
    const size = (this.mask + 1) * 2;
    const { hashes, stamps, words } = this;
    this.mask = size - 1;
    this.hashes = new Int32Array(size);
    this.stamps = new Int32Array(size);
    this.words = [];
    for (let j = 0; j < stamps.length; j++) {
      if (stamps[j] !== this.stamp) continue;
      let i = hashes[j] & this.mask;
      let probes = 0;
      while (this.stamps[i] === this.stamp && probes < MAX_PROBES) {
        i = (i + 1) & this.mask;
        probes++;
      }
      if (probes === MAX_PROBES) {
        this.overflow.add(words[j]);
        continue;
      }
      this.stamps[i] = this.stamp;
      this.hashes[i] = hashes[j];
      this.words[i] = words[j];
    }
  }
}

function randomSeed(): number {
  // Web Crypto's (Node's global too): the same random bytes as node:crypto's randomFillSync, in common/ code.
  return crypto.getRandomValues(new Int32Array(1))[0];
}

const shared = new TermSet();

function sameLower(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let k = 0; k < word.length; k++) {
    const c = text.charCodeAt(start + k);
    if ((isUpper(c) ? c | 32 : c) !== word.charCodeAt(k)) return false;
  }
  return true;
}

function hasUpper(text: string, start: number, end: number): boolean {
  for (let k = start; k < end; k++) if (isUpper(text.charCodeAt(k))) return true;
  return false;
}

/**
 * A word's beginning matches the words it begins from this many characters on (`add` → `address`): shorter ones
 * would expand to most of the vocabulary and match little anyone meant. Han, kana and hangul are their own rule:
 * they are indexed as pairs of characters, so one character is a beginning (`東` → `東京`).
 */
export const PREFIX_MIN = 3;

/** Whether a term's first character is of a paired script (Han, kana, hangul). */
function pairedStart(term: string): boolean {
  const c = term.codePointAt(0);
  return c !== undefined && c >= 128 && PAIRED.test(String.fromCodePoint(c));
}

/**
 * Where the vocabulary files a term by its beginning: its first PREFIX_MIN characters, or the first character of a
 * paired-script term; undefined for a term too short to be found by its beginning (found whole only).
 */
export function beginningKey(term: string): string | undefined {
  if (pairedStart(term)) return String.fromCodePoint(term.codePointAt(0)!);
  return term.length >= PREFIX_MIN ? term.slice(0, PREFIX_MIN) : undefined;
}

/** Whether a query's term is long enough to match the words it begins. */
export function expandable(term: string): boolean {
  return beginningKey(term) !== undefined;
}

/**
 * Whether `at` of `text` is inside a run of word characters longer than MAX_WORD, of which the index keeps no term
 * (a hash, base64): reads at most 2·MAX_WORD + 2 UTF-16 units.
 */
export function inLongWord(text: string, at: number): boolean {
  let from = at;
  while (from > 0 && at - from <= MAX_WORD && isWordUnit(text, from - 1)) from--;
  let to = at;
  while (to < text.length && to - from <= MAX_WORD && isWordUnit(text, to)) to++;
  return to - from > MAX_WORD;
}

/** Whether the UTF-16 unit at `i` belongs to a word as `scan` reads it (a pair's half as its pair). */
function isWordUnit(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return ASCII_CLASS[c] !== 0;
  const paired = c >= 0xdc00 && c <= 0xdfff && i > 0 && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff;
  const ch = String.fromCodePoint(text.codePointAt(paired ? i - 1 : i)!);
  return !PAIRED.test(ch) && LETTER_OR_DIGIT.test(ch);
}

/** Whether a term of the index's tokenizer can begin at `start` of `text`: no letter or digit before, or endsTerm. */
export function startsTerm(text: string, start: number): boolean {
  if (start <= 0) return true;
  const p = text.charCodeAt(start - 1);
  if (p < 128) {
    if (p === 95 || !ASCII_CLASS[p]) return true;
  } else {
    const low = p >= 0xdc00 && p <= 0xdfff && start >= 2;
    const ch = low ? text.slice(start - 2, start) : text[start - 1];
    if (PAIRED.test(ch) || !LETTER_OR_DIGIT.test(ch)) return true;
  }
  return endsTerm(text, start);
}

/**
 * Whether a term found in `text` at `[start, end)` ends there as the index's tokenizer would end it: no letter or
 * digit follows, or an identifier's next piece starts (`retry|Policy`, `HTTP|Server`). Looks at two characters.
 */
export function endsTerm(text: string, end: number): boolean {
  if (end >= text.length) return true;
  const c = text.charCodeAt(end);
  let upper: boolean;
  if (c < 128) {
    if (c === 95 || !ASCII_CLASS[c]) return true;
    upper = isUpper(c);
  } else {
    const ch = c >= 0xd800 && c <= 0xdbff && end + 1 < text.length ? text.slice(end, end + 2) : text[end];
    if (PAIRED.test(ch) || !LETTER_OR_DIGIT.test(ch)) return true;
    upper = UPPER.test(ch);
  }
  if (!upper) return false;
  // An upper-case letter (of any script, as PIECES splits a word beyond ASCII) continues only a run of capitals, and
  // not the run's last before a lower-case letter.
  const prev = end > 0 ? text.charCodeAt(end - 1) : 32;
  if (!(prev < 128 ? isUpper(prev) : UPPER.test(text[end - 1]))) return true;
  const next = end + 1 < text.length ? text.charCodeAt(end + 1) : 32;
  return next < 128 ? next >= 97 && next <= 122 : LOWER.test(text[end + 1]);
}
