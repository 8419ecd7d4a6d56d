// A long listing reaches the store in parts while the connection still connects (a preview of its first page, then
// slices of 2 000): the indexer must not take a part for the listing. Sessions it indexed that are not in the store
// yet are not gone, and asking the server about each is a request per indexed session at every start.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ServerConnection } from '../../../src/client/serverConnection';
import { takeInSlices } from '../../../src/client/sessions/stagedInstall';
import { ServerIndexer } from '../../../src/features/search/node/serverIndexer';
import type { SessionInfo } from '../../../src/store/events';
import { SessionStore } from '../../../src/store/sessionStore';
import { SnapshotStage } from '../../../src/store/snapshotStage';
import { waitFor } from '../../harness/waitFor';
import { engineScript } from '../../harness/paths';

const N = 12_000;
const info = (i: number): SessionInfo => ({ id: `ses_${i}`, title: `s${i}`, directory: '/w', time: { created: 1, updated: 2 } });

test('a listing taken in slices while connecting asks the server about no session it lists', async () => {
  const sessions = new SessionStore();
  let asked = 0;
  const connection = {
    label: 'stand-in',
    state: { kind: 'connecting' },
    sessions,
    api: {
      // Every session the listing names exists.
      getSession: (session: { id: string }) => {
        asked++;
        return Promise.resolve({ info: info(Number(session.id.slice(4))) });
      },
      transcriptPages: async function* () {
        // Nothing new to read.
      },
    },
  };
  const indexer = new ServerIndexer(connection as unknown as ServerConnection, {
    engineScript: engineScript(),
    maxBytes: () => 1e9,
    pace: 0,
  });
  await indexer.ready();
  // The index from the last run: every session of the listing, read.
  for (let i = 0; i < N; i++)
    await indexer.addMessages({ id: `ses_${i}`, title: `s${i}`, directory: '/w', updated: 2 }, [
      { id: `msg_${i}`, sessionID: `ses_${i}`, role: 'user', created: 1, parts: [{ kind: 'text', id: `prt_${i}`, text: 'hello' }] },
    ]);
  const stage = new SnapshotStage();
  for (let i = 0; i < N; i += 1000) stage.add(Array.from({ length: 1000 }, (_, k) => info(i + k)));
  await takeInSlices(sessions, stage, (change) => indexer.handle(change));
  sessions.loadSnapshot(stage);
  connection.state = { kind: 'online' };
  // The connection is online with the whole listing: what the search service does then.
  await indexer.sync();
  await waitFor(
    'the indexer settled',
    () => indexer.progress(),
    (p) => !p.running,
  );
  await indexer.dispose();
  assert.equal(asked, 0, `${asked} sessions of the listing asked about as if gone`);
  assert.equal(indexer.index.sessionCount, N);
});
