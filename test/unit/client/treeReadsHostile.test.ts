// Tree reads (listed by parent) against a server that answers badly: one that ignores `parentID`, sessions it
// cannot give, children listings with malformed entries or cut at a cap, and many reads at once. The server
// here is a scripted ServerApi (only its listChildren and getSession are asked): the store's reactions to each
// answer are what is tested; a real server listing by parent is in listByParent.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ServerApi, SessionListing } from '../../../src/client/serverApi';
import { TreeReads } from '../../../src/client/sessions/treeReads';
import type { SessionInfo } from '../../../src/store/events';
import { SessionStore } from '../../../src/store/sessionStore';
import { waitFor } from '../../harness/waitFor';

const session = (id: string, parentID?: string): SessionInfo => ({
  id,
  parentID,
  title: id,
  directory: '/w',
  time: { created: 1, updated: 1 },
});

interface Script {
  listChildren?(parentID: string): Promise<SessionListing>;
  getSession?(id: string): Promise<{ info?: SessionInfo } | undefined>;
}

/** A store holding `roots` as a roots-only listing, and tree reads asking `script`. */
function setup(roots: string[], script: Script) {
  const store = new SessionStore();
  store.loadSnapshot(
    roots.map((id) => session(id)),
    {},
    [],
    [],
    true,
  );
  const failures: string[] = [];
  const malformed: number[] = [];
  const listed: string[] = [];
  const asked: string[] = [];
  let clock = 1_000_000;
  const api = {
    listChildren: (parentID: string) => {
      listed.push(parentID);
      return script.listChildren!(parentID);
    },
    getSession: (info: { id: string }) => {
      asked.push(info.id);
      return script.getSession!(info.id);
    },
  } as unknown as ServerApi;
  const trees = new TreeReads({
    api: () => api,
    store,
    emit: () => undefined,
    archived: () => false,
    failed: (what) => failures.push(what),
    malformed: (_kind, count) => malformed.push(count),
    now: () => clock,
  });
  const connection = new AbortController();
  trees.connected(connection.signal, Number.MAX_SAFE_INTEGER);
  return { store, trees, failures, malformed, listed, asked, tick: (ms: number) => (clock += ms), connection };
}

/** A promise answered when the test says. */
function later<T>() {
  let answer!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (answer = resolve));
  return { promise, answer };
}

const upsert = (id: string) => ({ type: 'session.upsert' as const, info: session(id) });
const busy = (id: string) => ({ type: 'session.status' as const, sessionID: id, status: { type: 'busy' as const } });

describe('tree reads against a hostile server', () => {
  test('a server that ignores parentID is asked one listing, then none on that connection; a new connection asks again', async () => {
    // Every listing answers every session, whatever the parent asked.
    const all = { sessions: [session('a1', 'a'), session('b1', 'b')], malformed: 0 };
    const t = setup(['a', 'b'], { listChildren: () => Promise.resolve(all) });
    await t.trees.readSubtree('a');
    assert.deepEqual(t.listed, ['a']);
    assert.equal(t.failures.length, 1, 'said once');
    // Each event about a root that changed, each row opened, the other root: nothing more is asked.
    for (let i = 0; i < 5; i++) t.trees.noticed(upsert('a'));
    await t.trees.readSubtree('a');
    await t.trees.readSubtree('b');
    assert.deepEqual(t.listed, ['a']);
    assert.equal(t.failures.length, 1);
    // Its trees say "at least".
    assert.equal(t.store.partial('a'), true);
    assert.equal(t.store.partial('b'), true);
    // A new connection (maybe another server) is asked again.
    t.connection.abort();
    t.trees.connected(new AbortController().signal, Number.MAX_SAFE_INTEGER);
    await t.trees.readSubtree('b');
    assert.deepEqual(t.listed, ['a', 'b']);
  });

  test('a session that cannot be read (a 5xx) is not asked again on each event, but after a wait that grows', async () => {
    const t = setup(['a'], {
      getSession: () => Promise.reject(new Error('500 Internal Server Error')),
    });
    t.trees.noticed(busy('x'));
    await waitFor(
      'the failed read told',
      () => t.failures.length,
      (n) => n === 1,
    );
    for (let i = 0; i < 10; i++) t.trees.noticed(busy('x'));
    assert.deepEqual(t.asked, ['x']);
    // After the first wait: asked again, once.
    t.tick(5_001);
    for (let i = 0; i < 3; i++) t.trees.noticed(busy('x'));
    assert.deepEqual(t.asked, ['x', 'x']);
    await waitFor(
      'the second failed read told',
      () => t.failures.length,
      (n) => n === 2,
    );
    // The second wait is longer than the first.
    t.tick(5_001);
    t.trees.noticed(busy('x'));
    assert.deepEqual(t.asked, ['x', 'x']);
    t.tick(5_000);
    t.trees.noticed(busy('x'));
    assert.deepEqual(t.asked, ['x', 'x', 'x']);
  });

  test('a session whose answer is not a session, and the parent that failed on the way up, wait too', async () => {
    // `c` reads; its parent `p` answers something that is not a session.
    const t = setup(['a'], {
      getSession: (id) => Promise.resolve(id === 'c' ? { info: session('c', 'p') } : { info: undefined }),
      listChildren: () => Promise.resolve({ sessions: [], malformed: 0 }),
    });
    t.trees.noticed(busy('c'));
    await waitFor(
      'c held under a parent not read',
      () => t.store.get('c')?.info.parentID,
      (p) => p === 'p',
    );
    assert.deepEqual(t.asked, ['c', 'p']);
    for (let i = 0; i < 5; i++) {
      t.trees.noticed(busy('c'));
      t.trees.noticed(busy('p'));
    }
    assert.deepEqual(t.asked, ['c', 'p']);
  });

  test('at most 4 live sessions are read up at once; the others wait their turn', async () => {
    const answers = new Map<string, ReturnType<typeof later<{ info?: SessionInfo } | undefined>>>();
    const t = setup(['a'], {
      getSession: (id) => {
        const answer = later<{ info?: SessionInfo } | undefined>();
        answers.set(id, answer);
        return answer.promise;
      },
      listChildren: () => Promise.resolve({ sessions: [], malformed: 0 }),
    });
    for (let i = 0; i < 10; i++) t.trees.noticed(busy(`s${i}`));
    assert.deepEqual(t.asked, ['s0', 's1', 's2', 's3']);
    // One answered (a root): the next waiting one is asked.
    answers.get('s0')!.answer({ info: session('s0') });
    await waitFor(
      'the fifth asked',
      () => t.asked.length,
      (n) => n === 5,
    );
    assert.equal(t.asked[4], 's4');
    // Four answered (gone): four more asked, never more than four under way.
    for (const id of ['s1', 's2', 's3', 's4']) answers.get(id)!.answer(undefined);
    await waitFor(
      'four more asked',
      () => t.asked.length,
      (n) => n === 9,
    );
    answers.get('s5')!.answer(undefined);
    await waitFor(
      'the last asked',
      () => t.asked.length,
      (n) => n === 10,
    );
    assert.equal(new Set(t.asked).size, 10, 'each once');
  });

  for (const [what, incomplete] of [
    ['malformed entries', { malformed: 2 }],
    ['a cap', { malformed: 0, capped: 'stopped after 5 000 sessions' }],
  ] as const)
    test(`a children listing with ${what} keeps its parent partial and the children it did not list`, async () => {
      let answer: SessionListing = { sessions: [session('c1', 'a')], malformed: 0 };
      const t = setup(['a'], { listChildren: (p) => Promise.resolve(p === 'a' ? answer : { sessions: [], malformed: 0 }) });
      await t.trees.readSubtree('a');
      assert.equal(t.store.childrenUnread('a'), false);
      assert.equal(t.store.parentOf('c1'), 'a');
      // Read again on a new connection: this time the listing is incomplete and names c2 only.
      answer = { sessions: [session('c2', 'a')], ...incomplete };
      t.connection.abort();
      t.store.loadSnapshot([session('a')], {}, [], [], true);
      t.trees.connected(new AbortController().signal, Number.MAX_SAFE_INTEGER);
      const listingsOfA = () => t.listed.filter((p) => p === 'a').length;
      await t.trees.readSubtree('a');
      assert.equal(listingsOfA(), 2);
      assert.equal(t.store.parentOf('c1'), 'a', 'a child not listed may be one skipped: it stays');
      assert.equal(t.store.parentOf('c2'), 'a');
      assert.equal(t.store.childrenUnread('a'), true);
      assert.equal(t.store.partial('a'), true, 'its Σ says "at least"');
      assert.deepEqual(t.malformed, incomplete.malformed ? [2] : []);
      // Not asked again on this connection: each event about the root would cost a listing.
      t.trees.noticed(upsert('a'));
      await t.trees.readSubtree('a');
      assert.equal(listingsOfA(), 2);
    });

  test('trees open before a reconnect are read one at a time, first, then the recent ones', async () => {
    const answers: ReturnType<typeof later<SessionListing>>[] = [];
    const t = setup([], {
      listChildren: () => {
        const answer = later<SessionListing>();
        answers.push(answer);
        return answer.promise;
      },
    });
    t.store.loadSnapshot(
      ['a', 'b', 'c'].map((id) => session(id)),
      {},
      [],
      [],
      true,
    );
    t.trees.connected(new AbortController().signal, 0, ['c', 'b']);
    await waitFor(
      'the first tree asked',
      () => t.listed.length,
      (n) => n === 1,
    );
    assert.deepEqual(t.listed, ['c']);
    answers[0].answer({ sessions: [], malformed: 0 });
    await waitFor(
      'the second tree asked',
      () => t.listed.length,
      (n) => n === 2,
    );
    assert.deepEqual(t.listed, ['c', 'b']);
    answers[1].answer({ sessions: [], malformed: 0 });
    await waitFor(
      'the recent tree asked',
      () => t.listed.length,
      (n) => n === 3,
    );
    assert.deepEqual(t.listed, ['c', 'b', 'a']);
    answers[2].answer({ sessions: [], malformed: 0 });
    await t.trees.reading;
  });

  test('a read cut short by its connection ending is not logged as a failure; one that fails while connected is', async () => {
    let abortListing!: (err: Error) => void;
    const pending = new Promise<SessionListing>((_resolve, reject) => (abortListing = reject));
    const t = setup(['a', 'b'], {
      listChildren: (parentID) => (parentID === 'a' ? pending : Promise.reject(new Error('500 from the server'))),
    });
    const signal = t.connection.signal;
    const a = t.trees.readSubtree('a', signal);
    await t.trees.readSubtree('b', signal);
    assert.deepEqual(t.failures, ['the sessions below b']);
    // The connection ends while `a`'s listing is out: the listing fails as an aborted request does.
    t.connection.abort();
    abortListing(Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }));
    await a;
    assert.deepEqual(t.failures, ['the sessions below b'], 'the aborted walk is not said');
  });
});
