// A form's checks run on the model's text as the user types: each format is a scan, not a RegExp, and answers as the
// RegExp it replaced did (compared on known and generated examples); what is not checked here says so; a multiselect's
// picks and its conditions are checked in one pass; the options a pick shows are capped and say how many are left.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_OPTIONS_SHOWN, optionChoices } from '../../../src/features/inbox/formChoices';
import { fieldNote, fieldProblem, isFieldActive, type FormField, type StringField } from '../../../src/store/formRequest';
import { MAX_SOURCE, MAX_TEXT } from '../../../src/base/pattern/linearPattern';
import { threadCpuMs, threadCpuSource } from '../../harness/threadCpu';

const base = { key: 'k', title: 'T', description: '', required: true, when: [] };
const text = (more: Partial<StringField>): StringField => ({ ...base, type: 'string', custom: true, ...more });

/** The RegExps the scans replaced: safe here on short texts only. */
const OLD = {
  email: (v: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v),
  date: (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)),
  'date-time': (v: string) => /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)),
};

describe('form formats as scans', () => {
  test('e-mail: known valid and invalid addresses', () => {
    const mail = text({ format: 'email' });
    for (const ok of ['a@b.c', 'first.last@example.com', 'x+y@sub.domain.org', 'a@b.c.d', 'a@.b.c', 'é@ü.de', 'a@b..c'])
      assert.equal(fieldProblem(mail, ok), undefined, ok);
    for (const bad of [
      'nope',
      '@b.c',
      'a@',
      'a@b',
      'a@b.',
      'a@.b',
      'a b@c.d',
      'a@b@c.d',
      'a@b.c ',
      '\ta@b.c',
      'a@b.\u00a0c',
      'a@b\u2028.c',
    ])
      assert.equal(fieldProblem(mail, bad), 'Expected an e-mail address.', JSON.stringify(bad));
  });

  test('e-mail, date and date-time answer as the RegExps they replaced, on generated texts', () => {
    let seed = 3;
    const random = (n: number) => Math.floor(((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * n);
    const pieces = ['a', '@', '.', ' ', '\u00a0', '\n', '2026', '-', '01', 'T', '10:00', 'Z', '1', 'x', '\ufeff', '13', '+02:00'];
    for (let i = 0; i < 20_000; i++) {
      const value = Array.from({ length: random(9) }, () => pieces[random(pieces.length)]).join('');
      for (const format of ['email', 'date', 'date-time'] as const) {
        const expected = OLD[format](value) ? undefined : 'Expected';
        assert.equal(fieldProblem(text({ format, required: false }), value)?.slice(0, 8), expected, `${format}: ${JSON.stringify(value)}`);
      }
    }
  });

  test('date and date-time: known examples', () => {
    const date = text({ format: 'date' });
    for (const ok of ['2026-11-25', '2024-02-29']) assert.equal(fieldProblem(date, ok), undefined, ok);
    for (const bad of ['2026-13-01', '2026-1-01', '26-11-25', '2026-11-25T10:00', '２０２６-11-25', 'tomorrow'])
      assert.ok(fieldProblem(date, bad), bad);
    const dateTime = text({ format: 'date-time' });
    for (const ok of ['2026-11-25T10:00:00Z', '2026-11-25T10:00:00.123+02:00', '2026-11-25T10:00'])
      assert.equal(fieldProblem(dateTime, ok), undefined, ok);
    for (const bad of ['2026-11-25', '2026-11-25 10:00:00Z', '2026-11-25Tnoon', `2026-11-25T${'1'.repeat(60_000)}`])
      assert.ok(fieldProblem(dateTime, bad), bad.slice(0, 30));
  });

  test('URL: a URL or not, and a long one in one pass', () => {
    const uri = text({ format: 'uri' });
    assert.equal(fieldProblem(uri, 'https://example.com/a?b=c'), undefined);
    assert.equal(fieldProblem(uri, 'not a url'), 'Expected a URL.');
    assert.equal(fieldProblem(uri, `https://example.com/${'a/'.repeat(40_000)}`), undefined);
  });

  // The scale suite holds these very inputs to linear growth (test/scale/readers/forms.ts: "e-mail format, a long
  // default that is not one" and "a long valid address", at n and 10n); here a coarse bound on this thread's own CPU
  // (not the wall clock a loaded machine stretches): the RegExp the scan replaced took seconds on each.
  test('a long e-mail default answers, right or wrong, up to the longest text checked, in one pass', () => {
    const mail = text({ format: 'email' });
    const cpu = threadCpuMs();
    assert.equal(fieldProblem(mail, `a@${'.'.repeat(60_000)}@`), 'Expected an e-mail address.');
    assert.equal(fieldProblem(mail, `${'a'.repeat(60_000)}@example.com`), undefined);
    const longest = `${'a'.repeat(MAX_TEXT - '@example.com'.length)}@example.com`;
    assert.deepEqual([fieldProblem(mail, longest), fieldNote(mail, longest)], [undefined, undefined], 'checked, not left');
    assert.equal(fieldProblem(mail, `a@${'.'.repeat(MAX_TEXT - 3)}@`), 'Expected an e-mail address.');
    const spent = threadCpuMs() - cpu;
    assert.ok(spent < 500, `one pass each, not a backtracking RegExp: ${spent.toFixed(0)} ms of ${threadCpuSource} CPU`);
  });
});

describe('what the checks here leave to OpenCode, said', () => {
  test('a pattern too large, unsupported or invalid: taken, with a note that says why', () => {
    const cases: Array<[string, RegExp]> = [
      ['((a{100}){100})', /too large to check as you type/],
      [`[${'a'.repeat(MAX_SOURCE)}]`, /too large/],
      ['(?=a)a', /lookaround or a back-reference/],
      ['(a)\\1', /lookaround or a back-reference/],
      ['(', /not a valid regular expression/],
    ];
    for (const [pattern, why] of cases) {
      const field = text({ pattern });
      assert.equal(fieldProblem(field, 'b'), undefined, pattern.slice(0, 20));
      assert.match(fieldNote(field, 'b') ?? '', why, pattern.slice(0, 20));
      assert.match(fieldNote(field, 'b') ?? '', /^Not checked against the pattern here: .*OpenCode checks it when sent\.$/);
    }
  });

  test('a text too long for its pattern, or for any check: taken, with a note; past maxLength: refused', () => {
    const field = text({ pattern: '(a?){600}a{600}' });
    assert.equal(fieldProblem(field, 'a'.repeat(5_000)), undefined);
    assert.match(fieldNote(field, 'a'.repeat(5_000)) ?? '', /over \d+ characters, the answer is too long to check as you type/);
    const mail = text({ format: 'email' });
    const long = `a@${'.'.repeat(MAX_TEXT)}@`;
    assert.equal(fieldProblem(mail, long), undefined);
    assert.equal(fieldNote(mail, long), 'Not checked here: answers over 100,000 characters are checked by OpenCode when sent.');
    const capped = text({ format: 'email', maxLength: 300 });
    assert.equal(fieldProblem(capped, long), 'At most 300 characters.');
    assert.equal(fieldNote(capped, long), undefined, 'the problem says it');
  });

  test('an ordinary pattern or format says nothing more than before', () => {
    const field = text({ pattern: '^[a-z]+$', format: 'email', options: [{ value: 'x', label: 'x', description: '' }] });
    assert.equal(fieldNote(field, 'abc'), undefined);
    assert.equal(fieldProblem(field, 'abc'), 'Expected an e-mail address.');
    assert.equal(fieldProblem(text({ pattern: '^\\d{3}$' }), '12a'), 'Must match ^\\d{3}$.');
    assert.equal(fieldNote(text({}), 'x'.repeat(MAX_TEXT + 1)), undefined, 'nothing to check');
  });

  test('"Must match" shows at most 200 characters of a long pattern', () => {
    const pattern = `^${'ab'.repeat(1_000)}$`;
    const problem = fieldProblem(text({ pattern }), 'b') ?? '';
    assert.ok(problem.startsWith('Must match ^abab') && problem.endsWith('….') && problem.length < 220, problem.length.toString());
  });
});

describe('multiselect picks and conditions', () => {
  const options = ['a', 'b', 'c'].map((v) => ({ value: v, label: v.toUpperCase(), description: '' }));
  const many: FormField = { ...base, type: 'multiselect', options, custom: false };

  test('every pick must be an option unless custom; duplicates and order do not matter', () => {
    assert.equal(fieldProblem(many, ['c', 'a', 'c']), undefined);
    assert.equal(fieldProblem(many, ['a', 'z']), 'Pick from the options.');
    assert.equal(fieldProblem({ ...many, custom: true }, ['a', 'z']), undefined);
    assert.equal(fieldProblem({ ...many, required: false }, []), undefined);
  });

  test('a condition on a multiselect answer: eq when picked, neq when not; the answer may grow between asks', () => {
    const picked = ['a'];
    const answer = { m: picked };
    const when = (op: 'eq' | 'neq', value: string): FormField => ({ ...base, type: 'boolean', when: [{ key: 'm', op, value }] });
    assert.deepEqual([isFieldActive(when('eq', 'a'), answer), isFieldActive(when('eq', 'b'), answer)], [true, false]);
    assert.deepEqual([isFieldActive(when('neq', 'a'), answer), isFieldActive(when('neq', 'b'), answer)], [false, true]);
    picked.push('b');
    assert.equal(isFieldActive(when('eq', 'b'), answer), true, 'asked again after a pick was added');
    assert.equal(isFieldActive(when('eq', 'a'), {}), false, 'unanswered fails');
  });
});

describe('options as the pick shows them (optionChoices)', () => {
  const optionsOf = (n: number) => Array.from({ length: n }, (_, i) => ({ value: `v${i}`, label: `Option ${i}`, description: '' }));

  test('labels cleaned, defaults picked (duplicates too), nothing left out under the cap', () => {
    const options = [...optionsOf(3), { value: 'v1', label: '$(alert) again\u202e', description: 'line\nbreak' }];
    const { items, picked, left } = optionChoices(options, ['v1', 'nope']);
    assert.equal(left, 0);
    assert.deepEqual(
      items.map((i) => i.label),
      ['Option 0', 'Option 1', 'Option 2', '$\u200b(alert) again'],
    );
    assert.equal(items[3].description, 'line break');
    assert.deepEqual(
      picked.map((i) => i.label),
      ['Option 1', '$\u200b(alert) again'],
    );
  });

  test('past the cap: the first ones shown, the rest counted; a default among the rest is not picked', () => {
    const { items, picked, left } = optionChoices(optionsOf(MAX_OPTIONS_SHOWN + 5), ['v0', `v${MAX_OPTIONS_SHOWN + 2}`]);
    assert.equal(items.length, MAX_OPTIONS_SHOWN);
    assert.equal(left, 5);
    assert.deepEqual(
      picked.map((i) => i.value),
      ['v0'],
    );
  });

  test('a long label is cut to one line of at most 200 characters', () => {
    const { items } = optionChoices([{ value: 'v', label: 'word '.repeat(10_000), description: '' }]);
    assert.ok(items[0].label.length <= 200, String(items[0].label.length));
  });
});
