// A fork's copied history is not spending (issue 72): through the store as the extension feeds it, a fork's own
// figures, the tree's Σ, the server's total, the windows' replies, the per-day trend, the steps, the Timeline and
// session_status count each reply once, on 1.x (copies older than the fork, its record summing them) and on 2.x
// (copies up to the fork's point, its record counting what it spent since) alike; a fork of a fork and a fork whose
// original was deleted too. Costs are binary fractions, so every sum is exact and written out by hand.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { repliesOf, spendByWindow } from '../../../src/store/budgetWindows';
import type { SessionInfo } from '../../../src/store/events';
import { recordSteps } from '../../../src/store/recordSteps';
import { serverTotal } from '../../../src/store/serverTotal';
import { buildSessionStatus } from '../../../src/store/sessionStatus';
import { statusSessions } from '../../../src/store/sessionStatusInput';
import { SessionStore } from '../../../src/store/sessionStore';
import { buildTimeline } from '../../../src/store/timeline/timelineFigures';
import { laneSteps } from '../../../src/store/timeline/timelineLanes';
import { runNow } from '../../../src/base/slices';
import { usageByDay } from '../../../src/store/usageByDay';
import { assistantMessageEvent, feed, messageRemovedEvent, record, sessionEvent, sessionInfo, tokens, usage } from '../helpers/factories';

const HOUR = 3_600_000;
/** Today, noon: every time below is within this day. */
const NOON = new Date(new Date().setHours(12, 0, 0, 0)).getTime();
const at = (minutes: number) => NOON + minutes * 60_000;

/** The original O: two replies, at 12:01 ($0.25) and 12:02 ($0.5). */
const O = sessionInfo({ id: 'O', tokens: tokens(300, 30), cost: 0.75, created: at(0), updated: at(2) });
const reply = (id: string, sessionID: string, minute: number, cost: number, input: number) =>
  assistantMessageEvent({ id, sessionID, cost, tokens: tokens(input, input / 10), created: at(minute), completed: at(minute) + 1_000 });
const ORIGINAL = [reply('m1', 'O', 1, 0.25, 100), reply('m2', 'O', 2, 0.5, 200)];
/** 1.18.33's copies of O's replies in a fork: new ids, the original's cost, tokens and creation (measured). */
const copiesIn = (sessionID: string, prefix: string) => [
  reply(`${prefix}1`, sessionID, 1, 0.25, 100),
  reply(`${prefix}2`, sessionID, 2, 0.5, 200),
];

/** A 1.x store: O, and its fork F made at 12:10 whose record sums its copies and, after a reply of its own at 12:11 ($0.125), that too. */
function v1Fork(): SessionStore {
  const store = new SessionStore();
  feed(store, sessionEvent('session.created', O), ...ORIGINAL);
  // 1.18.33 lists the fork at $0, then streams its copies; a read of its record afterwards sums them.
  const F = sessionInfo({ id: 'F', title: 'O (fork #1)', tokens: tokens(0), cost: 0, created: at(10), updated: at(10) });
  feed(store, sessionEvent('session.created', F), ...copiesIn('F', 'f'));
  feed(store, sessionEvent('session.updated', { ...F, tokens: tokens(300, 30), cost: 0.75 }));
  feed(
    store,
    reply('f3', 'F', 11, 0.125, 40),
    sessionEvent('session.updated', { ...F, tokens: tokens(340, 34), cost: 0.875, time: { ...F.time, updated: at(11) } }),
  );
  return store;
}

const spentToday = (store: SessionStore) => spendByWindow(repliesOf(store.all()), at(30)).day.used;
const trendCost = (store: SessionStore) => usageByDay(store.all(), () => true).days.reduce((sum, d) => sum + d.cost, 0);

describe("a fork's copied history is not spending", () => {
  test('1.x: the fork spent only its own reply; the tree, the server, the windows and the trend count each reply once', () => {
    const store = v1Fork();
    assert.deepEqual(record(store, 'F').own, usage(40, 4, 0, 0, 0, 0.125), "the fork's own: its record less its copies");
    assert.deepEqual(store.inclusive('F'), usage(40, 4, 0, 0, 0, 0.125), 'its Σ');
    assert.deepEqual(record(store, 'O').own, usage(300, 30, 0, 0, 0, 0.75), 'the original keeps its own');
    assert.equal(serverTotal(store).cost, 0.875, "the server's total: 0.75 + 0.125, not 1.625");
    assert.equal(spentToday(store), 0.875, "today's spend, what a day budget is measured by");
    assert.equal(spendByWindow(repliesOf(store.all()), at(30)).hour.used, 0.875);
    assert.equal(trendCost(store), 0.875, "the trend's day");
  });

  test('1.x: seen live, the fork is at 0 while its copies come, and its copies are listed as such among its steps', () => {
    const store = new SessionStore();
    feed(store, sessionEvent('session.created', O), ...ORIGINAL);
    const F = sessionInfo({ id: 'F', tokens: tokens(0), cost: 0, created: at(10), updated: at(10) });
    feed(store, sessionEvent('session.created', F), ...copiesIn('F', 'f'));
    assert.deepEqual(record(store, 'F').own, usage(0, 0, 0, 0, 0, 0));
    const { steps } = recordSteps(record(store, 'F'));
    assert.deepEqual(
      steps.map((s) => [s.message.id, s.usage.cost, s.copied?.cost]),
      [
        ['f1', 0, 0.25],
        ['f2', 0, 0.5],
      ],
      'listed, spent nothing here, what the original recorded kept apart',
    );
    assert.equal(spentToday(store), 0.75);
  });

  test('a fork of a fork counts once: all it holds are copies', () => {
    const store = v1Fork();
    const FF = sessionInfo({ id: 'FF', title: 'O (fork #2)', tokens: tokens(340, 34), cost: 0.875, created: at(20), updated: at(20) });
    feed(store, sessionEvent('session.created', FF), ...copiesIn('FF', 'g'), reply('g3', 'FF', 11, 0.125, 40));
    assert.deepEqual(record(store, 'FF').own, usage(0, 0, 0, 0, 0, 0));
    assert.equal(serverTotal(store).cost, 0.875);
    assert.equal(spentToday(store), 0.875);
    assert.equal(trendCost(store), 0.875);
  });

  test('a fork whose original was deleted still counts only what it spent', () => {
    const store = v1Fork();
    feed(store, sessionEvent('session.deleted', O));
    assert.equal(store.get('O'), undefined);
    assert.deepEqual(record(store, 'F').own, usage(40, 4, 0, 0, 0, 0.125));
    assert.equal(serverTotal(store).cost, 0.125);
    // The original's replies went with it, as its messages went from the server: the fork's copies do not stand in.
    assert.equal(spentToday(store), 0.125);
  });

  test('a server before 1.15 (no totals): the fork’s own is the sum of the replies it spent', () => {
    const store = new SessionStore();
    const F = sessionInfo({ id: 'F', created: at(10), updated: at(10) });
    feed(store, sessionEvent('session.created', F), ...copiesIn('F', 'f'), reply('f3', 'F', 11, 0.125, 40));
    assert.deepEqual(record(store, 'F').own, usage(40, 4, 0, 0, 0, 0.125));
  });

  test('a server before 1.15: the sum kept as replies stream, are updated, removed and copied is the sum afresh, to the last bit', () => {
    // Decimal costs (0.1 + 0.2 is not 0.3 in binary): a sum kept by adding and taking away would drift from one
    // made afresh; each figure below must equal the replies spent, summed in the order the store holds them.
    const store = new SessionStore();
    const F = sessionInfo({ id: 'F', created: at(10), updated: at(10) });
    feed(store, sessionEvent('session.created', F));
    const afresh = () => {
      let cost = 0;
      let input = 0;
      for (const m of record(store, 'F').messages.values())
        if (m.created >= at(10)) {
          cost += m.usage.cost;
          input += m.usage.input;
        }
      return { cost, input };
    };
    const check = (what: string) => {
      const { own } = record(store, 'F');
      assert.deepEqual({ cost: own.cost, input: own.input }, afresh(), what);
    };
    let seed = 7;
    const next = () => (seed = (seed * 48_271) % 2_147_483_647);
    for (let i = 0; i < 300; i++) {
      const cost = (next() % 1000) / 10;
      const id = `m${String(i).padStart(4, '0')}`;
      // A new reply; the newest streaming (its cost grows); an older one updated; a copy; one removed.
      feed(store, reply(id, 'F', 11, cost, next() % 997));
      check(`${id} added`);
      feed(store, reply(id, 'F', 11, cost + 0.1, 3));
      check(`${id} streamed`);
      if (i % 7 === 3) {
        feed(store, reply(`m${String(i - 2).padStart(4, '0')}`, 'F', 11, 0.3, 5));
        check(`an older reply updated at ${id}`);
      }
      if (i % 11 === 5) {
        feed(store, reply(`c${i}`, 'F', 1, 0.7, 9));
        check(`a copy at ${id}`);
      }
      if (i % 13 === 8) {
        feed(store, messageRemovedEvent('F', `m${String(i - 1).padStart(4, '0')}`));
        check(`a reply removed at ${id}`);
      }
    }
    assert.notEqual(afresh().cost, 0);
  });

  test('a server before 1.15: every reply read again unchanged (a reconnect) keeps the sum, with no pass over the others', () => {
    const store = new SessionStore();
    const F = sessionInfo({ id: 'F', created: at(10), updated: at(10) });
    const replies = Array.from({ length: 50 }, (_, i) => reply(`m${i}`, 'F', 11, 0.1 * (i + 1), i));
    feed(store, sessionEvent('session.created', F), ...replies);
    const kept = record(store, 'F').spent;
    assert.ok(kept, 'the sum is kept as replies come');
    feed(store, ...replies);
    assert.equal(record(store, 'F').spent, kept, 'the same sum: nothing was summed again');
    assert.equal(
      record(store, 'F').own.cost,
      replies.reduce((sum, _, i) => sum + 0.1 * (i + 1), 0),
    );
  });

  test('a session whose creation time moves counts its copies again, with totals and without', () => {
    for (const totals of [true, false]) {
      const store = new SessionStore();
      const F = sessionInfo({ id: 'F', created: at(10), updated: at(11), ...(totals && { tokens: tokens(340, 34), cost: 0.875 }) });
      feed(store, sessionEvent('session.created', F), ...copiesIn('F', 'f'), reply('f3', 'F', 11, 0.125, 40));
      assert.equal(record(store, 'F').own.cost, 0.125, `${totals}: the two older replies are copies`);
      // Read again created at 12:00: no reply is older than the session, so none is a copy.
      feed(store, sessionEvent('session.updated', { ...F, time: { ...F.time, created: at(0) } }));
      assert.equal(record(store, 'F').own.cost, 0.875, `${totals}: every reply is its own`);
    }
  });

  test('2.x: the fork’s record counts what it spent after the fork; its copies up to the fork’s point are not counted again', () => {
    const store = new SessionStore();
    feed(store, sessionEvent('session.created', O), ...ORIGINAL);
    // As v2SessionInfo reads Session.Info `fork: {sessionID, boundary}`: the record starts at 0.
    const F: SessionInfo = {
      ...sessionInfo({ id: 'F', tokens: tokens(0), cost: 0, created: at(10), updated: at(10) }),
      fork: { from: 'O' },
    };
    store.apply({ type: 'session.upsert', info: F, created: true });
    // Copies made at the fork's point itself are copies too.
    feed(store, ...copiesIn('F', 'f'), reply('f0', 'F', 10, 0.0625, 8));
    assert.deepEqual(record(store, 'F').own, usage(0, 0, 0, 0, 0, 0));
    store.apply({ type: 'session.upsert', info: { ...F, cost: 0.125, tokens: tokens(40, 4), time: { ...F.time, updated: at(11) } } });
    feed(store, reply('f3', 'F', 11, 0.125, 40));
    assert.deepEqual(record(store, 'F').own, usage(40, 4, 0, 0, 0, 0.125), 'the record as it is: nothing taken off');
    assert.equal(serverTotal(store).cost, 0.875);
    assert.equal(spentToday(store), 0.875);
    assert.equal(trendCost(store), 0.875);
  });

  test('session_status: the fork’s turns and cost are its own', () => {
    const store = v1Fork();
    const status = buildSessionStatus({
      sessionId: 'F',
      server: 's',
      sessions: statusSessions(store, 'F', () => undefined)!,
      compactAt: 0.9,
      budgets: null,
    })!;
    assert.equal(status.usage.session.turns, 1);
    assert.equal(status.usage.session.cost, 0.125);
    assert.equal(status.usage.total.cost, 0.125);
  });

  test('the Timeline: the copies are drawn as copies, at no cost, and took none of the tree’s time', () => {
    const store = v1Fork();
    const lane = runNow(laneSteps(record(store, 'F'), { now: at(30) }));
    assert.deepEqual(
      lane.bars.map((b) => [b.messageID, b.usage.cost, b.copied?.cost]),
      [
        ['f1', 0, 0.25],
        ['f2', 0, 0.5],
        ['f3', 0.125, undefined],
      ],
    );
    assert.equal(lane.cost, 0.125);
    const figures = buildTimeline('F', [lane])!.figures;
    assert.equal(figures.busyMs, 1_000, 'only its own step ran in this tree');
    assert.ok(figures.wallMs < HOUR);
  });
});
