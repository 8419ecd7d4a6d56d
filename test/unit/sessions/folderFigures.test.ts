// A project folder's row: its sessions' cost and count, and where it is only when another folder has its name. Every
// row of a draw is answered from one pass over the server's roots; a later turn sees what changed since.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { folderFigures } from '../../../src/features/sessions/tree/folderFigures';
import { SessionStore } from '../../../src/store/sessionStore';

function storeOf(...sessions: Array<[id: string, directory: string, parentID?: string]>): SessionStore {
  const store = new SessionStore();
  store.loadSnapshot(
    sessions.map(([id, directory, parentID]) => ({
      id,
      directory,
      title: id,
      ...(parentID && { parentID }),
      time: { created: 1, updated: 2 },
    })),
  );
  return store;
}

const spend = (store: SessionStore, sessionID: string, cost: number) =>
  store.apply({
    type: 'message.assistant',
    info: {
      id: `msg_${sessionID}_${cost}`,
      sessionID,
      role: 'assistant',
      cost,
      tokens: { input: 1, output: 1, reasoning: 0, cache: { read: 0, write: 0 } },
      time: { created: 1, completed: 2 },
    },
  });

test('a folder row counts its own roots, their sub-agents in the cost, and says where it is only when its name is shared', () => {
  const store = storeOf(['a', '/w/webshop'], ['b', '/w/webshop'], ['c', '/w/cli-tool'], ['d', '/x/cli-tool'], ['a1', '/elsewhere', 'a']);
  spend(store, 'a', 0.25);
  spend(store, 'a1', 0.5);
  spend(store, 'd', 1);
  assert.deepEqual(folderFigures(store, '/w/webshop'), { cost: 0.75, count: 2, partial: false, sharesName: false });
  assert.deepEqual(folderFigures(store, '/w/cli-tool'), { cost: 0, count: 1, partial: false, sharesName: true });
  assert.deepEqual(folderFigures(store, '/x/cli-tool'), { cost: 1, count: 1, partial: false, sharesName: true });
  assert.deepEqual(
    folderFigures(store, '/y/webshop'),
    { cost: 0, count: 0, partial: false, sharesName: true },
    'a row whose sessions are gone',
  );
});

test('what changed is seen from the next turn on', async () => {
  const store = storeOf(['a', '/w/webshop'], ['b', '/w/cli']);
  assert.equal(folderFigures(store, '/w/webshop').cost, 0);
  spend(store, 'a', 2);
  await Promise.resolve();
  assert.equal(folderFigures(store, '/w/webshop').cost, 2);
});
