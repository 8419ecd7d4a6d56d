// A form field's pattern comes from the model or an MCP server and is checked on every keystroke in the extension
// host: the linear-time matcher answers as RegExp does (compared on many patterns and texts), answers a
// catastrophic pattern at once where RegExp takes seconds, and declines what it cannot run in linear time.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { linearPattern, MAX_DEPTH, MAX_PROGRAM, MAX_SOURCE, MAX_TEXT, MAX_WORK } from '../../../src/base/pattern/linearPattern';
import { fieldProblem, type StringField } from '../../../src/store/formRequest';

const PATTERNS = [
  '^(\\w+\\s?)+$',
  '^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$',
  '^\\d{3}-\\d{4}$',
  'ab|cd',
  '^(a|ab)(c|bcd)(d*)$',
  'a.c',
  '^[^abc]+$',
  '[]',
  '[^]',
  '^$',
  'x*',
  '\\bcat\\b',
  '\\Bat',
  '^(?:foo|bar){2,3}$',
  '^(?<word>[A-Z][a-z]*)( [A-Z][a-z]*)*$',
  '[\\d-x]',
  '[a-]',
  '^\\x41\\u0042[\\t\\n]?$',
  'a{2}b{1,}c{0,1}',
  'a{,2}',
  'x{',
  '^\\.\\*\\?$',
  '(a*)*b',
  '(a|a)*$',
  '^[\\s\\S]{3}$',
  '\\cJ',
  '\\0',
  '[\\b]',
  'é+',
  '^\\W+$',
  '\\D\\S',
  '^(|a)+$',
  'a??b+?c*?',
];
const ALPHABET = ['a', 'b', 'c', 'd', 'x', 'A', 'B', '1', '2', '-', '.', ' ', '\n', '_', '@', 'é', '\t', '{', '}', '*'];

/** Texts of every length up to 5 over a few letters, then random longer ones, reproducibly. */
function texts(): string[] {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const out = ['', 'abcd', 'Please use the default configuration', 'a@b.co', '123-4567', 'cat', 'a cat sat', 'AB\t', 'foobarfoo'];
  for (let i = 0; i < 3_000; i++) {
    const length = Math.floor(random() * 12);
    out.push(Array.from({ length }, () => ALPHABET[Math.floor(random() * ALPHABET.length)]).join(''));
  }
  return out;
}

describe('linear-time pattern matcher', () => {
  test('answers as RegExp does', () => {
    const all = texts();
    for (const source of PATTERNS) {
      const matcher = linearPattern(source);
      assert.equal(matcher.unchecked, undefined, `compiled: ${source}`);
      const native = new RegExp(source);
      for (const text of all) assert.equal(matcher.test(text), native.test(text), `${source} on ${JSON.stringify(text)}`);
    }
  });

  // How long they take is the scale suite's (test/scale/readers/forms.ts): a unit test asserts no time.
  test('a catastrophic pattern answers where RegExp backtracks for seconds', () => {
    const sentence = 'Please use the default configuration for this project now.';
    for (const source of ['^(\\w+\\s?)+$', '^(a+)+$', '^(a|aa)+$', '^(.*a){12}$', '(x+x+)+y']) {
      const matcher = linearPattern(source);
      assert.equal(matcher.unchecked, undefined, source);
      // Only a run of word characters is words separated by optional spaces; nothing else matches.
      for (const text of [sentence, 'a'.repeat(60) + '!', 'x'.repeat(60)])
        assert.equal(matcher.test(text), source === '^(\\w+\\s?)+$' && text === 'x'.repeat(60), `${source} on ${text}`);
    }
  });

  test('a field with that pattern says what is wrong without running RegExp', () => {
    const field: StringField = {
      type: 'string',
      key: 'k',
      title: 't',
      description: '',
      required: true,
      when: [],
      custom: true,
      pattern: '^(\\w+\\s?)+$',
    };
    // The sentence RegExp took 2.4 s on, each further letter doubling that.
    assert.match(fieldProblem(field, 'Please use the default configuration.') ?? '', /Must match/);
    assert.equal(fieldProblem(field, 'Please use the default configuration'), undefined);
  });

  test('back-references, lookaround, oversized programs and invalid patterns are left to the server, saying why', () => {
    const why = (source: string) => linearPattern(source).unchecked;
    for (const source of ['(a)\\1', '(?<n>a)\\k<n>', '(?=a)a', '(?!a)b', '(?<=a)b', '(?<!a)b'])
      assert.equal(why(source), 'unsupported', source);
    for (const source of [`(a{${MAX_PROGRAM}})`, '((a{100}){100})']) assert.equal(why(source), 'too large', source);
    for (const source of ['(', '[', 'a**']) assert.equal(why(source), 'invalid', source);
    for (const source of ['(', '[', 'a**', '(?=a)a', '((a{100}){100})']) assert.equal(linearPattern(source).test('a'), undefined, source);
    const field: StringField = {
      type: 'string',
      key: 'k',
      title: 't',
      description: '',
      required: false,
      when: [],
      custom: true,
      pattern: '(?=x)y',
    };
    assert.equal(fieldProblem(field, 'anything'), undefined);
  });

  test('a text too long to check in a few ms is left to the server', () => {
    const matcher = linearPattern('^(\\w+\\s?){1,20}$');
    assert.equal(matcher.test('word '.repeat(20)), true);
    assert.equal(matcher.test('word '.repeat(100_000)), undefined);
  });

  test('a repeat of what only matches empty is that once, or nothing: the same answers as RegExp', () => {
    const all = texts();
    for (const source of [
      '(){3}a',
      '((){5}){5}',
      '(?:\\b){2}cat',
      '(?:^){5}a',
      '(?:$){2}',
      '(?:^|\\b){3}\\w+',
      '(?:\\b|\\B){4}x',
      '(\\b){0}x',
      'a{0}b',
      '(?:(?:){2}|b)+c',
      '(?:|a){3}b',
      '(?:\\b|a){0,3}x',
      '^(?:(?:){0,}){2,}$',
      '(?:(?:^)*a){2}',
    ]) {
      const matcher = linearPattern(source);
      assert.equal(matcher.unchecked, undefined, source);
      const native = new RegExp(source);
      for (const text of all) assert.equal(matcher.test(text), native.test(text), `${source} on ${JSON.stringify(text)}`);
    }
  });

  // How long compiling takes is the scale suite's ("nested empty repeats", "nested counts", "a count past any
  // text": test/scale/readers/forms.ts); here, what it compiles to. Ten thousand million copies could not be built.
  test('empty repeats of any count compile to what one would match: a program the size of the plain pattern', () => {
    for (const { source, plain, matches, not } of [
      { source: '((){100000}){100000}', plain: '', matches: ['', 'abc'], not: [] },
      { source: '^((){100000}){100000}$', plain: '^$', matches: [''], not: ['x'] },
      { source: '(?:\\b){100000}cat', plain: '\\bcat', matches: ['a cat'], not: ['concat'] },
      { source: '^(?:\\b){0,100000}x', plain: '^x', matches: ['x'], not: ['yx'] },
    ]) {
      const matcher = linearPattern(source);
      for (const text of matches) assert.equal(matcher.test(text), true, `${source} on ${text}`);
      for (const text of not) assert.equal(matcher.test(text), false, `${source} on ${text}`);
      // A check may run MAX_WORK units over the program's size: the same longest text, the same size (no unrolling).
      assert.equal(matcher.longestText, linearPattern(plain).longestText, source);
    }
  });

  test('counts past any checked text are clamped: a count that cannot fit never matches, the rest still does', () => {
    const never = linearPattern(`b|a{${MAX_TEXT + 1}}`);
    assert.equal(never.unchecked, undefined);
    assert.deepEqual([never.test('a'.repeat(1_000)), never.test('xb')], [false, true]);
    const huge = linearPattern('c|(?:ab){1000000000000000000000}');
    assert.deepEqual([huge.test('ab'.repeat(100)), huge.test('c')], [false, true]);
    // Nested counts multiply: this one needs a million characters.
    const nested = linearPattern('c|(?:(?:a{100}){100}){100}');
    assert.deepEqual([nested.unchecked, nested.test('a'.repeat(20_000)), nested.test('c')], [undefined, false, true]);
    // Clamped, but still far past the program cap: said to be too large, never unrolled. The last two would be a
    // thousand million and a million million copies: only a size measured before unrolling answers them at all.
    for (const source of [
      '(?:a?){200000}',
      'a{0,200000}',
      '(?:a|b){5000}',
      '(?:a{100}){100}',
      '((?:x{10}){100}){10}',
      '(?:(?:(?:a?){1000}){1000}){1000}',
      '(?:(?:(?:(?:b|a?){1000}){1000}){1000}){1000}',
    ])
      assert.equal(linearPattern(source).unchecked, 'too large', source);
  });

  test('classes are ranges: overlapping, adjacent, negated, escaped and huge classes answer as RegExp', () => {
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    // Every unit of the members' neighbourhoods, and random ones across the whole range.
    const units = [0, 1, 0x2d, 0x5c, 0x5d, 0x5e, 0xffff, 0xd800, 0xdfff, 0x2028, 0xfeff];
    for (let i = 0; i < 2_000; i++) units.push(Math.floor(random() * 0x10000));
    for (let c = 0x20; c < 0x180; c++) units.push(c);
    const members = Array.from({ length: 3_000 }, (_, i) => String.fromCharCode(0x100 + 3 * i + (i % 2))).join('');
    for (const source of [
      '[a-cx-z]',
      '[^a-c]',
      '[a-fc-k]',
      '[a-cd-f]',
      '[f-ha-c]',
      '[^\\d\\s]',
      '[\\w-]',
      '[\\s\\S]',
      '[\\W\\d]',
      '[.-\\d]',
      '[\\u0000-\\uffff]',
      '[^\\u0000-\\uffff]',
      '[\\ud800-\\udfff]',
      '[]',
      '[^]',
      '[\\b]',
      '[\\x41-\\x43\\u0100]',
      '[^\\x00-\\x1f\\x7f]',
      '.',
      '\\D',
      '\\S',
      '\\W',
      `[${members}]`,
      `[^${members}]`,
      `[${members}a-z]`,
    ]) {
      const matcher = linearPattern(`^${source}$`);
      assert.equal(matcher.unchecked, undefined, source);
      const native = new RegExp(`^${source}$`);
      for (const unit of units) {
        const text = String.fromCharCode(unit);
        assert.equal(matcher.test(text), native.test(text), `${source.slice(0, 40)} on U+${unit.toString(16)}`);
      }
    }
  });

  test('caps: source length, nesting, program size and text length, each said', () => {
    const classOf = (length: number) => `[${'a'.repeat(length - 2)}]`;
    assert.equal(linearPattern(classOf(MAX_SOURCE)).unchecked, undefined);
    assert.equal(linearPattern(classOf(MAX_SOURCE + 1)).unchecked, 'too large');
    const nested = (depth: number) => `${'('.repeat(depth)}a${')'.repeat(depth)}`;
    assert.equal(linearPattern(nested(MAX_DEPTH)).test('xa'), true);
    assert.equal(linearPattern(nested(MAX_DEPTH + 1)).unchecked, 'too large');
    assert.equal(linearPattern(nested(10_000)).unchecked, 'too large', 'no recursion that deep');
    assert.equal(linearPattern(`a{${MAX_PROGRAM - 1}}`).unchecked, undefined);
    assert.equal(linearPattern(`a{${MAX_PROGRAM}}`).unchecked, 'too large');
    const matcher = linearPattern('^a*$');
    assert.ok(
      matcher.longestText > 10_000 && matcher.longestText <= MAX_TEXT && matcher.longestText <= MAX_WORK,
      String(matcher.longestText),
    );
    assert.equal(matcher.test('a'.repeat(matcher.longestText)), true);
    assert.equal(matcher.test('a'.repeat(matcher.longestText + 1)), undefined);
    // A larger program checks shorter texts: the work per check stays within MAX_WORK.
    const big = linearPattern('(a?){600}a{600}');
    assert.ok(big.longestText < 200, String(big.longestText));
    assert.equal(big.test('a'.repeat(big.longestText)), false);
  });

  test('the worst checks the caps allow are run, not refused', () => {
    for (const [source, unit] of [
      ['(a?){600}a{600}', 'a'],
      ['(?:(?:a|b)*c?){400}$', 'a'],
      [Array.from({ length: 1_200 }, (_, i) => `${i % 10}a`).join('|'), '0'],
    ] as const) {
      const matcher = linearPattern(source);
      assert.equal(matcher.unchecked, undefined, source.slice(0, 30));
      assert.equal(typeof matcher.test(unit.repeat(matcher.longestText)), 'boolean', source.slice(0, 30));
    }
  });

  test('random patterns of groups, classes, assertions and counts answer as RegExp', () => {
    let seed = 5;
    const random = (n: number) => Math.floor(((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * n);
    const ATOMS = ['a', 'b', '.', '\\b', '\\B', '^', '$', '[ab]', '[^a]', '()', '\\s', '\\w'];
    const COUNTS = ['', '', '', '*', '+', '?', '{2}', '{0,2}', '{1,3}', '{2,}', '{0}', '{3}?'];
    const pattern = (depth: number): string => {
      const items = Array.from({ length: 1 + random(3) }, () => {
        const atom =
          depth > 0 && random(3) === 0
            ? `(?:${pattern(depth - 1)}${random(2) ? `|${pattern(depth - 1)}` : ''})`
            : ATOMS[random(ATOMS.length)];
        const count = COUNTS[random(COUNTS.length)];
        return /^[\^$]|\\[bB]$/.test(atom) && count ? atom : atom + count;
      });
      return items.join('');
    };
    const LETTERS = ['a', 'b', ' ', '.'];
    for (let i = 0; i < 400; i++) {
      const source = pattern(3);
      const native = new RegExp(source);
      const matcher = linearPattern(source);
      assert.equal(matcher.unchecked, undefined, source);
      for (let j = 0; j < 40; j++) {
        const text = Array.from({ length: random(8) }, () => LETTERS[random(LETTERS.length)]).join('');
        assert.equal(matcher.test(text), native.test(text), `${source} on ${JSON.stringify(text)}`);
      }
    }
  });
});
