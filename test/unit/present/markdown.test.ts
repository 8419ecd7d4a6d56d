// appendUntrusted in one pass writes what the split it replaced wrote, call for call, for any text: the split is
// kept here as the reference (it cut `<&://www.@` into a piece per character: 500 KB of it took 180–230 ms).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { appendUntrusted, type MarkdownSink } from '../../../src/present/markdown';
import { visibleText } from '../../../src/present/plainText';
import { prng } from '../helpers/fuzzEvents';

/** A sink that keeps each call, so two writers compare call for call. */
class Calls implements MarkdownSink {
  readonly calls: string[] = [];
  appendMarkdown(value: string): this {
    this.calls.push(`md:${value}`);
    return this;
  }
  appendText(value: string): this {
    this.calls.push(`text:${value}`);
    return this;
  }
}

const ENTITIES: Record<string, string> = { '<': '&lt;', '&': '&amp;', ':': '&#58;', '.': '&#46;', '@': '&#64;' };

/**
 * The split appendUntrusted was, with two changes: an entity is written for what the split cut out (its odd
 * pieces) instead of for any piece found in ENTITIES, which wrote a lone `:` or `.` between two separators as an
 * entity (shown the same) and a title "constructor" as `String(Object)` (see the last test); and `www.` is cut
 * wherever `www` starts, not only at a word's start (`\b`), as VS Code's markdown links it.
 */
function bySplit(md: MarkdownSink, text: string): MarkdownSink {
  visibleText(text)
    .split(/(<|&|:(?=\/\/)|(?<=www)\.|@)/i)
    .forEach((piece, k) => {
      if (k % 2) md.appendMarkdown(ENTITIES[piece]);
      else if (piece) md.appendText(piece);
    });
  return md;
}

const same = (text: string) =>
  assert.deepEqual(appendUntrusted(new Calls(), text).calls, (bySplit(new Calls(), text) as Calls).calls, JSON.stringify(text));

/** `unit` repeated to about `length` characters, as the scale suite makes its shapes. */
const repeated = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length));

describe('appendUntrusted writes what the split wrote', () => {
  test('for ordinary text, URLs, www names, addresses and the edges of each', () => {
    for (const text of [
      '',
      'a title',
      "fetch('http://x.test/a')",
      'see WWW.example.com or a@b.c',
      '$0.165 at 1:01 <b> & co',
      'www.',
      '.www.',
      'awww.x',
      '_www.x',
      '1www.x',
      'éwww.x',
      'ſwww.x',
      'Kwww.x',
      ' wWw.x',
      'ww.',
      'www..',
      'www.www.',
      ':',
      ':/',
      '://',
      ':://',
      '.',
      '<:>',
      'a\u200bwww.',
      '\u200bwww.',
      'www\u200b.',
      ':\u200b//',
      '😀<😀',
    ])
      same(text);
  });

  test('for the scale suite’s shapes', () => {
    for (const unit of ['a title ', '$(x)[a](b)', '<&://www.@', '\u202e\u200b\u2066\ufeffa', '\n\r\u0000\u2028x'])
      for (const length of [1, 9, 10, 11, 1_000]) same(repeated(unit, length));
  });

  test('for random strings of the characters each escape looks at', () => {
    const random = prng(75);
    const alphabet = ['<', '&', ':', '/', '/', '.', '@', 'w', 'W', 'w', 'a', '_', '1', ' ', 'é', '\u200b', '\u202e', '\n'];
    for (let i = 0; i < 20_000; i++) {
      const length = Math.floor(random() * 24);
      let text = '';
      for (let c = 0; c < length; c++) text += alphabet[Math.floor(random() * alphabet.length)];
      same(text);
    }
  });

  test('the `.` of `www.` is an entity after a letter, a digit or `_` too (marked links `awww.evil.com`)', () => {
    for (const text of ['awww.evil.com', '1www.evil.com', '_www.evil.com', 'évwww.evil.com', 'WWW.x'])
      assert.ok(appendUntrusted(new Calls(), text).calls.includes('md:&#46;'), text);
  });

  test('a title named like an object’s own member is shown as its text', () => {
    for (const title of ['constructor', 'toString', '__proto__', 'valueOf'])
      assert.deepEqual(appendUntrusted(new Calls(), title).calls, [`text:${title}`]);
  });
});
