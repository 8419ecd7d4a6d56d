// A session deleted while the indexer reads it, against a real 1.18.33 server: the page in flight (its first page
// read whole, or its newest page read again after it moved) held back at a proxy until the deletion is reported,
// then answered. What that page added is dropped again: the session is not searchable, and the index does not list it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ServerIndexer } from '../../../src/features/search/node/serverIndexer';
import { SessionStore } from '../../../src/store/sessionStore';
import { FaultProxy } from '../../harness/faultProxy';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { engineScript } from '../../harness/paths';
import { createSession, prompt } from '../../harness/scenario';
import { text } from '../../harness/scriptedModel';
import { waitFor } from '../../harness/waitFor';
import { connectionOf } from './listedConnection';

describe('ServerIndexer and a session deleted meanwhile', () => {
  let h: RunningHarness;
  let proxy: FaultProxy;

  before(async () => {
    h = await startHarness();
    proxy = await new FaultProxy(h.server.url).start();
  });
  after(async () => {
    await proxy?.stop();
    await h?.dispose();
  });

  /** An indexer of the server (through the proxy) as it lists this one session now, and the store it reads. */
  async function indexerOf(sessionId: string): Promise<{ sessions: SessionStore; indexer: ServerIndexer }> {
    const connection = await connectionOf(proxy.url, [sessionId]);
    return {
      sessions: connection.sessions as SessionStore, // connectionOf's own store
      indexer: new ServerIndexer(connection, { engineScript: engineScript(), maxBytes: () => 50 * 1024 * 1024, pace: 0 }),
    };
  }

  test('deleted while its first page is read: what that page added is dropped again', async () => {
    const session = await createSession(h, { title: 'Short lived' });
    await prompt(h, session.id, 'Count the narwhalquill', [text('Counted.')]);
    const { sessions, indexer } = await indexerOf(session.id);
    try {
      const route = `/session/${session.id}/message`;
      proxy.setFaults([{ fault: { kind: 'hold' }, path: new RegExp(`^${route}$`) }]);
      await indexer.sync();
      await waitFor(
        'its first page asked for and held',
        () => proxy.held.get(route) ?? 0,
        (n) => n > 0,
      );
      assert.equal(indexer.index.session(session.id), undefined, 'nothing of it indexed yet');
      indexer.handle(sessions.apply({ type: 'session.deleted', sessionID: session.id }));
      proxy.setFaults([]);
      await waitFor(
        'the read over',
        () => indexer.progress(),
        (p) => !p.running,
      );
      await waitFor(
        'the session dropped from the index',
        () => indexer.index.session(session.id),
        (s) => s === undefined,
      );
      assert.deepEqual(await indexer.search({ text: 'narwhalquill' }), [], 'nothing of it is found');
      assert.equal((await indexer.engine.stats()).sessions, 0, "the engine's index holds no session");
    } finally {
      await indexer.dispose();
    }
  });

  test('deleted while its newest page is read again (it moved): what that page added is dropped again', async () => {
    const session = await createSession(h, { title: 'Moved then gone' });
    await prompt(h, session.id, 'Count the pangolinwick', [text('Counted.')]);
    const { sessions, indexer } = await indexerOf(session.id);
    try {
      await indexer.sync();
      await waitFor(
        'the session indexed',
        async () => (await indexer.search({ text: 'pangolinwick' })).length,
        (n) => n === 1,
      );
      const route = `/session/${session.id}/message`;
      proxy.setFaults([{ fault: { kind: 'hold' }, path: new RegExp(`^${route}$`) }]);
      // Moved: a message of it changed (a session listed again as it was read is not read again).
      indexer.handle({
        changed: new Set([session.id]),
        structure: new Set(),
        removed: new Set(),
        requests: false,
        messages: new Map([[session.id, new Set<string>()]]),
      });
      await waitFor(
        'its newest page asked for again and held',
        () => proxy.held.get(route) ?? 0,
        (n) => n > 0,
      );
      indexer.handle(sessions.apply({ type: 'session.deleted', sessionID: session.id }));
      proxy.setFaults([]);
      await waitFor(
        'the read over',
        () => indexer.sessionsInFlight,
        (n) => n === 0,
      );
      assert.equal(indexer.index.session(session.id), undefined, 'the index does not list it');
      // The engine drops it after the page it added (its changes are answered in turn).
      await waitFor(
        "the engine's index holds no session and nothing of it is found",
        async () => ({ sessions: (await indexer.engine.stats()).sessions, hits: (await indexer.search({ text: 'pangolinwick' })).length }),
        (n) => n.sessions === 0 && n.hits === 0,
      );
    } finally {
      await indexer.dispose();
    }
  });
});
