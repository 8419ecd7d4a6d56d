// A form field's `pattern` is written by the model (its `question` call) or an MCP server, and it is checked on
// every keystroke in the extension host. JavaScript's own RegExp backtracks: `^(\w+\s?)+$` against a sentence
// that ends in a full stop takes seconds, doubling with each letter. This matcher runs the same pattern as a
// Thompson NFA, every thread in step (Pike's VM without captures): time is the text's length times the
// program's size, whatever the pattern. It reads ECMAScript's syntax without flags (as the server's
// `new RegExp(pattern)` does), code unit by code unit; what it cannot run in linear time (back-references,
// lookaround) or a program past MAX_PROGRAM is not checked here: the server checks every answer anyway.

/** The most instructions a pattern may compile to (counted repetitions are unrolled): bounds each step's work. */
export const MAX_PROGRAM = 4_000;
/** The most text length × program size checked at once (a few ms); a longer text is left to the server. */
export const MAX_WORK = 4_000_000;

export interface LinearPattern {
  /** Whether the pattern matches somewhere in `text`, as RegExp.prototype.test does; undefined past MAX_WORK. */
  test(text: string): boolean | undefined;
}

/** The pattern as a linear-time matcher; undefined when it is not valid or cannot be run in linear time. */
export function linearPattern(source: string): LinearPattern | undefined {
  try {
    new RegExp(source); // compiling is cheap; only running a RegExp backtracks. Invalid: the server says why.
  } catch {
    return undefined;
  }
  try {
    const program = compile(new Parser(source).parse());
    return { test: (text) => (text.length * program.length > MAX_WORK ? undefined : run(program, text)) };
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}

class Unsupported extends Error {}

type CharTest = (c: number) => boolean;
type Assertion = 'start' | 'end' | 'boundary' | 'notBoundary';
type Node =
  | { kind: 'char'; test: CharTest }
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; options: Node[] }
  | { kind: 'repeat'; node: Node; min: number; max: number }
  | { kind: 'assert'; what: Assertion };

const code = (s: string) => s.charCodeAt(0);
const inRange = (lo: string, hi: string) => (c: number) => c >= code(lo) && c <= code(hi);
const isDigit = inRange('0', '9');
const isWord: CharTest = (c) => isDigit(c) || inRange('a', 'z')(c) || inRange('A', 'Z')(c) || c === code('_');
const SPACES = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]);
const isSpace: CharTest = (c) => SPACES.has(c) || (c >= 0x2000 && c <= 0x200a);
const isLineEnd: CharTest = (c) => c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
const not =
  (test: CharTest): CharTest =>
  (c) =>
    !test(c);
const CLASS_ESCAPES: Record<string, CharTest> = { d: isDigit, D: not(isDigit), w: isWord, W: not(isWord), s: isSpace, S: not(isSpace) };
const CONTROL_ESCAPES: Record<string, number> = { t: 9, n: 10, v: 11, f: 12, r: 13 };

/** ECMAScript's pattern grammar (with its web-compatibility leniencies), for a source RegExp already accepted. */
class Parser {
  private at = 0;
  constructor(private readonly source: string) {}

  parse(): Node {
    const node = this.alternation();
    if (this.at < this.source.length) throw new Unsupported(); // an unmatched ")" would not have compiled
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
      const braces = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.at));
      if (!braces) return atom;
      this.at += braces[0].length;
      min = Number(braces[1]);
      max = braces[2] === undefined ? min : braces[3] ? Number(braces[3]) : Infinity;
    }
    if (this.peek() === '?') this.at++; // lazy: the same strings match
    if (atom.kind === 'assert') return atom; // a quantified assertion (web compatibility) still asserts or is skipped
    return { kind: 'repeat', node: atom, min, max };
  }

  private atom(): Node {
    const c = this.source[this.at++];
    switch (c) {
      case '^':
        return { kind: 'assert', what: 'start' };
      case '$':
        return { kind: 'assert', what: 'end' };
      case '.':
        return { kind: 'char', test: not(isLineEnd) };
      case '[':
        return { kind: 'char', test: this.charClass() };
      case '(':
        return this.group();
      case '\\':
        return this.atomEscape();
      default: {
        const unit = code(c);
        return { kind: 'char', test: (x) => x === unit };
      }
    }
  }

  private group(): Node {
    if (this.peek() === '?') {
      if (this.peek(1) === ':') this.at += 2;
      else if (this.peek(1) === '<' && /[\p{L}$_]/u.test(this.peek(2))) this.at = this.source.indexOf('>', this.at) + 1;
      else throw new Unsupported(); // lookahead, lookbehind, modifiers
    }
    const node = this.alternation();
    this.at++; // ")"
    return node;
  }

  private atomEscape(): Node {
    const c = this.peek();
    if (c === 'b' || c === 'B') {
      this.at++;
      return { kind: 'assert', what: c === 'b' ? 'boundary' : 'notBoundary' };
    }
    if (/[1-9]/.test(c) || (c === 'k' && this.source.includes('(?<'))) throw new Unsupported(); // back-references
    return { kind: 'char', test: this.escape(false) };
  }

  /** The escape after a backslash, as a test of one code unit. */
  private escape(inClass: boolean): CharTest {
    const c = this.source[this.at++];
    if (CLASS_ESCAPES[c]) return CLASS_ESCAPES[c];
    return single(this.escapedUnit(c, inClass));
  }

  private escapedUnit(c: string, inClass: boolean): number {
    if (c in CONTROL_ESCAPES) return CONTROL_ESCAPES[c];
    if (inClass && c === 'b') return 8;
    if (c === '0' && !isDigit(code(this.peek() || 'x'))) return 0;
    if (/[0-7]/.test(c)) {
      // A legacy octal escape (only reachable in a class or as \0 followed by digits).
      const octal = /^[0-7]{0,2}/.exec(this.source.slice(this.at))![0];
      const value = parseInt(c + octal, 8);
      const digits = value > 0o377 ? octal.slice(0, 1) : octal;
      this.at += digits.length;
      return parseInt(c + digits, 8);
    }
    if (c === 'c' && /[A-Za-z]/.test(this.peek())) return code(this.source[this.at++]) % 32;
    const hex =
      c === 'x'
        ? /^[0-9a-fA-F]{2}/.exec(this.source.slice(this.at))
        : c === 'u'
          ? /^[0-9a-fA-F]{4}/.exec(this.source.slice(this.at))
          : null;
    if (hex) {
      this.at += hex[0].length;
      return parseInt(hex[0], 16);
    }
    if (c === 'c' && inClass && /[0-9_]/.test(this.peek())) return code(this.source[this.at++]) % 32;
    if (c === 'c') {
      this.at--; // "\c" not followed by a letter is a backslash, then "c"
      return code('\\');
    }
    return code(c); // an identity escape: \. \/ \- and the like
  }

  private charClass(): CharTest {
    const negated = this.peek() === '^';
    if (negated) this.at++;
    const tests: CharTest[] = [];
    while (this.peek() !== ']') {
      const low = this.classAtom();
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== '') {
        this.at++;
        const high = this.classAtom();
        if (typeof low === 'number' && typeof high === 'number') {
          tests.push((c) => c >= low && c <= high);
          continue;
        }
        // A class escape at either end makes "-" literal (web compatibility).
        tests.push(asTest(low), single(code('-')), asTest(high));
        continue;
      }
      tests.push(asTest(low));
    }
    this.at++; // "]"
    const any: CharTest = (c) => tests.some((t) => t(c));
    return negated ? not(any) : any;
  }

  /** One code unit, or a class escape (\d, \w, \s and their opposites). */
  private classAtom(): number | CharTest {
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

const single =
  (unit: number): CharTest =>
  (c) =>
    c === unit;
const asTest = (atom: number | CharTest): CharTest => (typeof atom === 'number' ? single(atom) : atom);

type Instruction =
  | { op: 'char'; test: CharTest }
  | { op: 'split'; to: [number, number] }
  | { op: 'jump'; to: number }
  | { op: 'assert'; what: Assertion }
  | { op: 'match' };

function compile(root: Node): Instruction[] {
  const program: Instruction[] = [];
  const emit = (instruction: Instruction): number => {
    if (program.length >= MAX_PROGRAM) throw new Unsupported();
    program.push(instruction);
    return program.length - 1;
  };
  const split = () => emit({ op: 'split', to: [0, 0] });
  const patch = (at: number, to: [number, number]) => ((program[at] as { to: [number, number] }).to = to);

  const node = (n: Node): void => {
    switch (n.kind) {
      case 'char':
        emit({ op: 'char', test: n.test });
        return;
      case 'assert':
        emit({ op: 'assert', what: n.what });
        return;
      case 'seq':
        n.items.forEach(node);
        return;
      case 'alt': {
        const ends: number[] = [];
        n.options.forEach((option, i) => {
          if (i === n.options.length - 1) return node(option);
          const fork = split();
          node(option);
          ends.push(emit({ op: 'jump', to: 0 }));
          patch(fork, [fork + 1, program.length]);
        });
        for (const end of ends) (program[end] as { to: number }).to = program.length;
        return;
      }
      case 'repeat': {
        for (let i = 0; i < n.min; i++) node(n.node);
        if (n.max === Infinity) {
          const fork = split();
          node(n.node);
          emit({ op: 'jump', to: fork });
          patch(fork, [fork + 1, program.length]);
          return;
        }
        const forks: number[] = [];
        for (let i = n.min; i < n.max; i++) {
          forks.push(split());
          node(n.node);
        }
        for (const fork of forks) patch(fork, [fork + 1, program.length]);
        return;
      }
    }
  };
  node(root);
  emit({ op: 'match' });
  return program;
}

/** Every thread in step: each position's set of live instructions, each instruction at most once per set. */
function run(program: Instruction[], text: string): boolean {
  const seen = new Int32Array(program.length).fill(-1);
  let current: number[] = [];
  let next: number[] = [];
  const stack: number[] = [];
  /** Follows jumps, splits and assertions from `pc` at `pos`; true when it reaches match. */
  const add = (list: number[], start: number, pos: number): boolean => {
    stack.push(start);
    while (stack.length) {
      const pc = stack.pop()!;
      if (seen[pc] === pos) continue;
      seen[pc] = pos;
      const instruction = program[pc];
      switch (instruction.op) {
        case 'match':
          stack.length = 0;
          return true;
        case 'jump':
          stack.push(instruction.to);
          break;
        case 'split':
          stack.push(instruction.to[1], instruction.to[0]);
          break;
        case 'assert':
          if (holds(instruction.what, text, pos)) stack.push(pc + 1);
          break;
        case 'char':
          list.push(pc);
      }
    }
    return false;
  };
  for (let pos = 0; pos <= text.length; pos++) {
    if (add(current, 0, pos)) return true; // a match may start at every position
    if (pos === text.length) break;
    const unit = text.charCodeAt(pos);
    next.length = 0;
    for (const pc of current) {
      const instruction = program[pc] as { test: CharTest };
      if (instruction.test(unit) && add(next, pc + 1, pos + 1)) return true;
    }
    [current, next] = [next, current];
  }
  return false;
}

function holds(what: Assertion, text: string, pos: number): boolean {
  switch (what) {
    case 'start':
      return pos === 0;
    case 'end':
      return pos === text.length;
    default: {
      const before = pos > 0 && isWord(text.charCodeAt(pos - 1));
      const after = pos < text.length && isWord(text.charCodeAt(pos));
      return (before !== after) === (what === 'boundary');
    }
  }
}
