// A tool call's permission wait (src/store/timelineRecord.ts permissionWaitOf), as the store marks it from the
// requests it sees: the call its permission names, in that call's message, only the part inside the call's run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PermissionRequest } from '../../../src/store/pendingRequest';
import { SessionStore } from '../../../src/store/sessionStore';
import { permissionWaitOf } from '../../../src/store/timelineRecord';
import { MAX_CALL_ID } from '../../../src/store/transcript';

const SES = 'ses_1';

/** A store whose clock the test sets, with one session; `wait` asks at `from` and is answered at `to`. */
function storeWith(waits: Array<{ id: string; call: Partial<PermissionRequest>; from: number; to: number }>) {
  let now = 0;
  const store = new SessionStore(() => now);
  store.apply({ type: 'session.upsert', info: { id: SES, title: 't', directory: '/w', time: { created: 0, updated: 0 } } });
  const events = waits.flatMap(({ id, call, from, to }) => [
    { at: from, apply: () => store.apply({ type: 'request.asked', request: request(id, call) }) },
    { at: to, apply: () => store.apply({ type: 'request.closed', sessionID: SES, id }) },
  ]);
  for (const event of events.sort((a, b) => a.at - b.at)) {
    now = event.at;
    event.apply();
  }
  return store.get(SES)!;
}

const request = (id: string, call: Partial<PermissionRequest>): PermissionRequest => ({
  kind: 'permission',
  id,
  sessionID: SES,
  permission: 'bash',
  patterns: [],
  always: [],
  metadata: {},
  ...call,
});

test('the wait is the named call’s, in its message, and only inside its run', () => {
  const record = storeWith([{ id: 'per_1', call: { callID: 'call_5', messageID: 'msg_a' }, from: 1_000, to: 9_000 }]);
  const call = { messageID: 'msg_a', callID: 'call_5' };
  assert.equal(permissionWaitOf(record, call, 500, 10_000), 8_000);
  assert.equal(permissionWaitOf(record, call, 5_000, 10_000), 4_000, 'a run that began mid-wait: the part inside it');
  // 2.x's call ids repeat across steps: the later step's `call_5` waited for nothing, even where the times overlap.
  assert.equal(permissionWaitOf(record, { messageID: 'msg_b', callID: 'call_5' }, 2_000, 8_000), undefined);
  assert.equal(permissionWaitOf(record, { messageID: 'msg_a', callID: 'call_6' }, 500, 10_000), undefined);
});

test('a wait closed late (a reconnect) takes nothing from a later run of the same call id in another message', () => {
  const record = storeWith([{ id: 'per_1', call: { callID: 'call_5', messageID: 'msg_a' }, from: 1_000, to: 60_000 }]);
  assert.equal(permissionWaitOf(record, { messageID: 'msg_b', callID: 'call_5' }, 20_000, 40_000), undefined);
});

test('two waits at once for one call count no more than the run', () => {
  const record = storeWith([
    { id: 'per_1', call: { callID: 'call_5', messageID: 'msg_a' }, from: 1_000, to: 9_000 },
    { id: 'per_2', call: { callID: 'call_5', messageID: 'msg_a' }, from: 1_000, to: 9_000 },
  ]);
  assert.equal(permissionWaitOf(record, { messageID: 'msg_a', callID: 'call_5' }, 0, 10_000), 10_000);
});

test('a message id past MAX_CALL_ID matches as the request keeps it (cut)', () => {
  const long = `msg_${'x'.repeat(300)}`;
  const record = storeWith([{ id: 'per_1', call: { callID: 'call_5', messageID: long.slice(0, MAX_CALL_ID) }, from: 1_000, to: 3_000 }]);
  assert.equal(permissionWaitOf(record, { messageID: long, callID: 'call_5' }, 0, 10_000), 2_000);
});

test('a server that names the call but not its message: matched by the call alone, inside the run', () => {
  const record = storeWith([{ id: 'per_1', call: { callID: 'call_5' }, from: 1_000, to: 3_000 }]);
  assert.equal(permissionWaitOf(record, { messageID: 'msg_a', callID: 'call_5' }, 0, 10_000), 2_000);
  assert.equal(permissionWaitOf(record, { messageID: 'msg_b', callID: 'call_5' }, 5_000, 10_000), 0);
});

test('a wait found over later (gone from a listing at a reconnect, the session idle) leaves the run time whole', () => {
  let now = 0;
  const store = new SessionStore(() => now);
  store.apply({ type: 'session.upsert', info: { id: SES, title: 't', directory: '/w', time: { created: 0, updated: 0 } } });
  now = 1_000;
  store.apply({ type: 'request.asked', request: request('per_1', { callID: 'call_5', messageID: 'msg_a' }) });
  store.apply({ type: 'request.asked', request: request('per_2', { callID: 'call_6', messageID: 'msg_a' }) });
  // Answered at some moment this window missed; the call ran to 10 000; the window reconnects at 12 000.
  now = 12_000;
  store.replaceRequests([request('per_2', { callID: 'call_6', messageID: 'msg_a' })]);
  now = 13_000;
  store.apply({ type: 'session.status', sessionID: SES, status: { type: 'idle' } });
  const record = store.get(SES)!;
  assert.equal(permissionWaitOf(record, { messageID: 'msg_a', callID: 'call_5' }, 500, 10_000), undefined, 'a listing found it gone');
  assert.equal(permissionWaitOf(record, { messageID: 'msg_a', callID: 'call_6' }, 500, 10_000), undefined, 'the session went idle');
  // The Timeline still shows each wait, to when it was found over.
  assert.deepEqual(
    record.marks?.map((m) => [m.ref, m.end]),
    [
      ['per_1', 12_000],
      ['per_2', 13_000],
    ],
  );
});
