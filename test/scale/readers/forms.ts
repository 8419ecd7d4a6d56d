// The forms readers of the scale registry (../registry.ts): what the extension reads of a model's (or an MCP
// server's) form: a field's `pattern` compiled and run on the user's text, each field's checks (format, limits,
// options), its conditions.
import assert from 'node:assert/strict';
import { linearPattern } from '../../../src/store/linearPattern';
import { fieldProblem, isFieldActive, type FormAnswer, type FormField } from '../../../src/store/formRequest';
import { reader, type Reader } from '../reader';

/** What a pattern check said: a match, no match, or not checked here (a cap, or a pattern this matcher declines). */
type Verdict = boolean | 'unchecked';

function verdict(source: string, text: string): Verdict {
  const matcher = linearPattern(source);
  return matcher?.test(text) ?? 'unchecked';
}

/** A pattern and a text, with the answer a small input gives, and whether a cap may honestly apply at this size. */
interface PatternCase {
  source: string;
  text: string;
  expected: boolean;
  mayCap: boolean;
}

interface PatternAnswer {
  got: Verdict;
  expected: boolean;
  mayCap: boolean;
}

function checkPattern(answer: unknown, n: number, shape: string): void {
  const { got, expected, mayCap } = answer as PatternAnswer;
  if (got === 'unchecked') assert.ok(mayCap, `${shape} at ${n}: not checked, though no cap applies`);
  else assert.equal(got, expected, `${shape} at ${n}`);
}

/** Every pattern made is new: a field's check caches its compiled pattern, and each run must pay for compiling. */
let made = 0;
const fresh = () => `|\u0001${made++}\u0001`;

/** n distinct code units, none next to another (so no two merge into a range), from U+0100 on. */
function classOf(n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += String.fromCharCode(0x100 + ((2 * i) % 0xd000));
  return out;
}

const compileShapes = [
  {
    name: 'a literal pattern of n characters',
    make: (n: number): PatternCase => {
      const word = 'ab-'.repeat(Math.ceil(n / 3)).slice(0, n);
      return { source: `^${word}$`, text: word, expected: true, mayCap: n > 1_000 };
    },
  },
  {
    name: 'nested empty repeats ((){k}){k}, k = n',
    worst: true,
    make: (n: number): PatternCase => ({ source: `((){${n}}){${n}}`, text: 'abc', expected: true, mayCap: false }),
  },
  {
    name: 'nested counts (?:a{k}){k}, k = n',
    worst: true,
    make: (n: number): PatternCase => ({ source: `^(?:a{${n}}){${n}}$`, text: 'aaa', expected: false, mayCap: true }),
  },
  {
    name: 'a count past any text (?:ab|c?){0,k}x, k = n × 1000',
    worst: true,
    make: (n: number): PatternCase => ({ source: `^(?:ab|c?){0,${n * 1000}}x$`, text: 'ababcx', expected: true, mayCap: true }),
  },
  {
    name: 'a class of n entries',
    worst: true,
    make: (n: number): PatternCase => {
      const members = classOf(n);
      return { source: `^[${members}]+$`, text: members.slice(-3) + members.slice(0, 3), expected: true, mayCap: n > 1_000 };
    },
  },
  {
    name: 'an alternation of n branches',
    worst: true,
    make: (n: number): PatternCase => {
      const words = Array.from({ length: n }, (_, i) => `w${i}`);
      return { source: `^(?:${words.join('|')})$`, text: `w${n - 1}`, expected: true, mayCap: n > 500 };
    },
  },
  {
    name: 'n nested groups',
    worst: true,
    make: (n: number): PatternCase => ({ source: `${'('.repeat(n)}a${')'.repeat(n)}`, text: 'xa', expected: true, mayCap: n > 50 }),
  },
];

/** The pattern compiled before the clock starts; the text is the input. */
interface MatchCase extends PatternCase {
  matcher: ReturnType<typeof linearPattern>;
}

function matchCase(source: string, text: string, expected: boolean, mayCap = true): MatchCase {
  return { source, text, expected, mayCap, matcher: linearPattern(source) };
}

const CLASS_10K = classOf(10_000);

export const formsReaders: Array<Reader<unknown, unknown>> = [
  reader<PatternCase>({
    name: 'form field pattern: compile and check (linearPattern)',
    covers: ['src/store/linearPattern.ts#linearPattern'],
    read: ({ source, text, expected, mayCap }) => ({ got: verdict(source, text), expected, mayCap }),
    shapes: compileShapes,
    check: checkPattern,
  }),
  reader<MatchCase>({
    name: 'form field pattern: a compiled pattern on a text of n characters (LinearPattern.test)',
    covers: ['src/store/linearPattern.ts#linearPattern'],
    read: ({ matcher, text, expected, mayCap }) => ({ got: matcher?.test(text) ?? 'unchecked', expected, mayCap }),
    shapes: [
      { name: 'words against ^[\\w ]+$', make: (n) => matchCase('^[\\w ]+$', 'word '.repeat(n / 5), true) },
      {
        name: 'catastrophic ^(\\w+\\s?)+$ on a sentence that ends in a stop',
        worst: true,
        make: (n) => matchCase('^(\\w+\\s?)+$', 'word '.repeat(n / 5) + '.', false),
      },
      {
        name: 'a class of 10 000 entries',
        worst: true,
        make: (n) => matchCase(`^[${CLASS_10K}]+$`, CLASS_10K.repeat(Math.ceil(n / 10_000)).slice(0, n), true),
      },
      {
        name: 'an alternation of 500 branches',
        worst: true,
        make: (n) => matchCase(`^(?:${Array.from({ length: 500 }, (_, i) => `w${i}`).join('|')})+$`, 'w499'.repeat(n / 4), true),
      },
    ],
    check: checkPattern,
  }),
  reader<{ field: FormField; value: string | string[]; expected: string | undefined; mayCap?: boolean }>({
    name: 'form field check (fieldProblem)',
    covers: ['src/store/formRequest.ts#fieldProblem'],
    read: ({ field, value, expected, mayCap }) => ({ got: fieldProblem(field, value), expected, mayCap }),
    shapes: [
      {
        name: 'a text of n characters with limits and a pattern',
        make: (n) => ({
          field: text({ minLength: 1, maxLength: 10 * n, pattern: `^[\\w ]+$${fresh()}` }),
          value: 'word '.repeat(n / 5),
          expected: undefined,
        }),
      },
      {
        name: 'e-mail format, a long default that is not one (a@ then dots then @)',
        worst: true,
        make: (n) => ({ field: text({ format: 'email' }), value: `a@${'.'.repeat(n)}@`, expected: 'Expected an e-mail address.' }),
      },
      {
        name: 'e-mail format, a long valid address',
        worst: true,
        make: (n) => ({ field: text({ format: 'email' }), value: `${'a'.repeat(n)}@example.com`, expected: undefined, mayCap: true }),
      },
      {
        name: 'URL format, a long URL',
        worst: true,
        make: (n) => ({
          field: text({ format: 'uri' }),
          value: `https://example.com/${'a/'.repeat(n / 2)}`,
          expected: undefined,
          mayCap: true,
        }),
      },
      {
        name: 'date-time format, a long text after a date',
        worst: true,
        make: (n) => ({
          field: text({ format: 'date-time' }),
          value: `2026-01-01T${'1'.repeat(n)}`,
          expected: 'Expected a date and time (YYYY-MM-DDThh:mm:ssZ).',
        }),
      },
      {
        name: 'pattern ((){k}){k}, k = n',
        worst: true,
        make: (n) => ({ field: text({ pattern: `((){${n}}){${n}}${fresh()}` }), value: 'an answer', expected: undefined }),
      },
      {
        name: 'pattern with a class of n entries on a text of n characters',
        worst: true,
        make: (n) => {
          const members = classOf(n);
          return { field: text({ pattern: `^[${members}]+$${fresh()}` }), value: members, expected: undefined };
        },
      },
      {
        name: 'multiselect of n options, n picked',
        worst: true,
        make: (n) => {
          const values = Array.from({ length: n }, (_, i) => `option ${i}`);
          const field: FormField = {
            ...base(),
            type: 'multiselect',
            options: values.map((v) => ({ value: v, label: v, description: '' })),
            custom: false,
          };
          return { field, value: values.reverse(), expected: undefined };
        },
      },
    ],
    check: (answer, n, shape) => {
      const { got, expected, mayCap } = answer as { got: string | undefined; expected: string | undefined; mayCap?: boolean };
      if (mayCap && got !== undefined && /too long|too large/i.test(got)) return;
      assert.equal(got, expected, `${shape} at ${n}`);
    },
  }),
  reader<{ field: FormField; answer: FormAnswer; expected: boolean }>({
    name: 'form field conditions (isFieldActive)',
    covers: ['src/store/formRequest.ts#isFieldActive'],
    read: ({ field, answer, expected }) => ({ got: isFieldActive(field, answer), expected }),
    shapes: [
      {
        name: 'n conditions on n fields',
        make: (n) => {
          const answer: FormAnswer = {};
          for (let i = 0; i < n; i++) answer[`k${i}`] = `v${i}`;
          const when = Array.from({ length: n }, (_, i) => ({ key: `k${i}`, op: 'eq' as const, value: `v${i}` }));
          return { field: { ...base(), when, type: 'boolean' }, answer, expected: true };
        },
      },
      {
        name: 'n conditions against a multiselect answer of n values',
        worst: true,
        make: (n) => {
          const picked = Array.from({ length: n }, (_, i) => `v${i}`);
          const when = Array.from({ length: n }, (_, i) => ({ key: 'many', op: 'eq' as const, value: `v${n - 1 - i}` }));
          return { field: { ...base(), when, type: 'boolean' }, answer: { many: picked }, expected: true };
        },
      },
    ],
    check: (answer, n, shape) => {
      const { got, expected } = answer as { got: boolean; expected: boolean };
      assert.equal(got, expected, `${shape} at ${n}`);
    },
  }),
];

function base() {
  return { key: 'k', title: 'T', description: '', required: true, when: [] };
}

function text(more: Partial<Extract<FormField, { type: 'string' }>>): FormField {
  return { ...base(), type: 'string', custom: true, ...more };
}
