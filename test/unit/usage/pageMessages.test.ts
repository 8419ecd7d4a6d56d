// The usage page's messages are checked at run time against their declaration (src/features/usage/protocol.ts):
// well-formed ones pass unchanged, anything else (wrong type, extra or missing fields, hostile ids) is dropped.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeMalformed, field, message, messageCheck } from '../../../src/base/messages';
import { hostMessage, pageMessage } from '../../../src/features/usage/protocol';

describe('usage page messages', () => {
  test('every message the page sends passes as it is', () => {
    for (const m of [
      { type: 'ready' },
      { type: 'retryTrend' },
      { type: 'export', format: 'csv' },
      { type: 'export', format: 'json' },
      { type: 'showTurnChanges', messageID: 'msg_def404f43ffev9pN9AOW2xCZcB' },
      { type: 'timelineShown', shown: true },
      { type: 'timelineShown', shown: false },
    ]) {
      assert.deepEqual(pageMessage(m), m);
    }
  });

  test('malformed ones are dropped', () => {
    const malformed: unknown[] = [
      undefined,
      null,
      'ready',
      42,
      [],
      ['ready'],
      {},
      { type: 'nope' },
      { type: 'READY' },
      { type: 'ready', extra: 1 },
      { type: 'export' },
      { type: 'export', format: 'xlsx' },
      { type: 'export', format: 'csv', path: '/etc/passwd' },
      { type: 'export', format: ['csv'] },
      { type: 'showTurnChanges' },
      { type: 'showTurnChanges', messageID: 7 },
      { type: 'showTurnChanges', messageID: '' },
      { type: 'showTurnChanges', messageID: '../../x' },
      { type: 'showTurnChanges', messageID: 'msg_a"; <img src=x>' },
      { type: 'showTurnChanges', messageID: 'm'.repeat(201) },
      { type: 'showTurnChanges', messageID: 'msg_a', stepMessageID: 'x' },
      { type: 'timelineShown' },
      { type: 'timelineShown', shown: 'yes' },
      { type: 'timelineShown', shown: true, tab: 5 },
      JSON.parse('{"type":"ready","__proto__":{"x":1}}'),
      { type: 'ready', toString: 'x' },
      { type: 'export', format: 'toString' },
      { type: 'empty', message: 'a host message is not a page message' },
    ];
    for (const m of malformed) assert.equal(pageMessage(m), undefined, describeMalformed(m));
  });

  test('a message added to a declaration is checked without a change to the checker', () => {
    const check = messageCheck([
      message('ready'),
      message('pin', { id: field.string((s) => s.length < 4), at: field.optional(field.number) }),
    ]);
    assert.deepEqual(check({ type: 'pin', id: 'abc' }), { type: 'pin', id: 'abc' });
    assert.deepEqual(check({ type: 'pin', id: 'abc', at: 1 }), { type: 'pin', id: 'abc', at: 1 });
    for (const m of [{ type: 'pin' }, { type: 'pin', id: 'abcd' }, { type: 'pin', id: 'a', at: '1' }, { type: 'pin', id: 'a', x: 1 }])
      assert.equal(check(m), undefined, describeMalformed(m));
  });

  test('the page checks what the host posts: each field of its kind, nothing undeclared', () => {
    const summary = { sessionID: 's' };
    const posted = [
      { type: 'report', summary, steps: [], state: { serverId: 'a', sessionId: 's' } },
      { type: 'update', summary, from: 3, steps: [] },
      { type: 'timeline', rootId: 's', full: true, lanes: [], removed: [], now: 1, budgets: { session: 2 } },
      { type: 'timeline', rootId: 's', full: false, lanes: [], removed: ['x'], now: 1 },
      { type: 'exported', path: '/tmp/x.csv' },
    ];
    for (const m of posted) assert.deepEqual(hostMessage(m), m);
    for (const m of [
      { type: 'update', summary, from: '3', steps: [] },
      { type: 'report', summary, steps: {}, state: {} },
      { type: 'ready' },
    ])
      assert.equal(hostMessage(m), undefined, describeMalformed(m));
  });

  test('the log line is bounded and survives values JSON cannot write', () => {
    assert.equal(describeMalformed({ type: 'x'.repeat(500) }).length, 201);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    assert.equal(describeMalformed(circular), '[object Object]');
    assert.equal(describeMalformed(undefined), 'undefined');
  });
});
