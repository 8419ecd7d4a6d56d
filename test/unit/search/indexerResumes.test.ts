// A whole read cut short, against a real 1.18.33 server: its second (older) page fails once at a proxy. The next
// read must not stop at the first page because it holds only messages read before: the older pages were never read,
// and the oldest prompt was unsearchable for good (the review's 600-message session).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ServerIndexer } from '../../../src/features/search/node/serverIndexer';
import { FaultProxy } from '../../harness/faultProxy';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { importedSession } from '../../harness/importedSession';
import { engineScript } from '../../harness/paths';
import { waitFor } from '../../harness/waitFor';
import { connectionOf } from './listedConnection';

describe('ServerIndexer after a read cut short', () => {
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

  test('a page that failed once is read at the next sync, past the page read before', async () => {
    // 150 turns: 300 messages, two pages of 200; the oldest prompt is on the second.
    const session = await importedSession(h, {
      title: 'Long enough',
      steps: 150,
      prompt: (i) => (i === 0 ? 'Mind the zebracornfish' : `Step ${i + 1}, please`),
    });
    const indexer = new ServerIndexer(await connectionOf(proxy.url, [session.id]), {
      engineScript: engineScript(),
      maxBytes: () => 50 * 1024 * 1024,
      pace: 0,
    });
    try {
      proxy.setFaults([
        {
          fault: { kind: 'status', status: 500, message: 'failed once' },
          path: new RegExp(`^/session/${session.id}/message$`),
          query: /before=/,
        },
      ]);
      await indexer.ready();
      await indexer.sync();
      await waitFor(
        'the read failed at its second page',
        () => indexer.progress(),
        (p) => !p.running && p.failed === 1,
      );
      assert.deepEqual(await indexer.search({ text: 'zebracornfish' }), [], 'the older page was not read');

      proxy.setFaults([]);
      await indexer.sync();
      await waitFor(
        'the oldest prompt searchable after the next sync',
        async () => ({ hits: (await indexer.search({ text: 'zebracornfish' })).length, progress: indexer.progress() }),
        ({ hits, progress }) => hits === 1 && !progress.running,
      );
    } finally {
      await indexer.dispose();
    }
  });
});
