// Where a search's words begin a word in a transcript's lines: the matched word the cursor selects (the whole word a
// beginning was typed of). The lines are a transcript's, so what a server sent: linear in their length per word.

/** A word in the lines: its line and its [start, end) in that line's text. */
export interface WordPlace {
  line: number;
  start: number;
  end: number;
}

const WORD_CHARACTER = /^[\p{L}\p{N}\p{M}_]$/u;

/** A letter, digit, mark or `_`: one character, a surrogate pair's two units together (`𝐀`). */
const isWord = (character: string) => WORD_CHARACTER.test(character);
const characterAt = (text: string, i: number) => String.fromCodePoint(text.codePointAt(i)!);
/** The character that ends at `i` (i > 0). */
function characterBefore(text: string, i: number): string {
  const low = text.charCodeAt(i - 1);
  const high = i >= 2 ? text.charCodeAt(i - 2) : 0;
  return low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff ? text.slice(i - 2, i) : text[i - 1];
}

/**
 * The first of `words` (lower-case) that begins a word on lines [from, to), extended to that word's end. A line whose
 * lower case is longer than it (`İ` lowers to two code units) is matched in its lower case and mapped back.
 */
export function matchedWord(lineAt: (line: number) => string, from: number, to: number, words: readonly string[]): WordPlace | undefined {
  if (!words.length) return undefined;
  for (let line = from; line < to; line++) {
    const text = lineAt(line);
    const lowered = lowerCased(text);
    if (!lowered) continue;
    const { lower, origin } = lowered;
    for (const word of words) {
      for (let at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + 1)) {
        const start = origin(at);
        if (!isWord(characterAt(text, start)) || (start > 0 && isWord(characterBefore(text, start)))) continue;
        if (insideEntity(text, start)) continue;
        let end = origin(at + word.length);
        while (end < text.length && isWord(characterAt(text, end))) end += characterAt(text, end).length;
        return { line, start, end };
      }
    }
  }
  return undefined;
}

/** The longest decimal entity (`&#1114111;`): how far back a position may be inside one. */
const ENTITY_DIGITS = 7;

/** `start` is among an entity's digits (`58` in `&#58;`, how a transcript writes `:` of `://`), not a word. */
function insideEntity(text: string, start: number): boolean {
  let i = start;
  while (i > 0 && start - i < ENTITY_DIGITS && text.charCodeAt(i - 1) >= 48 && text.charCodeAt(i - 1) <= 57) i--;
  return i >= 2 && text[i - 1] === '#' && text[i - 2] === '&';
}

/** `İ` lowers to two code units (i and a combining dot): in Unicode's root locale the one character that grows. */
const DOTTED_I = '\u0130';

/** A text in lower case, and where each of its positions came from in the text (the same place, nearly always). */
function lowerCased(text: string): { lower: string; origin: (at: number) => number } | undefined {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return { lower, origin: (at) => at };
  // Where each İ's combining dot landed in the lower case: a position there moved by the dots at or before it.
  const dots: number[] = [];
  for (let i = text.indexOf(DOTTED_I); i >= 0; i = text.indexOf(DOTTED_I, i + 1)) dots.push(i + dots.length + 1);
  // Another character that grows (none in the root locale): the line's positions are not its lower case's.
  return lower.length === text.length + dots.length ? { lower, origin: (at) => at - dotsUpTo(dots, at) } : undefined;
}

/** How many of the ascending `dots` are at or before `at` (a binary search). */
function dotsUpTo(dots: readonly number[], at: number): number {
  let low = 0;
  let high = dots.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (dots[middle] <= at) low = middle + 1;
    else high = middle;
  }
  return low;
}
