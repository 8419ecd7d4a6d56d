// The trend's per-day figures: each assistant message on the local day it was created, and sessions
// not fully loaded left out (counted as pending), never guessed into a day.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MessageHistory } from '../../../src/client/sessions/messageHistory';
import type { SessionRecord } from '../../../src/store/sessionRecord';
import { SessionStore } from '../../../src/store/sessionStore';
import { DayTrend, usageByDay } from '../../../src/store/usageByDay';
import { assistantMessageEvent, feed, record, sessionEvent, sessionInfo, tokens } from '../helpers/factories';

const at = (day: number, hour: number, minute = 0) => new Date(2026, 2, day, hour, minute).getTime();

function storeWithSessions(): SessionStore {
  const store = new SessionStore();
  feed(
    store,
    // Started the evening of the 10th, went on past midnight: split across two days.
    sessionEvent(
      'session.created',
      sessionInfo({ id: 'ses_night', created: at(10, 23), updated: at(11, 1), tokens: tokens(300), cost: 3 }),
    ),
    assistantMessageEvent({ id: 'msg_1', sessionID: 'ses_night', created: at(10, 23, 30), tokens: tokens(100, 10), cost: 1 }),
    assistantMessageEvent({ id: 'msg_2', sessionID: 'ses_night', created: at(11, 0, 30), tokens: tokens(200, 20, 5, 50, 7), cost: 2 }),
    // Not loaded yet: its messages in the store are only the newest few.
    sessionEvent(
      'session.created',
      sessionInfo({ id: 'ses_partial', created: at(9, 12), updated: at(11, 9), tokens: tokens(900), cost: 9 }),
    ),
    assistantMessageEvent({ id: 'msg_3', sessionID: 'ses_partial', created: at(11, 9), tokens: tokens(40), cost: 0.5 }),
  );
  return store;
}

test('sums each message on its own local day, across midnight', () => {
  const store = storeWithSessions();
  const result = usageByDay(store.all(), (r) => r.info.id === 'ses_night');
  assert.deepEqual(result.days, [
    { day: '2026-03-10', tokens: 110, cost: 1 },
    { day: '2026-03-11', tokens: 282, cost: 2 },
  ]);
  assert.equal(result.pending, 1);
  assert.equal(result.sessions, 2);
});

test('a session not loaded is counted as pending, not put on its start day', () => {
  const result = usageByDay(storeWithSessions().all(), () => false);
  assert.deepEqual(result.days, []);
  assert.deepEqual([result.pending, result.sessions], [2, 2]);
});

test('days over several sessions add up, sorted by day', () => {
  const store = storeWithSessions();
  feed(store, assistantMessageEvent({ id: 'msg_4', sessionID: 'ses_partial', created: at(9, 12, 5), tokens: tokens(60), cost: 0.25 }));
  const result = usageByDay(store.all(), () => true);
  assert.deepEqual(
    result.days.map((d) => [d.day, d.cost]),
    [
      ['2026-03-09', 0.25],
      ['2026-03-10', 1],
      ['2026-03-11', 2.5],
    ],
  );
  assert.equal(result.pending, 0);
});

test('MessageHistory: complete once read; after a reconnect only while the session is unchanged', async () => {
  const store = storeWithSessions();
  const reads: string[] = [];
  const history = new MessageHistory((r) => {
    reads.push(r.info.id);
    return Promise.resolve();
  });
  const night = record(store, 'ses_night');
  assert.equal(history.isComplete(night), false);
  await Promise.all([history.ensure(night), history.ensure(night)]);
  assert.deepEqual(reads, ['ses_night'], 'one read for concurrent callers');
  assert.equal(history.isComplete(night), true);
  await history.ensure(night);
  assert.deepEqual(reads, ['ses_night'], 'a complete session is not read again');
  history.reconnected();
  assert.equal(history.isComplete(night), true, 'unchanged while disconnected');
  feed(
    store,
    sessionEvent(
      'session.updated',
      sessionInfo({ id: 'ses_night', created: at(10, 23), updated: at(11, 2), tokens: tokens(300), cost: 3 }),
    ),
  );
  assert.equal(history.isComplete(night), false, 'changed since: messages may be missing');
});

test('MessageHistory: an aborted read does not count as complete', async () => {
  const store = storeWithSessions();
  const abort = new AbortController();
  const history = new MessageHistory(() => {
    abort.abort();
    return Promise.resolve();
  });
  await assert.rejects(history.ensure(record(store, 'ses_night'), abort.signal), { name: 'AbortError' });
  assert.equal(history.isComplete(record(store, 'ses_night')), false);
});

test('DayTrend read in slices: a session removed, or removed and made again, between the slices is counted as the store has it', () => {
  for (const remake of [false, true]) {
    const store = new SessionStore();
    // Read whole, as MessageHistory marks a record (the record removed stays marked).
    const complete = new Set<SessionRecord>();
    for (const id of ['ses_a', 'ses_b']) {
      feed(
        store,
        sessionEvent('session.created', sessionInfo({ id, created: at(10, 9), updated: at(10, 10), cost: 1 })),
        assistantMessageEvent({ id: `msg_${id}`, sessionID: id, created: at(10, 9, 30), tokens: tokens(100), cost: 1 }),
      );
      complete.add(record(store, id));
    }
    const trend = new DayTrend(store, (r) => complete.has(r));
    const steps = trend.reading();
    steps.next(); // the first session taken; the read waits between its slices
    feed(store, { type: 'session.deleted', properties: { info: record(store, 'ses_b').info } });
    if (remake)
      feed(
        store,
        sessionEvent('session.created', sessionInfo({ id: 'ses_b', created: at(10, 11), updated: at(10, 12), cost: 5 })),
        assistantMessageEvent({ id: 'msg_b2', sessionID: 'ses_b', created: at(10, 11, 30), tokens: tokens(100), cost: 5 }),
      );
    if (remake) complete.add(record(store, 'ses_b'));
    while (!steps.next().done);
    const truth = usageByDay(store.all(), (r) => complete.has(r));
    assert.deepEqual(trend.read().days, truth.days, remake ? 'removed and made again' : 'removed');
  }
});
