// A time range chosen on the Timeline narrows the Steps chart and the Table to the steps that started in it,
// whether or not the rows' times are in step order (a server's clock can go back between two messages).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StepRow, UsageSummary } from '../../../src/features/usage/protocol';
import { UsageState } from '../../../webview/usageState';

const summary = {} as UsageSummary;

function row(n: number, time: number): StepRow {
  return {
    n,
    time,
    messageID: `m${n}`,
    model: 'm',
    source: 'step',
    input: 0,
    output: 0,
    reasoning: 0,
    cacheRead: 0,
    cacheWrite: 0,
    cost: 0.01,
  };
}

/** The step numbers the range shows, in order. */
function shownSteps(state: UsageState): number[] {
  return Array.from({ length: state.shown.count }, (_, i) => state.shownRow(i).n);
}

test('rows in time order: the range is the run of steps that started in it, its ends included', () => {
  const state = new UsageState();
  state.apply(
    summary,
    0,
    [10, 20, 30, 40, 50].map((t, i) => row(i + 1, t)),
  );
  state.setRange({ start: 20, end: 40 });
  assert.deepEqual(shownSteps(state), [2, 3, 4]);
  state.setRange({ start: 20.5, end: 39.5 });
  assert.deepEqual(shownSteps(state), [3]);
  state.setRange({ start: 41, end: 49 });
  assert.deepEqual(shownSteps(state), []);
  state.setRange(undefined);
  assert.deepEqual(shownSteps(state), [1, 2, 3, 4, 5]);
});

test('rows out of time order: every step that started in the range, and only those, in step order', () => {
  const state = new UsageState();
  state.apply(
    summary,
    0,
    [10, 50, 20, 40, 30, 60].map((t, i) => row(i + 1, t)),
  );
  state.setRange({ start: 20, end: 40 });
  assert.deepEqual(shownSteps(state), [3, 4, 5]);
  state.setRange({ start: 45, end: 100 });
  assert.deepEqual(shownSteps(state), [2, 6]);
});

test('a live step that goes back in time, then a report that puts the rows in order again', () => {
  const state = new UsageState();
  state.apply(
    summary,
    0,
    [10, 20, 30].map((t, i) => row(i + 1, t)),
  );
  state.setRange({ start: 5, end: 15 });
  assert.deepEqual(shownSteps(state), [1]);
  // Step 4 came at time 12, before step 2: the range holds steps 1 and 4.
  state.apply(summary, 3, [row(4, 12)]);
  assert.deepEqual(shownSteps(state), [1, 4]);
  // Step 4 replaced with a time after the others: in order again.
  state.apply(summary, 3, [row(4, 40)]);
  assert.deepEqual(shownSteps(state), [1]);
  state.setRange({ start: 25, end: 45 });
  assert.deepEqual(shownSteps(state), [3, 4]);
});

test('a row without a time is in no range', () => {
  const state = new UsageState();
  state.apply(summary, 0, [row(1, 10), row(2, Number.NaN), row(3, 30)]);
  state.setRange({ start: 0, end: 100 });
  assert.deepEqual(shownSteps(state), [1, 3]);
});
