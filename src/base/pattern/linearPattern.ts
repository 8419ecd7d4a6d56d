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
import { EMPTY, inRanges, NEVER, Parser, Unsupported, WORD, type Assertion, type Node, type Ranges } from './patternSyntax';

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
    const [root, info] = simplify(new Parser(source, MAX_DEPTH).parse());
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
