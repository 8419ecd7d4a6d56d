// A form field's `pattern` is written by the model (its `question` call) or an MCP server, and it is checked on
// every keystroke in the extension host. JavaScript's own RegExp backtracks: `^(\w+\s?)+$` against a sentence
// that ends in a full stop takes seconds, doubling with each letter. This matcher runs the same pattern as a
// Thompson NFA, every thread in step (Pike's VM without captures): time is the text's length times the
// program's size, whatever the pattern. It reads ECMAScript's syntax without flags (as the server's
// `new RegExp(pattern)` does), code unit by code unit; what it cannot run in linear time (back-references,
// lookaround) is not checked here: the server checks every answer anyway.
//
// Every step is bounded by the pattern's own size, before any of it is built: a pattern is read only up to
// MAX_SOURCE characters and MAX_DEPTH nested groups; a repeat whose body only ever matches the empty string is
// that body once (or nothing); counts are clamped to what a text of MAX_TEXT characters could use; the program's
// size is known before a repeat is unrolled (nested counts multiply) and past MAX_PROGRAM the pattern is "too
// large" to check here. A class is sorted, merged ranges searched by halves, and costs the program one unit
// more per halving. A check runs at most MAX_WORK units: a longer text is "too long" to check here.

/** The longest pattern read at all: a form's patterns are a line or two. */
export const MAX_SOURCE = 5_000;
/** The most groups nested in one another (the reader recurses once per group). */
export const MAX_DEPTH = 100;
/** The most units a pattern compiles to (an instruction is one; a class one more per halving of its ranges). */
export const MAX_PROGRAM = 5_000;
/** The most (text length + 1) × program units one check runs: a few milliseconds at most. */
export const MAX_WORK = 250_000;
/** The longest text checked at all; counts are clamped to what a text this long could use. */
export const MAX_TEXT = 100_000;

/** Why a pattern is not checked here. */
export type Unchecked = 'invalid' | 'unsupported' | 'too large';

export interface LinearPattern {
  /** Why the pattern is not checked here (`test` then answers undefined); undefined when it is. */
  readonly unchecked: Unchecked | undefined;
  /** The longest text `test` checks: MAX_WORK over the program's size (0 when unchecked). */
  readonly longestText: number;
  /** Whether the pattern matches somewhere in `text`, as RegExp.prototype.test does; undefined when not checked. */
  test(text: string): boolean | undefined;
}

/** The pattern as a linear-time matcher, or why it is not checked here. */
export function linearPattern(source: string): LinearPattern {
  if (source.length > MAX_SOURCE || nestingOf(source) > MAX_DEPTH) return unchecked('too large');
  try {
    new RegExp(source); // compiling is cheap (and bounded by the caps above); only running a RegExp backtracks
  } catch {
    return unchecked('invalid');
  }
  let program: Program;
  try {
    const [root, info] = simplify(new Parser(source).parse());
    if (info.cost > MAX_PROGRAM) return unchecked('too large');
    program = compile(root);
  } catch (err) {
    if (err instanceof Unsupported) return unchecked(err.why);
    throw err;
  }
  const longestText = Math.min(MAX_TEXT, Math.floor(MAX_WORK / program.cost) - 1);
  return { unchecked: undefined, longestText, test: (text) => (text.length > longestText ? undefined : run(program, text)) };
}

function unchecked(why: Unchecked): LinearPattern {
  return { unchecked: why, longestText: 0, test: () => undefined };
}

class Unsupported extends Error {
  constructor(readonly why: 'unsupported' | 'too large') {
    super(why);
  }
}

/** How deep groups nest, in one pass (escapes and classes skipped): the reader recurses per group. */
function nestingOf(source: string): number {
  let depth = 0;
  let deepest = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') deepest = Math.max(deepest, ++depth);
    else if (c === ')') depth--;
  }
  return deepest;
}

// ---- Sets of code units: sorted, merged, inclusive ranges [lo0, hi0, lo1, hi1, …] ----

type Ranges = Int32Array;
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
function inRanges(ranges: Ranges, c: number): boolean {
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
const WORD = rangesOf([0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a]);
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

type Assertion = 'start' | 'end' | 'boundary' | 'notBoundary';
type Node =
  | { kind: 'set'; ranges: Ranges }
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; options: Node[] }
  | { kind: 'repeat'; node: Node; min: number; max: number }
  | { kind: 'assert'; what: Assertion };

const EMPTY: Node = { kind: 'seq', items: [] };
/** Matches nothing (as `[]` does). */
const NEVER: Node = { kind: 'set', ranges: new Int32Array(0) };
const single = (unit: number): Node => ({ kind: 'set', ranges: Int32Array.of(unit, unit) });

/** ECMAScript's pattern grammar (with its web-compatibility leniencies), for a source RegExp already accepted. */
class Parser {
  private at = 0;
  private depth = 0;
  private readonly namedGroups: boolean;
  /** One code unit's set, made once per pattern: a literal used again shares its ranges (and its place in the program). */
  private readonly singles = new Map<number, Node>();
  constructor(private readonly source: string) {
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
    if (++this.depth > MAX_DEPTH) throw new Unsupported('too large');
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

// ---- Sizes known before anything is unrolled ----

/** What a node can match and costs: the shortest and longest text (Infinity: unbounded), its program units. */
interface Info {
  min: number;
  max: number;
  cost: number;
}

/** Units a class costs each time it is tried: one, and one more per halving of its ranges. */
const setCost = (ranges: Ranges) => 1 + Math.ceil(Math.log2(Math.max(1, ranges.length / 2)));

/**
 * The node as it will be compiled, and its Info. A repeat of a body that only matches the empty string is that body
 * once (an assertion holds or not, however often it is asked at one place) or nothing (when zero times may do);
 * a count past what a text of MAX_TEXT characters could use is clamped (a body that takes at least one character
 * cannot repeat more times than there are characters; an empty match may fill any count, so one more is enough).
 * Costs multiply through nested counts, so the compile cap is known before any unrolling.
 */
function simplify(node: Node): [Node, Info] {
  const result = simplified(node);
  // Past the cap is past it: a saturated cost keeps products of nested counts finite (never 0 × Infinity).
  result[1].cost = Math.min(result[1].cost, MAX_PROGRAM + 1);
  return result;
}

function simplified(node: Node): [Node, Info] {
  switch (node.kind) {
    case 'set':
      return [node, { min: 1, max: 1, cost: setCost(node.ranges) }];
    case 'assert':
      return [node, { min: 0, max: 0, cost: 1 }];
    case 'seq': {
      const items: Node[] = [];
      const info = { min: 0, max: 0, cost: 0 };
      for (const item of node.items) {
        const [n, i] = simplify(item);
        if (n === EMPTY) continue;
        items.push(n);
        info.min += i.min;
        info.max += i.max;
        info.cost += i.cost;
      }
      if (items.length === 0) return [EMPTY, info];
      return [items.length === 1 ? items[0] : { kind: 'seq', items }, info];
    }
    case 'alt': {
      const options: Node[] = [];
      const info = { min: Infinity, max: 0, cost: 0 };
      for (const option of node.options) {
        const [n, i] = simplify(option);
        options.push(n);
        info.min = Math.min(info.min, i.min);
        info.max = Math.max(info.max, i.max);
        info.cost += i.cost + 2; // a split and a jump per option but the last
      }
      info.cost -= 2;
      return [{ kind: 'alt', options }, info];
    }
    case 'repeat': {
      const [body, b] = simplify(node.node);
      if (b.max === 0) return node.min === 0 ? [EMPTY, { min: 0, max: 0, cost: 0 }] : [body, b];
      if (b.min >= 1 && node.min > Math.floor(MAX_TEXT / b.min)) return [NEVER, { min: 1, max: 1, cost: 1 }];
      const limit = b.min >= 1 ? Math.floor(MAX_TEXT / b.min) : MAX_TEXT + 1;
      const min = Math.min(node.min, limit);
      const max = node.max === Infinity ? Infinity : Math.min(node.max, limit);
      if (max === 0) return [EMPTY, { min: 0, max: 0, cost: 0 }];
      // min copies, then a loop (split, body, jump) or max - min optional copies (split, body): b.cost ≥ 1 here.
      const cost = min * b.cost + (max === Infinity ? b.cost + 2 : (max - min) * (b.cost + 1));
      return [
        { kind: 'repeat', node: body, min, max },
        { min: min * b.min, max: max * b.max, cost },
      ];
    }
  }
}

// ---- The program: instructions in typed arrays ----

const SET = 0;
const SPLIT = 1;
const JUMP = 2;
const ASSERT = 3;
const MATCH = 4;
const ASSERTIONS: Assertion[] = ['start', 'end', 'boundary', 'notBoundary'];

interface Program {
  op: Uint8Array;
  /** SET: where its ranges start in `ranges`; SPLIT, JUMP: a target; ASSERT: index into ASSERTIONS. */
  a: Int32Array;
  /** SET: where its ranges end; SPLIT: its second target. */
  b: Int32Array;
  /** Every class's ranges, one after another. */
  ranges: Int32Array;
  /** Units per step: the compile cap's measure (see setCost). */
  cost: number;
}

function compile(root: Node): Program {
  const op: number[] = [];
  const a: number[] = [];
  const b: number[] = [];
  const ranges: number[] = [];
  const placed = new Map<Ranges, [number, number]>();
  let cost = 0;
  const emit = (o: number, x = 0, y = 0, units = 1): number => {
    cost += units;
    // simplify() measured the program before this; this is the same cap, kept where the units are spent.
    if (cost > MAX_PROGRAM) throw new Unsupported('too large');
    op.push(o);
    a.push(x);
    b.push(y);
    return op.length - 1;
  };

  const node = (n: Node): void => {
    switch (n.kind) {
      case 'set': {
        // An unrolled class shares one copy of its ranges.
        let at = placed.get(n.ranges);
        if (!at) {
          at = [ranges.length, ranges.length + n.ranges.length];
          for (const bound of n.ranges) ranges.push(bound);
          placed.set(n.ranges, at);
        }
        emit(SET, at[0], at[1], setCost(n.ranges));
        return;
      }
      case 'assert':
        emit(ASSERT, ASSERTIONS.indexOf(n.what));
        return;
      case 'seq':
        n.items.forEach(node);
        return;
      case 'alt': {
        const ends: number[] = [];
        n.options.forEach((option, i) => {
          if (i === n.options.length - 1) return node(option);
          const fork = emit(SPLIT);
          node(option);
          ends.push(emit(JUMP));
          a[fork] = fork + 1;
          b[fork] = op.length;
        });
        for (const end of ends) a[end] = op.length;
        return;
      }
      case 'repeat': {
        for (let i = 0; i < n.min; i++) node(n.node);
        if (n.max === Infinity) {
          const fork = emit(SPLIT);
          node(n.node);
          emit(JUMP, fork);
          a[fork] = fork + 1;
          b[fork] = op.length;
          return;
        }
        const forks: number[] = [];
        for (let i = n.min; i < n.max; i++) {
          forks.push(emit(SPLIT));
          node(n.node);
        }
        for (const fork of forks) {
          a[fork] = fork + 1;
          b[fork] = op.length;
        }
        return;
      }
    }
  };
  node(root);
  emit(MATCH);
  return { op: Uint8Array.from(op), a: Int32Array.from(a), b: Int32Array.from(b), ranges: Int32Array.from(ranges), cost };
}

/**
 * Every thread in step: each position's list of live SETs, each instruction at most once per position (`seen`), so
 * a position costs at most the program's units. One function, typed arrays, no closures: it runs per keystroke.
 */
function run(program: Program, text: string): boolean {
  const { op, a, b, ranges } = program;
  const size = op.length;
  const seen = new Int32Array(size).fill(-1);
  let current = new Int32Array(size);
  let next = new Int32Array(size);
  let currentCount = 0;
  // Each instruction is followed once per position and pushes at most two.
  const stack = new Int32Array(2 * size + 2);
  // A pattern that starts with ^ can only match from position 0.
  const anchored = op[0] === ASSERT && a[0] === 0;
  const end = text.length;

  for (let pos = 0; pos <= end; pos++) {
    // The threads to follow at `pos`: a match may start at every position (but 0 only, under ^); then each live SET
    // that takes the code unit before `pos` goes on at its next instruction.
    let top = 0;
    let nextCount = 0;
    if (pos > 0) {
      const unit = text.charCodeAt(pos - 1);
      for (let i = currentCount - 1; i >= 0; i--) {
        const pc = current[i];
        let lo = a[pc];
        let hi = b[pc] - 2;
        // The last range starting at or before `unit`, by halves over [lo, hi] (ranges are lo, hi pairs).
        let hit = false;
        while (lo <= hi) {
          const mid = lo + (((hi - lo) >> 2) << 1);
          if (ranges[mid] > unit) hi = mid - 2;
          else if (ranges[mid + 1] < unit) lo = mid + 2;
          else {
            hit = true;
            break;
          }
        }
        if (hit) stack[top++] = pc + 1;
      }
    }
    if (pos === 0 || !anchored) stack[top++] = 0;
    else if (top === 0) return false;
    while (top > 0) {
      const pc = stack[--top];
      if (seen[pc] === pos) continue;
      seen[pc] = pos;
      switch (op[pc]) {
        case SET:
          next[nextCount++] = pc;
          break;
        case MATCH:
          return true;
        case JUMP:
          stack[top++] = a[pc];
          break;
        case SPLIT:
          stack[top++] = b[pc];
          stack[top++] = a[pc];
          break;
        default:
          if (holds(a[pc], text, pos)) stack[top++] = pc + 1;
      }
    }
    [current, next] = [next, current];
    currentCount = nextCount;
  }
  return false;
}

function holds(what: number, text: string, pos: number): boolean {
  switch (ASSERTIONS[what]) {
    case 'start':
      return pos === 0;
    case 'end':
      return pos === text.length;
    default: {
      const before = pos > 0 && inRanges(WORD, text.charCodeAt(pos - 1));
      const after = pos < text.length && inRanges(WORD, text.charCodeAt(pos));
      return (before !== after) === (ASSERTIONS[what] === 'boundary');
    }
  }
}
