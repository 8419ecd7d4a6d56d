// The book of budget pauses as data: a pause begins when the stop is sent and holds once the session reads idle
// (the server stopped it); it ends when our resume starts the session, when the session runs without it once its budget no
// longer holds (a prompt while it holds is stopped and the pause stays),
// when it is gone, or when the user lets it go; resumes go in pause order; it survives a restart as JSON (a resume
// in flight then is sent again, a damaged entry is dropped alone); a server that is away keeps its pauses.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PauseBook, RESUME_DEADLINE_MS } from '../../../src/store/pauseBook';
import { MAX_PAUSES, type PausedSession } from '../../../src/store/pausedSession';
import { changedPauses, MAX_STORED_PAUSES } from '../../../src/store/storedPauseBook';
import { pauseStatus } from '../../../src/store/sessionStatus';

const session = { budget: 'session' as const, limit: 1, spent: 1.1 };
const tree = [
  { serverId: 's1', sessionId: 'parent', rootId: 'parent' },
  { serverId: 's1', sessionId: 'childA', rootId: 'parent' },
  { serverId: 's1', sessionId: 'childB', rootId: 'parent' },
];
const ids = (pauses: readonly PausedSession[]) => pauses.map((p) => p.sessionId);

/** A book with the tree paused and stopped by the server. */
function pausedTree(): PauseBook {
  const book = new PauseBook();
  book.begin(tree, session, 1_000);
  for (const t of tree) book.observe(t.serverId, t.sessionId, 'idle');
  return book;
}

describe('PauseBook', () => {
  test('a pause begun on a run that had ended says so (ranOut), survives JSON, and is lifted, not resumed', () => {
    const book = new PauseBook();
    book.begin([{ serverId: 's1', sessionId: 'quick', rootId: 'quick', ranOut: true }, tree[0]], session, 1_000);
    book.observe('s1', 'quick', 'idle');
    assert.equal(book.get('s1', 'quick')?.ranOut, true);
    assert.equal(book.get('s1', 'parent')?.ranOut, undefined, 'one stopped mid-run is resumed as before');
    const again = PauseBook.restore(JSON.parse(JSON.stringify(book.toJSON())));
    assert.equal(again.get('s1', 'quick')?.ranOut, true);
    assert.equal(again.get('s1', 'parent')?.ranOut, undefined);
    const [lifted] = again.releaseAll([again.get('s1', 'quick')!], 'lifted');
    assert.equal(lifted.reason, 'lifted');
    assert.equal(again.get('s1', 'quick'), undefined);
  });

  test('a pause with nothing to resume gets a run to resume: seen running as it is stopped, or a prompt held under it', () => {
    const book = new PauseBook();
    const quick = (id: string) => ({ serverId: 's1', sessionId: id, rootId: id, ranOut: true });
    book.begin([quick('cut'), quick('held')], session, 1_000);
    book.observe('s1', 'cut', 'busy');
    book.observe('s1', 'cut', 'idle');
    assert.equal(book.get('s1', 'cut')?.phase, 'paused');
    assert.equal(book.get('s1', 'cut')?.ranOut, undefined, 'the stop cut a run that had started');
    book.observe('s1', 'held', 'idle');
    book.observe('s1', 'held', 'busy', undefined, false, true);
    assert.equal(book.get('s1', 'held')?.prompted, 1);
    assert.equal(book.get('s1', 'held')?.ranOut, undefined, 'the prompt stopped under it is what a resume continues');
  });

  test('a stop sent again (the first was lost) says whether a run is left as the session is now', () => {
    const book = new PauseBook();
    const ran = { serverId: 's1', sessionId: 'ran', rootId: 'ran' };
    book.begin([ran], session, 1_000);
    book.ranPast('s1', 'ran');
    book.begin([{ ...ran, ranOut: true }], session, 2_000);
    assert.equal(book.get('s1', 'ran')?.ranOut, true, 'it ran on and ended: nothing to resume');
    book.begin([ran], session, 3_000);
    assert.equal(book.get('s1', 'ran')?.ranOut, undefined, 'running again: its run is resumed');
  });

  test('pause: pausing until seen idle (a busy read is the run being stopped, even once the stop is answered); one pause per session', () => {
    const book = new PauseBook();
    assert.deepEqual(ids(book.begin(tree, session, 1_000).begun), ['parent', 'childA', 'childB']);
    assert.equal(book.get('s1', 'childA')?.phase, 'pausing');
    assert.equal(book.observe('s1', 'childA', 'busy'), undefined, 'the status before the stop landed');
    assert.equal(book.get('s1', 'childA')?.phase, 'pausing');
    book.observe('s1', 'childA', 'idle');
    book.observe('s1', 'parent', 'idle');
    assert.deepEqual(
      book.all().map((p) => p.phase),
      ['paused', 'paused', 'pausing'],
    );
    assert.deepEqual(book.begin([tree[0]], { budget: 'day', limit: 5, spent: 6 }, 2_000).begun, [], 'already held: not again');
    assert.equal(book.get('s1', 'parent')?.budget, 'session', 'the first budget keeps it');
    assert.deepEqual(
      { ...book.get('s1', 'parent')!, seq: 0 },
      {
        serverId: 's1',
        sessionId: 'parent',
        rootId: 'parent',
        budget: 'session',
        limit: 1,
        spent: 1.1,
        at: 1_000,
        seq: 0,
        phase: 'paused',
      },
    );
  });

  test('a stop the server refused pauses nothing: the session runs on', () => {
    const book = new PauseBook();
    book.begin([tree[0]], session, 1_000);
    assert.equal(book.notStopped('s1', 'parent')?.reason, 'notStopped');
    assert.equal(book.size, 0);
  });

  test('a lost stop (answered, and the session ran on): stopped again, the stop is sent again under the same pause', () => {
    const book = new PauseBook();
    const [first] = book.begin([tree[0], tree[1]], session, 1_000).begun;
    book.observe('s1', 'childA', 'idle');
    const again = book.begin(tree, { budget: 'day', limit: 5, spent: 6 }, 12_000).begun;
    assert.deepEqual(ids(again), ['parent', 'childB'], 'parent still pausing: sent again; childA paused: left alone; childB new');
    assert.equal(again[0], first, 'the same pause: its budget, time and order kept');
    assert.equal(book.get('s1', 'parent')?.at, 1_000);
    assert.equal(book.size, 3);
  });

  test('resume: in pause order, resuming until the run is seen, then released as resumed; a failure keeps it paused', () => {
    const book = pausedTree();
    const order = book.resuming([tree[2], tree[0], tree[1]], 2_000);
    assert.deepEqual(ids(order), ['parent', 'childA', 'childB'], 'the order they were paused in');
    assert.equal(book.observe('s1', 'parent', 'idle'), undefined, 'the prompt is taken, its run not seen yet');
    assert.equal(book.observe('s1', 'parent', 'busy')?.reason, 'resumed');
    book.resumeFailed('s1', 'childA', 'HTTP 500');
    assert.equal(book.get('s1', 'childA')?.phase, 'paused');
    assert.equal(book.get('s1', 'childA')?.error, 'HTTP 500');
    assert.deepEqual(ids(book.resuming([tree[1]], 2_000)), ['childA'], 'tried again');
    assert.equal(book.get('s1', 'childA')?.error, undefined);
    assert.deepEqual(ids(book.resuming([tree[1]], 2_000)), [], 'a resume already sent is not sent twice');
  });

  test('a resume never seen to start by its deadline is paused again with why; one whose record moved ran unseen', () => {
    const book = new PauseBook();
    book.begin(tree, session, 1_000);
    for (const t of tree) book.observe(t.serverId, t.sessionId, 'idle', 5_000);
    book.resuming(tree, 10_000);
    const listed = (updated: number) => () => ({ updated });
    const early = book.resumesOverdue(10_000 + RESUME_DEADLINE_MS - 1, listed(5_000));
    assert.deepEqual([early.released, early.failed], [[], []], 'before the deadline: still resuming');
    const late = book.resumesOverdue(10_000 + RESUME_DEADLINE_MS, (p) =>
      p.sessionId === 'childB' ? undefined : { updated: p.sessionId === 'childA' ? 11_000 : 5_000 },
    );
    assert.deepEqual(ids(late.failed), ['parent']);
    assert.equal(book.get('s1', 'parent')?.phase, 'paused');
    assert.match(book.get('s1', 'parent')?.error ?? '', /not seen running/);
    assert.deepEqual(
      late.released.map((r) => [r.pause.sessionId, r.reason]),
      [['childA', 'resumed']],
    );
    assert.equal(book.get('s1', 'childB')?.phase, 'resuming', 'not this window’s to judge (or its server away): left');
    assert.deepEqual(ids(book.resuming([tree[0]], 80_000)), ['parent'], 'Raise sends it again');
  });

  test('a resume failure told late is that resume’s only: a later resume of the session is left alone', () => {
    const book = pausedTree();
    book.resuming([tree[0]], 10_000);
    book.resumeFailed('s1', 'parent', 'HTTP 500', 10_000);
    assert.equal(book.get('s1', 'parent')?.phase, 'paused');
    book.resuming([tree[0]], 20_000);
    book.resumeFailed('s1', 'parent', 'the first run ended', 10_000);
    assert.equal(book.get('s1', 'parent')?.phase, 'resuming');
    const saved = PauseBook.restore(JSON.parse(JSON.stringify(book.toJSON())), false);
    assert.equal(saved.get('s1', 'parent')?.resumedAt, 20_000, 'another window reads when it was sent');
  });

  test('a prompt from another client while the budget holds: the pause stays, the prompt counted (said once), across a restart', () => {
    const book = pausedTree();
    assert.equal(book.observe('s1', 'parent', 'busy', 6_000, false, true), undefined, 'not released');
    assert.deepEqual([book.get('s1', 'parent')?.phase, book.get('s1', 'parent')?.prompted], ['paused', 1]);
    assert.equal(book.observe('s1', 'parent', 'idle', 6_100, false, true), undefined, 'stopped again');
    assert.equal(book.observe('s1', 'parent', 'busy', 7_000, false, true), undefined);
    assert.equal(book.get('s1', 'parent')?.prompted, 2);
    const again = PauseBook.restore(JSON.parse(JSON.stringify(book.toJSON())));
    assert.deepEqual([again.get('s1', 'parent')?.phase, again.get('s1', 'parent')?.prompted], ['paused', 2]);
    // It ran while no window watched (the plugin refused it): the pause holds when its server comes back.
    assert.equal(again.observe('s1', 'parent', 'idle', 9_000, true, true), undefined);
    assert.equal(again.get('s1', 'parent')?.seen, 9_000);
    assert.deepEqual(ids(again.resuming(tree, 10_000)), ['parent', 'childA', 'childB'], 'Raise resumes it with the rest');
  });

  test('user prompt once the budget no longer holds (raised, its window rolled over): the pause ends', () => {
    const book = pausedTree();
    assert.equal(book.observe('s1', 'childB', 'busy')?.reason, 'prompted');
    assert.equal(book.get('s1', 'childB'), undefined);
    assert.deepEqual(ids(book.resuming(tree, 2_000)), ['parent', 'childA'], 'a later resume leaves it alone');
  });

  test('raise: a raised budget lifts the pauses it made whose spend is now under it, in pause order', () => {
    const book = pausedTree();
    book.begin([{ serverId: 's2', sessionId: 'other', rootId: 'other' }], { budget: 'day', limit: 5, spent: 5.2 }, 2_000);
    book.observe('s2', 'other', 'idle');
    assert.deepEqual(ids(book.lifted('session', 3, () => 1.1)), ['parent', 'childA', 'childB']);
    assert.deepEqual(ids(book.lifted('session', 1.05, () => 1.1)), [], 'still past the new limit');
    assert.deepEqual(ids(book.lifted('session', 3, () => undefined)), ['parent', 'childA', 'childB'], 'spend unknown: at the pause');
    assert.deepEqual(ids(book.lifted('day', 6, () => 5.2)), ['other'], 'each budget its own');
    assert.deepEqual(ids(book.lifted('session', 0, () => 0)), [], 'a budget turned off lifts nothing by itself');
  });

  test('budget off: its pauses are listed; let go, they stay stopped and are no longer held', () => {
    const book = pausedTree();
    const released = book.releaseAll(book.byBudget('session'));
    assert.deepEqual(
      released.map((r) => r.reason),
      ['released', 'released', 'released'],
    );
    assert.equal(book.size, 0);
    assert.equal(book.observe('s1', 'parent', 'busy'), undefined, 'running later is not ours to judge');
  });

  test('restart: the book round-trips through JSON; a resume in flight is paused again; the sequence goes on', () => {
    const book = pausedTree();
    book.resuming([tree[0]], 2_000);
    book.exemptions.add('s1\u0000other');
    const again = PauseBook.restore(JSON.parse(JSON.stringify(book.toJSON())));
    assert.deepEqual(
      again.all().map((p) => [p.sessionId, p.phase]),
      [
        ['parent', 'paused'],
        ['childA', 'paused'],
        ['childB', 'paused'],
      ],
    );
    assert.deepEqual([...again.exemptions.roots()], ['s1\u0000other']);
    again.begin([{ serverId: 's1', sessionId: 'later', rootId: 'later' }], session, 5_000);
    assert.ok(again.get('s1', 'later')!.seq > again.get('s1', 'childB')!.seq, 'a pause after the restart comes after');
  });

  test('read live from another window, a resume in flight there stays resuming (only a restart sends it again)', () => {
    const book = pausedTree();
    book.resuming([tree[0]], 2_000);
    const saved = JSON.parse(JSON.stringify(book.toJSON())) as unknown;
    assert.equal(PauseBook.restore(saved, false).get('s1', 'parent')?.phase, 'resuming');
    assert.equal(PauseBook.restore(saved).get('s1', 'parent')?.phase, 'paused');
  });

  test('prompted from another client while no window watched: a record newer than the one seen stopped ends the pause when its server comes back', () => {
    const book = new PauseBook();
    book.begin(tree, session, 1_000);
    book.observe('s1', 'parent', 'idle', 5_000);
    book.observe('s1', 'childA', 'idle', 5_000);
    book.observe('s1', 'childB', 'idle', 5_000);
    assert.equal(book.observe('s1', 'parent', 'idle', 5_200), undefined, 'seen live: the server settling the stopped run');
    assert.equal(book.get('s1', 'parent')?.seen, 5_200);
    book.resuming([tree[2]], 2_000);
    // VS Code closes; the user prompts parent from the TUI, its run ends; VS Code opens and its server's listing is back.
    const again = PauseBook.restore(JSON.parse(JSON.stringify(book.toJSON())));
    assert.equal(again.get('s1', 'childB')?.phase, 'paused', 'the resume in flight at the restart is paused again');
    assert.equal(again.observe('s1', 'parent', 'idle', 9_000, true)?.reason, 'prompted', 'it ran meanwhile: a Raise leaves it alone');
    assert.equal(again.observe('s1', 'childA', 'idle', 5_000, true), undefined, 'unchanged: still paused');
    assert.equal(again.get('s1', 'childA')?.phase, 'paused');
    assert.equal(again.observe('s1', 'childB', 'idle', 7_000, true)?.reason, 'prompted', 'the resume in flight at the restart started it');
    assert.deepEqual(ids(again.resuming(tree, 2_000)), ['childA']);
  });

  test('the record time seen stopped: a pause stored before it was kept, or a server that reconnects while watched', () => {
    const book = pausedTree();
    assert.equal(book.get('s1', 'parent')?.seen, undefined, 'no record time given: nothing to compare');
    assert.equal(book.observe('s1', 'parent', 'idle', 9_000, true), undefined, 'unknown before: kept, and this time is the one seen');
    assert.equal(book.get('s1', 'parent')?.seen, 9_000);
    // A resume under way when its server drops and comes back with a newer record: our resume ran.
    book.resuming([tree[0]], 2_000);
    assert.equal(book.observe('s1', 'parent', 'idle', 9_500), undefined, 'live, the prompt taken: its run not seen yet');
    assert.equal(book.observe('s1', 'parent', 'idle', 9_500, true)?.reason, 'resumed');
  });

  test('another window’s write: the sessions whose pause began, changed or ended, each once (what the views redraw)', () => {
    const before = pausedTree();
    const theirs = PauseBook.restore(JSON.parse(JSON.stringify(before.toJSON())), false);
    assert.deepEqual(changedPauses(before, theirs), [], 'the same book: nothing to redraw');
    theirs.releaseAll([theirs.get('s1', 'childA')!]);
    theirs.resuming([tree[0]], 3_000);
    theirs.begin([{ serverId: 's2', sessionId: 'new', rootId: 'new' }], session, 3_000);
    const after = PauseBook.restore(JSON.parse(JSON.stringify(theirs.toJSON())), false);
    assert.deepEqual(
      changedPauses(before, after).map((s) => `${s.serverId}/${s.sessionId}`),
      ['s1/parent', 's2/new', 's1/childA'],
    );
  });

  test('restart: damaged or hostile stored data is dropped entry by entry, never fatal, and bounded', () => {
    assert.equal(PauseBook.restore(undefined).size, 0);
    assert.equal(PauseBook.restore('garbage').size, 0);
    const good = pausedTree().toJSON();
    const mixed = {
      ...good,
      seq: -5,
      pauses: [
        null,
        { ...good.pauses[0], budget: 'year' },
        { ...good.pauses[1], limit: 'lots' },
        { ...good.pauses[2], sessionId: 'x'.repeat(10_000) },
        good.pauses[1],
      ],
      exempt: [7, 'ok'],
    };
    const restored = PauseBook.restore(mixed);
    assert.deepEqual(ids(restored.all()), ['childA']);
    assert.deepEqual([...restored.exemptions.roots()], ['ok']);
    // Past what begin() ever keeps: the newest are read (stored in pause order).
    const many = Array.from({ length: MAX_STORED_PAUSES + 10 }, (_, i) => ({ ...good.pauses[0], sessionId: `s${i}`, seq: i }));
    const bounded = PauseBook.restore({ v: 1, seq: 0, pauses: many, exempt: [] });
    assert.equal(bounded.size, MAX_STORED_PAUSES);
    assert.equal(bounded.all()[0].sessionId, 's10');
  });

  test('server gone: nothing is said of its sessions, so their pauses stay; a session the server lost is let go', () => {
    const book = pausedTree();
    // Its server offline for a while: no observation at all. Back, the session deleted meanwhile:
    assert.equal(book.size, 3);
    assert.equal(book.observe('s1', 'childA', 'gone')?.reason, 'gone');
    assert.equal(book.observe('s1', 'parent', 'idle'), undefined, 'back and idle: still paused');
    assert.equal(book.get('s1', 'parent')?.phase, 'paused');
  });

  test('Resume Without Raising: the tree is exempt until it was seen running and stopped', () => {
    const book = pausedTree();
    book.exemptions.add('s1\u0000parent');
    assert.equal(book.exemptions.treesRunning(new Set()), false, 'not seen running yet: the resume may still be on its way');
    assert.equal(book.exemptions.treesRunning(new Set(['s1\u0000parent'])), false);
    assert.ok(book.exemptions.roots().has('s1\u0000parent'));
    assert.equal(book.exemptions.treesRunning(new Set()), true, 'it stopped: its next run counts again');
    assert.equal(book.exemptions.roots().size, 0);
  });

  test('Resume Without Raising that fails leaves the budget in force: the next run of the tree is stopped again', () => {
    const book = pausedTree();
    book.exemptions.add('s1\u0000parent');
    book.resuming([tree[1]], 2_000);
    book.resumeFailed('s1', 'childA', 'the server is not connected');
    assert.equal(book.get('s1', 'childA')?.phase, 'paused');
    assert.equal(book.exemptions.roots().has('s1\u0000parent'), false, 'no run was started: the user prompting it later is not exempt');
    // One seen running keeps its exemption until it stops, whatever became of another resume in its tree.
    book.exemptions.add('s1\u0000parent');
    book.exemptions.treesRunning(new Set(['s1\u0000parent']));
    book.resuming([tree[2]], 2_000);
    book.resumeFailed('s1', 'childB', 'HTTP 500');
    assert.ok(book.exemptions.roots().has('s1\u0000parent'));
  });

  test('a stored pause whose time is no date is dropped (session_status says it in ISO 8601)', () => {
    const good = pausedTree().toJSON();
    const restored = PauseBook.restore({ ...good, pauses: [{ ...good.pauses[0], at: 1e20 }, good.pauses[1]] });
    assert.deepEqual(ids(restored.all()), ['childA']);
    for (const p of restored.all()) assert.doesNotThrow(() => pauseStatus(p));
  });

  test('at most MAX_PAUSES exemptions are held, the newest kept across a restart', () => {
    const book = new PauseBook();
    for (let i = 0; i < MAX_PAUSES + 10; i++) book.exemptions.add(`s\u0000r${i}`);
    assert.equal(book.exemptions.roots().size, MAX_PAUSES);
    assert.ok(book.exemptions.roots().has(`s\u0000r${MAX_PAUSES + 9}`), 'the newest kept');
    const exempt = Array.from({ length: MAX_PAUSES + 10 }, (_, i) => `s\u0000r${i}`);
    const restored = PauseBook.restore({ v: 1, seq: 0, pauses: [], exempt });
    assert.equal(restored.exemptions.roots().size, MAX_PAUSES);
    assert.ok(restored.exemptions.roots().has(`s\u0000r${MAX_PAUSES + 9}`), 'the newest kept');
  });

  describe('at most MAX_PAUSES are held, never at the cost of a pause just made (its session would stay stopped)', () => {
    const sessions = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({ serverId: 's', sessionId: `${prefix}${i}`, rootId: `${prefix}${i}` }));

    test('a batch larger than MAX_PAUSES: its first MAX_PAUSES are held, the rest overflow (no pause), and a restart keeps them all', () => {
      const book = new PauseBook();
      const { begun, dropped, overflow } = book.begin(sessions('p', 600), session, 0);
      assert.equal(begun.length, MAX_PAUSES);
      assert.deepEqual(ids(begun), ids(sessions('p', MAX_PAUSES) as PausedSession[]));
      assert.deepEqual(dropped, []);
      assert.deepEqual(
        overflow,
        sessions('p', 600)
          .slice(MAX_PAUSES)
          .map(({ serverId, sessionId }) => ({ serverId, sessionId })),
      );
      assert.equal(book.size, MAX_PAUSES);
      for (const p of begun) assert.equal(book.get(p.serverId, p.sessionId), p, `${p.sessionId} held`);
      for (const o of overflow) assert.equal(book.get(o.serverId, o.sessionId), undefined, `${o.sessionId} not held`);
      assert.equal(PauseBook.restore(JSON.parse(JSON.stringify(book.toJSON()))).size, MAX_PAUSES);
    });

    test('a lost stop past MAX_PAUSES in its batch overflows too: its pause is let go, and a session twice in a batch counts once', () => {
      const book = new PauseBook();
      book.begin(sessions('lost', 1), session, 0);
      const batch = [...sessions('p', MAX_PAUSES), ...sessions('p', 1), ...sessions('lost', 1)];
      const { begun, dropped, overflow } = book.begin(batch, session, 1_000);
      assert.equal(begun.length, MAX_PAUSES);
      assert.deepEqual(overflow, [{ serverId: 's', sessionId: 'lost0' }]);
      assert.deepEqual(
        dropped.map((r) => [r.pause.sessionId, r.reason]),
        [['lost0', 'dropped']],
      );
      assert.equal(book.get('s', 'lost0'), undefined);
      assert.equal(book.size, MAX_PAUSES);
    });

    test('a full book and a new batch: older pauses go, those whose resume was sent first, then the oldest', () => {
      const book = new PauseBook();
      const old = sessions('old', MAX_PAUSES);
      book.begin(old, session, 1_000);
      for (const o of old) book.observe('s', o.sessionId, 'idle');
      book.resuming([old[250], old[251]], 2_000);
      const { begun, dropped } = book.begin(sessions('new', 5), session, 3_000);
      assert.equal(book.size, MAX_PAUSES);
      for (const p of begun) assert.ok(book.get('s', p.sessionId), `${p.sessionId} kept`);
      assert.deepEqual(
        dropped.map((r) => [r.pause.sessionId, r.reason]),
        [
          ['old250', 'dropped'],
          ['old251', 'dropped'],
          ['old0', 'dropped'],
          ['old1', 'dropped'],
          ['old2', 'dropped'],
        ],
      );
    });

    test('a lost stop sent again counts as this batch: kept, though it is the oldest', () => {
      const book = new PauseBook();
      const old = sessions('old', MAX_PAUSES);
      book.begin(old, session, 1_000);
      // old0 and old1 still pausing (their stops lost): stopped again with a new session.
      for (const o of old.slice(2)) book.observe('s', o.sessionId, 'idle');
      const { begun, dropped } = book.begin([old[0], old[1], ...sessions('new', 1)], session, 5_000);
      assert.deepEqual(ids(begun), ['old0', 'old1', 'new0']);
      for (const p of begun) assert.ok(book.get('s', p.sessionId), `${p.sessionId} kept`);
      assert.deepEqual(ids(dropped.map((r) => r.pause)), ['old2']);
    });

    test('a book of MAX_PAUSES old pauses and a larger batch: the batch’s first MAX_PAUSES are kept, every old one goes', () => {
      const book = new PauseBook();
      book.begin(sessions('old', MAX_PAUSES), session, 1_000);
      const { begun, dropped, overflow } = book.begin(sessions('new', 600), session, 2_000);
      assert.equal(dropped.length, MAX_PAUSES);
      assert.ok(dropped.every((r) => r.pause.sessionId.startsWith('old') && r.reason === 'dropped'));
      assert.equal(overflow.length, 100);
      assert.equal(book.size, MAX_PAUSES);
      assert.deepEqual(ids(book.all()), ids(begun));
      assert.deepEqual(ids(begun), ids(sessions('new', MAX_PAUSES) as PausedSession[]));
    });
  });
});
