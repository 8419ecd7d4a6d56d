// Budget pauses that ended, as the Timeline marks them (store/pauseSpans.ts): stored in the global state, so they
// outlive a reload (issue 73: closed pauses were kept in the window only), merged from two windows' copies as a union,
// bounded per server, and read from storage as outside input (a damaged entry is left out, never the rest).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  MAX_SPANS_PER_SERVER,
  holdsMore,
  mergePauseSpans,
  pauseSpansJson,
  readPauseSpans,
  type EndedPause,
} from '../../../src/store/pauseSpans';

const T = 1_700_000_000_000;
const ended = (serverId: string, sessionId: string, start: number, end: number): EndedPause => ({
  serverId,
  sessionId,
  span: { start, end, why: { name: 'session', limit: 1.8, ended: 'resumed' } },
});
/** Through storage as VS Code keeps it: JSON. */
const reload = (list: readonly EndedPause[]) => readPauseSpans(JSON.parse(JSON.stringify(pauseSpansJson(list))) as unknown);

describe('ended budget pauses', () => {
  test('stored and read back after a reload, each with its budget and what ended it', () => {
    // (Oldest end first, as stored.)
    const list = [{ serverId: 's1', sessionId: 'b', span: { start: T + 1, end: T + 2 } }, ended('s1', 'a', T, T + 5000)];
    assert.deepEqual(reload(list), list);
  });

  test('two windows’ copies merge as a union: each pause once, oldest end first', () => {
    const a = [ended('s1', 'x', T, T + 10), ended('s1', 'y', T + 20, T + 30)];
    const b = [ended('s1', 'y', T + 20, T + 30), ended('s2', 'x', T + 5, T + 15)];
    const merged = mergePauseSpans(a, b);
    assert.deepEqual(
      merged.map((e) => [e.serverId, e.sessionId, e.span.end - T]),
      [
        ['s1', 'x', 10],
        ['s2', 'x', 15],
        ['s1', 'y', 30],
      ],
    );
    assert.equal(holdsMore(merged, b), true, 'b lacks one: to be stored again');
    assert.equal(holdsMore(merged, merged), false);
  });

  test('each server keeps its newest MAX_SPANS_PER_SERVER', () => {
    const many = Array.from({ length: MAX_SPANS_PER_SERVER + 50 }, (_, i) => ended('s1', `ses_${i}`, T + i, T + i + 1));
    const kept = mergePauseSpans(many, [ended('s2', 'other', T, T + 1)]);
    assert.equal(kept.filter((e) => e.serverId === 's1').length, MAX_SPANS_PER_SERVER);
    assert.equal(kept.find((e) => e.serverId === 's1')?.sessionId, 'ses_50', 'the oldest let go');
    assert.equal(kept.filter((e) => e.serverId === 's2').length, 1);
  });

  test('a damaged stored list: its readable entries only', () => {
    const good = ['s1', 'a', T, T + 10, 'hour', 2, 'prompted'];
    const read = readPauseSpans({
      v: 1,
      spans: [
        good,
        ['s1', 'b', 0, 10],
        ['s1', 'c', T + 10, T],
        ['s1', 'x'.repeat(1001), T, T + 1],
        ['s1', 'd', T, Number.POSITIVE_INFINITY],
        ['s1', 'e', T, T + 1, 'month', 2],
        'junk',
        null,
      ],
    });
    assert.deepEqual(
      read.map((e) => [e.sessionId, e.span.why?.name]),
      [
        ['e', undefined],
        ['a', 'hour'],
      ],
    );
    assert.deepEqual(readPauseSpans(undefined), []);
    assert.deepEqual(readPauseSpans({ spans: 'no' }), []);
  });
});
