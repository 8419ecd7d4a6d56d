// JSON answers parsed without holding the extension host: JSON.parse runs on at most PIECE_CHARS at a time, and the
// event loop gets a turn every SLICE_MS. A small answer is one JSON.parse. A big one takes two passes, each of
// which reads every character once: the first finds the containers and strings of PIECE_CHARS or more (and checks
// brackets, quotes and depth); the second builds those big values itself, handing each run of small siblings (up to
// PIECE_CHARS) to one JSON.parse and a big string to JSON.parse in pieces cut between escapes. The value is the one
// JSON.parse gives (`__proto__` keys stay own properties; key order and the last of duplicate keys as JSON.parse
// has them). Native JSON.parse pieces keep the cost near JSON.parse's own (a streaming parser in JavaScript cost 10
// to 30 times more on OpenCode's listings and pages, and a worker's copy back costs the host more than the parse).

/** JSON.parse of this many characters stays under ~5 ms even for the slowest shapes (deep nesting, empty objects). */
export const PIECE_CHARS = 16 * 1024;
/** Work between turns of the event loop. */
const SLICE_MS = 8;
/** Deeper nesting is refused: the first pass keeps one position per open container. */
export const MAX_JSON_DEPTH = 200_000;

/** An answer that is valid JSON but past what the extension reads (too deep, an endless number or run of spaces). */
export class JsonLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonLimitError';
  }
}

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;

/** Time since the last turn of the event loop; `turn()` gives one. */
class Clock {
  private start = performance.now();
  due(): boolean {
    return performance.now() - this.start >= SLICE_MS;
  }
  async turn(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.start = performance.now();
  }
}

/** The value of JSON `text`, as JSON.parse gives it; throws SyntaxError for invalid JSON, JsonLimitError past the limits. */
export async function parseJson(text: string, piece = PIECE_CHARS): Promise<unknown> {
  if (text.length <= piece) return JSON.parse(text) as unknown;
  const clock = new Clock();
  const spans = await bigSpans(text, clock, piece);
  return build(text, spans, clock, piece);
}

/**
 * The big values (containers and strings of PIECE_CHARS or more), as start → end (after the closing character).
 * Checks what the second pass relies on: brackets match, strings end, nesting is at most MAX_JSON_DEPTH, and no
 * run of characters outside strings and punctuation (a number, spaces) is longer than PIECE_CHARS.
 */
async function bigSpans(text: string, clock: Clock, piece: number): Promise<Map<number, number>> {
  const spans = new Map<number, number>();
  const open: number[] = [];
  const length = text.length;
  // A run bounds what skipSpace and smallValueEnd read between two turns (tests' tiny pieces allow real numbers).
  const maxRun = Math.max(piece, 1024);
  let run = 0;
  let steps = 0;
  // Inside a string: where it started, the next quote and the next backslash (each searched for once, forward).
  let string = -1;
  let quote = -1;
  let backslash = -1;
  for (let i = 0; i < length;) {
    if ((++steps & 0xfff) === 0 && clock.due()) await clock.turn();
    if (string >= 0) {
      if (quote < i) quote = text.indexOf('"', i);
      if (quote < 0) throw new SyntaxError(`Unterminated string in JSON at position ${string}`);
      if (backslash !== -2 && backslash < i) backslash = text.indexOf('\\', i);
      if (backslash === -1) backslash = -2; // none left in the text
      if (backslash >= 0 && backslash < quote) {
        // An escape: its next character (a quote or a backslash too) is not the string's end.
        i = backslash + 2;
        continue;
      }
      i = quote + 1;
      if (i - string >= piece) spans.set(string, i);
      string = -1;
      continue;
    }
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      string = i;
      run = 0;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (open.length >= MAX_JSON_DEPTH) throw new JsonLimitError(`nested deeper than ${MAX_JSON_DEPTH} levels`);
      open.push(i);
      run = 0;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      const start = open.pop();
      if (start === undefined || text.charCodeAt(start) !== (c === CLOSE_ARRAY ? OPEN_ARRAY : OPEN_OBJECT))
        throw new SyntaxError(`Unexpected token '${text[i]}' in JSON at position ${i}`);
      if (i + 1 - start >= piece) spans.set(start, i + 1);
      run = 0;
    } else if (c === COMMA || c === COLON) run = 0;
    else if (++run > maxRun) throw new JsonLimitError(`a run of over ${maxRun} characters outside any string`);
    i += 1;
  }
  if (string >= 0 || open.length) throw new SyntaxError('Unexpected end of JSON input');
  return spans;
}

interface Frame {
  /** Where the next member (or the comma before it) is read. */
  pos: number;
  /** The closing bracket. */
  close: number;
  first: boolean;
  array?: unknown[];
  object?: Record<string, unknown>;
  /** The key this container's value goes under, in its parent object. */
  key?: string;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** The first non-space at or after `i` (runs are at most PIECE_CHARS: the first pass said so). */
function skipSpace(text: string, i: number): number {
  while (isSpace(text.charCodeAt(i))) i += 1;
  return i;
}

function unexpected(text: string, i: number): SyntaxError {
  return i >= text.length
    ? new SyntaxError('Unexpected end of JSON input')
    : new SyntaxError(`Unexpected token '${text[i]}' in JSON at position ${i}`);
}

/**
 * The end of a string that starts at `i` and is shorter than PIECE_CHARS: the first quote after an even run of
 * backslashes (a native search, as most strings have no escape; each run is counted once).
 */
function stringEnd(text: string, i: number): number {
  for (let quote = text.indexOf('"', i + 1); ; quote = text.indexOf('"', quote + 1)) {
    let run = quote;
    while (text.charCodeAt(run - 1) === BACKSLASH) run -= 1;
    if ((quote - run) % 2 === 0) return quote + 1;
  }
}

/** The end of a value that is not big (a scalar, or a container or string under PIECE_CHARS) starting at `i`. */
function smallValueEnd(text: string, i: number): number {
  const first = text.charCodeAt(i);
  if (first === QUOTE) return stringEnd(text, i);
  if (first !== OPEN_ARRAY && first !== OPEN_OBJECT) {
    let j = i;
    for (let c = text.charCodeAt(j); j < text.length && c !== COMMA && c !== CLOSE_ARRAY && c !== CLOSE_OBJECT && !isSpace(c);)
      c = text.charCodeAt(++j);
    return j;
  }
  let depth = 0;
  for (let j = i; ;) {
    const c = text.charCodeAt(j);
    if (c === QUOTE) {
      j = stringEnd(text, j);
      continue;
    }
    if (c === OPEN_ARRAY || c === OPEN_OBJECT) depth += 1;
    else if ((c === CLOSE_ARRAY || c === CLOSE_OBJECT) && --depth === 0) return j + 1;
    j += 1;
  }
}

/** A JSON.parse'd key goes in as an own property, `__proto__` too (plain assignment would set the prototype). */
function put(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  else object[key] = value;
}

/** A big string (`start` at its opening quote, `end` after its closing one), parsed in pieces cut between escapes. */
async function bigString(text: string, start: number, end: number, clock: Clock, piece: number): Promise<string> {
  let value = '';
  const last = end - 1;
  for (let from = start + 1; from < last;) {
    let cut = Math.min(from + piece, last);
    if (cut < last) {
      // A cut must not split an escape (2 characters, or 6 for \uXXXX): find whether a backslash near it starts one.
      const b = text.lastIndexOf('\\', cut - 1);
      if (b >= from && b >= cut - 6) {
        let run = b;
        while (run > from && text.charCodeAt(run - 1) === BACKSLASH) run -= 1;
        // An odd run ends in an escape's start: cut before it; an even one ends an escaped backslash: after it.
        cut = (b - run) % 2 === 0 ? b : b + 1;
        if (cut <= from) cut = b + (text.charCodeAt(b + 1) === 117 /* u */ ? 6 : 2);
      }
    }
    value += JSON.parse(`"${text.slice(from, cut)}"`) as string;
    from = cut;
    if (clock.due()) await clock.turn();
  }
  return value;
}

/** The value of `text`, with the big spans the first pass found. */
async function build(text: string, spans: Map<number, number>, clock: Clock, piece: number): Promise<unknown> {
  const rootStart = skipSpace(text, 0);
  const rootEnd = spans.get(rootStart);
  // A small value amid spaces (each run of them under piece): JSON.parse reads it whole, and its errors are its own.
  if (rootEnd === undefined) return JSON.parse(text) as unknown;
  const after = skipSpace(text, rootEnd);
  if (after < text.length) throw unexpected(text, after);
  if (text.charCodeAt(rootStart) === QUOTE) return bigString(text, rootStart, rootEnd, clock, piece);
  const stack: Frame[] = [frame(text, rootStart, rootEnd, undefined)];
  let result: unknown;
  const deliver = (value: unknown, key: string | undefined) => {
    const parent = stack[stack.length - 1];
    if (!parent) result = value;
    else if (parent.array) parent.array.push(value);
    else put(parent.object!, key!, value);
  };
  let steps = 0;
  while (stack.length) {
    // The clock every 16 steps: a step is a batch (at most a piece) or one container opened or closed.
    if ((++steps & 15) === 0 && clock.due()) await clock.turn();
    const top = stack[stack.length - 1];
    let pos = skipSpace(text, top.pos);
    if (pos === top.close) {
      stack.pop();
      deliver(top.array ?? top.object, top.key);
      continue;
    }
    if (!top.first) {
      if (text.charCodeAt(pos) !== COMMA) throw unexpected(text, pos);
      pos = skipSpace(text, pos + 1);
    }
    top.first = false;
    // One big member, or a batch of small ones.
    const member = memberAt(text, pos, top, spans);
    if (member.big) {
      let key: string | undefined;
      if (top.object) {
        const keyEnd = spans.get(pos) ?? stringEnd(text, pos);
        key = spans.has(pos) ? await bigString(text, pos, keyEnd, clock, piece) : (JSON.parse(text.slice(pos, keyEnd)) as string);
      }
      const bigEnd = spans.get(member.value);
      if (bigEnd === undefined) {
        // A big key's small value.
        top.pos = smallValueEnd(text, member.value);
        deliver(JSON.parse(text.slice(member.value, top.pos)), key);
      } else if (text.charCodeAt(member.value) === QUOTE) {
        top.pos = bigEnd;
        deliver(await bigString(text, member.value, bigEnd, clock, piece), key);
      } else {
        top.pos = bigEnd;
        stack.push(frame(text, member.value, bigEnd, key));
      }
      continue;
    }
    // Small members from `pos` while the batch is under piece and the next one is small too.
    let end = member.end;
    for (;;) {
      const comma = skipSpace(text, end);
      if (text.charCodeAt(comma) !== COMMA) break;
      const next = memberAt(text, skipSpace(text, comma + 1), top, spans);
      if (next.big || next.end - pos > piece) break;
      end = next.end;
    }
    const batch = text.slice(pos, end);
    if (top.array) for (const value of JSON.parse(`[${batch}]`) as unknown[]) top.array.push(value);
    else {
      const values = JSON.parse(`{${batch}}`) as Record<string, unknown>;
      for (const key of Object.keys(values)) put(top.object!, key, values[key]);
    }
    top.pos = end;
    // A batch is up to a piece of JSON.parse: the clock is read after each.
    steps = 15;
  }
  return result;
}

function frame(text: string, start: number, end: number, key: string | undefined): Frame {
  const array = text.charCodeAt(start) === OPEN_ARRAY;
  return { pos: start + 1, close: end - 1, first: true, array: array ? [] : undefined, object: array ? undefined : {}, key };
}

/**
 * The member at `pos` of `top`: big (a big key or value: `value` is where the value starts) or small (`end` is where
 * it ends). An object's member is its key, colon and value.
 */
function memberAt(
  text: string,
  pos: number,
  top: Frame,
  spans: Map<number, number>,
): { big: true; value: number } | { big: false; end: number } {
  let value = pos;
  let bigKey = false;
  if (top.object) {
    if (text.charCodeAt(pos) !== QUOTE) throw unexpected(text, pos);
    const keyEnd = spans.get(pos);
    bigKey = keyEnd !== undefined;
    const colon = skipSpace(text, keyEnd ?? stringEnd(text, pos));
    if (text.charCodeAt(colon) !== COLON) throw unexpected(text, colon);
    value = skipSpace(text, colon + 1);
  }
  if (value >= top.close) throw unexpected(text, value);
  // A big key makes its member big too: its small value is then read on its own.
  if (bigKey || spans.has(value)) return { big: true, value };
  const end = smallValueEnd(text, value);
  if (end === value) throw unexpected(text, value);
  return { big: false, end };
}
