// The budget windows the store keeps as it changes (spendLedger.ts) against a full recount of every session's every
// reply (spendByWindow over repliesOf, the windows' rule), after random changes: replies added, changed in place
// (cost and time), removed; sessions removed, forked, their birth moved, listed again without some; a compaction's
// totals; the clock moving so the hour rolls, the day and the week start again. With list prices and without.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ledgerWindows, repliesOf, spendByWindow, type SpendByWindow } from '../../../src/store/budgetWindows';
import type { SessionInfo, StoreEvent } from '../../../src/store/events';
import { paceOf } from '../../../src/store/forecast';
import type { ListPricer } from '../../../src/store/price/listPricer';
import { SessionStore } from '../../../src/store/sessionStore';
import { prng } from '../helpers/fuzzEvents';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A Sunday 23:20 local: within the run the hour rolls, the day and the week start again. */
const START = new Date(2026, 10, 29, 23, 20, 0).getTime();

/** Replies recorded at $0 with tokens are listed at a price of their input tokens. */
const PRICER: ListPricer = {
  listing: () => undefined,
  price: (_p, _m, usage) => (usage.cost === 0 && usage.input > 0 ? { cost: usage.input / 1024, listing: {} as never } : undefined),
};

function info(id: string, created: number, updated: number, fork = false): SessionInfo {
  return { id, title: id, directory: '/w', time: { created, updated }, ...(fork && { fork: { from: 's0' } }) };
}

/** One random change at `now`, among few sessions and replies so that most changes touch what is held. */
function change(random: () => number, now: number): StoreEvent {
  const pick = (n: number) => Math.floor(random() * n);
  const session = `s${pick(6)}`;
  // Costs of binary fractions and of tenths: a recount and the kept sums may differ in the last bits only for the latter.
  const cost = random() < 0.2 ? 0 : random() < 0.5 ? pick(16) / 8 : pick(100) / 10;
  // Now and then a reply recorded a few minutes ahead of the clock (counted by no window until then).
  const created = random() < 0.1 ? now + pick(3 * MINUTE) : now - pick(3 * 24 * 60) * MINUTE - pick(MINUTE);
  const kind = random();
  if (kind < 0.45)
    return {
      type: 'message.assistant',
      info: {
        id: `m${pick(40)}`,
        sessionID: session,
        role: 'assistant',
        cost,
        tokens: { input: pick(3) * 512, output: 1, reasoning: 0, cache: { read: 0, write: 0 } },
        time: { created, completed: created + 1_000 },
      },
    };
  if (kind < 0.6) return { type: 'message.removed', sessionID: session, messageID: `m${pick(40)}` };
  if (kind < 0.68) return { type: 'session.deleted', sessionID: session };
  if (kind < 0.72)
    return {
      type: 'session.totals',
      sessionID: session,
      cost: pick(100) / 10,
      tokens: { input: pick(10_000), output: 0, reasoning: 0, cache: { read: 0, write: 0 } },
      compaction: { messageID: `c${pick(4)}`, created },
    };
  // Listed or changed: its birth moves (copies are the replies before it), or it is said to be a fork.
  const born = random() < 0.5 ? now - 5 * 24 * HOUR : now - pick(2 * 24 * 60) * MINUTE;
  return { type: 'session.upsert', info: info(session, born, now + pick(1000), random() < 0.3) };
}

function near(kept: SpendByWindow, recount: SpendByWindow, what: string): void {
  for (const w of ['hour', 'day', 'week'] as const) {
    assert.ok(Math.abs(kept[w].used - recount[w].used) < 1e-9, `${what}: the ${w}: kept ${kept[w].used}, recounted ${recount[w].used}`);
    assert.equal(kept[w].resetsAt, recount[w].resetsAt, `${what}: the ${w} resets`);
  }
}

describe('the budget windows kept by the store equal a full recount', () => {
  for (const seed of [1, 2, 3, 75, 20261130]) {
    test(`seed ${seed}: 3 000 random changes, the clock moving`, () => {
      const random = prng(seed);
      let now = START;
      const store = new SessionStore(() => now);
      store.loadSnapshot(
        [0, 1, 2].map((i) => info(`s${i}`, now - 4 * 24 * HOUR, now - 4 * 24 * HOUR)),
        {},
      );
      for (let i = 0; i < 3_000; i++) {
        store.apply(change(random, now));
        // Now and then listed again without some sessions (a reconnect's snapshot removes what the server no longer lists).
        if (i % 500 === 499) store.loadSnapshot([...store.all()].filter(() => random() < 0.7).map((r) => r.info));
        // The clock: mostly seconds, now and then past a boundary of the hour, the day or the week.
        now += random() < 0.02 ? Math.floor(random() * 3 * HOUR) : Math.floor(random() * 20_000);
        if (i % 10) continue;
        const what = `seed ${seed}, change ${i}`;
        for (const pricer of [undefined, PRICER]) {
          near(ledgerWindows([{ ledger: store.spend, pricer }], now), spendByWindow(repliesOf(store.all(), pricer), now), what);
          const kept = paceOf(store.spend.replies(now - 15 * MINUTE, now, pricer), now);
          const recount = paceOf(repliesOf(store.all(), pricer), now);
          assert.equal(kept?.replies, recount?.replies, `${what}: the pace's replies`);
          assert.equal(kept?.from, recount?.from, `${what}: the pace's first reply`);
          assert.ok(Math.abs((kept?.ratePerHour ?? 0) - (recount?.ratePerHour ?? 0)) < 1e-6, `${what}: the pace`);
        }
      }
    });
  }

  test('a reply changed in place moves between minutes and windows; a removed session takes its replies', () => {
    const now = START;
    const store = new SessionStore(() => now);
    store.loadSnapshot([info('a', now - 2 * HOUR, now - 2 * HOUR)], {});
    const reply = (created: number, cost: number): StoreEvent => ({
      type: 'message.assistant',
      info: {
        id: 'm',
        sessionID: 'a',
        role: 'assistant',
        cost,
        tokens: { input: 1, output: 1, reasoning: 0, cache: { read: 0, write: 0 } },
        time: { created },
      },
    });
    const kept = () => ledgerWindows([{ ledger: store.spend, pricer: undefined }], now);
    store.apply(reply(now - 10 * MINUTE, 0.5));
    assert.deepEqual([kept().hour.used, kept().hour.resetsAt], [0.5, now + 50 * MINUTE]);
    store.apply(reply(now - 90 * MINUTE, 0.75));
    assert.deepEqual([kept().hour.used, kept().day.used], [0, 0.75], 'moved out of the hour, its new cost in the day');
    // Sunday 21:50 is yesterday once the clock passes midnight; Monday starts a new week.
    assert.deepEqual(
      ledgerWindows([{ ledger: store.spend, pricer: undefined }], now + 50 * MINUTE),
      spendByWindow(repliesOf(store.all()), now + 50 * MINUTE),
    );
    store.apply({ type: 'session.deleted', sessionID: 'a' });
    assert.deepEqual([kept().day.used, kept().week.used], [0, 0]);
  });
});

describe('the sessions a store changed since a stamp (what the windows look at again)', () => {
  test('a reply gives its session; a removed one is not given; a new listing gives every session', () => {
    const now = START;
    const store = new SessionStore(() => now);
    store.loadSnapshot([info('a', now, now), info('b', now, now), info('c', now, now)], {});
    const ids = (stamp: number) => [...store.changedSince(stamp)].map((r) => r.info.id).sort();
    const listed = store.changeStamp;
    assert.deepEqual(ids(listed), []);
    store.apply({
      type: 'message.assistant',
      info: {
        id: 'm',
        sessionID: 'b',
        role: 'assistant',
        cost: 1,
        tokens: { input: 1, output: 1, reasoning: 0, cache: { read: 0, write: 0 } },
        time: { created: now },
      },
    });
    store.apply({ type: 'session.upsert', info: info('c', now, now + 1) });
    assert.deepEqual(ids(listed), ['b', 'c']);
    store.apply({ type: 'session.deleted', sessionID: 'c' });
    assert.deepEqual(ids(listed), ['b'], 'c is gone');
    const later = store.changeStamp;
    store.loadSnapshot([info('a', now, now), info('b', now, now)], {});
    assert.deepEqual(ids(later), ['a', 'b'], 'a listing: every session again');
  });
});

test('a minute summed with a price list keeps no hold on it: a catalog replaced is collected', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const store = new SessionStore(() => START);
  store.apply({ type: 'session.upsert', info: info('s', START - HOUR, START) });
  store.apply({
    type: 'message.assistant',
    info: {
      id: 'msg_1',
      sessionID: 's',
      role: 'assistant',
      cost: 0,
      tokens: { input: 2048, output: 0, reasoning: 0, cache: { read: 0, write: 0 } },
      providerID: 'p',
      modelID: 'm',
      time: { created: START - 10 * MINUTE, completed: START - 10 * MINUTE },
    },
  });
  // A catalog used once for a whole minute's sum, then replaced (the server's list read again).
  const held = (() => {
    const catalog: ListPricer = { ...PRICER };
    assert.equal(store.spend.sum(START - HOUR, START, catalog).cost, 2);
    return new WeakRef(catalog);
  })();
  for (let i = 0; i < 5 && held.deref(); i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
  assert.equal(held.deref(), undefined, 'the old catalog is still held');
});
