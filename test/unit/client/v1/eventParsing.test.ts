// parseEvent maps well-formed items to typed events and turns everything else into undefined without
// throwing; usageOf counts only real, finite, positive amounts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseEvent } from '../../../../src/client/v1/events';
import { addUsage, totalTokens, usageOf } from '../../../../src/store/usage';
import * as f from '../../helpers/factories';
import { sessionInfo, tokens, usage } from '../../helpers/factories';

const item = (type: unknown, properties: unknown) => ({ directory: '/d', payload: { type, properties } });
const time = { created: 1, updated: 2 };

describe('well-formed items', () => {
  test('/global/event and /event shapes parse alike', () => {
    const info = sessionInfo({ id: 'a', parentID: 'p', tokens: tokens(1), cost: 0.5 });
    const expected = { type: 'session.upsert', info };
    assert.deepEqual(parseEvent(f.sessionEvent('session.created', info)), expected);
    assert.deepEqual(parseEvent(f.sessionEvent('session.updated', info).payload), expected);
  });

  test('session info is normalised: empty parentID dropped, missing title and directory become ""', () => {
    const event = parseEvent(item('session.created', { info: { id: 'a', parentID: '', time } }));
    assert.deepEqual(event, { type: 'session.upsert', info: { id: 'a', title: '', directory: '', time } });
  });

  test('each supported type', () => {
    const cases: [unknown, unknown][] = [
      [item('server.connected', {}), { type: 'server.connected' }],
      [item('session.deleted', { sessionID: 'a' }), { type: 'session.deleted', sessionID: 'a' }],
      [item('session.deleted', { info: { id: 'b' } }), { type: 'session.deleted', sessionID: 'b' }],
      [item('session.idle', { sessionID: 'a' }), { type: 'session.status', sessionID: 'a', status: { type: 'idle' } }],
      [f.retry('a', 3, 'm', 7), { type: 'session.status', sessionID: 'a', status: { type: 'retry', attempt: 3, message: 'm', next: 7 } }],
      [
        item('session.status', { sessionID: 'a', status: { type: 'retry' } }),
        { type: 'session.status', sessionID: 'a', status: { type: 'retry', attempt: 0, message: '', next: 0 } },
      ],
      [f.errorEvent('a', 'APIError', 'rate limited'), { type: 'session.error', sessionID: 'a', name: 'APIError', message: 'rate limited' }],
      [item('session.error', { sessionID: 'a' }), { type: 'session.error', sessionID: 'a', name: 'Error', message: 'Unknown error' }],
      [
        item('session.error', { sessionID: 'a', error: { name: 'ProviderAuthError' } }),
        { type: 'session.error', sessionID: 'a', name: 'ProviderAuthError', message: 'ProviderAuthError' },
      ],
      [f.compactedEvent('a'), { type: 'session.compacted', sessionID: 'a' }],
      [f.messageRemovedEvent('a', 'm1'), { type: 'message.removed', sessionID: 'a', messageID: 'm1' }],
      [
        f.toolPartEvent('a', 'p1', 'bash', 'pending'),
        { type: 'tool.running', sessionID: 'a', partID: 'p1', tool: 'bash', running: true, messageID: 'msg_t' },
      ],
      [
        f.toolPartEvent('a', 'p1', 'bash', 'running'),
        { type: 'tool.running', sessionID: 'a', partID: 'p1', tool: 'bash', running: true, messageID: 'msg_t' },
      ],
      [
        f.toolPartEvent('a', 'p1', 'bash', 'completed'),
        { type: 'tool.running', sessionID: 'a', partID: 'p1', tool: 'bash', running: false, messageID: 'msg_t' },
      ],
      [
        f.permissionAskedEvent('a', 'per_1', 'edit'),
        {
          type: 'request.asked',
          request: {
            kind: 'permission',
            sessionID: 'a',
            id: 'per_1',
            permission: 'edit',
            patterns: ['echo hello'],
            always: ['echo *'],
            metadata: {},
          },
        },
      ],
      [
        item('permission.asked', { sessionID: 'a', id: 'per_1', patterns: 'x', metadata: [] }),
        {
          type: 'request.asked',
          request: { kind: 'permission', sessionID: 'a', id: 'per_1', permission: 'permission', patterns: [], always: [], metadata: {} },
        },
      ],
      [
        f.questionAskedEvent('a', 'que_1', [
          { question: 'Which?', header: 'H', options: [{ label: 'A', description: 'a' }, { label: 7 }], multiple: true },
        ]),
        {
          type: 'request.asked',
          request: {
            kind: 'question',
            sessionID: 'a',
            id: 'que_1',
            questions: [{ question: 'Which?', header: 'H', options: [{ label: 'A', description: 'a' }], multiple: true, custom: true }],
          },
        },
      ],
      [f.permissionRepliedEvent('a', 'per_1'), { type: 'request.closed', sessionID: 'a', id: 'per_1' }],
      [item('permission.replied', { sessionID: 'a', permissionID: 'per_2' }), { type: 'request.closed', sessionID: 'a', id: 'per_2' }],
      [
        item('question.replied', { sessionID: 'a', requestID: 'que_1', answers: [['A']] }),
        { type: 'request.closed', sessionID: 'a', id: 'que_1' },
      ],
      [item('question.rejected', { sessionID: 'a', requestID: 'que_2' }), { type: 'request.closed', sessionID: 'a', id: 'que_2' }],
    ];
    for (const [raw, expected] of cases) assert.deepEqual(parseEvent(raw), expected, JSON.stringify(raw));
  });

  test('assistant message.updated becomes message.assistant; a user message only gives its time (to place compactions)', () => {
    const event = parseEvent(f.assistantMessageEvent({ id: 'm', sessionID: 'a', tokens: tokens(5), cost: 0.25 }));
    assert.equal(event?.type, 'message.assistant');
    assert.equal(event?.type === 'message.assistant' && event.info.id, 'm');
    assert.deepEqual(parseEvent(f.userMessageEvent('u', 'a')), { type: 'message.user', sessionID: 'a', messageID: 'u', created: 1500 });
  });

  test('step-finish and compaction parts become step.finished and compaction.marked', () => {
    const part = (p: Record<string, unknown>) =>
      parseEvent({ type: 'message.part.updated', properties: { part: { id: 'p', sessionID: 'a', messageID: 'm', ...p } } });
    assert.deepEqual(
      part({ type: 'step-finish', tokens: { input: 3, output: 2, reasoning: 1, cache: { read: 4, write: 5 } }, cost: 0.5 }),
      {
        type: 'step.finished',
        sessionID: 'a',
        messageID: 'm',
        partID: 'p',
        usage: { input: 3, output: 2, reasoning: 1, cacheRead: 4, cacheWrite: 5, cost: 0.5 },
      },
    );
    assert.deepEqual(part({ type: 'compaction', auto: true }), { type: 'compaction.marked', sessionID: 'a', messageID: 'm' });
    assert.equal(part({ type: 'step-finish', messageID: undefined }), undefined);
    assert.equal(part({ type: 'text', text: 'hi' }), undefined);
  });
});

describe('malformed and hostile items yield undefined and never throw', () => {
  const hostile: [string, unknown][] = [
    ['null', null],
    ['undefined', undefined],
    ['number', 42],
    ['NaN', NaN],
    ['string', 'session.created'],
    ['HTML text', '<!doctype html><html><body>OpenCode</body></html>'],
    ['array', [{ type: 'session.idle', properties: { sessionID: 'a' } }]],
    ['empty object', {}],
    ['payload is a string', { payload: 'x' }],
    ['payload without properties', { payload: { type: 'session.idle' } }],
    ['properties is an array', item('session.idle', ['a'])],
    ['properties is a string', item('session.idle', 'a')],
    ['type is a number', item(7, { sessionID: 'a' })],
    ['unknown type', item('session.diff', { sessionID: 'a', diff: [] })],
    [
      'sync duplicate',
      { directory: '/d', payload: { type: 'sync', syncEvent: { type: 'session.created.1', data: { info: { id: 'a', time } } } } },
    ],
    ['heartbeat', item('server.heartbeat', {})],
    ['session info without id', item('session.created', { info: { title: 'x', time } })],
    ['session info with empty id', item('session.updated', { info: { id: '', time } })],
    ['session info with numeric id', item('session.updated', { info: { id: 5, time } })],
    ['session info without time', item('session.created', { info: { id: 'a' } })],
    ['session info with string times', item('session.created', { info: { id: 'a', time: { created: '1', updated: '2' } } })],
    ['session info is a string', item('session.created', { info: 'a' })],
    ['session.deleted without any id', item('session.deleted', { info: {} })],
    ['status is a string', item('session.status', { sessionID: 'a', status: 'busy' })],
    ['status is null', item('session.status', { sessionID: 'a', status: null })],
    ['status of unknown type', item('session.status', { sessionID: 'a', status: { type: 'sleeping' } })],
    ['status without sessionID', item('session.status', { status: { type: 'busy' } })],
    ['idle with numeric sessionID', item('session.idle', { sessionID: 1 })],
    ['error without sessionID', item('session.error', { error: { name: 'E' } })],
    ['message.updated without info', item('message.updated', {})],
    ['assistant message without sessionID', item('message.updated', { info: { id: 'm', role: 'assistant' } })],
    ['assistant message without id', item('message.updated', { info: { sessionID: 'a', role: 'assistant' } })],
    ['message.removed without messageID', item('message.removed', { sessionID: 'a' })],
    ['text part', item('message.part.updated', { part: { id: 'p', sessionID: 'a', type: 'text', text: 'hi' } })],
    ['tool part without state', item('message.part.updated', { part: { id: 'p', sessionID: 'a', type: 'tool', tool: 'bash' } })],
    [
      'tool part without tool name',
      item('message.part.updated', { part: { id: 'p', sessionID: 'a', type: 'tool', state: { status: 'running' } } }),
    ],
    ['permission.asked without id', item('permission.asked', { sessionID: 'a', permission: 'bash' })],
    ['permission.replied without any id', item('permission.replied', { sessionID: 'a', reply: 'once' })],
    ['question.asked without questions', item('question.asked', { sessionID: 'a', id: 'que_1' })],
    [
      'question.asked whose questions are all malformed',
      item('question.asked', { sessionID: 'a', id: 'que_1', questions: [null, { header: 'no text' }] }),
    ],
    ['question.rejected without a session', item('question.rejected', { requestID: 'que_1' })],
  ];
  for (const [name, raw] of hostile) test(name, () => assert.equal(parseEvent(raw), undefined));
});

describe('usage arithmetic', () => {
  test('strings, NaN, Infinity, negatives, null and objects count as 0', () => {
    const hostile = { input: '100', output: NaN, reasoning: -5, cache: { read: Infinity, write: null } } as never;
    assert.deepEqual(usageOf(hostile, -1), usage(0));
    assert.deepEqual(usageOf({ cache: 'x' } as never, '0.5' as never), usage(0));
    assert.deepEqual(usageOf(undefined, undefined), usage(0));
    assert.deepEqual(usageOf(null as never, NaN), usage(0));
  });

  test('real amounts are kept exactly, fractional tokens included', () => {
    assert.deepEqual(usageOf(tokens(1000, 20, 5, 500, 7), 0.003525), usage(1000, 20, 5, 500, 7, 0.003525));
    assert.deepEqual(usageOf({ input: 1.5 }, 0), usage(1.5));
  });

  test('addUsage adds field by field; totalTokens sums the five token kinds', () => {
    const sum = addUsage(usage(1, 2, 3, 4, 5, 0.5), usage(10, 20, 30, 40, 50, 0.25));
    assert.deepEqual(sum, usage(11, 22, 33, 44, 55, 0.75));
    assert.equal(totalTokens(sum), 165);
    assert.equal(totalTokens(usage(1000, 20, 5, 500, 0, 99)), 1525); // cost is not a token kind
  });
});

describe('malformed items are told apart from ignored ones', () => {
  const kinds = (raw: unknown) => {
    const seen: string[] = [];
    assert.equal(
      parseEvent(raw, (kind) => seen.push(kind)),
      undefined,
    );
    return seen;
  };

  test('a known type with unusable fields is reported under its type', () => {
    assert.deepEqual(kinds(item('session.updated', { info: null })), ['session.updated']);
    assert.deepEqual(kinds(item('message.updated', { info: { role: 'assistant', id: 7 } })), ['message.updated']);
    assert.deepEqual(kinds(item('message.part.updated', { part: { type: 'step-finish', sessionID: 'a' } })), ['message.part.updated']);
    assert.deepEqual(kinds(item('message.part.updated', { part: 'text' })), ['message.part.updated']);
    assert.deepEqual(kinds(item('session.status', { sessionID: 'a', status: { type: 'sleeping' } })), ['session.status']);
    assert.deepEqual(kinds(null), ['unreadable']);
    assert.deepEqual(kinds({ payload: { type: 42 } }), ['unreadable']);
    assert.deepEqual(kinds({ payload: { type: 'session.idle' } }), ['session.idle'], 'a read type without properties');
  });

  test('types and parts the store does not follow, and heartbeats, are not malformed', () => {
    assert.deepEqual(kinds(item('lsp.updated', {})), []);
    assert.deepEqual(
      kinds(item('message.part.updated', { part: { type: 'text', sessionID: 'a', messageID: 'm', id: 'p', text: 'hi' } })),
      [],
    );
    assert.deepEqual(kinds({ payload: { type: 'server.heartbeat' } }), []);
    // The user's interrupt (as 1.18.33 sends it): the session stopped, it did not fail.
    const interrupt = item('session.error', { sessionID: 'a', error: { name: 'MessageAbortedError', data: { message: 'Aborted' } } });
    assert.equal(parseEvent(interrupt), undefined);
    assert.deepEqual(kinds(interrupt), []);
    assert.deepEqual(
      kinds({ payload: { type: 'sync', syncEvent: { type: 'session.created.1' } } }),
      [],
      'sync carries syncEvent, not properties',
    );
  });

  test('session fields of the wrong type are left out, never passed on', () => {
    const event = parseEvent(
      item('session.updated', {
        info: {
          id: 'a',
          title: 42,
          directory: ['x'],
          agent: { x: 1 },
          model: { id: 7, providerID: 'p' },
          share: { url: 5 },
          summary: { files: '3', additions: -1 },
          revert: { messageID: 9 },
          cost: 'free',
          tokens: { input: NaN },
          time: { created: 1, updated: 2, archived: 'no' },
        },
      }),
    );
    assert.deepEqual(event, {
      type: 'session.upsert',
      info: {
        id: 'a',
        title: '',
        directory: '',
        model: { providerID: 'p' },
        summary: { additions: 0, deletions: 0, files: 0 },
        cost: 0,
        tokens: { input: 0, output: 0, reasoning: 0, cache: { read: 0, write: 0 } },
        time,
      },
    });
  });

  test('non-finite times make it no session; a session is never its own parent', () => {
    assert.equal(parseEvent(item('session.updated', { info: { id: 'a', time: { created: NaN, updated: 2 } } })), undefined);
    assert.equal(parseEvent(item('session.updated', { info: { id: 'a', time: { created: 1, updated: Infinity } } })), undefined);
    assert.deepEqual(parseEvent(item('session.updated', { info: { id: 'a', parentID: 'a', time } })), {
      type: 'session.upsert',
      info: { id: 'a', title: '', directory: '', time },
    });
  });
});
