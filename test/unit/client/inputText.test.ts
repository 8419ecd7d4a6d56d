// A tool call's input is shown as JSON, bounded: the text is JSON.stringify's, and only as much of the input is read
// as the bound shows (an input of millions of entries or tens of MB was stringified whole in one step).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inputText, jsonPrefix } from '../../../src/client/wire/transcriptText';
import { TRANSCRIPT_FIELD_CAP } from '../../../src/store/transcript';

test('the same text as JSON.stringify, for the values a parsed answer holds', () => {
  const values: unknown[] = [
    { filePath: '/w/a.ts', content: 'line 1\n"quoted" \\ tab\t é 😀', edits: [{ old: 'a', new: 'b' }], n: 1.5e21, ok: true, none: null },
    [1, 'two', [3, [4, {}]], [], { '': 0 }],
    { __proto__: 1, toJSON: 'not a function', 10: 'ten', 2: 'two', b: [-0, 0.1] },
    JSON.parse('{"__proto__": {"x": 1}, "a": [null, false]}'),
    { skipped: undefined, kept: 1 },
    [undefined, 2],
    'a string is shown as it is',
    42,
  ];
  for (const value of values) {
    const whole = typeof value === 'string' ? value : JSON.stringify(value);
    assert.equal(inputText(value), whole, whole);
    assert.equal(jsonPrefix(value, 5).slice(0, 5), (JSON.stringify(value) ?? '').slice(0, 5));
  }
  assert.equal(inputText(undefined), '');
  assert.equal(inputText(null), '');
});

test('a big input: its first TRANSCRIPT_FIELD_CAP characters, as JSON.stringify begins', () => {
  const big = { content: 'é"\n😀'.repeat(100_000), after: 1 };
  assert.equal(inputText(big), JSON.stringify(big).slice(0, TRANSCRIPT_FIELD_CAP));
  const many = Array.from({ length: 100_000 }, (_, i) => ({ i, path: `/w/${i}` }));
  assert.equal(inputText(many), JSON.stringify(many).slice(0, TRANSCRIPT_FIELD_CAP));
  const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown;
  assert.equal(inputText(deep), '['.repeat(TRANSCRIPT_FIELD_CAP), 'nested past any stack: still its text');
});

test('only as much of the input is read as is shown', () => {
  let read = 0;
  const entries = new Proxy(new Array<number>(5_000_000).fill(7), {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) read++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  const text = inputText({ entries });
  assert.ok(text.startsWith('{"entries":[7,7,7'), text.slice(0, 20));
  assert.equal(text.length, TRANSCRIPT_FIELD_CAP);
  assert.ok(read <= TRANSCRIPT_FIELD_CAP, `${read.toLocaleString('en')} entries read of 5 000 000 to show ${TRANSCRIPT_FIELD_CAP}`);
});
