// The search index of a server listed by parent (OpenCode 2: the store holds the roots and the trees read so far),
// against a real 1.18.33 server through a recording proxy: after a connect, a sub-agent it indexed before that the
// store does not hold is below a tree not read yet, so it is not asked about as gone; a root missing from the
// listing still is (and dropped when the server says it is gone).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ServerConnection } from '../../../src/client/serverConnection';
import { V1Api } from '../../../src/client/v1/api';
import { ServerIndexer } from '../../../src/features/search/node/serverIndexer';
import { SessionStore } from '../../../src/store/sessionStore';
import { FaultProxy } from '../../harness/faultProxy';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { engineScript } from '../../harness/paths';
import { createSession, deleteSession, prompt, spawnChild } from '../../harness/scenario';
import { text } from '../../harness/scriptedModel';
import { waitFor } from '../../harness/waitFor';

describe('ServerIndexer on a server listed by parent', () => {
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

  test('a sub-agent not held is not asked about as gone; a root gone from the listing is, and is dropped', async () => {
    const root = await createSession(h, { title: 'Root kept' });
    await prompt(h, root.id, 'Start', [text('Started.')]);
    const child = await spawnChild(h, root.id, { description: 'Child below' });
    const doomed = await createSession(h, { title: 'Root deleted' });
    await prompt(h, doomed.id, 'Start', [text('Started.')]);
    const api = new V1Api({ url: proxy.url });
    let sessions = new SessionStore();
    sessions.loadSnapshot((await api.listSessions({})).sessions);
    const connection = {
      label: 'local',
      api,
      endpoint: () => Promise.resolve({ url: proxy.url }),
      get sessions() {
        return sessions;
      },
    } as unknown as ServerConnection;
    const indexer = new ServerIndexer(connection, { engineScript: engineScript(), maxBytes: () => 50 * 1024 * 1024, pace: 0 });
    try {
      await indexer.sync();
      await waitFor('the three sessions indexed', () => [child.id, root.id, doomed.id].every((id) => indexer.index.session(id)), Boolean);
      // A connect listed by parent: the roots only, the deleted one no longer among them.
      await deleteSession(h, doomed.id);
      sessions = new SessionStore();
      sessions.loadSnapshot(
        (await api.listSessions({})).sessions.filter((s) => !s.parentID),
        {},
        [],
        [],
        true,
      );
      proxy.requests.length = 0;
      proxy.record();
      await indexer.sync();
      await waitFor(
        'the deleted root dropped from the index',
        () => indexer.index.session(doomed.id),
        (s) => s === undefined,
      );
      const asked = proxy.requests.filter((r) => r.method === 'GET' && /^\/session\/[^/]+$/.test(r.path)).map((r) => r.path);
      assert.deepEqual(asked, [`/session/${doomed.id}`], 'only the root gone from the listing was asked about');
      assert.ok(indexer.index.session(child.id), 'the sub-agent stays indexed');

      // Once its parent's children are read whole without it (deleted while nobody watched), it is asked about too.
      await deleteSession(h, child.id);
      sessions.childrenRead(root.id, []);
      proxy.requests.length = 0;
      await indexer.sync();
      await waitFor(
        'the deleted sub-agent dropped from the index',
        () => indexer.index.session(child.id),
        (s) => s === undefined,
      );
      const then = proxy.requests.filter((r) => r.method === 'GET' && /^\/session\/[^/]+$/.test(r.path)).map((r) => r.path);
      assert.deepEqual(then, [`/session/${child.id}`], 'only the sub-agent gone from its read parent was asked about');
      assert.ok(indexer.index.session(root.id), 'its root stays indexed');
    } finally {
      await indexer.dispose();
    }
  });
});
