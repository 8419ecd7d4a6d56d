// The forms readers of the scale registry (../registry.ts): what the extension reads of a model's (or an MCP
// server's) form: a field's `pattern` compiled and run on the user's text, each field's checks (format, limits,
// options) and what they could not check, its conditions, its options as the quick pick shows them.
import assert from 'node:assert/strict';
import { MAX_OPTIONS_SHOWN, optionChoices } from '../../../src/features/inbox/formChoices';
import { linearPattern, MAX_SOURCE, MAX_TEXT } from '../../../src/base/pattern/linearPattern';
import { fieldNote, fieldProblem, isFieldActive, type FormAnswer, type FormField, type FormOption } from '../../../src/store/formRequest';
import { reader, type Reader } from '../reader';

/** What a pattern check said: a match, no match, or not checked here (a cap, or a pattern this matcher declines). */
type Verdict = boolean | 'unchecked';

function verdict(source: string, text: string): Verdict {
  return linearPattern(source).test(text) ?? 'unchecked';
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
    // Checked while the source is within MAX_SOURCE; its text is its first 20 characters (short, so no text cap).
    make: (n: number): PatternCase => {
      const word = 'ab-'.repeat(Math.ceil(n / 3)).slice(0, n);
      return { source: `^${word}$`, text: word.slice(0, 20), expected: false, mayCap: n + 2 > MAX_SOURCE };
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

/**
 * A pattern is checked on texts up to MAX_WORK over its size: `checkedUpTo` is that bound for the shape's pattern,
 * rounded down by hand from its units (an instruction one, a class one more per halving of its ranges).
 */
function matchCase(source: string, text: string, expected: boolean, checkedUpTo: number): MatchCase {
  return { source, text, expected, mayCap: text.length > checkedUpTo, matcher: linearPattern(source) };
}

const CLASS_4K = classOf(4_000);

export const formsReaders: Array<Reader<unknown, unknown>> = [
  reader<PatternCase>({
    name: 'form field pattern: compile and check (linearPattern)',
    // The pattern is read by patternSyntax.ts's Parser (into its ranges) as linearPattern compiles it.
    covers: [
      'src/base/pattern/linearPattern.ts#linearPattern',
      'src/base/pattern/patternSyntax.ts#Parser',
      'src/base/pattern/patternSyntax.ts#Unsupported',
      'src/base/pattern/patternSyntax.ts#inRanges',
    ],
    read: ({ source, text, expected, mayCap }) => ({ got: verdict(source, text), expected, mayCap }),
    shapes: compileShapes,
    check: checkPattern,
  }),
  reader<MatchCase>({
    name: 'form field pattern: a compiled pattern on a text of n characters (LinearPattern.test)',
    covers: ['src/base/pattern/linearPattern.ts#linearPattern'],
    read: ({ matcher, text, expected, mayCap }) => ({ got: matcher.test(text) ?? 'unchecked', expected, mayCap }),
    shapes: [
      { name: 'words against ^[\\w ]+$', make: (n) => matchCase('^[\\w ]+$', 'word '.repeat(n / 5), true, 10_000) },
      {
        name: 'catastrophic ^(\\w+\\s?)+$ on a sentence that ends in a stop',
        worst: true,
        make: (n) => matchCase('^(\\w+\\s?)+$', 'word '.repeat(n / 5) + '.', false, 10_000),
      },
      {
        name: 'a class of 4 000 entries',
        worst: true,
        make: (n) => matchCase(`^[${CLASS_4K}]+$`, CLASS_4K.repeat(Math.ceil(n / 4_000)).slice(0, n), true, 5_000),
      },
      {
        name: 'an alternation of 500 branches',
        worst: true,
        make: (n) => matchCase(`^(?:${Array.from({ length: 500 }, (_, i) => `w${i}`).join('|')})+$`, 'w499'.repeat(n / 4), true, 100),
      },
    ],
    check: checkPattern,
  }),
  reader<FieldCase>({
    name: 'form field check (fieldProblem, then fieldNote, as the input box asks)',
    covers: ['src/store/formRequest.ts#fieldProblem', 'src/store/formRequest.ts#fieldNote'],
    read: ({ field, value, expected, mayCap }) => ({ got: fieldProblem(field, value) ?? fieldNote(field, value), expected, mayCap }),
    shapes: [
      {
        name: 'a text of n characters with limits and a pattern',
        make: (n) => ({
          field: text({ minLength: 1, maxLength: 10 * n, pattern: `^[\\w ]+$${fresh()}` }),
          value: 'word '.repeat(n / 5),
          expected: undefined,
          mayCap: n > 10_000,
        }),
      },
      {
        name: 'e-mail format, a long default that is not one (a@ then dots then @)',
        worst: true,
        make: (n) => ({
          field: text({ format: 'email' }),
          value: `a@${'.'.repeat(n)}@`,
          expected: 'Expected an e-mail address.',
          mayCap: n >= MAX_TEXT,
        }),
      },
      {
        name: 'e-mail format, a long valid address',
        worst: true,
        make: (n) => ({
          field: text({ format: 'email' }),
          value: `${'a'.repeat(n)}@example.com`,
          expected: undefined,
          mayCap: n >= MAX_TEXT,
        }),
      },
      {
        name: 'URL format, a long URL',
        worst: true,
        make: (n) => ({
          field: text({ format: 'uri' }),
          value: `https://example.com/${'a/'.repeat(n / 2)}`,
          expected: undefined,
          mayCap: n >= MAX_TEXT,
        }),
      },
      {
        name: 'date-time format, a long text after a date',
        worst: true,
        make: (n) => ({
          field: text({ format: 'date-time' }),
          value: `2026-01-01T${'1'.repeat(n)}`,
          expected: 'Expected a date and time (YYYY-MM-DDThh:mm:ssZ).',
          mayCap: n >= MAX_TEXT,
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
          return { field: text({ pattern: `^[${members}]+$${fresh()}` }), value: members, expected: undefined, mayCap: n > 1_000 };
        },
      },
      {
        // The picks are the user's, among the options one pick shows (MAX_OPTIONS_SHOWN): the options are the model's.
        name: 'multiselect of n options, all the shown ones picked',
        worst: true,
        make: (n) => {
          const values = Array.from({ length: n }, (_, i) => `option ${i}`);
          const field: FormField = {
            ...base(),
            type: 'multiselect',
            options: values.map((v) => ({ value: v, label: v, description: '' })),
            custom: false,
          };
          return wire({ field, value: values.slice(0, MAX_OPTIONS_SHOWN).reverse(), expected: undefined });
        },
      },
      {
        name: 'multiselect of n options, a pick that is none of them',
        worst: true,
        make: (n) => {
          const values = Array.from({ length: n }, (_, i) => `option ${i}`);
          const field: FormField = {
            ...base(),
            type: 'multiselect',
            options: values.map((v) => ({ value: v, label: v, description: '' })),
            custom: false,
          };
          return wire({ field, value: ['option 0', 'not an option'], expected: 'Pick from the options.' });
        },
      },
    ],
    check: (answer, n, shape) => {
      const { got, expected, mayCap } = answer as { got: string | undefined; expected: string | undefined; mayCap?: boolean };
      if (mayCap && got?.startsWith('Not checked')) return;
      assert.equal(got, expected, `${shape} at ${n}`);
    },
  }),
  reader<{ field: FormField; answer: FormAnswer; expected: boolean }>({
    name: 'form field conditions (isFieldActive)',
    covers: ['src/store/formRequest.ts#isFieldActive'],
    read: ({ field, answer, expected }) => ({ got: isFieldActive(field, answer), expected }),
    shapes: [
      {
        name: 'n conditions on n answered fields',
        make: (n) => {
          const answer: FormAnswer = {};
          for (let i = 0; i < n; i++) answer[`k${i}`] = `v${i}`;
          const when = Array.from({ length: n }, (_, i) => ({ key: `k${i}`, op: 'eq' as const, value: `v${i}` }));
          return wire({ field: { ...base(), when, type: 'boolean' }, answer, expected: true });
        },
      },
      {
        // The answer's values are the user's picks among the shown options; the conditions are the model's.
        name: 'n conditions against a multiselect answer of all the shown options',
        worst: true,
        make: (n) => {
          const picked = Array.from({ length: MAX_OPTIONS_SHOWN }, (_, i) => `v${i}`);
          const when = Array.from({ length: n }, (_, i) => ({ key: 'many', op: 'eq' as const, value: `v${i % MAX_OPTIONS_SHOWN}` }));
          return wire({ field: { ...base(), when, type: 'boolean' }, answer: { many: picked }, expected: true });
        },
      },
    ],
    check: (answer, n, shape) => {
      const { got, expected } = answer as { got: boolean; expected: boolean };
      assert.equal(got, expected, `${shape} at ${n}`);
    },
  }),
  reader<{ options: FormOption[]; defaults: string[] }>({
    name: 'form field options as pick items (optionChoices)',
    covers: ['src/features/inbox/formChoices.ts#optionChoices'],
    read: ({ options, defaults }) => {
      const { items, picked, left } = optionChoices(options, defaults);
      return { items: items.length, picked: picked.length, left, options: options.length, defaults: defaults.length };
    },
    shapes: [
      { name: 'n options, one default', make: (n) => wire({ options: optionsOf(n), defaults: ['option 0'] }) },
      {
        name: 'n options, all n the default',
        worst: true,
        make: (n) => ({
          options: optionsOf(n),
          defaults: optionsOf(n)
            .map((o) => o.value)
            .reverse(),
        }),
      },
      {
        name: 'n options with long labels full of $( and bidi controls',
        worst: true,
        make: (n) => ({ options: optionsOf(n / 100, '$(x)\u202e'.repeat(100)), defaults: [] }),
      },
    ],
    check: (answer, n, shape) => {
      const { items, picked, left, options, defaults } = answer as Record<string, number>;
      const shown = Math.min(options, MAX_OPTIONS_SHOWN);
      assert.deepEqual([items, left], [shown, options - shown], `${shape} at ${n}: the first options shown, the rest counted`);
      // The defaults are every option's value, or one or none: those among the shown are picked.
      assert.equal(picked, Math.min(defaults, shown), `${shape} at ${n}: every shown default picked`);
    },
  }),
];

interface FieldCase {
  field: FormField;
  value: string | string[];
  /** What a small input gives: the problem, or undefined (taken). */
  expected: string | undefined;
  /** Whether a cap may apply at this size: then a note that says it was not checked here is right too. */
  mayCap?: boolean;
}

/**
 * As the product has it when the user answers: the form arrived as JSON a while ago (JSON.parse internalizes its short
 * strings, so a key looked up is a probe, not a string-table insert per condition), and has long since moved to the
 * old generation: allocating some 64 MB of garbage here takes it through two young collections before the clock
 * starts, so a reader's own allocations do not pay for copying the input it was just handed.
 */
function wire<T>(value: T): T {
  const parsed = JSON.parse(JSON.stringify(value)) as T;
  let garbage: number[] = [];
  for (let i = 0; i < 8_000; i++) garbage = new Array<number>(1_000).fill(i);
  return garbage.length ? parsed : parsed;
}

function base() {
  return { key: 'k', title: 'T', description: '', required: true, when: [] };
}

function optionsOf(n: number, words = ''): FormOption[] {
  return Array.from({ length: n }, (_, i) => ({ value: `option ${i}`, label: `${words}Option ${i}`, description: words }));
}

function text(more: Partial<Extract<FormField, { type: 'string' }>>): FormField {
  return { ...base(), type: 'string', custom: true, ...more };
}
