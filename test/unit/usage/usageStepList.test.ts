// The usage panel's rows kept across live changes (StepList): after every event of a session, the rows it holds
// by replacing and appending what the store said changed equal the rows built from scratch, and the row it says
// to redraw from covers every row that differs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { feedMessages } from '../../../src/client/v1/messages';
import { StepList } from '../../../src/present/usageStepList';
import { sessionSteps } from '../../../src/present/usageSteps';
import type { StepRow } from '../../../src/present/usageRows';
import type { StoreEvent } from '../../../src/store/events';
import { SessionStore } from '../../../src/store/sessionStore';
import { mergeStoreChange, type StoreChange } from '../../../src/store/storeChange';
import { assistantMessage, userMessage } from '../helpers/usageMessages';

const limit = () => 200_000;

/** Feeds `items` ({info, parts}) one event at a time, as the live stream would, and checks the list after each. */
function replay(items: unknown[], framed = 1): { list: StepList; updates: number } {
  const store = new SessionStore();
  store.apply({ type: 'session.upsert', info: { id: 'S', title: 'S', directory: '/w', time: { created: 0, updated: 0 } } });
  const list = new StepList();
  list.rebuild(store.get('S')!, limit);
  const events: StoreEvent[] = [];
  feedMessages(items, 'S', { seenLive: () => false, apply: (event) => void events.push(event) });
  let updates = 0;
  for (let i = 0; i < events.length; i += framed) {
    // Several events in one frame, merged as the sessions model merges them.
    const empty: StoreChange = { changed: new Set(), structure: new Set(), removed: new Set(), requests: false };
    const change = events.slice(i, i + framed).reduce((into, event) => mergeStoreChange(into, store.apply(event)), empty);
    const before: StepRow[] = [...list.rows];
    const record = store.get('S')!;
    const from = list.update(record, change.messages?.get('S') ?? new Set(), limit);
    updates += 1;
    const expected = sessionSteps(record, limit);
    assert.deepEqual(list.rows, expected.steps, `rows after event ${i}`);
    assert.deepEqual(list.compactions, expected.compactions, `compactions after event ${i}`);
    const firstDiff = expected.steps.findIndex((row, k) => JSON.stringify(row) !== JSON.stringify(before[k]));
    if (firstDiff >= 0) assert.ok(from <= firstDiff, `event ${i}: redraw from ${from}, but row ${firstDiff} changed`);
  }
  return { list, updates };
}

const step = (i: number) => ({ input: 100 + i, output: 10, read: 50, cost: 0.001 * (i + 1) });

describe('StepList: rows kept across live changes equal rows built from scratch', () => {
  test('turns arriving one event at a time (messages, then their steps)', () => {
    const items = [];
    for (let i = 0; i < 12; i++) {
      items.push(userMessage(`u${i}`, 1000 * i));
      items.push(assistantMessage(`m${i}`, 1000 * i + 500, i % 3 ? [step(i)] : [step(i), step(i + 100)], i % 2 ? 'alpha' : 'beta'));
    }
    const { list } = replay(items);
    assert.equal(list.rows.length, 16);
  });

  test('a compaction between turns, and frames of several events', () => {
    const items = [
      userMessage('u0', 0),
      assistantMessage('m0', 500, [step(0)]),
      userMessage('u1', 1000, [{ type: 'compaction', auto: true }]),
      assistantMessage('m1', 1500, [step(1)]),
      userMessage('u2', 2000),
      assistantMessage('m2', 2500, [step(2), step(3)]),
    ];
    for (const framed of [1, 3, 100]) assert.deepEqual(replay(items, framed).list.compactions, [1]);
  });

  test('a message that arrives out of order rebuilds, and still matches', () => {
    const items = [
      assistantMessage('m2', 2500, [step(2)]),
      assistantMessage('m1', 1500, [step(1)]),
      assistantMessage('m3', 3500, [step(3)]),
    ];
    assert.equal(
      replay(items)
        .list.rows.map((r) => r.messageID)
        .join(','),
      'm1,m2,m3',
    );
  });

  test('a step of an earlier message in place of its figures (same count) is replaced where it is', () => {
    const store = new SessionStore();
    store.apply({ type: 'session.upsert', info: { id: 'S', title: 'S', directory: '/w', time: { created: 0, updated: 0 } } });
    feedMessages([assistantMessage('m0', 0, [step(0)]), assistantMessage('m1', 1, [step(1)])], 'S', {
      seenLive: () => false,
      apply: (e) => void store.apply(e),
    });
    const list = new StepList();
    list.rebuild(store.get('S')!, limit);
    const change = store.apply({
      type: 'step.finished',
      sessionID: 'S',
      messageID: 'm0',
      partID: 'm0-s0',
      usage: { input: 7, output: 7, reasoning: 0, cacheRead: 0, cacheWrite: 0, cost: 0.5 },
    });
    assert.equal(list.update(store.get('S')!, change.messages!.get('S')!, limit), 0);
    assert.equal(list.rows[0].cost, 0.5);
    assert.deepEqual(list.rows, sessionSteps(store.get('S')!, limit).steps);
  });
});
