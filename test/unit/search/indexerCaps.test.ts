// The indexer's caps against a real 1.18.33 server (and, for pages that never end, a 1.x stand-in of the test's
// own): a session too large for its share stops being read mid-stream, at its newest messages; the least
// recently active sessions are left out past the index's cap, counted (after a restart too), and a larger cap
// lets them back in; sessions gone from the listing are asked about at most 4 at a time; the setting is held to
// its range whatever a workspace or a typo holds.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ServerConnection } from '../../../src/client/serverConnection';
import { V1Api } from '../../../src/client/v1/api';
import { DEFAULT_MAX_INDEX_MB, maxIndexBytes } from '../../../src/features/search/common/searchLimits';
import { ServerIndexer, sessionCapOf } from '../../../src/features/search/node/serverIndexer';
import { SessionStore } from '../../../src/store/sessionStore';
import { FaultProxy } from '../../harness/faultProxy';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { importedSession } from '../../harness/importedSession';
import { createSession, prompt } from '../../harness/scenario';
import { text } from '../../harness/scriptedModel';
import { waitFor } from '../../harness/waitFor';
import { connectionOf } from './listedConnection';
import { standIn, type StandIn } from '../../scale/readers/searchShapes';
import { engineScript } from '../../harness/paths';

const KB = 1024;
const root = mkdtempSync(join(tmpdir(), 'ocs-indexer-caps-'));
after(() => rmSync(root, { recursive: true, force: true }));

async function newestMessage(url: string, session: { id: string; directory: string }): Promise<string | undefined> {
  for await (const page of new V1Api({ url }).transcriptPages(session, { newest: 1 })) return page.at(-1)?.id;
  return undefined;
}

/** Done reading what it queued. */
async function settled(indexer: ServerIndexer): Promise<void> {
  await waitFor(
    'indexing settled',
    () => indexer.progress(),
    (p) => !p.running,
  );
}

describe('ServerIndexer caps on a real server', () => {
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

  test('a session over its share is read only to it, newest first, its older pages never asked for', async () => {
    const long = await importedSession(h, { steps: 1_000, title: 'Long' });
    const route = `/session/${long.id}/message`;
    const logs: string[] = [];
    const cap = 4 * KB;
    const indexer = new ServerIndexer(await connectionOf(proxy.url, [long.id]), {
      engineScript: engineScript(),
      maxBytes: () => cap,
      pace: 0,
      log: (m) => logs.push(m),
    });
    const asked = proxy.seen.get(route) ?? 0;
    await indexer.sync();
    await settled(indexer);
    const session = indexer.index.session(long.id)!;
    assert.ok(session.capped, 'read to its cap');
    assert.ok(session.bytes > 0 && session.bytes <= sessionCapOf(cap), `${session.bytes} bytes against a share of ${sessionCapOf(cap)}`);
    assert.ok(indexer.index.bytes <= cap);
    // 2 000 messages are 10 pages of 200; a share of 3.4 KB of 23-character messages is about two.
    const pages = (proxy.seen.get(route) ?? 0) - asked;
    assert.ok(pages >= 1 && pages <= 3, `${pages} pages asked for`);
    const newest = await newestMessage(h.server.url, long);
    assert.ok(newest && (await indexer.engine.doneOf(long.id, [newest])).length, 'its newest message is searchable');
    assert.equal(indexer.progress().partial, 1, 'counted where the search pick says it');
    assert.ok(
      logs.some((m) => m.includes('is too large to index whole')),
      logs.join(' | '),
    );
    await indexer.dispose();
  });

  test('past the index cap the least recently active are left out and counted, after a restart too; a larger cap lets them back in', async () => {
    const folder = join(root, 'dropped');
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const session = await createSession(h, { title: `Capped ${i}` });
      await prompt(h, session.id, `quokka${i} ${'filler '.repeat(220)}`, [text(`Noted ${i}.`)]);
      ids.push(session.id);
    }
    let cap = 4 * KB;
    const logs: string[] = [];
    const options = { folder, engineScript: engineScript(), maxBytes: () => cap, pace: 0, log: (m: string) => logs.push(m) };
    const indexer = new ServerIndexer(await connectionOf(proxy.url, ids), options);
    await indexer.ready();
    await indexer.sync();
    await settled(indexer);
    const kept = indexer.index.sessionCount;
    assert.ok(indexer.index.bytes <= cap, `${indexer.index.bytes} bytes against a cap of ${cap}`);
    assert.ok(kept >= 1 && kept < 4, `${kept} of 4 kept`);
    assert.equal(indexer.progress().dropped, 4 - kept, 'the sessions left out, counted');
    assert.ok(indexer.index.session(ids[3]), 'the most recently active is kept');
    assert.deepEqual(await indexer.index.search({ text: 'quokka0' }), [], 'the least recently active is not searchable');
    assert.ok(
      logs.some((m) => m.includes('reached its cap')),
      logs.join(' | '),
    );
    await indexer.dispose();

    // A restart at the same cap: the ones left out stay out, are not read again, and are still counted.
    const again = new ServerIndexer(await connectionOf(proxy.url, ids), options);
    await again.ready();
    await again.sync();
    await settled(again);
    assert.equal(again.index.sessionCount, kept);
    assert.deepEqual([...again.readSessions], [], 'nothing read again');
    assert.equal(again.progress().dropped, 4 - kept, 'counted after the restart');

    cap = 1024 * KB;
    again.capChanged();
    await waitFor(
      'every session back in',
      () => again.index.sessionCount,
      (n) => n === 4,
    );
    // Searchable again once its pages are read: a session is counted from its newest page, its prompt may be older.
    await waitFor(
      'the least recently active searchable again',
      async () => ({
        hits: (await again.index.search({ text: 'quokka0' })).map((hit) => hit.session.id),
        held: again.index.session(ids[0]),
        read: [...again.readSessions],
        progress: again.progress(),
        logs: logs.slice(-5),
      }),
      ({ hits }) => hits[0] === ids[0],
      undefined,
      // One line: what a CI summary shows of a failure.
      (seen) => JSON.stringify({ ...seen, ids }),
    );
    await settled(again);
    assert.equal(again.progress().dropped, 0);
    await again.dispose();
  });

  test('sessions gone from the listing are asked about 4 at a time, and dropped once the server says they are gone', async () => {
    const indexer = new ServerIndexer(await connectionOf(proxy.url, []), { engineScript: engineScript(), maxBytes: () => 1e9, pace: 0 });
    const gone = Array.from({ length: 10 }, (_, i) => `ses_gone${String(i).padStart(22, '0')}`);
    for (const id of gone)
      await indexer.addMessages({ id, title: id, directory: h.server.directory, updated: 1 }, [
        { id: `msg_${id}`, sessionID: id, role: 'user', created: 1, parts: [{ kind: 'text', id: `prt_${id}`, text: 'gone soon' }] },
      ]);
    const asking = /^\/session\/ses_gone/;
    const asked = () => [...proxy.seen].filter(([path]) => asking.test(path)).reduce((n, [, count]) => n + count, 0);
    proxy.setFaults([{ fault: { kind: 'hold' }, path: asking }]);
    try {
      await indexer.sync();
      await waitFor(
        'the first checks held',
        () => [...proxy.held].filter(([path]) => asking.test(path)).reduce((n, [, count]) => n + count, 0),
        (n) => n >= 4,
      );
      // A request of the test's own through the same proxy, answered: the checks sent before it have arrived.
      await new V1Api({ url: proxy.url }).listSessions({});
      assert.equal(asked(), 4, 'no more than 4 in flight');
    } finally {
      proxy.setFaults([]);
    }
    await waitFor(
      'every gone session dropped',
      () => indexer.index.sessionCount,
      (n) => n === 0,
    );
    assert.equal(asked(), 10, 'each asked once');
    await indexer.dispose();
  });
});

describe('ServerIndexer on a server whose message pages never end (a 1.x stand-in)', () => {
  let server: StandIn;
  before(async () => (server = await standIn()));
  after(() => server?.close());

  test('the cap holds mid-stream: the session is read to its share, and said to be partly searchable', async () => {
    server.reset();
    server.sessions.set('ses_endless', {});
    const sessions = new SessionStore();
    sessions.apply({
      type: 'session.upsert',
      info: { id: 'ses_endless', title: 'Endless', directory: '/w', time: { created: 1, updated: 2 } },
    });
    const connection = {
      label: 'stand-in',
      api: new V1Api({ url: server.url }),
      sessions,
      endpoint: () => Promise.resolve({ url: server.url }),
    } as unknown as ServerConnection;
    const logs: string[] = [];
    const cap = 256 * KB;
    const indexer = new ServerIndexer(connection, { engineScript: engineScript(), maxBytes: () => cap, pace: 0, log: (m) => logs.push(m) });
    await indexer.sync();
    await settled(indexer);
    assert.ok(indexer.index.bytes > 0 && indexer.index.bytes <= cap, `${indexer.index.bytes} bytes against a cap of ${cap}`);
    assert.equal(indexer.index.session('ses_endless')?.capped, true);
    assert.equal(indexer.progress().partial, 1);
    assert.ok(
      logs.some((m) => m.includes('is too large to index whole')),
      logs.join(' | '),
    );
    await indexer.dispose();
  });
});

describe('the index cap setting (maxIndexBytes)', () => {
  test("held to 1–4096 MB: a workspace's 0 or a typo never empties an index", () => {
    const MB = 1024 * 1024;
    assert.equal(maxIndexBytes(0), MB);
    assert.equal(maxIndexBytes(-5), MB);
    assert.equal(maxIndexBytes(1e9), 4096 * MB);
    assert.equal(maxIndexBytes(250), 250 * MB);
    for (const odd of [undefined, null, '0', Number.NaN, Infinity])
      assert.equal(maxIndexBytes(odd), DEFAULT_MAX_INDEX_MB * MB, String(odd));
  });
});
