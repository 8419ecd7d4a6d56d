// Budget pauses that ended, as the Timeline marks them (store/pauseSpans.ts): stored in the global state, so they
// outlive a reload (issue 73: closed pauses were kept in the window only), merged from two windows' copies as a union,
// bounded per server, and read from storage as outside input (a damaged entry is left out, never the rest).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  MAX_SPANS_PER_SERVER,
  MAX_STORED_SPANS,
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

  test('what a window cannot read back is not merged or stored (else each read finds its copy lacking and writes again)', () => {
    const backwards = { serverId: 's1', sessionId: 'clock', span: { start: T + 10, end: T } };
    const merged = mergePauseSpans([ended('s1', 'a', T, T + 1)], [backwards]);
    assert.deepEqual(
      merged.map((e) => e.sessionId),
      ['a'],
    );
    assert.equal(holdsMore(merged, reload(merged)), false);
    // Servers on new ports each keep theirs: the total is bounded to what a read takes in.
    const many = Array.from({ length: 30 }, (_, s) =>
      Array.from({ length: MAX_SPANS_PER_SERVER }, (_, i) => ended(`s${s}`, `x${i}`, T + i, T + i + 1)),
    ).flat();
    const bounded = mergePauseSpans(many, []);
    assert.equal(bounded.length, MAX_STORED_SPANS);
    assert.equal(holdsMore(bounded, reload(bounded)), false);
  });

  test('a stored start before 2020 or an end over a day ahead is left out: it would stretch the Timeline to it', () => {
    const read = readPauseSpans({
      v: 1,
      spans: [
        ['s', 'old', 1, T, 'hour', 2, 'resumed'],
        ['s', 'ahead', T, Date.now() + 3 * 86_400_000],
        ['s', 'ok', T, T + 5],
      ],
    });
    assert.deepEqual(
      read.map((e) => e.sessionId),
      ['ok'],
    );
  });

  test('what ended a stored pause: only the book’s own reasons are kept (another window’s other words are not)', () => {
    const read = readPauseSpans({
      v: 1,
      spans: ['constructor', '__proto__', 'ok\u202Eevil\nLine two', 'prompted'].map((why, i) => [
        's',
        `ses${i}`,
        T,
        T + 5000,
        'hour',
        2,
        why,
      ]),
    });
    assert.deepEqual(
      read.map((e) => e.span.why?.ended),
      [undefined, undefined, undefined, 'prompted'],
    );
    assert.ok(read.every((e) => e.span.why?.name === 'hour'));
  });
});
