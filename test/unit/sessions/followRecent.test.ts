// Following "the most recently active" session: live sessions taking turns must not swap it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FOLLOW_QUIET_MS, keepFollowing } from '../../../src/store/followRecent';

const now = 10_000_000;

describe('keepFollowing', () => {
  test('nothing followed yet: take the newest', () => {
    assert.equal(keepFollowing(undefined, { lastActivity: now, live: true }, now), false);
  });

  test('a live followed session stays, however new another is', () => {
    const followed = { lastActivity: now - 10 * FOLLOW_QUIET_MS, live: true };
    assert.equal(keepFollowing(followed, { lastActivity: now, live: true }, now), true);
  });

  test('a session that ended moments ago stays while another takes its turn (no swap every few seconds)', () => {
    const followed = { lastActivity: now - 20_000, live: false };
    assert.equal(keepFollowing(followed, { lastActivity: now, live: true }, now), true);
  });

  test('a session that ended and stayed quiet gives way to one active since', () => {
    const followed = { lastActivity: now - FOLLOW_QUIET_MS, live: false };
    assert.equal(keepFollowing(followed, { lastActivity: now - 1000, live: false }, now), false);
  });

  test('a quiet followed session stays when nothing was active since', () => {
    const followed = { lastActivity: now - 5 * FOLLOW_QUIET_MS, live: false };
    assert.equal(keepFollowing(followed, { lastActivity: now - 6 * FOLLOW_QUIET_MS, live: false }, now), true);
    assert.equal(keepFollowing(followed, undefined, now), true);
  });
});
