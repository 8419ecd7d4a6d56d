// The usage panel's sums kept as the store changes equal a recount from scratch: after every frame of random
// changes (replies added, updated, removed, over several sessions and days, sessions created and deleted, some
// sessions read whole and some not), the per-day trend (DayTrend, updated from the store's change log) equals
// usageByDay over the store, and each model's share of a session's steps (StepList.shares, its earlier rows' sums
// kept) equals a StepList built afresh.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runNow } from '../../../src/base/slices';
import { StepList } from '../../../src/present/usageStepList';
import type { StoreEvent } from '../../../src/store/events';
import type { SessionRecord } from '../../../src/store/sessionRecord';
import { SessionStore } from '../../../src/store/sessionStore';
import { emptyChange, mergeStoreChange } from '../../../src/store/storeChange';
import { DayTrend, usageByDay } from '../../../src/store/usageByDay';

const DAY = 86_400_000;
const T0 = new Date(2026, 2, 10, 12).getTime();
const limit = () => 200_000;

/** A small deterministic generator (mulberry32), so a failure names its seed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const session = (id: string): StoreEvent => ({
  type: 'session.upsert',
  info: { id, title: id, directory: '/w', time: { created: T0, updated: T0 } },
});

for (const seed of [1, 2, 3, 4, 5]) {
  test(`incremental sums equal a recount after random changes (seed ${seed})`, () => {
    const next = random(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    const store = new SessionStore(() => T0);
    const ids = ['A', 'B', 'C', 'D'];
    for (const id of ids) store.apply(session(id));
    const complete = new Set<SessionRecord>();
    const trend = new DayTrend(store, (r) => complete.has(r));
    const list = new StepList();
    list.rebuild(store.get('A')!, limit);
    let listed = store.get('A');
    let seq = 0;
    for (let frame = 0; frame < 300; frame++) {
      const change = emptyChange();
      for (let k = 1 + Math.floor(next() * 4); k > 0; k--) {
        const sessionID = pick(ids);
        const roll = next();
        const record = store.get(sessionID);
        const known = record ? [...record.messages.keys()] : [];
        let event: StoreEvent;
        if (roll < 0.05) event = { type: 'session.deleted', sessionID };
        else if (roll < 0.1) event = session(sessionID);
        else if (roll < 0.15 && known.length) event = { type: 'message.removed', sessionID, messageID: pick(known) };
        else {
          // A reply updated (the last one most often: a step streaming) or a new one, on one of a few days.
          const id =
            known.length && roll < 0.5 ? (roll < 0.4 ? known[known.length - 1] : pick(known)) : `msg_${String(++seq).padStart(6, '0')}`;
          const created = record?.messages.get(id)?.created ?? T0 + Math.floor(next() * 4) * DAY + seq * 1000;
          event = {
            type: 'message.assistant',
            info: {
              id,
              sessionID,
              role: 'assistant',
              cost: Math.floor(next() * 1000) / 997,
              tokens: {
                input: Math.floor(next() * 5000),
                output: Math.floor(next() * 300),
                reasoning: 0,
                cache: { read: Math.floor(next() * 900), write: 0 },
              },
              providerID: 'p',
              modelID: pick(['m1', 'm2', 'm3']),
              time: { created, completed: created + 500 },
            },
          };
        }
        mergeStoreChange(change, store.apply(event));
        if (next() < 0.2) for (const r of store.all()) if (next() < 0.5) complete.add(r);
        // (Complete turns back only with a store change: a session changed while no stream was open, then listed.)
      }
      assert.deepEqual(
        trend.read(),
        usageByDay(store.all(), (r) => complete.has(r)),
        `seed ${seed}, frame ${frame}: the trend`,
      );
      const a = store.get('A');
      if (!a) continue;
      const messages = change.messages?.get('A');
      if (a !== listed) list.rebuild(a, limit);
      else if (messages) list.update(a, messages, limit);
      listed = a;
      const fresh = new StepList();
      fresh.rebuild(a, limit);
      assert.deepEqual(runNow(list.shares(2)), runNow(fresh.shares(2)), `seed ${seed}, frame ${frame}: the models' shares`);
    }
  });
}
