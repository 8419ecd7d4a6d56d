// The session status every surface answers with: sums of finished steps, each descendant once, budgets over
// local-time windows. Expected figures are written out by hand.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { spendByWindow, startOfWeek } from '../../../src/store/budgetWindows';
import { buildSessionStatus, statusScope, type StatusSessionInput } from '../../../src/store/sessionStatus';
import { SessionStore } from '../../../src/store/sessionStore';
import { timelineStatus } from '../../../src/store/timeline/timelineTypes';
import { treeTimeline, treeTimelineStatus } from '../../../src/store/timeline/treeTimeline';
import { ZERO_USAGE, type Usage } from '../../../src/store/usage';

const step = (input: number, output: number, cost: number, more: Partial<Usage> = {}): Usage => ({
  ...ZERO_USAGE,
  input,
  output,
  cost,
  ...more,
});
const session = (id: string, steps: Usage[], more: Partial<StatusSessionInput> = {}): StatusSessionInput => ({
  id,
  title: `title ${id}`,
  busy: false,
  steps,
  ...more,
});

// P has two turns; its child C one; C's child G one; X is unrelated.
const tree = [
  session('P', [step(100, 10, 0.1, { cacheRead: 50 }), step(200, 20, 0.2, { reasoning: 5, cacheWrite: 7 })], {
    agent: 'build',
    model: 'p/m',
    context: { tokens: 282, limit: 1000 },
  }),
  session('C', [step(30, 3, 0.03)], { parentId: 'P', busy: true }),
  session('G', [step(4, 1, 0.004)], { parentId: 'C' }),
  session('X', [step(9, 9, 9)]),
];

describe('buildSessionStatus', () => {
  test('session = its finished steps, subagents = every descendant once, total = both, lastTurn = the last step', () => {
    const s = buildSessionStatus({ sessionId: 'P', server: 'laptop', sessions: tree, compactAt: 0.9, budgets: null })!;
    assert.deepEqual(s.session, { id: 'P', parentId: null, rootId: 'P', title: 'title P', agent: 'build', model: 'p/m', server: 'laptop' });
    assert.deepEqual(s.usage.session, {
      turns: 2,
      input: 300,
      output: 30,
      reasoning: 5,
      cacheRead: 50,
      cacheWrite: 7,
      totalTokens: 392,
      cost: 0.30000000000000004,
      listCost: 0,
    });
    assert.deepEqual(s.usage.subagents, {
      turns: 2,
      input: 34,
      output: 4,
      reasoning: 0,
      cacheRead: 0,
      cacheWrite: 0,
      totalTokens: 38,
      cost: 0.034,
      listCost: 0,
      sessions: 2,
    });
    assert.equal(s.usage.total.turns, 4);
    assert.equal(s.usage.total.totalTokens, 430);
    assert.equal(s.usage.total.cost, 0.30000000000000004 + 0.034);
    assert.deepEqual(s.usage.lastTurn, {
      turns: 1,
      input: 200,
      output: 20,
      reasoning: 5,
      cacheRead: 0,
      cacheWrite: 7,
      totalTokens: 232,
      cost: 0.2,
      listCost: 0,
    });
    assert.deepEqual(s.context, { used: 282, limit: 1000, percent: 28.2, compactAt: 90 });
    assert.equal(s.inFlight, false);
    assert.equal(s.budgets, null);
  });

  test('from inside a sub-agent: its own figures, parent and root named; scope root answers for the whole tree', () => {
    const child = buildSessionStatus({ sessionId: 'C', server: 's', sessions: tree, compactAt: 0.9, budgets: null })!;
    assert.deepEqual([child.session.id, child.session.parentId, child.session.rootId, child.inFlight], ['C', 'P', 'P', true]);
    assert.deepEqual(
      [child.usage.session.turns, child.usage.subagents.turns, child.usage.subagents.sessions, child.usage.total.cost],
      [1, 1, 1, 0.034],
    );
    assert.deepEqual(child.context, { used: 0, limit: null, percent: null, compactAt: 90 });
    const root = buildSessionStatus({ sessionId: 'G', server: 's', sessions: tree, scope: 'root', compactAt: 0.9, budgets: null })!;
    assert.deepEqual([root.scope, root.session.id, root.usage.total.turns, root.usage.subagents.sessions], ['root', 'P', 4, 2]);
  });

  test("timeline: the answered session's tree, as the caller reads it; null where none is read", () => {
    const asked: string[] = [];
    const timelineOf = (id: string) => {
      asked.push(id);
      return { wallMs: 9, busyMs: 5, waitingMs: 3, idleMs: 1, criticalPath: [{ id, title: `title ${id}`, ms: 5 }] };
    };
    const own = buildSessionStatus({ sessionId: 'C', server: 's', sessions: tree, compactAt: 0.9, budgets: null, timelineOf })!;
    const root = buildSessionStatus({
      sessionId: 'C',
      server: 's',
      sessions: tree,
      scope: 'root',
      compactAt: 0.9,
      budgets: null,
      timelineOf,
    })!;
    assert.deepEqual(asked, ['C', 'P']);
    assert.deepEqual(own.timeline, { wallMs: 9, busyMs: 5, waitingMs: 3, idleMs: 1, criticalPath: [{ id: 'C', title: 'title C', ms: 5 }] });
    assert.equal(root.timeline?.criticalPath[0].id, 'P');
    assert.equal(buildSessionStatus({ sessionId: 'C', server: 's', sessions: tree, compactAt: 0.9, budgets: null })!.timeline, null);
  });

  test('an unknown session is undefined; a parent loop is walked once and counted once', () => {
    assert.equal(buildSessionStatus({ sessionId: 'nope', server: 's', sessions: tree, compactAt: 0.9, budgets: null }), undefined);
    const loop = [session('A', [step(1, 0, 1)], { parentId: 'B' }), session('B', [step(1, 0, 2)], { parentId: 'A' })];
    const s = buildSessionStatus({ sessionId: 'A', server: 's', sessions: loop, compactAt: 0.9, budgets: null })!;
    assert.equal(s.usage.total.cost, 3);
    assert.equal(s.usage.subagents.sessions, 1);
  });

  test('budgets: each window against its limit, off when 0; the session budget covers the whole task tree', () => {
    const now = new Date(2026, 10, 18, 12, 0).getTime(); // a Wednesday
    const windows = spendByWindow(
      [
        { created: now - 10 * 60_000, cost: 0.5 },
        { created: now - 3 * 3_600_000, cost: 1 },
      ],
      now,
    );
    const s = buildSessionStatus({
      sessionId: 'C',
      server: 's',
      sessions: tree,
      compactAt: 0.9,
      budgets: { limits: { session: 0.25, hour: 1, day: 0, week: 10 }, windows },
    })!;
    assert.deepEqual(s.budgets!.session, { used: 0.1 + 0.2 + 0.03 + 0.004, limit: 0.25, percent: 133.6, remaining: 0, resetsAt: null });
    assert.deepEqual(s.budgets!.hour, {
      used: 0.5,
      limit: 1,
      percent: 50,
      remaining: 0.5,
      resetsAt: new Date(now + 50 * 60_000).toISOString(),
    });
    assert.equal(s.budgets!.day, null);
    assert.deepEqual(s.budgets!.week, {
      used: 1.5,
      limit: 10,
      percent: 15,
      remaining: 8.5,
      resetsAt: new Date(2026, 10, 23).toISOString(),
    });
  });

  test('figures last known are marked stale with when they were live; live ones carry neither key', () => {
    const base = { sessionId: 'P', server: 's', sessions: tree, compactAt: 0.9, budgets: null };
    const live = buildSessionStatus(base)!;
    assert.ok(!('stale' in live) && !('liveAt' in live), JSON.stringify(Object.keys(live)));
    const at = Date.UTC(2026, 10, 18, 9, 30);
    const stale = buildSessionStatus({ ...base, stale: { liveAt: at } })!;
    assert.deepEqual([stale.stale, stale.liveAt], [true, '2026-11-18T09:30:00.000Z']);
    assert.deepEqual(stale.usage, live.usage, 'the same figures');
    const never = buildSessionStatus({ ...base, scope: 'root', stale: { liveAt: undefined } })!;
    assert.deepEqual([never.stale, never.liveAt, never.scope], [true, null, 'root']);
  });

  test('a scope as callers give it: missing is session; only session and root are taken', () => {
    assert.deepEqual([undefined, null, 'session', 'root'].map(statusScope), ['session', 'session', 'session', 'root']);
    assert.deepEqual(['', 'tree', 'ROOT', 1, {}].map(statusScope), [undefined, undefined, undefined, undefined, undefined]);
  });
});

describe('spendByWindow', () => {
  test('the hour rolls; the day starts at local midnight; the week on Monday 00:00', () => {
    const now = new Date(2026, 10, 23, 0, 30).getTime(); // Monday 00:30
    const w = spendByWindow(
      [
        { created: now - 20 * 60_000, cost: 1 }, // Monday 00:10: hour, day, week
        { created: now - 40 * 60_000, cost: 2 }, // Sunday 23:50: hour only
        { created: now - 2 * 86_400_000, cost: 4 }, // Saturday: none
        { created: now + 60_000, cost: 8 }, // the future: none
      ],
      now,
    );
    assert.deepEqual([w.hour.used, w.day.used, w.week.used], [3, 1, 1]);
    assert.equal(w.hour.resetsAt, now - 40 * 60_000 + 3_600_000);
    assert.equal(w.day.resetsAt, new Date(2026, 10, 24).getTime());
    assert.equal(w.week.resetsAt, new Date(2026, 10, 30).getTime());
  });

  test('an empty hour resets an hour from now', () => {
    const now = Date.UTC(2026, 0, 1);
    assert.equal(spendByWindow([], now).hour.resetsAt, now + 3_600_000);
  });

  test('startOfWeek is Monday 00:00 local, also on a Sunday and on Monday itself', () => {
    const monday = new Date(2026, 10, 16).getTime();
    for (const day of [16, 18, 22]) assert.equal(startOfWeek(new Date(2026, 10, day, 15, 45).getTime()), monday, `Nov ${day}`);
    assert.equal(startOfWeek(new Date(2026, 10, 23, 0, 0).getTime()), new Date(2026, 10, 23).getTime());
  });
});

describe("session_status's timeline, built in slices", () => {
  test('a tree of 50 000 messages gives the event loop turns while it is built, and the same figures as built at once', async () => {
    const T = 1_700_000_000_000;
    const store = new SessionStore(() => T);
    store.apply({ type: 'session.upsert', info: { id: 'R', title: 'R', directory: '/w', time: { created: T, updated: T } } });
    store.apply({
      type: 'session.upsert',
      info: { id: 'C', title: 'C', parentID: 'R', directory: '/w', time: { created: T, updated: T } },
    });
    for (let i = 0; i < 50_000; i++) {
      const created = T + i * 10;
      store.apply({
        type: 'message.assistant',
        info: { id: `m${i}`, sessionID: i % 2 ? 'C' : 'R', role: 'assistant', cost: 0.001, time: { created, completed: created + 5 } },
      });
    }
    let turns = 0;
    let done = false;
    // Counts the turns the loop gets while the timeline is built (a turn a setImmediate away).
    const count = () => setImmediate(() => !done && (turns++, count()));
    count();
    const status = await treeTimelineStatus(store, 'R', T + 1e6);
    done = true;
    assert.ok(turns > 0, 'the loop had turns while it was built');
    assert.deepEqual(status, timelineStatus(treeTimeline(store, 'R', { now: T + 1e6 })!.figures));
  });
});
