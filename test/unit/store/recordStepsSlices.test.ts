// A long session's steps are put in order in slices: its pages read newest first leave the messages in runs, and
// the sort that orders them gives the thread back every few thousand moves, as the reads around it do.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordStepsIn } from '../../../src/store/recordSteps';
import { SessionStore } from '../../../src/store/sessionStore';
import { assistantMessageEvent, feed, record, sessionEvent, sessionInfo, tokens } from '../helpers/factories';

const T0 = 1_700_000_000_000;
const PAGE = 100;

/** A session of `count` replies, fed a page at a time from the newest page back, as the extension reads them. */
function session(count: number): SessionStore {
  const store = new SessionStore();
  feed(store, sessionEvent('session.created', sessionInfo({ id: 'S', created: T0, updated: T0 + count * 1000 })));
  for (let page = count / PAGE - 1; page >= 0; page--)
    for (let i = page * PAGE; i < (page + 1) * PAGE; i++)
      feed(
        store,
        assistantMessageEvent({
          id: `msg_${String(i).padStart(8, '0')}`,
          sessionID: 'S',
          cost: 0.01,
          tokens: tokens(100, 10),
          created: T0 + i * 1000,
          completed: T0 + i * 1000 + 500,
        }),
      );
  return store;
}

test('the steps of 40 000 replies read newest page first come in order, the sort yielding as it goes', () => {
  const count = 40_000;
  const steps = recordStepsIn(record(session(count), 'S'));
  let yields = 0;
  let next = steps.next();
  for (; !next.done; next = steps.next()) yields++;
  const ids = next.value.steps.map((s) => s.message.id);
  assert.equal(ids.length, count);
  assert.ok(
    ids.every((id, i) => i === 0 || ids[i - 1] < id),
    'in creation order',
  );
  // Reading and listing yield every 2 048 messages (~40 yields here); a sort in one go added one. A merge sort of
  // 40 000 in runs moves each item ~16 times, yielding every 4 096 moves.
  assert.ok(yields > 120, `${yields} yields`);
});
