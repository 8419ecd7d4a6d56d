// What linearPattern.ts reads a form field's `pattern` into: sets of code units as sorted, merged ranges, and the
// pattern's tree (sets, sequences, alternations, repeats, assertions) from ECMAScript's grammar. Bounded as the
// matcher says: the reader recurses once per group, at most `maxDepth` deep.

/** Why a pattern cannot be checked here, thrown while it is read or sized. */
export class Unsupported extends Error {
  constructor(readonly why: 'unsupported' | 'too large') {
    super(why);
  }
}

// ---- Sets of code units: sorted, merged, inclusive ranges [lo0, hi0, lo1, hi1, …] ----

export type Ranges = Int32Array;
const MAX_UNIT = 0xffff;

/** Sorted and merged (overlapping and adjacent ranges join); `pairs` is lo, hi, lo, hi… in any order. */
function rangesOf(pairs: number[]): Ranges {
  // Each range packed in one number (lo above hi) sorts by lo, then hi, in a typed array's numeric sort.
  const packed = new Float64Array(pairs.length / 2);
  for (let i = 0; i < packed.length; i++) packed[i] = pairs[2 * i] * 0x10000 + pairs[2 * i + 1];
  packed.sort();
  const out: number[] = [];
  for (const p of packed) {
    const lo = Math.floor(p / 0x10000);
    const hi = p % 0x10000;
    if (out.length && lo <= out[out.length - 1] + 1) out[out.length - 1] = Math.max(out[out.length - 1], hi);
    else out.push(lo, hi);
  }
  return Int32Array.from(out);
}

/** Every code unit not in `ranges`. */
function complement(ranges: Ranges): Ranges {
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < ranges.length; i += 2) {
    if (ranges[i] > next) out.push(next, ranges[i] - 1);
    next = ranges[i + 1] + 1;
  }
  if (next <= MAX_UNIT) out.push(next, MAX_UNIT);
  return Int32Array.from(out);
}

/** Whether `c` is in `ranges`: the last range starting at or before it, found by halves. */
export function inRanges(ranges: Ranges, c: number): boolean {
  let lo = 0;
  let hi = ranges.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[2 * mid] > c) hi = mid - 1;
    else if (ranges[2 * mid + 1] < c) lo = mid + 1;
    else return true;
  }
  return false;
}

const code = (s: string) => s.charCodeAt(0);
const DIGIT = rangesOf([0x30, 0x39]);
export const WORD = rangesOf([0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a]);
const SPACE = rangesOf(
  [0x09, 0x0d, 0x20, 0x20, 0xa0, 0xa0, 0x1680, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029, 0x202f, 0x202f, 0x205f, 0x205f].concat([
    0x3000, 0x3000, 0xfeff, 0xfeff,
  ]),
);
const LINE_END = rangesOf([0x0a, 0x0a, 0x0d, 0x0d, 0x2028, 0x2029]);
const DOT = complement(LINE_END);
const CLASS_ESCAPES: Record<string, Ranges> = {
  d: DIGIT,
  D: complement(DIGIT),
  w: WORD,
  W: complement(WORD),
  s: SPACE,
  S: complement(SPACE),
};
const CONTROL_ESCAPES: Record<string, number> = { t: 9, n: 10, v: 11, f: 12, r: 13 };
const isDigitChar = (c: string) => c >= '0' && c <= '9';
const isHexChar = (c: string) => isDigitChar(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
const isLetterChar = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

// ---- The pattern read ----

export type Assertion = 'start' | 'end' | 'boundary' | 'notBoundary';
export type Node =
  | { kind: 'set'; ranges: Ranges }
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; options: Node[] }
  | { kind: 'repeat'; node: Node; min: number; max: number }
  | { kind: 'assert'; what: Assertion };

export const EMPTY: Node = { kind: 'seq', items: [] };
/** Matches nothing (as `[]` does). */
export const NEVER: Node = { kind: 'set', ranges: new Int32Array(0) };
const single = (unit: number): Node => ({ kind: 'set', ranges: Int32Array.of(unit, unit) });

/** ECMAScript's pattern grammar (with its web-compatibility leniencies), for a source RegExp already accepted. */
export class Parser {
  private at = 0;
  private depth = 0;
  private readonly namedGroups: boolean;
  /** One code unit's set, made once per pattern: a literal used again shares its ranges (and its place in the program). */
  private readonly singles = new Map<number, Node>();
  constructor(
    private readonly source: string,
    /** Groups nested deeper make the pattern too large (the reader recurses per group). */
    private readonly maxDepth: number,
  ) {
    this.namedGroups = source.includes('(?<');
  }

  private single(unit: number): Node {
    let node = this.singles.get(unit);
    if (!node) this.singles.set(unit, (node = single(unit)));
    return node;
  }

  parse(): Node {
    const node = this.alternation();
    if (this.at < this.source.length) throw new Unsupported('unsupported'); // an unmatched ")" would not have compiled
    return node;
  }

  private peek(offset = 0): string {
    return this.source[this.at + offset] ?? '';
  }

  private alternation(): Node {
    const options = [this.sequence()];
    while (this.peek() === '|') {
      this.at++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0] : { kind: 'alt', options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.at < this.source.length && this.peek() !== '|' && this.peek() !== ')') {
      const atom = this.atom();
      items.push(this.quantified(atom));
    }
    return { kind: 'seq', items };
  }

  private quantified(atom: Node): Node {
    const c = this.peek();
    let min: number;
    let max: number;
    if (c === '*' || c === '+' || c === '?') {
      this.at++;
      [min, max] = c === '*' ? [0, Infinity] : c === '+' ? [1, Infinity] : [0, 1];
    } else {
      const braces = this.braces();
      if (!braces) return atom;
      [min, max] = braces;
    }
    if (this.peek() === '?') this.at++; // lazy: the same strings match
    if (atom.kind === 'assert') return atom; // a quantified assertion (web compatibility) still asserts or is skipped
    return { kind: 'repeat', node: atom, min, max };
  }

  /** `{n}`, `{n,}` or `{n,m}` at the reading point (read past it), or undefined: then `{` is a literal. */
  private braces(): [number, number] | undefined {
    if (this.peek() !== '{') return undefined;
    let i = this.at + 1;
    const digits = () => {
      const from = i;
      while (isDigitChar(this.source[i] ?? '')) i++;
      return this.source.slice(from, i);
    };
    const low = digits();
    if (!low) return undefined;
    let high = low;
    if (this.source[i] === ',') {
      i++;
      high = digits();
    }
    if (this.source[i] !== '}') return undefined;
    this.at = i + 1;
    // Counts past any text are clamped later; Number() of a huge count is a huge number or Infinity, never wrong.
    return [Number(low), high ? Number(high) : Infinity];
  }

  private atom(): Node {
    const c = this.source[this.at++];
    switch (c) {
      case '^':
        return { kind: 'assert', what: 'start' };
      case '$':
        return { kind: 'assert', what: 'end' };
      case '.':
        return { kind: 'set', ranges: DOT };
      case '[':
        return { kind: 'set', ranges: this.charClass() };
      case '(':
        return this.group();
      case '\\':
        return this.atomEscape();
      default:
        return this.single(code(c));
    }
  }

  private group(): Node {
    if (this.peek() === '?') {
      if (this.peek(1) === ':') this.at += 2;
      else if (this.peek(1) === '<' && /[\p{L}$_]/u.test(this.peek(2))) this.at = this.source.indexOf('>', this.at) + 1;
      else throw new Unsupported('unsupported'); // lookahead, lookbehind, modifiers
    }
    // nestingOf bounds this already; kept so the recursion's bound is visible where it recurses.
    if (++this.depth > this.maxDepth) throw new Unsupported('too large');
    const node = this.alternation();
    this.depth--;
    this.at++; // ")"
    return node;
  }

  private atomEscape(): Node {
    const c = this.peek();
    if (c === 'b' || c === 'B') {
      this.at++;
      return { kind: 'assert', what: c === 'b' ? 'boundary' : 'notBoundary' };
    }
    if ((c >= '1' && c <= '9') || (c === 'k' && this.namedGroups)) throw new Unsupported('unsupported'); // back-references
    this.at++;
    if (CLASS_ESCAPES[c]) return { kind: 'set', ranges: CLASS_ESCAPES[c] };
    return this.single(this.escapedUnit(c, false));
  }

  private escapedUnit(c: string, inClass: boolean): number {
    if (c in CONTROL_ESCAPES) return CONTROL_ESCAPES[c];
    if (inClass && c === 'b') return 8;
    if (c === '0' && !isDigitChar(this.peek())) return 0;
    if (c >= '0' && c <= '7') {
      // A legacy octal escape (only reachable in a class or as \0 followed by digits): up to three digits, ≤ 0o377.
      let value = Number(c);
      for (let k = 0; k < 2 && this.peek() >= '0' && this.peek() <= '7' && value * 8 + Number(this.peek()) <= 0o377; k++)
        value = value * 8 + Number(this.source[this.at++]);
      return value;
    }
    if (c === 'c' && isLetterChar(this.peek())) return code(this.source[this.at++]) % 32;
    const width = c === 'x' ? 2 : c === 'u' ? 4 : 0;
    if (width && [...Array(width).keys()].every((k) => isHexChar(this.peek(k)))) {
      const hex = this.source.slice(this.at, this.at + width);
      this.at += width;
      return parseInt(hex, 16);
    }
    if (c === 'c' && inClass && (isDigitChar(this.peek()) || this.peek() === '_')) return code(this.source[this.at++]) % 32;
    if (c === 'c') {
      this.at--; // "\c" not followed by a letter is a backslash, then "c"
      return code('\\');
    }
    return code(c); // an identity escape: \. \/ \- and the like
  }

  /** A class as ranges: its entries gathered, then sorted and merged once. */
  private charClass(): Ranges {
    const negated = this.peek() === '^';
    if (negated) this.at++;
    const pairs: number[] = [];
    const add = (atom: number | Ranges) => {
      if (typeof atom === 'number') pairs.push(atom, atom);
      else for (const bound of atom) pairs.push(bound);
    };
    while (this.peek() !== ']') {
      const low = this.classAtom();
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== '') {
        this.at++;
        const high = this.classAtom();
        if (typeof low === 'number' && typeof high === 'number') pairs.push(low, high);
        else [low, code('-'), high].forEach(add); // a class escape at either end makes "-" literal (web compatibility)
        continue;
      }
      add(low);
    }
    this.at++; // "]"
    const ranges = rangesOf(pairs);
    return negated ? complement(ranges) : ranges;
  }

  /** One code unit, or a class escape (\d, \w, \s and their opposites) as its ranges. */
  private classAtom(): number | Ranges {
    const c = this.source[this.at++];
    if (c !== '\\') return code(c);
    const next = this.peek();
    if (CLASS_ESCAPES[next]) {
      this.at++;
      return CLASS_ESCAPES[next];
    }
    return this.escapedUnit(this.source[this.at++], true);
  }
}
