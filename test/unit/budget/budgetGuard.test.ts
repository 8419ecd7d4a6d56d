// What budgets do, as data: quiet until something spends (an idle tree over its session budget: nothing; the
// same tree running: stopped, or warned about, once per run), every busy session for a window and one task
// tree for a session budget, nothing twice in one run, a window crossing announced once, and a failed abort
// tried again when its tree next spends.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BudgetGuard, type GuardInput } from '../../../src/store/budgetGuard';

const off = { session: 0, hour: 0, day: 0, week: 0 };
const input = (over: Partial<GuardInput> = {}): GuardInput => ({
  mode: 'abort',
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
const nothing = { crossed: [], trees: [], abort: [], causes: new Map() };
const session = (used: number, limit: number) => ({ budget: 'session', used, limit });
const idle = (...keys: string[]) => keys.map((key) => ({ key, rootKey: key.slice(0, 1), busy: false }));

describe('BudgetGuard', () => {
  test('under every budget, or with budgets off, nothing is stopped', () => {
    const guard = new BudgetGuard();
    assert.deepEqual(guard.decide(input({ windows: { hour: 5, day: 5, week: 5 } })), nothing);
    assert.deepEqual(guard.decide(input({ limits: { ...off, hour: 10 }, windows: { hour: 10, day: 0, week: 0 } })), nothing);
  });

  test('idle tree over budget: nothing (startup on a history of old sessions over the budget)', () => {
    const guard = new BudgetGuard();
    const history = input({
      limits: { ...off, session: 1 },
      treeCost: new Map([
        ['a', 2.12],
        ['b', 2.43],
        ['c', 2.75],
      ]),
      sessions: idle('a', 'a1', 'b', 'c'),
    });
    assert.deepEqual(guard.decide(history), nothing);
    assert.deepEqual(guard.decide(history), nothing, 'nor on any later check');
    assert.deepEqual(guard.decide({ ...history, mode: 'warn' }), nothing, 'warn mode alike');
  });

  test('same tree becomes busy: abort its busy sessions, announced once for the run', () => {
    const guard = new BudgetGuard();
    const limits = { ...off, session: 1 };
    const treeCost = new Map([
      ['a', 2.12],
      ['b', 0.5],
      ['c', 2.75],
    ]);
    guard.decide(input({ limits, treeCost, sessions: idle('a', 'a1', 'b', 'c') }));
    const running = input({
      limits,
      treeCost,
      sessions: [
        { key: 'a', rootKey: 'a', busy: false },
        { key: 'a1', rootKey: 'a', busy: true },
        { key: 'b', rootKey: 'b', busy: true },
        { key: 'c', rootKey: 'c', busy: false },
      ],
    });
    assert.deepEqual(
      guard.decide(running),
      {
        crossed: [],
        trees: [{ rootKey: 'a', used: 2.12, limit: 1, abort: ['a1'] }],
        abort: ['a1'],
        causes: new Map([['a1', session(2.12, 1)]]),
      },
      'the sub-agent of the over tree, not b',
    );
    assert.deepEqual(guard.decide(running), nothing, 'still busy while the abort lands: not again');
    guard.decide(input({ limits, treeCost, sessions: idle('a', 'a1', 'b', 'c') }));
    assert.deepEqual(guard.decide(running).abort, ['a1'], 'it ran again: stopped again');
  });

  test('warn mode: the tree that runs over its budget is announced once per run, nothing is aborted', () => {
    const guard = new BudgetGuard();
    const over = input({ mode: 'warn', limits: { ...off, session: 1 }, treeCost: new Map([['a', 1.5]]) });
    assert.deepEqual(guard.decide(over), { ...nothing, trees: [{ rootKey: 'a', used: 1.5, limit: 1, abort: [] }] });
    assert.deepEqual(guard.decide(over), nothing);
  });

  test('a running tree that crosses its budget is stopped at the crossing', () => {
    const guard = new BudgetGuard();
    const limits = { ...off, session: 1 };
    assert.deepEqual(guard.decide(input({ limits, treeCost: new Map([['a', 0.9]]) })), nothing);
    assert.deepEqual(guard.decide(input({ limits, treeCost: new Map([['a', 1.1]]) })).abort, ['a', 'a1']);
  });

  test('window crossing once: every busy session stopped once, the crossing announced once', () => {
    const guard = new BudgetGuard();
    const over = input({ limits: { ...off, hour: 1 }, windows: { hour: 1.25, day: 1.25, week: 1.25 } });
    const hour = { budget: 'hour', used: 1.25, limit: 1 };
    assert.deepEqual(guard.decide(over), {
      crossed: [hour],
      trees: [],
      abort: ['a', 'a1', 'b'],
      causes: new Map([
        ['a', hour],
        ['a1', hour],
        ['b', hour],
      ]),
    });
    assert.deepEqual(guard.decide(over), nothing, 'still busy while the abort lands: not again');
    assert.deepEqual(guard.decide({ ...over, sessions: idle('a', 'a1', 'b', 'c') }), nothing, 'all idle, still over: not announced again');
  });

  test('windows crossed together are one decision; while their figures load they are not judged', () => {
    const guard = new BudgetGuard();
    const limits = { ...off, hour: 1, day: 2 };
    const loading = input({ limits, windows: { hour: 1.5, day: 0, week: 0 }, windowsLoading: true, sessions: idle('a') });
    assert.deepEqual(guard.decide(loading), nothing);
    const loaded = input({ limits, windows: { hour: 1.5, day: 3, week: 3 }, sessions: idle('a') });
    assert.deepEqual(guard.decide(loaded).crossed, [
      { budget: 'hour', used: 1.5, limit: 1 },
      { budget: 'day', used: 3, limit: 2 },
    ]);
    assert.deepEqual(guard.decide({ ...loaded, windowsLoading: true }), nothing, 'loading again later keeps what was announced');
    assert.deepEqual(guard.decide(loaded), nothing);
  });

  test('a session that starts after a window crossing is stopped when it runs; one that went idle and runs again too', () => {
    const guard = new BudgetGuard();
    const limits = { ...off, week: 2 };
    const windows = { hour: 3, day: 3, week: 3 };
    guard.decide(input({ limits, windows }));
    const later = guard.decide(
      input({
        limits,
        windows,
        sessions: [
          { key: 'a', rootKey: 'a', busy: false },
          { key: 'c', rootKey: 'c', busy: true },
        ],
      }),
    );
    assert.deepEqual(later.abort, ['c']);
    assert.deepEqual(guard.decide(input({ limits, windows, sessions: [{ key: 'a', rootKey: 'a', busy: true }] })).abort, ['a']);
  });

  test('warn mode: a window crossing is announced, nothing aborted', () => {
    const guard = new BudgetGuard();
    assert.deepEqual(guard.decide(input({ mode: 'warn', limits: { ...off, day: 1 }, windows: { hour: 0, day: 2, week: 2 } })), {
      crossed: [{ budget: 'day', used: 2, limit: 1 }],
      trees: [],
      abort: [],
      causes: new Map(),
    });
  });

  test('a crossing that ended (a raised budget) is announced again when crossed again', () => {
    const guard = new BudgetGuard();
    const windows = { hour: 0, day: 4, week: 4 };
    assert.equal(guard.decide(input({ limits: { ...off, day: 3 }, windows })).crossed.length, 1);
    assert.equal(guard.decide(input({ limits: { ...off, day: 5 }, windows })).crossed.length, 0);
    assert.deepEqual(guard.decide(input({ limits: { ...off, day: 3 }, windows })).crossed, [{ budget: 'day', used: 4, limit: 3 }]);
  });

  test('a window announced, then its budget set anew with nothing spent between: announced again', () => {
    const guard = new BudgetGuard();
    const windows = { hour: 4, day: 4, week: 4 };
    assert.equal(guard.decide(input({ limits: { ...off, hour: 3 }, windows })).crossed.length, 1);
    assert.deepEqual(guard.decide(input({ limits: { ...off, hour: 0.0001 }, windows })).crossed, [
      { budget: 'hour', used: 4, limit: 0.0001 },
    ]);
    assert.equal(guard.decide(input({ limits: { ...off, hour: 0.0001 }, windows })).crossed.length, 0, 'once per limit');
    assert.equal(guard.decide(input({ mode: 'warn', limits: { ...off, hour: 0.0001 }, windows })).crossed.length, 1, 'and per mode');
    guard.budgetsOff();
    assert.equal(
      guard.decide(input({ mode: 'warn', limits: { ...off, hour: 0.0001 }, windows })).crossed.length,
      1,
      'the same again after all were off',
    );
  });

  test('a failed abort stays over budget: tried again when its tree next spends, not on every check', () => {
    const guard = new BudgetGuard();
    const limits = { ...off, session: 1 };
    const at = (cost: number) => input({ limits, treeCost: new Map([['a', cost]]), sessions: [{ key: 'a', rootKey: 'a', busy: true }] });
    assert.deepEqual(guard.decide(at(1.5)).abort, ['a']);
    guard.abortFailed('a');
    assert.deepEqual(guard.decide(at(1.5)), nothing, 'still busy, nothing spent since: not again yet');
    assert.deepEqual(
      guard.decide(at(1.6)),
      { ...nothing, abort: ['a'], causes: new Map([['a', session(1.6, 1)]]) },
      'it spent: tried again (its run was announced already)',
    );
  });

  test('pause mode stops what abort mode stops, says which budget for each, and never a tree the user let run on', () => {
    const guard = new BudgetGuard();
    const limits = { ...off, session: 1, day: 5 };
    const treeCost = new Map([
      ['a', 1.2],
      ['b', 0.5],
    ]);
    const decision = guard.decide(input({ mode: 'pause', limits, treeCost }));
    assert.deepEqual(decision.abort, ['a', 'a1']);
    assert.deepEqual(decision.causes.get('a1'), session(1.2, 1), 'the tree over its session budget');
    const windowOver = new BudgetGuard().decide(input({ mode: 'pause', limits, treeCost, windows: { hour: 0, day: 6, week: 6 } }));
    assert.deepEqual(windowOver.abort, ['a', 'a1', 'b']);
    assert.deepEqual(windowOver.causes.get('b'), { budget: 'day', used: 6, limit: 5 }, 'b is under its session budget: the day stops it');
    assert.deepEqual(windowOver.causes.get('a'), session(1.2, 1), 'its session budget first');
    const exempt = new BudgetGuard().decide(input({ mode: 'pause', limits, treeCost, exempt: new Set(['a']) }));
    assert.deepEqual(exempt.abort, [], 'resumed without raising: runs on');
  });
});
