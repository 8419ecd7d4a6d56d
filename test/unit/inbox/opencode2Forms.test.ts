// OpenCode 2's forms (what its `question` tool asks with) read as pending requests: on what the real server sent
// (test/fixtures/opencode2/form-get.json, form-request-list.json and the form events of
// prompt-subagent-permission-form.sse, recorded from the older 2-line build, OpenCode's v2 branch b6226260), and
// on every field type of its schema (packages/schema/src/form.ts@b6226260), with the answer checks its server
// makes (validateAnswer in packages/core/src/form.ts@b6226260).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { V2EventReader } from '../../../src/client/v2/events';
import { parseForm, readV2Forms } from '../../../src/client/v2/forms';
import { requestDetails, requestKind, requestSummary } from '../../../src/present/requestText';
import { fieldProblem, isFieldActive, type FormField, type FormRequest } from '../../../src/store/formRequest';
import { SessionStore } from '../../../src/store/sessionStore';
import type { StoreEvent } from '../../../src/store/events';
import { repoRoot } from '../../harness/paths';
import { readSse } from '../helpers/sse';

const json = (name: string): unknown => JSON.parse(readFileSync(join(repoRoot(), 'test', 'fixtures', 'opencode2', name), 'utf8'));
const stream = readSse('opencode2/prompt-subagent-permission-form.sse').items as Array<{ type: string; data: Record<string, unknown> }>;

const RECORDED: FormRequest = {
  kind: 'form',
  id: 'frm_210b58b38001KfGSva7FMIIIh3',
  sessionID: 'ses_def4b5217ffeFBpTSR3uFOgc0j',
  title: 'Questions',
  fields: [
    {
      key: 'q0',
      title: 'Color',
      description: 'Which color?',
      required: false,
      when: [],
      type: 'string',
      options: [
        { value: 'Red', label: 'Red', description: 'warm' },
        { value: 'Blue', label: 'Blue', description: 'cool' },
      ],
      custom: true,
    },
  ],
};

describe('OpenCode 2 forms (v2 branch, b6226260): recorded answers', () => {
  test('GET /api/session/{id}/form/{formID} (form-get.json, {data: Form.Info}): the question tool’s form', () => {
    assert.deepEqual(parseForm((json('form-get.json') as { data: unknown }).data), RECORDED);
  });

  test('GET /api/form/request (form-request-list.json, {location, data}): the same form, nothing malformed', () => {
    assert.deepEqual(readV2Forms(json('form-request-list.json')), { requests: [RECORDED], malformed: 0 });
  });

  test('prompt-subagent-permission-form.sse: form.created asks, form.replied closes, nothing malformed, nothing left waiting', () => {
    const malformed: string[] = [];
    const reader = new V2EventReader((kind) => malformed.push(kind));
    const store = new SessionStore();
    const asked: FormRequest[] = [];
    const closed: string[] = [];
    for (const item of stream) {
      for (const event of reader.read(item)) {
        if (event.type === 'request.asked' && event.request.kind === 'form') asked.push(event.request);
        if (event.type === 'request.closed' && item.type === 'form.replied') closed.push(event.id);
        store.apply(event);
        if (event.type === 'request.asked' && event.request.kind === 'form') {
          assert.equal(store.get(event.request.sessionID)?.requests.get(event.request.id), event.request, 'the session waits on it');
        }
      }
    }
    assert.deepEqual(malformed, []);
    assert.deepEqual(asked[0], RECORDED);
    assert.deepEqual(
      closed,
      asked.map((f) => f.id),
    );
    assert.equal([...store.all()].filter((r) => r.requests.size).length, 0);
  });

  test('form.cancelled {id, sessionID} closes the form; a form.created without a form is malformed', () => {
    const malformed: string[] = [];
    const reader = new V2EventReader((kind) => malformed.push(kind));
    assert.deepEqual(reader.read({ type: 'form.cancelled', data: { id: 'frm_1', sessionID: 'ses_1' } }), [
      { type: 'request.closed', sessionID: 'ses_1', id: 'frm_1' } satisfies StoreEvent,
    ]);
    assert.deepEqual(reader.read({ type: 'form.created', data: {} }), []);
    assert.deepEqual(malformed, ['form.created']);
  });

  test('the recorded form reads as a question in the inbox: its question, its options, own answer allowed', () => {
    assert.equal(requestSummary(RECORDED), 'Which color?');
    assert.equal(requestKind(RECORDED), 'question');
    assert.deepEqual(requestDetails(RECORDED), [
      { label: 'Question', value: 'Which color?' },
      { label: 'Options', value: 'Red | Blue' },
      { label: 'Own answer', value: 'allowed' },
    ]);
  });
});

describe('OpenCode 2 forms: every field type of Form.Field (schema/src/form.ts@b6226260)', () => {
  const form = (fields: unknown[]) => parseForm({ id: 'frm_1', sessionID: 'ses_1', title: 'T', fields });
  const field = (raw: Record<string, unknown>): FormField | undefined => form([raw])?.fields[0];

  test('string: free text with its limits, format and default; or options with or without a typed answer', () => {
    assert.deepEqual(
      field({
        key: 'name',
        type: 'string',
        required: true,
        minLength: 2,
        maxLength: 5,
        pattern: '^a',
        format: 'email',
        placeholder: 'p',
        default: 'd',
      }),
      {
        key: 'name',
        title: '',
        description: '',
        required: true,
        when: [],
        type: 'string',
        custom: false,
        format: 'email',
        minLength: 2,
        maxLength: 5,
        pattern: '^a',
        placeholder: 'p',
        default: 'd',
      },
    );
    const closed = field({ key: 'k', type: 'string', options: [{ value: 'v', label: 'L' }, { value: 'w' }, { label: 'no value' }] });
    assert.deepEqual(closed?.type === 'string' && closed.options, [
      { value: 'v', label: 'L', description: '' },
      { value: 'w', label: 'w', description: '' },
    ]);
  });

  test('multiselect, number, integer, boolean, external', () => {
    assert.deepEqual(
      field({
        key: 'm',
        type: 'multiselect',
        options: [{ value: 'a', label: 'A' }],
        minItems: 1,
        maxItems: 2,
        custom: true,
        default: ['a'],
      }),
      {
        key: 'm',
        title: '',
        description: '',
        required: false,
        when: [],
        type: 'multiselect',
        options: [{ value: 'a', label: 'A', description: '' }],
        custom: true,
        minItems: 1,
        maxItems: 2,
        default: ['a'],
      },
    );
    assert.deepEqual(field({ key: 'n', type: 'number', minimum: 0, maximum: 1.5, default: 1 }), {
      key: 'n',
      title: '',
      description: '',
      required: false,
      when: [],
      type: 'number',
      minimum: 0,
      maximum: 1.5,
      default: 1,
    });
    assert.equal(field({ key: 'i', type: 'integer' })?.type, 'integer');
    assert.deepEqual(field({ key: 'b', type: 'boolean', default: false }), {
      key: 'b',
      title: '',
      description: '',
      required: false,
      when: [],
      type: 'boolean',
      default: false,
    });
    assert.deepEqual(field({ key: 'x', type: 'external', url: 'https://example.com/auth', title: 'Sign in' }), {
      key: 'x',
      title: 'Sign in',
      description: '',
      required: false,
      when: [],
      type: 'external',
      url: 'https://example.com/auth',
    });
  });

  test('unreadable: no id or session, no fields, a field of an unknown type, a multiselect without options, an external without url', () => {
    assert.equal(parseForm({ sessionID: 's', fields: [{ key: 'a', type: 'string' }] }), undefined);
    assert.equal(parseForm({ id: 'frm_1', fields: [{ key: 'a', type: 'string' }] }), undefined);
    assert.equal(form([]), undefined);
    assert.equal(
      form([
        { key: 'a', type: 'string' },
        { key: 'b', type: 'slider' },
      ]),
      undefined,
    );
    assert.equal(form([{ key: 'a', type: 'multiselect' }]), undefined);
    assert.equal(form([{ key: 'a', type: 'external' }]), undefined);
    assert.equal(form([{ type: 'string' }]), undefined);
    assert.equal(readV2Forms({ data: 'nope' }), undefined);
    assert.deepEqual(readV2Forms({ data: [{ id: 'frm_1' }] }), { requests: [], malformed: 1 });
  });

  test('when: a field is asked only while every condition holds; an unanswered referenced field fails both ops', () => {
    const f = field({
      key: 'why',
      type: 'string',
      when: [
        { key: 'kind', op: 'eq', value: 'other' },
        { key: 'tags', op: 'neq', value: 'x' },
        { key: 'bad', op: 'gt', value: 1 },
      ],
    })!;
    assert.equal(f.when.length, 2, 'an unknown op is dropped');
    assert.equal(isFieldActive(f, {}), false);
    assert.equal(isFieldActive(f, { kind: 'other' }), false, 'tags unanswered');
    assert.equal(isFieldActive(f, { kind: 'other', tags: ['y'] }), true);
    assert.equal(isFieldActive(f, { kind: 'other', tags: ['x', 'y'] }), false, 'neq on a selection: does not include');
    assert.equal(isFieldActive(f, { kind: 'mine', tags: [] }), false);
  });

  test('fieldProblem refuses what the server refuses, and takes what it takes', () => {
    const text = field({ key: 't', type: 'string', required: true, minLength: 2, maxLength: 4, pattern: '^a' })!;
    assert.equal(fieldProblem(text, 'ab'), undefined);
    assert.ok(fieldProblem(text, ''));
    assert.ok(fieldProblem(text, 'a'));
    assert.ok(fieldProblem(text, 'abcde'));
    assert.ok(fieldProblem(text, 'bb'));
    assert.ok(fieldProblem(text, 3));
    const mail = field({ key: 'm', type: 'string', format: 'email' })!;
    assert.equal(fieldProblem(mail, 'a@b.c'), undefined);
    assert.ok(fieldProblem(mail, 'nope'));
    const date = field({ key: 'd', type: 'string', format: 'date' })!;
    assert.equal(fieldProblem(date, '2026-11-25'), undefined);
    assert.ok(fieldProblem(date, 'tomorrow'));
    const closed = field({ key: 'c', type: 'string', options: [{ value: 'A', label: 'A' }] })!;
    assert.equal(fieldProblem(closed, 'A'), undefined);
    assert.ok(fieldProblem(closed, 'B'), 'not an option, no custom');
    assert.equal(fieldProblem({ ...closed, custom: true } as FormField, 'B'), undefined);
    const int = field({ key: 'i', type: 'integer', minimum: 1, maximum: 3 })!;
    assert.equal(fieldProblem(int, 2), undefined);
    assert.ok(fieldProblem(int, 2.5));
    assert.ok(fieldProblem(int, 0));
    assert.ok(fieldProblem(int, 4));
    assert.equal(fieldProblem(field({ key: 'n', type: 'number' })!, 2.5), undefined);
    assert.ok(fieldProblem(field({ key: 'b', type: 'boolean' })!, 'yes'));
    assert.equal(fieldProblem(field({ key: 'b', type: 'boolean' })!, false), undefined);
    const many = field({ key: 'm', type: 'multiselect', required: true, options: [{ value: 'a' }, { value: 'b' }], maxItems: 1 })!;
    assert.equal(fieldProblem(many, ['a']), undefined);
    assert.ok(fieldProblem(many, []));
    assert.ok(fieldProblem(many, ['a', 'b']));
    assert.ok(fieldProblem(many, ['z']));
    const ext = field({ key: 'x', type: 'external', url: 'https://e.x' })!;
    assert.equal(fieldProblem(ext, true), undefined);
    assert.ok(fieldProblem(ext, false));
  });
});
