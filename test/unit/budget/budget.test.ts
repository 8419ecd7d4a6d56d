// Budget colours and the one-notification-per-crossing rule; today's spend from per-message times.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { budgetLevel, CrossingTracker, worstLevel } from '../../../src/store/budget';
import { repliesOf, spendByWindow } from '../../../src/store/budgetWindows';
import { startOfDay } from '../../../src/store/calendar';
import { SessionStore } from '../../../src/store/sessionStore';
import { assistantMessageEvent, feed, sessionEvent, sessionInfo } from '../helpers/factories';

describe('budgetLevel', () => {
  test('ok below 80 %, warning from 80 % to 100 %, error past 100 %', () => {
    assert.equal(budgetLevel(0.79, 1), 'ok');
    assert.equal(budgetLevel(0.8, 1), 'warning');
    assert.equal(budgetLevel(1, 1), 'warning');
    assert.equal(budgetLevel(1.01, 1), 'error');
  });
  test('a budget of 0 is off', () => {
    assert.equal(budgetLevel(100, 0), 'ok');
    assert.equal(budgetLevel(100, -1), 'ok');
  });
  test('worstLevel picks the most severe', () => {
    assert.equal(worstLevel('ok', 'warning'), 'warning');
    assert.equal(worstLevel('error', 'warning'), 'error');
    assert.equal(worstLevel(), 'ok');
  });
});

describe('CrossingTracker', () => {
  test('reports each upward crossing once, however many updates follow', () => {
    const t = new CrossingTracker();
    assert.equal(t.update('s', 'ok'), undefined);
    assert.equal(t.update('s', 'warning'), 'warning');
    assert.equal(t.update('s', 'warning'), undefined);
    assert.equal(t.update('s', 'error'), 'error');
    assert.equal(t.update('s', 'error'), undefined);
  });
  test('falling back re-arms it; keys are independent', () => {
    const t = new CrossingTracker();
    assert.equal(t.update('a', 'error'), 'error', 'first sight past budget still notifies');
    assert.equal(t.update('b', 'warning'), 'warning');
    assert.equal(t.update('a', 'ok'), undefined);
    assert.equal(t.update('a', 'warning'), 'warning');
  });
});

describe('the day window', () => {
  test('sums the costs of replies created since the start of the day, not whole sessions', () => {
    const store = new SessionStore();
    const day = startOfDay(new Date(2024, 4, 2, 15).getTime());
    feed(
      store,
      sessionEvent('session.created', sessionInfo({ id: 'old', cost: 0.75, created: day - 86_400_000, updated: day + 10 })),
      assistantMessageEvent({ id: 'm1', sessionID: 'old', cost: 0.5, created: day - 3_600_000 }),
      assistantMessageEvent({ id: 'm2', sessionID: 'old', cost: 0.25, created: day + 10 }),
      sessionEvent('session.created', sessionInfo({ id: 'new', cost: 0.125, created: day + 20 })),
      assistantMessageEvent({ id: 'm3', sessionID: 'new', cost: 0.125, created: day + 20 }),
    );
    assert.equal(spendByWindow(repliesOf(store.all()), day + 100).day.used, 0.375);
  });
  test('startOfDay is local midnight', () => {
    const d = new Date(startOfDay(new Date(2024, 4, 2, 15, 30).getTime()));
    assert.deepEqual([d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()], [2024, 4, 2, 0, 0]);
  });
});
