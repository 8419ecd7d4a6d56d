// How soon a followed transcript is read again: at once up to a few hundred ordinary steps, then in proportion to its
// length, so VS Code's read of the whole text at each change stays a small share of its time (issue 75: 0.5-1.1 s
// for 38.7 M characters, which a working session changed every 300 ms).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FOLLOW_MS, followDelay } from '../../../src/features/transcripts/followPace';

test('a transcript up to 600 K characters follows after FOLLOW_MS; a larger one half a second per million characters', () => {
  assert.equal(followDelay(0), FOLLOW_MS);
  assert.equal(followDelay(600_000), FOLLOW_MS);
  assert.equal(followDelay(4_000_000), 2_000);
  assert.equal(followDelay(38_700_000), 19_350);
  let last = 0;
  for (let chars = 0; chars <= 50_000_000; chars += 250_000) {
    assert.ok(followDelay(chars) >= last, 'never sooner for a longer one');
    last = followDelay(chars);
  }
});
