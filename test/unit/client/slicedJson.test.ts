// The sliced JSON parser gives what JSON.parse gives, fails where it fails, and gives the event loop a turn while it
// reads a big answer. Tiny pieces make every path of the second pass run on small inputs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { JsonLimitError, MAX_JSON_DEPTH, parseJson, PIECE_CHARS } from '../../../src/client/transport/slicedJson';

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  return () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
}

const STRINGS = [
  '',
  'a',
  'é',
  '"',
  '\\',
  '\\\\"',
  '\u2028',
  '\ud83d\ude00',
  '\ud83d',
  'x'.repeat(50),
  '__proto__',
  '1',
  'constructor',
  '\n\t',
  '\u0000',
];

function value(rnd: () => number, depth: number): unknown {
  const r = rnd();
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];
  if (depth > 6 || r < 0.3)
    return pick([null, true, false, Math.floor(rnd() * 1e6) - 5e5, rnd() * 1e-3, pick(STRINGS).repeat(1 + Math.floor(rnd() * 20))]);
  if (r < 0.65) return Array.from({ length: Math.floor(rnd() * 8) }, () => value(rnd, depth + 1));
  const object: Record<string, unknown> = {};
  for (let i = Math.floor(rnd() * 8); i-- > 0;) {
    const key = pick(STRINGS) + (rnd() < 0.5 ? String(i) : '');
    Object.defineProperty(object, key, { value: value(rnd, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return object;
}

/** JSON.stringify keeps key order: equal texts are equal values with their keys in the same order. */
const same = (a: unknown, b: unknown) => assert.equal(JSON.stringify(a), JSON.stringify(b));

describe('the sliced JSON parser', () => {
  test('gives what JSON.parse gives for 2 000 random values, compact and indented, at pieces of 4 to 64 characters', async () => {
    const rnd = random(1);
    for (let i = 0; i < 2000; i++) {
      const text = JSON.stringify(value(rnd, 0), null, rnd() < 0.3 ? (rnd() < 0.5 ? 1 : '\t') : undefined);
      same(await parseJson(text, 4 + Math.floor(rnd() * 60)), JSON.parse(text));
    }
  });

  test('fails wherever JSON.parse fails: 10 000 random edits of a valid text', async () => {
    const rnd = random(7);
    const base = JSON.stringify([{ a: 'x\\"y', b: [1, 2, { c: null }], d: 'é😀' }, [[[]]], {}, 'long string here', -1.5e3, true], null, 1);
    const marks = ['[', ']', '{', '}', '"', '\\', ',', ':', ' ', '1', 'a', 'u'];
    let invalid = 0;
    for (let i = 0; i < 10_000; i++) {
      let text = base;
      for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) {
        const at = Math.floor(rnd() * text.length);
        const op = rnd();
        const mark = marks[Math.floor(rnd() * marks.length)];
        text = op < 0.4 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + mark + text.slice(op < 0.8 ? at : at + 1);
      }
      let expected: unknown;
      let expectedError = false;
      try {
        expected = JSON.parse(text);
      } catch {
        expectedError = true;
        invalid += 1;
      }
      const piece = 4 + Math.floor(rnd() * 40);
      if (expectedError) await assert.rejects(parseJson(text, piece), SyntaxError, text);
      else same(await parseJson(text, piece), expected);
    }
    assert.ok(invalid > 5000, `${invalid} of the edits were invalid JSON`);
  });

  test('a "__proto__" key stays an own property, in a batch and on its own', async () => {
    for (const text of [
      '{"__proto__":{"x":1},"a":[1,2,3,4,5,6,7,8,9,10]}',
      `{"a":"${'y'.repeat(40)}","__proto__":[${'1,'.repeat(20)}1]}`,
    ]) {
      const parsed = (await parseJson(text, 8)) as Record<string, unknown>;
      assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
      assert.ok(Object.keys(parsed).includes('__proto__'));
      assert.equal((parsed as { x?: unknown }).x, undefined);
    }
  });

  test('a big string is cut between escapes: every escape at every cut gives JSON.parse’s string', async () => {
    for (const escape of ['\\"', '\\\\', '\\n', '\\u00e9', '\\ud83d\\ude00', '😀', '\\\\\\"']) {
      for (let offset = 0; offset < 8; offset++) {
        const text = `"${'a'.repeat(offset)}${escape.repeat(40)}"`;
        assert.equal(await parseJson(text, 8), JSON.parse(text), text);
      }
    }
  });

  test('nesting past the limit, and a run of digits or spaces past a piece, are refused with what they are', async () => {
    await assert.rejects(parseJson('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1)), JsonLimitError);
    await assert.rejects(parseJson(`[${'1'.repeat(PIECE_CHARS + 1)}]`), /a run of over 16384 characters outside any string/);
    await assert.rejects(parseJson(`[1,${' '.repeat(PIECE_CHARS + 1)}2]`), JsonLimitError);
    // Deep, within the limit: the same value.
    const deep = '['.repeat(50_000) + ']'.repeat(50_000);
    let parsed = (await parseJson(deep)) as unknown[];
    for (let depth = 1; depth < 50_000; depth++) parsed = parsed[0] as unknown[];
    assert.deepEqual(parsed, []);
  });

  test('a 12 MB listing and a 12 MB string: JSON.parse’s value, with turns of the event loop while it reads', async () => {
    const sessions = Array.from({ length: 12_000 }, (_, i) => ({
      id: `ses_${i}`,
      title: `Session ${i} — ünïcödé ${'t'.repeat(700)}`,
      time: { created: i, updated: i * 2 },
      summary: { additions: i % 7, deletions: 1, files: 2 },
    }));
    const listing = JSON.stringify(sessions);
    const string = JSON.stringify('a tool’s "output" \\ with escapes\n'.repeat(350_000));
    for (const text of [listing, string]) {
      let turns = 0;
      const counter = setInterval(() => (turns += 1), 1);
      const parsed = await parseJson(text);
      clearInterval(counter);
      same(parsed, JSON.parse(text));
      assert.ok(turns > 0, 'the event loop had turns');
    }
  });
});
