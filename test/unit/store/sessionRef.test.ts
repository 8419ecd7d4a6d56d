// The one guard of a session's name across servers: what commands, the panel's saved state and the tree's selection
// read a session ref with.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSessionRef } from '../../../src/store/sessionRef';

test('a value with a string server id and session id is a session ref, whatever else it carries', () => {
  assert.ok(isSessionRef({ serverId: 's', sessionId: 'ses_1' }));
  assert.ok(isSessionRef({ kind: 'changedFile', serverId: 's', sessionId: 'ses_1', path: 'a.ts' }));
});

test('anything else is not: a missing or non-string id, null, a budget name, nothing', () => {
  for (const value of [
    { serverId: 's' },
    { sessionId: 'ses_1' },
    { serverId: 1, sessionId: 'ses_1' },
    { serverId: 's', sessionId: null },
    null,
    undefined,
    'day',
    42,
  ])
    assert.equal(isSessionRef(value), false, JSON.stringify(value));
});
