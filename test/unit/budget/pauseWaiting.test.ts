// Issue 77: a session that waits on the user (a permission, a question) when a budget pauses it spends nothing while
// it waits. It is paused as it is, not stopped (no stop is sent, its request stays): waiting is not a run; the
// user's answer lets it go on as Resume Without Raising would; another client's answer while the budget holds is a
// prompt the pause holds; a request that goes with its run leaves nothing to resume; Raise lets it go, nothing sent.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PauseBook } from '../../../src/store/pauseBook';

const hour = { budget: 'hour' as const, limit: 0.5, spent: 0.6 };
const waiting = { serverId: 's1', sessionId: 'tests', rootId: 'tests', waiting: true };
const running = { serverId: 's1', sessionId: 'flaky', rootId: 'flaky' };

/** The hourly budget paused a session waiting for permission and one running. */
function paused(): PauseBook {
  const book = new PauseBook();
  const { begun } = book.begin([waiting, running], hour, 1_000);
  assert.deepEqual(
    begun.map((p) => [p.sessionId, p.phase, p.waiting]),
    [
      ['tests', 'paused', true],
      ['flaky', 'pausing', undefined],
    ],
    'the waiting one is paused as it is (no stop to wait for); the running one is stopped',
  );
  book.observe('s1', 'flaky', 'idle');
  return book;
}

describe('a budget pause of a session waiting on the user', () => {
  test('waiting is not a run: the pause holds it as it is, across a restart, and Raise lifts it', () => {
    const book = paused();
    assert.equal(book.observe('s1', 'tests', 'waiting', 2_000, false, true), undefined);
    assert.equal(book.observe('s1', 'tests', 'waiting', 2_000, true, true), undefined, 'nor when its server comes back');
    const pause = book.get('s1', 'tests');
    assert.equal(pause?.prompted, undefined, 'no prompt counted, so none is stopped');
    assert.equal(pause?.ranOut, undefined);
    const again = PauseBook.restore(JSON.parse(JSON.stringify(book.toJSON())));
    assert.equal(again.get('s1', 'tests')?.waiting, true);
    assert.deepEqual(
      again.lifted('hour', 5, () => undefined).map((p) => p.sessionId),
      ['tests', 'flaky'],
    );
  });

  test('answered (here or by another client) while the budget holds: a prompt the pause holds (stopped), then resumed as any other', () => {
    const book = paused();
    assert.equal(book.observe('s1', 'tests', 'busy', 3_000, false, true), undefined);
    const pause = book.get('s1', 'tests');
    assert.equal(pause?.phase, 'paused');
    assert.equal(pause?.prompted, 1, 'counted: HeldPrompts stops it');
    assert.equal(pause?.waiting, undefined, 'no longer waiting: a resume continues it');
    assert.equal(pause?.ranOut, undefined);
  });

  test('answered elsewhere once the budget no longer holds: the pause ends', () => {
    const book = paused();
    assert.equal(book.observe('s1', 'tests', 'busy', 3_000, false, false)?.reason, 'prompted');
  });

  test('its request gone with its run (rejected elsewhere): still paused, nothing left to resume', () => {
    const book = paused();
    assert.equal(book.observe('s1', 'tests', 'idle', 3_000, false, true), undefined);
    const pause = book.get('s1', 'tests');
    assert.equal(pause?.phase, 'paused');
    assert.equal(pause?.waiting, undefined);
    assert.equal(pause?.ranOut, true);
  });

  test('a lost stop whose run now waits on the user is held there, no stop sent again', () => {
    const book = new PauseBook();
    book.begin([running], hour, 1_000);
    const { begun } = book.begin([{ ...running, waiting: true }], hour, 2_000);
    assert.deepEqual(
      begun.map((p) => [p.phase, p.waiting]),
      [['paused', true]],
    );
  });
});
