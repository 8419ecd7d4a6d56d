// The sessions view's layout (TreeLayout): what the tree shows under a server, a project folder and a session, from
// the server's sessions and their folders, of any number. VS Code asks for each folder's rows as it is opened.
import assert from 'node:assert/strict';
import type { ServerConnection } from '../../../src/client/serverConnection';
import { NodeCache } from '../../../src/features/sessions/tree/nodes';
import { TreeLayout } from '../../../src/features/sessions/tree/treeLayout';
import type { SessionInfo } from '../../../src/store/events';
import { SessionStore } from '../../../src/store/sessionStore';
import { reader, type Reader } from '../reader';

const NOW = 1_700_000_000_000;

const info = (id: string, directory: string): SessionInfo => ({ id, title: id, directory, time: { created: NOW - 1_000, updated: NOW } });

const layout = reader<ServerConnection>({
  name: 'The sessions view opened: every folder of a server (TreeLayout.children)',
  covers: ['src/features/sessions/tree/treeLayout.ts#TreeLayout'],
  // An item is a folder of two root sessions: 10n is 10 000 folders and 20 000 roots, each folder opened once.
  n: 1_000,
  read: (connection) => {
    const nodes = new NodeCache();
    const tree = new TreeLayout(nodes, () => connection);
    const folders = tree.children(nodes.server(connection));
    return { folders: folders.length, rows: folders.reduce((sum, folder) => sum + tree.children(folder as never).length, 0) };
  },
  shapes: [
    {
      name: 'n folders of two root sessions each',
      make: (n) => {
        const store = new SessionStore(() => NOW);
        store.loadSnapshot(Array.from({ length: n * 2 }, (_, i) => info(`s${i}`, `/w/f${i >> 1}`)));
        return { config: { id: 'a' }, sessions: store } as unknown as ServerConnection;
      },
      worst: true,
    },
  ],
  check: (answer, n) => assert.deepEqual(answer, { folders: n, rows: n * 2 }),
});

/** A view of n roots read once, as VS Code holds it, and the root each frame moves. */
interface Frame {
  connection: ServerConnection;
  tree: TreeLayout;
  nodes: NodeCache;
  store: SessionStore;
  moving: SessionInfo;
}

let tick = 0;

const frame = reader<Frame>({
  name: 'The sessions view, a frame: one root of n changed and its list read again (TreeLayout.invalidate, children)',
  covers: ['src/features/sessions/tree/treeLayout.ts#TreeLayout'],
  // 10n is 200 000 roots: the view made again each frame (its whole list sorted) took one step of ~400 ms there.
  n: 20_000,
  read: ({ connection, tree, nodes, store, moving }) => {
    // A session at work: its time moves on, so it moves to the top of a list sorted by recent.
    const change = store.apply({ type: 'session.upsert', info: { ...moving, time: { ...moving.time, updated: NOW + ++tick } } });
    tree.invalidate(connection, change);
    const shown = tree.children(nodes.server(connection));
    return shown[0]?.kind === 'session' ? shown[0].sessionId : undefined;
  },
  shapes: [false, true].map((filtered) => ({
    name: filtered ? 'n roots under a title filter' : 'n roots',
    make: (n: number): Frame => {
      const store = new SessionStore(() => NOW);
      const infos = Array.from({ length: n }, (_, i) => ({
        ...info(`s${i}`, '/w/repo'),
        time: { created: NOW - 1_000, updated: NOW - i },
      }));
      store.loadSnapshot(infos);
      const connection = { config: { id: 'a' }, sessions: store } as unknown as ServerConnection;
      const nodes = new NodeCache();
      const tree = new TreeLayout(nodes, () => connection);
      if (filtered) tree.options = { ...tree.options, filter: 's' };
      tree.children(nodes.server(connection));
      return { connection, tree, nodes, store, moving: infos[n - 1] };
    },
    worst: true,
  })),
  check: (answer, n) => assert.equal(answer, `s${n - 1}`, 'the changed root leads its list'),
});

export const treeLayoutReaders: Array<Reader<unknown, unknown>> = [layout, frame];
