// A session's share of the search index (a quarter of its cap) holds however it is read: a working session whose
// newest messages are read at every move, against a server of the test's own whose every answer holds messages not
// seen before (a session that keeps writing large tool outputs); and a first read whose first page crosses the
// share keeps that page's newest messages.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { ServerConnection } from '../../../src/client/serverConnection';
import { V1Api } from '../../../src/client/v1/api';
import { ServerIndexer, sessionCapOf } from '../../../src/features/search/node/serverIndexer';
import { SessionStore } from '../../../src/store/sessionStore';
import { emptyChange } from '../../../src/store/storeChange';
import { waitFor } from '../../harness/waitFor';
import { engineScript } from '../../harness/paths';

const KB = 1024;
let server: Server;
let url = '';
let served = 0;

before(async () => {
  // OpenCode 1.x's `GET /session/{id}/message`: every answer 20 messages of about 10 KB never sent before, and a
  // cursor to more (the pages never end).
  server = createServer((_req, res) => {
    const items = Array.from({ length: 20 }, () => {
      const id = `msg_${String(++served).padStart(10, '0')}`;
      return {
        info: { id, sessionID: 'ses_a', role: 'user', time: { created: served } },
        parts: [{ id: `prt_${id}`, type: 'text', text: `word${served} `.repeat(800) }],
      };
    });
    res.writeHead(200, { 'content-type': 'application/json', 'x-next-cursor': `c${served}` }).end(JSON.stringify(items));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

test('a session that keeps moving stays within its share of the index', async () => {
  const sessions = new SessionStore();
  const info = (updated: number) => ({ id: 'ses_a', title: 'a', directory: '/w', time: { created: 1, updated } });
  sessions.apply({ type: 'session.upsert', info: info(2) });
  const connection = {
    label: 'hostile',
    api: new V1Api({ url }),
    sessions,
    endpoint: () => Promise.resolve({ url }),
  } as unknown as ServerConnection;
  const maxBytes = 4 * 1024 * KB;
  const share = sessionCapOf(maxBytes);
  const logs: string[] = [];
  const indexer = new ServerIndexer(connection, {
    engineScript: engineScript(),
    maxBytes: () => maxBytes,
    pace: 0,
    log: (m) => logs.push(m),
  });
  await indexer.ready();
  await indexer.sync();
  await waitFor(
    'the first read',
    () => indexer.progress(),
    (p) => !p.running && p.read === 1,
  );
  assert.ok(indexer.index.session('ses_a')?.capped, 'read to its share');
  // The session moves five times; each move reads its newest messages (20 never seen, about 200 KB).
  for (let move = 3; move < 8; move++) {
    const asked = served;
    sessions.apply({ type: 'session.upsert', info: info(move) });
    const change = emptyChange();
    change.changed.add('ses_a');
    indexer.handle(change);
    await waitFor(
      'its newest messages read',
      () => served,
      (n) => n > asked,
    );
    // Indexed, or left out for the share: either way its newest message is settled.
    const newest = `msg_${String(served).padStart(10, '0')}`;
    await waitFor(
      'the read settled',
      async () => ({ session: indexer.index.session('ses_a'), done: (await indexer.engine.doneOf('ses_a', [newest])).length > 0 }),
      ({ session, done }) => session === undefined || done || session.bytes >= share,
    );
    if ((indexer.index.session('ses_a')?.bytes ?? 0) > share) break;
  }
  const session = indexer.index.session('ses_a');
  const bytes = session?.bytes ?? 0;
  const partial = indexer.progress().partial;
  await indexer.dispose();
  assert.ok(bytes <= share, `the session holds ${Math.round(bytes / KB)} KB against its share of ${Math.round(share / KB)} KB`);
  // What the share left out is said where the user searches (the pick counts partial sessions) and in the log.
  assert.equal(session?.capped, true);
  assert.equal(partial, 1);
  assert.ok(
    logs.some((m) => m.includes('has reached its share of the search index')),
    logs.join(' | '),
  );
});

test('a first page larger than the share keeps its newest messages, not its oldest', async () => {
  const sessions = new SessionStore();
  sessions.apply({ type: 'session.upsert', info: { id: 'ses_a', title: 'a', directory: '/w', time: { created: 1, updated: 2 } } });
  const connection = {
    label: 'hostile',
    api: new V1Api({ url }),
    sessions,
    endpoint: () => Promise.resolve({ url }),
  } as unknown as ServerConnection;
  // A share of about 108 KB against a first page of 20 messages of about 8 KB each.
  const indexer = new ServerIndexer(connection, { engineScript: engineScript(), maxBytes: () => 128 * KB, pace: 0 });
  const first = served + 1;
  await indexer.sync();
  await waitFor(
    'the first read',
    () => indexer.progress(),
    (p) => !p.running && p.read === 1,
  );
  const session = indexer.index.session('ses_a');
  const id = (n: number) => `msg_${String(n).padStart(10, '0')}`;
  const done = await indexer.engine.doneOf('ses_a', [id(first), id(first + 19)]);
  await indexer.dispose();
  assert.equal(session?.capped, true);
  assert.deepEqual(done, [id(first + 19)], 'the newest message of the page is searchable, the oldest is what the share left out');
});
