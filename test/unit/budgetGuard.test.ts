// Which busy sessions a budget stops: every busy session for a window budget, one task tree for a session
// budget; nothing twice in one run; a crossing announced once.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BudgetGuard, type GuardInput } from '../../src/store/budgetGuard';

const off = { session: 0, hour: 0, day: 0, week: 0 };
const input = (over: Partial<GuardInput> = {}): GuardInput => ({
  limits: off,
  windows: { hour: 0, day: 0, week: 0 },
  treeCost: new Map(),
  sessions: [
    { key: 'a', rootKey: 'a', busy: true },
    { key: 'a1', rootKey: 'a', busy: true },
    { key: 'b', rootKey: 'b', busy: true },
    { key: 'c', rootKey: 'c', busy: false },
  ],
  ...over,
});

describe('BudgetGuard', () => {
  test('under every budget, or with budgets off, nothing is stopped', () => {
    const guard = new BudgetGuard();
    assert.deepEqual(guard.decide(input({ windows: { hour: 5, day: 5, week: 5 } })), { crossed: [], abort: [] });
    assert.deepEqual(guard.decide(input({ limits: { ...off, hour: 10 }, windows: { hour: 10, day: 0, week: 0 } })), { crossed: [], abort: [] });
  });

  test('a window over its budget stops every busy session, once, and is announced once', () => {
    const guard = new BudgetGuard();
    const over = input({ limits: { ...off, hour: 1 }, windows: { hour: 1.25, day: 1.25, week: 1.25 } });
    assert.deepEqual(guard.decide(over), { crossed: [{ budget: 'hour', used: 1.25, limit: 1 }], abort: ['a', 'a1', 'b'] });
    assert.deepEqual(guard.decide(over), { crossed: [], abort: [] }, 'still busy while the abort lands: not again');
  });

  test('a session that starts after the crossing is stopped when it runs; one that went idle and runs again too', () => {
    const guard = new BudgetGuard();
    const limits = { ...off, week: 2 };
    const windows = { hour: 3, day: 3, week: 3 };
    guard.decide(input({ limits, windows }));
    const later = guard.decide(input({ limits, windows, sessions: [{ key: 'a', rootKey: 'a', busy: false }, { key: 'c', rootKey: 'c', busy: true }] }));
    assert.deepEqual(later, { crossed: [], abort: ['c'] });
    assert.deepEqual(guard.decide(input({ limits, windows, sessions: [{ key: 'a', rootKey: 'a', busy: true }] })).abort, ['a']);
  });

  test('a session budget stops only the busy sessions of its task tree', () => {
    const guard = new BudgetGuard();
    const decision = guard.decide(input({ limits: { ...off, session: 0.5 }, treeCost: new Map([['a', 0.75], ['b', 0.25]]) }));
    assert.deepEqual(decision, { crossed: [{ budget: 'session', used: 0.75, limit: 0.5, rootKey: 'a' }], abort: ['a', 'a1'] });
  });

  test('a crossing that ended (a raised budget) is announced again when crossed again', () => {
    const guard = new BudgetGuard();
    const windows = { hour: 0, day: 4, week: 4 };
    assert.equal(guard.decide(input({ limits: { ...off, day: 3 }, windows })).crossed.length, 1);
    assert.equal(guard.decide(input({ limits: { ...off, day: 5 }, windows })).crossed.length, 0);
    assert.deepEqual(guard.decide(input({ limits: { ...off, day: 3 }, windows })).crossed, [{ budget: 'day', used: 4, limit: 3 }]);
  });
});
