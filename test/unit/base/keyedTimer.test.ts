// Per-key runs owned by one disposable: a burst per key runs once (after its first or its last call), keys do not
// disturb each other, a cancelled or disposed run never runs, and a runner may set its own key again.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, mock, test } from 'node:test';
import { KeyedTimer } from '../../../src/base/keyedTimer';

beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
afterEach(() => mock.timers.reset());

test('setIfNotSet: a burst for a key runs once, timed from its first call; other keys run on their own', () => {
  const timer = new KeyedTimer<string>();
  const ran: string[] = [];
  timer.setIfNotSet('a', () => ran.push('a1'), 100);
  mock.timers.tick(60);
  timer.setIfNotSet('a', () => ran.push('a2'), 100);
  timer.setIfNotSet('b', () => ran.push('b'), 100);
  assert.equal(timer.size, 2);
  mock.timers.tick(39);
  assert.deepEqual(ran, []);
  mock.timers.tick(1);
  assert.deepEqual(ran, ['a1'], 'the first runner, 100 ms after the first call; the second call changed nothing');
  assert.equal(timer.size, 1, 'only b waits');
  mock.timers.tick(60);
  assert.deepEqual(ran, ['a1', 'b']);
  assert.equal(timer.size, 0);
  timer.dispose();
});

test('cancelAndSet: a burst for a key runs once, with its last runner, timed from its last call', () => {
  const timer = new KeyedTimer<number>();
  const ran: string[] = [];
  timer.cancelAndSet(1, () => ran.push('first'), 100);
  mock.timers.tick(99);
  timer.cancelAndSet(1, () => ran.push('last'), 100);
  mock.timers.tick(99);
  assert.deepEqual(ran, []);
  mock.timers.tick(1);
  assert.deepEqual(ran, ['last']);
  mock.timers.tick(1_000);
  assert.deepEqual(ran, ['last'], 'the replaced runner never runs');
  timer.dispose();
});

test("cancel drops a key's run and says whether one waited", () => {
  const timer = new KeyedTimer<string>();
  const ran: string[] = [];
  timer.setIfNotSet('a', () => ran.push('a'), 10);
  timer.setIfNotSet('b', () => ran.push('b'), 10);
  assert.equal(timer.cancel('a'), true);
  assert.equal(timer.cancel('a'), false);
  assert.equal(timer.cancel('never set'), false);
  mock.timers.tick(10);
  assert.deepEqual(ran, ['b']);
  timer.dispose();
});

test('a runner may set its own key again (it is no longer set when it runs)', () => {
  const timer = new KeyedTimer<string>();
  let runs = 0;
  const run = () => {
    runs++;
    assert.equal(timer.size, 0);
    if (runs < 3) timer.setIfNotSet('a', run, 10);
  };
  timer.setIfNotSet('a', run, 10);
  mock.timers.tick(10);
  mock.timers.tick(10);
  mock.timers.tick(10);
  mock.timers.tick(10);
  assert.equal(runs, 3);
  timer.dispose();
});

test('dispose drops every waiting run, and what is set after it never runs', () => {
  const timer = new KeyedTimer<string>();
  const ran: string[] = [];
  timer.setIfNotSet('a', () => ran.push('a'), 10);
  timer.cancelAndSet('b', () => ran.push('b'), 10);
  timer.dispose();
  assert.equal(timer.size, 0);
  timer.setIfNotSet('c', () => ran.push('c'), 10);
  timer.cancelAndSet('d', () => ran.push('d'), 10);
  assert.equal(timer.size, 0);
  mock.timers.tick(1_000);
  assert.deepEqual(ran, []);
  timer.dispose();
});
