// The reconnect schedule on an injected clock and random source: the backoff grows with failures in a row,
// starts over once a connection lived (online, or up 10 s), and is jittered between half and all of it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_CONNECTION_OPTIONS } from '../../../src/client/connection/connectionState';
import { HEALTHY_MS, ReconnectSchedule } from '../../../src/client/connection/reconnectSchedule';

function schedule(random = 1 - Number.EPSILON) {
  const clock = { t: 0, r: random, now: () => clock.t, random: () => clock.r };
  return { s: new ReconnectSchedule(DEFAULT_CONNECTION_OPTIONS.backoffMs, clock), clock };
}

/** An attempt that fails after `ms`, reaching online first or not. */
function attempt(x: ReturnType<typeof schedule>, ms: number, online = false): number {
  x.s.started();
  if (online) x.s.online();
  x.clock.t += ms;
  return x.s.failed();
}

describe('ReconnectSchedule', () => {
  test('failures in a row back off 1, 2, 4 … up to 30 s (the top of the jitter)', () => {
    const x = schedule();
    const delays = Array.from({ length: 8 }, () => attempt(x, 50));
    assert.deepEqual(delays, [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  test('a connection that got online and then dropped: the next attempt within 1 s, however many failures came before', () => {
    const x = schedule();
    for (let i = 0; i < 6; i++) attempt(x, 50);
    assert.ok(attempt(x, 3000, true) <= 1000);
    // And the backoff grows again from there if the server stays away.
    assert.equal(attempt(x, 50), 2000);
  });

  test(`a connection up ${HEALTHY_MS / 1000} s counts as healthy even without getting online`, () => {
    const x = schedule();
    for (let i = 0; i < 6; i++) attempt(x, 50);
    assert.equal(attempt(x, HEALTHY_MS - 1), 30000);
    assert.equal(attempt(x, HEALTHY_MS), 1000);
  });

  test('jitter: between half and all of the backoff, as the random source says', () => {
    assert.equal(attempt(schedule(0), 50), 500);
    assert.equal(attempt(schedule(0.5), 50), 750);
    const low = schedule(0);
    for (let i = 0; i < 10; i++) attempt(low, 50);
    assert.equal(attempt(low, 50), 15000);
  });

  test('after a wait for a password, the backoff starts over', () => {
    const x = schedule();
    for (let i = 0; i < 5; i++) attempt(x, 50);
    x.s.reset();
    assert.equal(attempt(x, 50), 1000);
  });
});
