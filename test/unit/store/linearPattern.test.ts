// A form field's pattern comes from the model or an MCP server and is checked on every keystroke in the extension
// host: the linear-time matcher answers as RegExp does (compared on many patterns and texts), answers a
// catastrophic pattern at once where RegExp takes seconds, and declines what it cannot run in linear time.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { linearPattern, MAX_PROGRAM } from '../../../src/store/linearPattern';
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

  test('a catastrophic pattern answers in under 10 ms where RegExp backtracks for seconds', () => {
    const sentence = 'Please use the default configuration for this project now.';
    for (const source of ['^(\\w+\\s?)+$', '^(a+)+$', '^(a|aa)+$', '^(.*a){12}$', '(x+x+)+y']) {
      const matcher = linearPattern(source);
      for (const text of [sentence, 'a'.repeat(60) + '!', 'x'.repeat(60)]) {
        const started = performance.now();
        matcher.test(text);
        const took = performance.now() - started;
        assert.ok(took < 10, `${source} on ${text.length} characters: ${took.toFixed(1)} ms`);
      }
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
    const started = performance.now();
    // The sentence: RegExp took 2.4 s on it, each further letter doubling that.
    assert.match(fieldProblem(field, 'Please use the default configuration.') ?? '', /Must match/);
    assert.equal(fieldProblem(field, 'Please use the default configuration'), undefined);
    const took = performance.now() - started;
    assert.ok(took < 10, `${took.toFixed(1)} ms`);
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
});
