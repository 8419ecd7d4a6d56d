// What a root session needs from you (store/attention.ts): waiting while anything in it waits for an answer;
// unread once a run in it (its own, or a sub-agent's: they roll up) ended after you last looked — your own look,
// or on OpenCode 2 the server's `time.viewed` against `time.idle` (packages/schema/src/session.ts@1066927).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import type { SessionInfo } from '../../../src/store/events';
import { MarkBook, MAX_MARKS, MAX_OLD_KEY, rootAttention, rootOf } from '../../../src/store/attention';
import { SessionStore } from '../../../src/store/sessionStore';

function store(...infos: Array<Partial<SessionInfo> & { id: string }>): SessionStore {
  const s = new SessionStore();
  for (const info of infos)
    s.apply({
      type: 'session.upsert',
      info: { title: info.id, directory: '/w', ...info, time: { created: 1, updated: 100, ...info.time } },
    });
  return s;
}

describe('attention of a root session', () => {
  test('1.x: read until a run is seen to end after the look; a title or rename after a run is no run', () => {
    const s = store({ id: 'root' }, { id: 'child', parentID: 'root' });
    assert.equal(rootAttention(s, 'root'), undefined, 'nothing seen to end: read');
    assert.equal(rootAttention(s, 'root', { ended: 120 }), 'unread', 'seen to end, never looked at');
    assert.equal(rootAttention(s, 'root', { ended: 120, seen: 150 }), undefined, 'looked at after it ended');
    s.apply({ type: 'session.upsert', info: { id: 'root', title: 'renamed', directory: '/w', time: { created: 1, updated: 900 } } });
    assert.equal(rootAttention(s, 'root', { ended: 120, seen: 150 }), undefined, 'activity that is not a run end');
    assert.equal(rootOf(s, 'child'), 'root');
  });

  test('waiting wins, and a running session is neither waiting nor unread until it ends', () => {
    const s = store({ id: 'root' }, { id: 'child', parentID: 'root' });
    s.apply({ type: 'session.status', sessionID: 'root', status: { type: 'busy' } });
    assert.equal(rootAttention(s, 'root', { ended: 60, seen: 50 }), undefined, 'running again');
    s.apply({
      type: 'request.asked',
      request: { kind: 'permission', id: 'per_1', sessionID: 'child', permission: 'bash', patterns: ['x'], always: [], metadata: {} },
    });
    assert.equal(rootAttention(s, 'root', { seen: 50 }), 'waiting', 'a sub-agent waits: its root waits');
  });

  test('OpenCode 2: the server’s time.idle (the root’s or a sub-agent’s) against time.viewed decides, whoever viewed it', () => {
    const ended = store({ id: 'r', time: { created: 1, updated: 100, idle: 90 } });
    assert.equal(rootAttention(ended, 'r'), 'unread', 'ended and never viewed by any client');
    const viewed = store({ id: 'r', time: { created: 1, updated: 100, idle: 90, viewed: 90 } });
    assert.equal(rootAttention(viewed, 'r'), undefined, 'another client viewed that run');
    const later = store({ id: 'r', time: { created: 1, updated: 300, idle: 200, viewed: 90 } });
    assert.equal(rootAttention(later, 'r'), 'unread', 'a later run ended after that view');
    assert.equal(rootAttention(later, 'r', { seen: 250 }), undefined, 'looked at here since');
    const child = store(
      { id: 'r', time: { created: 1, updated: 100, idle: 90, viewed: 90 } },
      { id: 'c', parentID: 'r', time: { created: 2, updated: 400, idle: 400 } },
    );
    assert.equal(rootAttention(child, 'r'), 'unread', 'a sub-agent’s later run rolls up');
    // The extension saw that run end a moment after the server recorded it: another client's view of it still reads it.
    assert.equal(rootAttention(viewed, 'r', { ended: 95 }), undefined, 'the server’s end time, not the extension’s sighting');
    assert.equal(rootAttention(ended, 'r', { ended: 95, seen: 85 }), 'unread', 'looked at here before the run ended');
    // Seen to end long after the record's time.idle: a later run the record does not show yet (a missed update).
    assert.equal(rootAttention(viewed, 'r', { ended: 60_000 }), 'unread', 'a later run, seen here, still counts');
  });

  test('archived sessions are never unread', () => {
    const s = store({ id: 'r', time: { created: 1, updated: 100, idle: 90, archived: 95 } });
    assert.equal(rootAttention(s, 'r'), undefined);
  });
});

describe('attention marks as stored (MarkBook)', () => {
  const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 32);

  test('keyed by a hash of the ids, whatever their length: 5 000 roots of 10 KB ids store keys of 32 characters', () => {
    const book = new MarkBook(sha);
    const long = (i: number) => `ид${i}`.padEnd(10_240, 'я');
    for (let i = 0; i < MAX_MARKS + 10; i++) book.set('http://s', long(i), { seen: i });
    assert.equal(book.size, MAX_MARKS, 'the newest MAX_MARKS');
    assert.equal(book.get('http://s', long(0)), undefined, 'the oldest went');
    assert.deepEqual(book.get('http://s', long(MAX_MARKS + 9)), { seen: MAX_MARKS + 9 });
    const saved = JSON.stringify(book.toJSON());
    assert.ok(saved.length < 60 * MAX_MARKS, `${saved.length} characters stored`);
    const again = new MarkBook(sha, JSON.parse(saved));
    assert.deepEqual(again.get('http://s', long(MAX_MARKS + 9)), { seen: MAX_MARKS + 9 }, 'read back');
  });

  test('marks stored by an older version (by the ids themselves) are read under their hash; what is not a mark is skipped', () => {
    const book = new MarkBook(sha, { 'http://s\u0000root': { seen: 5, ended: 4 }, bad: 'x', worse: { seen: 'soon' } });
    assert.deepEqual(book.get('http://s', 'root'), { seen: 5, ended: 4 });
    assert.deepEqual(book.get('http://s', 'worse'), undefined);
    book.set('http://s', 'root', { ended: 9 });
    assert.deepEqual(book.get('http://s', 'root'), { seen: 5, ended: 9 });
  });

  test("an older version's key longer than MAX_OLD_KEY is left out, not hashed", () => {
    const hashed: number[] = [];
    const counting = (text: string) => (hashed.push(text.length), sha(text));
    const long = `http://s\u0000${'я'.repeat(MAX_OLD_KEY)}`;
    const book = new MarkBook(counting, { [long]: { seen: 1 }, 'http://s\u0000root': { seen: 2 } });
    assert.equal(book.size, 1);
    assert.ok(
      hashed.every((n) => n <= MAX_OLD_KEY),
      `hashed ${hashed.join(', ')} characters`,
    );
    assert.deepEqual(book.get('http://s', 'root'), { seen: 2 });
  });

  test("a root's key is hashed once, and nothing is hashed while no mark is kept", () => {
    let hashes = 0;
    const book = new MarkBook((text) => (hashes++, sha(text)));
    for (let i = 0; i < 3; i++) assert.equal(book.get('http://s', 'root'), undefined);
    assert.equal(hashes, 0, 'no marks: nothing to look up');
    book.set('http://s', 'root', { seen: 1 });
    for (let i = 0; i < 3; i++) assert.deepEqual(book.get('http://s', 'root'), { seen: 1 });
    book.set('http://s', 'root', { ended: 2 });
    assert.equal(hashes, 1, 'one hash for every look-up and mark of that root');
    assert.equal(book.get('http://other', 'root'), undefined, 'another server’s root of the same id');
    assert.equal(hashes, 2);
  });

  test("two windows merge their looks: each root keeps its later look, this window's own ends, the newest MAX_MARKS", () => {
    const a = new MarkBook(sha);
    const b = new MarkBook(sha);
    a.set('http://s', 'r1', { seen: 10, ended: 5 });
    b.set('http://s', 'r1', { seen: 7, ended: 8 });
    b.set('http://s', 'r2', { seen: 2, ended: 3 });
    b.set('http://s', 'r3', { ended: 4 });
    const ab = a.merged(b);
    assert.deepEqual(ab.get('http://s', 'r1'), { seen: 10, ended: 5 }, 'the later look; the end this window saw');
    assert.deepEqual(ab.get('http://s', 'r2'), { seen: 2 }, "the other's look, not its sighting of an end");
    assert.equal(ab.get('http://s', 'r3'), undefined, 'an end seen only there is not taken');
    // B saw r1 end at 8, after its own look (7): read there at A's later look (10).
    assert.deepEqual(b.merged(a).get('http://s', 'r1'), { seen: 10, ended: 8 });
    assert.ok(ab.holdsMore(b), 'B is to be told of the later look');
    assert.ok(!a.holdsMore(ab), 'A has nothing the merged book lacks');
    assert.ok(!b.merged(ab).holdsMore(ab) && !ab.holdsMore(b.merged(ab)), 'merged both ways, the looks agree: no write back and forth');
    const many = new MarkBook(sha);
    for (let i = 0; i < MAX_MARKS; i++) many.set('http://s', `m${i}`, { seen: 100 + i });
    const capped = many.merged(a);
    assert.equal(capped.size, MAX_MARKS);
    assert.equal(capped.get('http://s', 'r1'), undefined, 'the oldest look went');
    assert.deepEqual(capped.get('http://s', `m${MAX_MARKS - 1}`), { seen: 100 + MAX_MARKS - 1 });
  });

  test("a look in one window is not undone by another window's late sighting of the run's end", () => {
    // A saw the run end (100) and you looked there (101); B's stream reconnected and counted that end at 105.
    const a = new MarkBook(sha);
    a.set('http://s', 'root', { ended: 100, seen: 101 });
    const b = new MarkBook(sha);
    b.set('http://s', 'root', { ended: 105 });
    const s = store({ id: 'root' });
    const merged = a.merged(b);
    assert.equal(rootAttention(s, 'root', merged.get('http://s', 'root')), undefined, 'still read in A');
  });

  test('a merged book hashes no root again', () => {
    let hashes = 0;
    const a = new MarkBook((text) => (hashes++, sha(text)));
    a.set('http://s', 'root', { seen: 1 });
    const merged = a.merged(new MarkBook(sha, { [sha('http://s\u0000other')]: { seen: 2 } }));
    const before = hashes;
    assert.deepEqual(merged.get('http://s', 'root'), { seen: 1 });
    assert.equal(hashes, before);
  });
});
