// The burn-rate formula on recorded reply times: the rate between the first and last costed reply of the last
// 15 minutes, the time a budget is reached at that pace, and the quiet, stopped, after-reset and over states.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { spendByWindow } from '../../../src/store/budgetWindows';
import { forecastBudget, paceOf, PACE_WINDOW_MS } from '../../../src/store/forecast';
import { buildSessionStatus } from '../../../src/store/sessionStatus';
import { ZERO_USAGE } from '../../../src/store/usage';

const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);
const MIN = 60_000;
/** Replies as a server recorded them: $0.10 about every 30 s, with the jitter real steps have. */
const RECORDED = [0, 29_812, 60_317, 90_004, 119_655, 150_210].map((ms) => ({ created: T0 + ms, cost: 0.1 }));

describe('paceOf', () => {
  test('n replies make n − 1 intervals: 5 × $0.10 over 150.21 s', () => {
    const pace = paceOf(RECORDED, T0 + 151_000)!;
    assert.equal(pace.replies, 6);
    assert.equal(pace.from, T0);
    assert.equal(pace.last, T0 + 150_210);
    assert.ok(Math.abs(pace.ratePerHour - (0.5 / 150_210) * 3_600_000) < 1e-9);
    assert.equal(pace.stoppedAt, undefined);
  });

  test('replies older than the window, free replies and future ones do not count', () => {
    const old = { created: T0 - PACE_WINDOW_MS - 1, cost: 5 };
    const free = { created: T0 + 10_000, cost: 0 };
    const future = { created: T0 + 10 * MIN, cost: 5 };
    const now = T0 + 151_000;
    assert.deepEqual(paceOf([old, free, future, ...RECORDED], now), paceOf(RECORDED, now));
  });

  test('fewer than two costed replies: no pace', () => {
    assert.equal(paceOf([], T0), undefined);
    assert.equal(paceOf(RECORDED.slice(0, 1), T0 + 1000), undefined);
  });

  test('a burst counts as at least 10 s long', () => {
    const pace = paceOf([RECORDED[0], { created: T0 + 1, cost: 0.1 }], T0 + 2)!;
    assert.ok(Math.abs(pace.ratePerHour - 0.1 * 360) < 1e-9);
  });

  test('stopped after three typical intervals without a reply, never sooner than a minute', () => {
    const last = T0 + 150_210;
    assert.equal(paceOf(RECORDED, last + 60_000)!.stoppedAt, undefined);
    assert.equal(paceOf(RECORDED, last + 90_127)!.stoppedAt, last);
    const fast = [0, 2000, 4000].map((ms) => ({ created: T0 + ms, cost: 0.1 }));
    assert.equal(paceOf(fast, T0 + 4000 + 59_000)!.stoppedAt, undefined);
    assert.equal(paceOf(fast, T0 + 4000 + 61_000)!.stoppedAt, T0 + 4000);
  });
});

describe('forecastBudget', () => {
  const pace = paceOf(RECORDED, T0 + 151_000)!;
  const nextDay = T0 + 24 * 60 * MIN;

  test('a $1 day budget with $0.60 spent at $0.10 per ~30 s: reached 4 intervals after the last reply', () => {
    const f = forecastBudget(pace, { used: 0.6, limit: 1, resetsAt: nextDay })!;
    assert.equal(f.state, 'reached');
    // $0.40 left at $0.50 per 150.21 s = 120.168 s after the last reply.
    assert.equal(f.reachedAt, T0 + 150_210 + 120_168);
    assert.equal(f.ratePerHour, pace.ratePerHour);
  });

  test('the same answer whenever it is asked while the pace holds', () => {
    const a = forecastBudget(pace, { used: 0.6, limit: 1, resetsAt: nextDay });
    const b = forecastBudget(paceOf(RECORDED, T0 + 200_000), { used: 0.6, limit: 1, resetsAt: nextDay });
    assert.deepEqual(a, b);
  });

  test('a forecast behind the clock stays anchored at the last reply, the same for every reader', () => {
    const a = forecastBudget(pace, { used: 0.99, limit: 1, resetsAt: nextDay })!;
    const b = forecastBudget(pace, { used: 0.99, limit: 1, resetsAt: nextDay })!;
    assert.equal(a.state, 'reached');
    assert.ok(a.reachedAt! < T0 + 200_000, 'behind the clock');
    assert.deepEqual(a, b);
  });

  test('not before the window resets', () => {
    const f = forecastBudget(pace, { used: 0.6, limit: 1, resetsAt: T0 + 200_000 })!;
    assert.deepEqual(f, { state: 'afterReset', ratePerHour: pace.ratePerHour, reachedAt: null });
  });

  test('a session budget never resets', () => {
    const f = forecastBudget(pace, { used: 0.6, limit: 1000, resetsAt: null })!;
    assert.equal(f.state, 'reached');
  });

  test('quiet, stopped, over, off', () => {
    assert.deepEqual(forecastBudget(undefined, { used: 0.2, limit: 1, resetsAt: nextDay }), {
      state: 'quiet',
      ratePerHour: 0,
      reachedAt: null,
    });
    const stopped = paceOf(RECORDED, T0 + 150_210 + 5 * MIN);
    assert.deepEqual(forecastBudget(stopped, { used: 0.6, limit: 1, resetsAt: nextDay }), {
      state: 'stopped',
      ratePerHour: 0,
      reachedAt: null,
    });
    assert.equal(forecastBudget(pace, { used: 1.2, limit: 1, resetsAt: nextDay })!.state, 'over');
    assert.equal(forecastBudget(pace, { used: 0.6, limit: 0, resetsAt: nextDay }), null);
  });
});

describe('session_status: per server and across servers', () => {
  // Local noon on a Wednesday: the day and the week reset long after. The session's server A spends $0.10 every
  // 30 s; another server B $0.20 every 30 s in between. The day holds $0.50 + $0.80 = $1.30 of $2.
  const last = new Date(2026, 10, 25, 12, 0).getTime();
  const now = last + 1000;
  const a = [120, 90, 60, 30, 0].map((s) => ({ created: last - s * 1000, cost: 0.1 }));
  const b = [105, 75, 45, 15].map((s) => ({ created: last - s * 1000, cost: 0.2 }));
  const status = (serverSpends = true, budgets = true) =>
    buildSessionStatus({
      sessionId: 'S',
      server: 'A',
      sessions: [{ id: 'S', title: 't', busy: false, steps: [{ ...ZERO_USAGE, cost: 0.5 }], spend: a }],
      compactAt: 0.9,
      budgets: budgets
        ? {
            limits: { session: 0, hour: 0, day: 2, week: 10 },
            windows: spendByWindow([...a, ...b], now),
            pace: paceOf([...a, ...b], now),
            serverPace: serverSpends ? paceOf(a, now) : undefined,
          }
        : null,
      now,
    })!;
  const near = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: ${actual}`);

  test('across servers: $1.20 after the first reply over 120 s, $36/h, the $0.70 left in 70 s', () => {
    const day = status().forecast!.day!;
    assert.equal(day.state, 'reached');
    near(day.ratePerHour, 36, 'rate');
    near(Date.parse(day.reachedAt!), last + 70_000, 'reachedAt');
  });

  test("the session's server alone: $0.40 over 120 s, $12/h, the same $0.70 left in 210 s", () => {
    const s = status();
    assert.deepEqual(Object.keys(s.serverForecast!), ['hour', 'day', 'week']);
    assert.equal(s.serverForecast!.hour, null, 'a budget that is off');
    const day = s.serverForecast!.day!;
    assert.equal(day.state, 'reached');
    near(day.ratePerHour, 12, 'rate');
    near(Date.parse(day.reachedAt!), last + 210_000, 'reachedAt');
    assert.equal(day.paceMinutes, 15);
    near(Date.parse(s.serverForecast!.week!.reachedAt!), last + (8.7 / 12) * 3_600_000, 'the week');
  });

  test('a server that does not spend is quiet while the others spend; no budgets, no per-server forecast', () => {
    const quiet = status(false);
    assert.deepEqual(quiet.serverForecast!.day, { state: 'quiet', ratePerHour: 0, reachedAt: null, paceMinutes: 15 });
    assert.equal(quiet.forecast!.day!.state, 'reached');
    assert.equal(status(true, false).serverForecast, null);
  });
});
