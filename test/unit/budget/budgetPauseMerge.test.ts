// Two windows' books merged: VS Code writes a window's whole global state at once, so another window may hand back a
// copy of the book that has not seen this window's newest pauses or ends. Per session the newer of the two wins;
// a merge of the same books reads the same, so two windows stop writing once they agree. Also the checks on what a
// stored book or a server may hand the book: a record time far ahead, a sequence past safe integers, a resume sent
// "in the future", and a lost stop whose budget is raised.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PauseBook, RESUME_DEADLINE_MS } from '../../../src/store/pauseBook';
import type { PausedSession } from '../../../src/store/pausedSession';

const cause = { budget: 'day' as const, limit: 5, spent: 5.2 };
const at = (id: string) => ({ serverId: 's', sessionId: id, rootId: id });
const ids = (pauses: readonly PausedSession[]) => pauses.map((p) => p.sessionId).sort();
/** Another window's copy: the book as stored, read back. */
const copy = (book: PauseBook) => PauseBook.restore(JSON.parse(JSON.stringify(book.toJSON())), false);

describe('PauseBook.merge', () => {
  test("a stale copy loses none of this window's newer pauses", () => {
    const mine = new PauseBook();
    mine.begin([at('a')], cause, 1_000);
    const stale = copy(mine);
    mine.begin([at('b'), at('c')], cause, 2_000);
    const merged = mine.merge(stale);
    assert.deepEqual(ids(merged.all()), ['a', 'b', 'c']);
    assert.equal(merged.sameAs(stale), false, 'the stored copy lacks b and c: to be written again');
  });

  test('a stale copy brings back no pause that ended here since, and an end written elsewhere wins over an older pause', () => {
    const mine = new PauseBook();
    mine.begin([at('a'), at('b')], cause, 1_000);
    const stale = copy(mine);
    mine.releaseAll([mine.get('s', 'a')!]);
    assert.deepEqual(ids(mine.merge(stale).all()), ['b'], 'a stays ended');
    // The other way round: the other window let b go; this one's copy of b is older.
    const theirs = copy(mine);
    theirs.releaseAll([theirs.get('s', 'b')!]);
    assert.deepEqual(ids(mine.merge(copy(theirs)).all()), []);
  });

  test('per session, the newer change wins (a phase moved in the other window)', () => {
    const mine = new PauseBook();
    mine.begin([at('a')], cause, 1_000);
    const theirs = copy(mine);
    theirs.observe('s', 'a', 'idle');
    assert.equal(mine.merge(copy(theirs)).get('s', 'a')?.phase, 'paused');
    assert.equal(copy(theirs).merge(mine).get('s', 'a')?.phase, 'paused', 'whichever side merges');
  });

  test('a session paused again after it ended is held again', () => {
    const mine = new PauseBook();
    mine.begin([at('a')], cause, 1_000);
    mine.releaseAll([mine.get('s', 'a')!]);
    const theirs = copy(mine);
    theirs.begin([at('a')], cause, 9_000);
    assert.deepEqual(ids(mine.merge(copy(theirs)).all()), ['a']);
  });

  test('two windows agree after one exchange: merging the merge changes nothing (no endless writes)', () => {
    const a = new PauseBook();
    a.begin([at('x'), at('y')], cause, 1_000);
    const b = copy(a);
    a.observe('s', 'x', 'idle');
    b.begin([at('z')], cause, 2_000);
    b.releaseAll([b.get('s', 'y')!]);
    const atA = a.merge(copy(b));
    const atB = b.merge(copy(atA));
    assert.ok(atB.sameAs(copy(atA)), 'B has nothing A lacks');
    assert.ok(atA.merge(copy(atB)).sameAs(copy(atB)), 'and A nothing B lacks');
    assert.deepEqual(ids(atA.all()), ['x', 'z']);
    assert.equal(atA.get('s', 'x')?.phase, 'paused');
  });

  test("crossing writes keep both windows' Resume Without Raising, and an exemption that ended stays ended", () => {
    // Window A resumes tree r1 without raising while window B, not having seen it, resumes r2: each writes its book.
    const base = new PauseBook();
    base.begin([at('r1'), at('r2')], cause, 1_000);
    const a = copy(base);
    const b = copy(base);
    a.exemptions.add('s\u0000r1');
    b.exemptions.add('s\u0000r2');
    const atA = a.merge(copy(b));
    const atB = b.merge(copy(a));
    assert.deepEqual([...atA.exemptions.roots()].sort(), ['s\u0000r1', 's\u0000r2'], "A keeps its own and takes B's");
    assert.deepEqual([...atB.exemptions.roots()].sort(), ['s\u0000r1', 's\u0000r2'], 'B the same');
    assert.ok(atA.sameAs(atB), 'the two agree: no endless writes');
    // r1 ran and stopped in A: its exemption ends; B's older copy of it does not bring it back.
    atA.exemptions.treesRunning(new Set(['s\u0000r1']));
    atA.exemptions.treesRunning(new Set());
    const stale = copy(atB);
    assert.deepEqual([...atA.merge(stale).exemptions.roots()], ['s\u0000r2']);
    assert.deepEqual([...stale.merge(copy(atA)).exemptions.roots()], ['s\u0000r2'], 'whichever side merges');
    // Resumed without raising again later: newer than the end, held again.
    const later = copy(atA);
    later.exemptions.add('s\u0000r1');
    assert.deepEqual([...atA.merge(copy(later)).exemptions.roots()].sort(), ['s\u0000r1', 's\u0000r2']);
  });

  test('a book stored before stamps merges by the pause times', () => {
    const old = { v: 1, seq: 1, exempt: [], pauses: [{ ...at('a'), ...cause, at: 1_000, seq: 0, phase: 'paused' }] };
    const mine = PauseBook.restore(old, false);
    assert.deepEqual(ids(mine.merge(PauseBook.restore(old, false)).all()), ['a']);
  });
});

describe('what the book does not take as it is', () => {
  test('a record time far ahead is not kept: a later run still reads as newer', () => {
    const book = new PauseBook();
    book.begin([at('a')], cause, 1_000);
    book.observe('s', 'a', 'idle', 1_000);
    book.observe('s', 'a', 'idle', 8e15);
    assert.equal(book.get('s', 'a')?.seen, 1_000);
    assert.equal(book.observe('s', 'a', 'idle', 2_000, true)?.reason, 'prompted', 'it ran while no window watched');
  });

  test('a stored sequence past safe integers is not read (the pause order would stop moving)', () => {
    const stored = { v: 1, seq: 1e300, exempt: [], pauses: [{ ...at('a'), ...cause, at: 1_000, seq: 1e300, phase: 'paused' }] };
    const book = PauseBook.restore(stored, false);
    assert.equal(book.size, 0);
    const { begun } = book.begin([at('b'), at('c')], cause, 2_000);
    assert.deepEqual(
      begun.map((p) => p.seq),
      [0, 1],
    );
  });

  test('a resume sent "in the future" (another clock) is due, not held for good', () => {
    const book = new PauseBook();
    book.begin([at('a')], cause, 1_000);
    book.observe('s', 'a', 'idle', 1_000);
    const now = 100_000;
    book.resuming([at('a')], now + 10 * RESUME_DEADLINE_MS);
    const { failed } = book.resumesOverdue(now, () => ({ updated: 1_000 }));
    assert.deepEqual(ids(failed), ['a']);
    assert.equal(book.get('s', 'a')?.phase, 'paused');
  });

  test('a lost stop whose budget is raised is let go: its run ending by itself is no pause to resume', () => {
    const book = new PauseBook();
    book.begin([at('a'), at('b')], cause, 1_000);
    book.ranPast('s', 'a');
    assert.deepEqual(
      book.ranPastUnder('day', 4, () => 5.2),
      [],
      'still over the new limit: kept, to stop again',
    );
    const released = book.ranPastUnder('day', 10, () => 5.2);
    assert.deepEqual(
      released.map((r) => [r.pause.sessionId, r.reason]),
      [['a', 'notStopped']],
    );
    assert.deepEqual(ids(book.all()), ['b'], 'b is pausing as sent: its stop holds');
    book.observe('s', 'a', 'idle');
    assert.deepEqual(
      book.lifted('day', 10, () => 5.2),
      [],
      'nothing for a later Raise to prompt',
    );
    // A lost stop sent again is this stop's: not let go.
    book.begin([at('b')], cause, 2_000);
    book.ranPast('s', 'b');
    book.begin([at('b')], cause, 3_000);
    assert.deepEqual(
      book.ranPastUnder('day', 10, () => 5.2),
      [],
    );
  });
});

test("a resume paused again at a restart is newer than another window's copy of it resuming", () => {
  const book = new PauseBook();
  book.begin([at('a')], cause, 1_000);
  book.observe('s', 'a', 'idle');
  book.resuming([at('a')], 2_000);
  const stored: unknown = JSON.parse(JSON.stringify(book.toJSON()));
  const restarted = PauseBook.restore(stored, true);
  assert.equal(restarted.get('s', 'a')?.phase, 'paused');
  assert.equal(restarted.merge(PauseBook.restore(stored, false)).get('s', 'a')?.phase, 'paused');
});

test('two windows pausing at once (one sequence number each) agree after one exchange, in the same order', () => {
  const a = new PauseBook();
  const b = new PauseBook();
  a.begin([at('a0')], cause, 1_000);
  b.begin([at('b0')], cause, 1_000);
  const atA = a.merge(copy(b));
  const atB = b.merge(copy(atA));
  assert.ok(atB.sameAs(copy(atA)), 'B writes nothing back');
  assert.deepEqual(
    atA.all().map((p) => p.sessionId),
    atB.all().map((p) => p.sessionId),
  );
});

test('a change made in both windows in one millisecond: both keep the same one', () => {
  const a = new PauseBook();
  a.begin([at('x')], cause, 1_000);
  a.observe('s', 'x', 'idle', 1_000);
  // Same stamp on both sides: the stored stamps are copied, each window moves the pause once.
  const stored = JSON.parse(JSON.stringify(a.toJSON())) as { stamps: Array<[string, number]>; pauses: Array<{ phase: string }> };
  const resuming = { ...stored, pauses: stored.pauses.map((p) => ({ ...p, phase: 'resuming', resumedAt: 5 })) };
  const one = PauseBook.restore(stored, false);
  const other = PauseBook.restore(resuming, false);
  assert.equal(one.merge(other).get('s', 'x')?.phase, other.merge(one).get('s', 'x')?.phase);
});

test('a lost stop stays known when the other window hands back the same pause', () => {
  const a = new PauseBook();
  a.begin([at('x')], cause, 1_000);
  a.ranPast('s', 'x');
  const merged = a.merge(copy(a));
  assert.deepEqual(
    merged.ranPastUnder('day', 10, () => 5.2).map((r) => r.pause.sessionId),
    ['x'],
  );
});
