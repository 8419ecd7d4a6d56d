// Listing by parent on OpenCode 2 (`GET /api/session?parentID=`, `null` for roots: packages/protocol/src/groups/
// session.ts), on a real 1.18.33 behind the release-shape adapter with the scripted model, through the recording
// proxy: a document that names `parentID` gets a roots-only listing, a subtree read gives every level and the
// inclusive total OpenCode recorded, a live session not held is read with its ancestors; a document that does not
// name it (an older 2.x) gets the whole listing, as before.
process.env.OCS_SERVER = 'opencode2';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SessionData } from '../../../../src/client/sessions/sessionData';
import { V2Api } from '../../../../src/client/v2/api';
import { earliestWindowStart } from '../../../../src/store/budgetWindows';
import { FaultProxy } from '../../../harness/faultProxy';
import { startHarness, type RunningHarness } from '../../../harness/harness';
import { allSessions, createSession, deleteSession, spawnChild } from '../../../harness/scenario';
import { waitFor } from '../../../harness/waitFor';

const usage = (prompt: number, completion: number) => ({ prompt, completion });

describe('OpenCode 2 listed by parent (1.18.33 behind the release-shape adapter)', () => {
  let h: RunningHarness;
  let proxy: FaultProxy;
  let root = '';
  let child = '';
  let grandchild = '';
  let lone = '';

  before(async () => {
    h = await startHarness();
    proxy = await new FaultProxy(h.server.url).start();
    root = (await createSession(h, { title: 'Root with a tree' })).id;
    lone = (await createSession(h, { title: 'Root alone' })).id;
    child = (await spawnChild(h, root, { description: 'Child task', child: usage(300, 40) })).id;
    grandchild = (await spawnChild(h, child, { description: 'Grandchild task', child: usage(500, 60) })).id;
  });

  after(async () => {
    await proxy?.stop();
    await h?.dispose();
  });

  const api = async () => {
    const v2 = new V2Api({ url: proxy.url, password: h.server.options.password! });
    await v2.loadContract(AbortSignal.timeout(30_000));
    return v2;
  };
  const listQueries = () => proxy.requests.filter((r) => r.method === 'GET' && r.path === '/api/session').map((r) => r.search);
  /** The children listings the server was asked for so far (each listing's first page). */
  const childListings = () =>
    listQueries()
      .map((q) => new URLSearchParams(q))
      .filter((q) => q.has('parentID') && q.get('parentID') !== 'null' && !q.has('cursor')).length;

  test('the listing asks for roots only; a subtree read gives every level and the recorded inclusive total', async () => {
    const v2 = await api();
    proxy.requests.length = 0;
    proxy.record();
    const listing = await v2.listSessions({});
    assert.equal(listing.rootsOnly, true);
    assert.deepEqual(listing.sessions.map((s) => s.id).sort(), [root, lone].sort());
    assert.ok(
      listQueries().every((q) => new URLSearchParams(q).get('parentID') === 'null'),
      JSON.stringify(listQueries()),
    );

    const data = new SessionData(() => v2);
    data.loadSnapshot(listing.sessions, {}, [], [], true);
    const store = data.reader;
    assert.equal(store.partial(root), true, 'its Σ is partial until read');
    assert.equal(store.childrenUnread(lone), true);
    assert.equal(store.get(child), undefined);

    await data.trees.readSubtree(root);
    assert.equal(store.parentOf(child), root);
    assert.equal(store.parentOf(grandchild), child);
    assert.equal(store.partial(root), false);
    // One listing per level read: the root's, the child's, the grandchild's (empty).
    assert.equal(childListings(), 3);
    assert.deepEqual(
      listQueries()
        .map((q) => new URLSearchParams(q).get('parentID'))
        .filter((p) => p !== 'null')
        .sort(),
      [root, child, grandchild].sort(),
    );
    // The inclusive total is what OpenCode recorded for each of the three, each once.
    const recorded = new Map((await allSessions(h)).map((s) => [s.id, s as unknown as { cost: number }]));
    const sum = [root, child, grandchild].reduce((total, id) => total + recorded.get(id)!.cost, 0);
    assert.ok(recorded.get(grandchild)!.cost > 0, 'the grandchild costs something');
    assert.equal(store.inclusive(root).cost.toFixed(9), sum.toFixed(9));
    // Read again: nothing asked, everything read already.
    await data.trees.readSubtree(root);
    assert.equal(childListings(), 3);
  });

  test('a live event naming a session not held reads it and its ancestors, and it shows under its parent', async () => {
    const v2 = await api();
    const data = new SessionData(() => v2);
    data.loadSnapshot((await v2.listSessions({})).sessions, {}, [], [], true);
    data.applyLive({ type: 'session.status', sessionID: grandchild, status: { type: 'busy' } });
    const store = data.reader;
    await waitFor(
      'the grandchild under its parent, under the root',
      () => [store.parentOf(grandchild), store.parentOf(child)],
      ([up, upper]) => up === child && upper === root,
    );
    // Read from the top down, then its root's tree whole: what spends below a live session counts in the budgets.
    await waitFor(
      'the root read whole',
      () => store.partial(root),
      (partial) => partial === false,
    );
    assert.equal(store.childrenUnread(child), false);
  });

  test('a session deleted, told live or answered gone, is not read up again', async () => {
    const v2 = await api();
    // The API as the store reads it, telling each session asked for by id (asked before the first await).
    const asked: string[] = [];
    let answered = 0;
    const counted = Object.assign(Object.create(v2) as V2Api, {
      getSession: async (info: Parameters<V2Api['getSession']>[0]) => {
        asked.push(info.id);
        try {
          return await v2.getSession(info);
        } finally {
          answered += 1;
        }
      },
    });
    const data = new SessionData(() => counted);
    data.loadSnapshot((await v2.listSessions({})).sessions, {}, [], [], true);
    // Deleted, and told so live: an event the stream still sends about it reads nothing.
    const told = (await createSession(h, { title: 'Deleted, told' })).id;
    await deleteSession(h, told);
    data.applyLive({ type: 'session.deleted', sessionID: told });
    data.applyLive({ type: 'session.status', sessionID: told, status: { type: 'idle' } });
    assert.deepEqual(asked, []);
    // Deleted, not told: read once, answered gone (404), not asked again.
    const untold = (await createSession(h, { title: 'Deleted, not told' })).id;
    await deleteSession(h, untold);
    data.applyLive({ type: 'session.status', sessionID: untold, status: { type: 'busy' } });
    assert.deepEqual(asked, [untold]);
    await waitFor(
      'the read of the deleted session answered',
      () => answered,
      (n) => n === 1,
    );
    data.applyLive({ type: 'session.status', sessionID: untold, status: { type: 'idle' } });
    assert.deepEqual(asked, [untold]);
    assert.equal(data.reader.get(untold), undefined);
  });

  test('after connect the trees active within the spend windows are read in the background; older ones are not', async () => {
    const v2 = await api();
    const listing = await v2.listSessions({});
    const connect = () => {
      const data = new SessionData(() => v2);
      data.loadSnapshot(listing.sessions, {}, [], [], true);
      return data;
    };
    // Every root was active before this window: nothing is read, every figure from then on is partial.
    const listedBefore = childListings();
    const old = connect();
    old.trees.connected(new AbortController().signal, Date.now() + 60_000);
    assert.equal(old.trees.reading, undefined);
    assert.equal(childListings() - listedBefore, 0);
    assert.equal(old.reader.partialSince(0), true);

    // A connection that ended before the read began reads nothing.
    const ended = connect();
    const gone = new AbortController();
    gone.abort();
    ended.trees.connected(gone.signal, earliestWindowStart(Date.now()));
    await ended.trees.reading;
    assert.equal(childListings() - listedBefore, 0);

    // This week's trees: both roots read whole, without a row opened.
    const since = earliestWindowStart(Date.now());
    const recent = connect();
    recent.trees.connected(new AbortController().signal, since);
    assert.ok(recent.trees.reading, 'a read under way');
    await recent.trees.reading;
    const store = recent.reader;
    assert.equal(store.parentOf(grandchild), child);
    assert.equal(store.parentOf(child), root);
    assert.equal(store.partial(root), false);
    assert.equal(store.partial(lone), false);
    assert.equal(store.partialSince(since), false);
    assert.equal(store.anyUnread, false);
    // One listing per session of the two trees (root, child, grandchild, lone).
    assert.equal(childListings() - listedBefore, 4);
  });

  test('a root that changes while connected has its tree read', async () => {
    const v2 = await api();
    const listing = await v2.listSessions({});
    const data = new SessionData(() => v2);
    data.loadSnapshot(listing.sessions, {}, [], [], true);
    data.trees.connected(new AbortController().signal, Date.now() + 60_000);
    const store = data.reader;
    assert.equal(store.partial(root), true);
    data.applyLive({ type: 'session.upsert', info: { ...store.get(root)!.info } });
    await waitFor(
      'the tree of the root that changed read',
      () => [store.partial(root), store.parentOf(grandchild)],
      ([partial, up]) => partial === false && up === child,
    );
    assert.equal(store.partial(lone), true, 'a root that did not change stays unread');
  });

  test('a document whose list does not name parentID (an older 2.x) is listed whole, as before', async () => {
    proxy.setFaults([
      {
        path: /^\/openapi\.json$/,
        fault: {
          kind: 'rewrite',
          edit: (body) => {
            const document = JSON.parse(body) as { paths: Record<string, Record<string, { parameters?: unknown[] }>> };
            delete document.paths['/api/session'].get.parameters;
            return JSON.stringify(document);
          },
        },
      },
    ]);
    try {
      const v2 = await api();
      proxy.requests.length = 0;
      proxy.record();
      const listing = await v2.listSessions({});
      assert.equal(listing.rootsOnly, undefined);
      assert.deepEqual(listing.sessions.map((s) => s.id).sort(), [root, lone, child, grandchild].sort());
      assert.ok(
        listQueries().every((q) => !new URLSearchParams(q).has('parentID')),
        JSON.stringify(listQueries()),
      );
      const data = new SessionData(() => v2);
      data.loadSnapshot(listing.sessions, {}, []);
      assert.equal(data.reader.partial(root), false);
      assert.equal(data.reader.readsByParent, false);
    } finally {
      proxy.setFaults([]);
    }
  });
});
