// The usage page's messages are checked at run time against their protocol type: well-formed ones pass
// unchanged, anything else (wrong type, extra or missing fields, hostile ids) is dropped.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeMalformed, pageMessage } from '../../../src/features/usage/pageMessages';

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
    ];
    for (const m of malformed) assert.equal(pageMessage(m), undefined, describeMalformed(m));
  });

  test('the log line is bounded and survives values JSON cannot write', () => {
    assert.equal(describeMalformed({ type: 'x'.repeat(500) }).length, 201);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    assert.equal(describeMalformed(circular), '[object Object]');
    assert.equal(describeMalformed(undefined), 'undefined');
  });
});
