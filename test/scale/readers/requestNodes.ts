// The sessions view's request rows (RequestNodes, behind RequestRows): VS Code asks the TreeItem of every row it
// draws, and SessionTreeProvider.getTreeItem asks each contribution's underSession of that row's session. A root whose
// n sub-agents each wait on a permission is drawn expanded, all n rows at once; a server decides how many sub-agents
// wait and how many requests each holds. Then the n sessions go (forget per removed session).
import assert from 'node:assert/strict';
import type { ServerConnection } from '../../../src/client/serverConnection';
import { RequestNodes } from '../../../src/features/inbox/requestNodes';
import { SessionStore } from '../../../src/store/sessionStore';
import { reader, type Reader } from '../reader';
import { NOW, sessionInfos } from './sessionShapes';

interface Server {
  connection: ServerConnection;
  /** The sessions whose rows are drawn. */
  drawn: string[];
  requests: number;
}

/** A root `s0` and `sessions - 1` sub-agents; session i holds asks(i) permission requests, asked in no order. */
function serverOf(sessions: number, asks: (i: number) => number): Server {
  const store = new SessionStore(() => NOW);
  store.loadSnapshot(
    sessionInfos(sessions, (i) => (i ? 0 : undefined)),
    {},
  );
  let requests = 0;
  for (let i = 0; i < sessions; i++)
    for (let a = asks(i); a > 0; a--, requests++)
      store.apply({
        type: 'request.asked',
        request: {
          kind: 'permission',
          id: `per_${i}_${(a * 7_919) % 100_003}`,
          sessionID: `s${i}`,
          permission: 'bash',
          patterns: [],
          always: [],
          metadata: {},
        },
      });
  const connection = { sessions: store, label: 'srv', config: { id: 'srv' } } as unknown as ServerConnection;
  return { connection, drawn: Array.from({ length: sessions }, (_, i) => `s${i}`), requests };
}

const requestRows = reader<Server>({
  name: 'The sessions view: the request rows under each drawn session row (RequestNodes.underSession, forget)',
  covers: ['src/features/inbox/requestNodes.ts#RequestNodes'],
  // 10n is 10 000 sub-agents drawn at once (each row's TreeItem in one step, as VS Code asks them).
  n: 1_000,
  read: ({ connection, drawn, requests }) => {
    const nodes = new RequestNodes();
    let shown = 0;
    for (const id of drawn) shown += nodes.underSession(connection, id).length;
    // Drawn again (a refresh): the same nodes, matched by identity.
    const first = new Set(drawn.flatMap((id) => nodes.underSession(connection, id)));
    let same = 0;
    for (const id of drawn) for (const node of nodes.underSession(connection, id)) if (first.has(node)) same++;
    const kept = nodes.size;
    // The sessions removed one by one.
    for (const id of drawn) nodes.forget('srv', id);
    return { shown, same, kept, left: nodes.size, requests };
  },
  shapes: [
    { name: 'a root of n sub-agents, one request each, every row drawn', make: (n) => serverOf(n + 1, (i) => (i ? 1 : 0)), worst: true },
    { name: 'a root of n sub-agents, none waiting', make: (n) => serverOf(n + 1, () => 0) },
    { name: 'one session of n requests', make: (n) => serverOf(1, () => n) },
  ],
  check: (answer) => {
    const a = answer as { shown: number; same: number; kept: number; left: number; requests: number };
    assert.equal(a.shown, a.requests, 'every waiting request has its row');
    assert.equal(a.same, a.requests, 'a redraw gives the same nodes');
    assert.equal(a.kept, a.requests, 'one node per waiting request');
    assert.equal(a.left, 0, 'a removed session leaves no node');
  },
});

export const requestNodesReaders: Array<Reader<unknown, unknown>> = [requestRows];
