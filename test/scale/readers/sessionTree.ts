// The sessions view's rows a frame touches (changedRows, which SessionTreeProvider queues): each changed session's
// row and list, and under a title filter its ancestors' too. A server decides how many sessions a frame changes and
// how they hang: a listing changes every one at once, a task's sub-agents as deep as the store links (MAX_DEPTH).
import assert from 'node:assert/strict';
import type { ServerConnection } from '../../../src/client/serverConnection';
import { changedRows } from '../../../src/features/sessions/tree/changedRows';
import { NodeCache } from '../../../src/features/sessions/tree/nodes';
import { TreeLayout } from '../../../src/features/sessions/tree/treeLayout';
import { SessionStore } from '../../../src/store/sessionStore';
import { emptyChange, type StoreChange } from '../../../src/store/storeChange';
import { reader, type Reader } from '../reader';
import { NOW, sessionInfos } from './sessionShapes';

interface Frame {
  connection: ServerConnection;
  change: StoreChange;
  /** The view's title filter (every title matches it), or none. */
  filter?: string;
}

/** n sessions (i the child of parentOf(i)), every one changed in one frame. */
function frameOf(n: number, parentOf: (i: number) => number | undefined, filter?: string): Frame {
  const store = new SessionStore(() => NOW);
  const infos = sessionInfos(n, parentOf);
  store.loadSnapshot(infos, {});
  const change = emptyChange();
  for (const { id } of infos) change.changed.add(id);
  const connection = { config: { id: 'srv' }, sessions: store } as unknown as ServerConnection;
  return { connection, change, ...(filter !== undefined && { filter }) };
}

const rows = reader<Frame>({
  name: 'The sessions view: the rows and lists a frame of n changed sessions touches (changedRows)',
  covers: ['src/features/sessions/tree/changedRows.ts#changedRows'],
  // 10n is a frame of 10 000 changed sessions.
  n: 1_000,
  read: ({ connection, change, filter }) => {
    const nodes = new NodeCache();
    const layout = new TreeLayout(nodes, () => connection);
    layout.options = { ...layout.options, ...(filter !== undefined && { filter }) };
    // Every row handed to VS Code already (the view was scrolled through).
    for (const id of change.changed) nodes.session(connection, id);
    const { rows: redrawn, lists } = changedRows(connection, change, nodes, layout, []);
    return { rows: redrawn.size, lists: lists.size, roots: connection.sessions.roots().length };
  },
  shapes: [
    { name: 'n roots', make: (n) => frameOf(n, () => undefined) },
    { name: 'n roots under a title filter', make: (n) => frameOf(n, () => undefined, 's') },
    { name: 'a root of n sub-agents under a title filter', make: (n) => frameOf(n, (i) => (i ? 0 : undefined), 's'), worst: true },
    { name: 'a chain of n sub-agents under a title filter', make: (n) => frameOf(n, (i) => (i ? i - 1 : undefined), 's'), worst: true },
  ],
  check: (answer, n, shape) => {
    const a = answer as { rows: number; lists: number; roots: number };
    assert.equal(a.rows, n, 'every changed row is redrawn');
    // Roots are listed under the server; each sub-agent under its parent. A chain is linked MAX_DEPTH deep, the rest
    // shown at the root: every session is a list but the last and the roots, and the server is one.
    assert.equal(a.lists, shape.startsWith('n roots') ? 1 : shape.startsWith('a root') ? 2 : n - a.roots + 1);
  },
});

export const sessionTreeReaders: Array<Reader<unknown, unknown>> = [rows];
