// Readers over the servers' stores that the views and the status endpoint run (no `vscode` in their modules): the
// requests waiting across servers (WaitingRequests), OpenCode Go's replies of the pace window (goReplies), a
// session's hover (writeSessionHover, commandLink), what a session status reads first (statusTree, contextLimits,
// loadMessages), the turn of a step (turnOfStep) and a server's folder rows (folderFigures).
// Titles, requests, replies, trees and folders are the servers', of any number and length.
import assert from 'node:assert/strict';
import { contextLimits, loadMessages, statusTree } from '../../../src/api/statusReads';
import { goReplies } from '../../../src/app/goPlan/goReplies';
import type { ServerRegistry } from '../../../src/app/servers/serverRegistry';
import type { SessionsModel } from '../../../src/app/sessions/sessionsModel';
import type { ServerConnection } from '../../../src/client/serverConnection';
import { turnOfStep } from '../../../src/features/changes/turnOfStep';
import { WaitingRequests } from '../../../src/features/inbox/waitingRequests';
import { folderFigures } from '../../../src/features/sessions/tree/folderFigures';
import { switchItems } from '../../../src/present/switchItems';
import { writeSessionHover } from '../../../src/features/sessions/tree/sessionHover';
import type { MarkdownSink } from '../../../src/present/markdown';
import type { TooltipRow } from '../../../src/present/tooltipRows';
import type { SessionInfo, StoreEvent } from '../../../src/store/events';
import { NO_LIST_PRICES } from '../../../src/store/price/listPricer';
import { SessionStore } from '../../../src/store/sessionStore';
import { reader, type Reader } from '../reader';

const NOW = 1_700_000_000_000;
const TOKENS = { input: 100, output: 20, reasoning: 0, cache: { read: 0, write: 0 } };

const info = (id: string, parentID?: string, directory = '/w'): SessionInfo => ({
  id,
  ...(parentID && { parentID }),
  title: id,
  directory,
  time: { created: NOW - 1_000, updated: NOW },
});

const reply = (sessionID: string, i: number, providerID = 'opencode-go'): StoreEvent => ({
  type: 'message.assistant',
  info: {
    id: `msg_${sessionID}_${String(i).padStart(8, '0')}`,
    sessionID,
    role: 'assistant',
    cost: 0.01,
    tokens: TOKENS,
    providerID,
    modelID: `m${i % 3}`,
    time: { created: NOW - 500 + (i % 400), completed: NOW - 400 + (i % 400) },
  },
});

/** `count` sessions (session i the child of `parentOf(i)`), `replies(i)` replies each, `asks(i)` permission requests waiting. */
function storeOf(count: number, parentOf: (i: number) => number | undefined, replies: (i: number) => number, asks: (i: number) => number) {
  const store = new SessionStore(() => NOW);
  store.loadSnapshot(
    Array.from({ length: count }, (_, i) => {
      const parent = parentOf(i);
      return info(`s${i}`, parent === undefined ? undefined : `s${parent}`);
    }),
    {},
  );
  for (let i = 0; i < count; i++) {
    for (let r = 0; r < replies(i); r++) store.apply(reply(`s${i}`, r));
    for (let a = 0; a < asks(i); a++)
      store.apply({
        type: 'request.asked',
        request: {
          kind: 'permission',
          id: `per_${i}_${a}`,
          sessionID: `s${i}`,
          permission: 'bash',
          patterns: [],
          always: [],
          metadata: {},
        },
      });
  }
  return store;
}

/** A server as these readers read it: its store, its model limits and list prices. */
function connectionOf(store: SessionStore): ServerConnection {
  return {
    config: { id: 'srv' },
    label: 'srv',
    state: { kind: 'offline' },
    sessions: store,
    listPrices: { pricer: NO_LIST_PRICES },
    modelLimits: { contextLimit: (p: string, m: string) => Promise.resolve(m.length * 100_000 + p.length) },
    loadAllMessages: () => Promise.resolve(),
  } as unknown as ServerConnection;
}

const servers = reader<SessionStore>({
  name: 'Across a server’s sessions: waiting requests, Go replies, a status’s tree and limits (WaitingRequests, goReplies, statusTree, contextLimits)',
  covers: [
    'src/features/inbox/waitingRequests.ts#WaitingRequests',
    'src/app/goPlan/goReplies.ts#goReplies',
    'src/api/statusReads.ts#statusTree',
    'src/api/statusReads.ts#contextLimits',
    'src/api/statusReads.ts#loadMessages',
  ],
  // 10n is 10 000 sessions, requests or replies.
  n: 1_000,
  read: async (store) => {
    const connection = connectionOf(store);
    (connection.state as { kind: string }).kind = 'online';
    const model = { connections: [connection], onDidChange: () => ({ dispose() {} }) } as unknown as SessionsModel;
    const waiting = new WaitingRequests(model);
    const registry = { all: [connection] } as unknown as ServerRegistry;
    const go = goReplies(registry, NOW);
    const tree = statusTree(connection, 's0');
    await loadMessages(connection, 's0');
    const limits = await contextLimits(connection, tree);
    waiting.dispose();
    return { waiting: waiting.all.length, go: go.length, tree: tree.length, limits: limits.size };
  },
  shapes: [
    {
      name: 'one session of n replies and n requests',
      make: (n) =>
        storeOf(
          1,
          () => undefined,
          () => n,
          () => n,
        ),
    },
    {
      name: 'a root of n sub-agents, each a reply and a request',
      make: (n) =>
        storeOf(
          n + 1,
          (i) => (i ? 0 : undefined),
          () => 1,
          () => 1,
        ),
      worst: true,
    },
  ],
  check: (answer, n, shape) => {
    const a = answer as { waiting: number; go: number; tree: number; limits: number };
    if (shape.startsWith('one')) assert.deepEqual(a, { waiting: n, go: n, tree: 1, limits: 1 });
    else assert.deepEqual(a, { waiting: n + 1, go: n + 1, tree: n + 1, limits: 1 });
  },
});

/** A markdown sink as vscode.MarkdownString is one: it keeps what is appended. */
class Sink implements MarkdownSink {
  length = 0;
  appendMarkdown(value: string): this {
    this.length += value.length;
    return this;
  }
  appendText(value: string): this {
    this.length += value.length;
    return this;
  }
}

const HEADINGS = { figures: 'Figures', state: 'State', server: 'Server' };

const hover = reader<{ title: string; rows: TooltipRow[]; id: string }>({
  name: "A session's hover: its title, rows and actions (writeSessionHover, commandLink)",
  // commandLink: run by writeSessionHover for each action.
  covers: ['src/features/sessions/tree/sessionHover.ts#writeSessionHover', 'src/features/sessions/tree/sessionHover.ts#commandLink'],
  // 10n is a title of 50 KB, 5 000 rows or an id of 50 KB. (An id of 100 KB was one 178 ms step, close to the bound:
  // commandLink escapes its five characters by a callback per match. Reported.)
  n: 500,
  read: ({ title, rows, id }) => {
    const actions = [
      {
        command: 'opencodeSessions.showUsage' as const,
        title: 'Usage [x]',
        tooltip: 'Show "usage"',
        args: [{ serverId: 'srv', sessionId: id }],
      },
    ];
    return writeSessionHover(new Sink(), title, rows, HEADINGS, actions).length;
  },
  shapes: [
    { name: 'a title of n×100 markdown marks', make: (n) => ({ title: '*[_]`<'.repeat(n * 17), rows: [], id: 'ses_1' }) },
    {
      name: 'n rows of 100 characters each',
      make: (n) => ({
        title: 't',
        rows: Array.from({ length: n }, (_, i) => ({ label: 'L', value: `${i}`.padEnd(100, '!'), section: 'state' as const })),
        id: 'ses_1',
      }),
    },
    {
      name: "a session id of n×100 characters to quote (!'()*)",
      make: (n) => ({ title: 't', rows: [], id: "!'()*".repeat(n * 20) }),
      worst: true,
    },
  ],
  check: (answer, n) => assert.ok((answer as number) >= n, String(answer)),
});

const turns = reader<SessionStore>({
  name: "A step's turn (turnOfStep)",
  covers: ['src/features/changes/turnOfStep.ts#turnOfStep'],
  // 10n is 10 000 turns.
  n: 1_000,
  read: (store) => {
    const record = store.get('s0')!;
    const last = [...record.messages.keys()].at(-1)!;
    return turnOfStep(record, last);
  },
  shapes: [
    {
      name: 'n turns',
      make: (n) => {
        const store = new SessionStore(() => NOW);
        store.loadSnapshot([info('s0')], {});
        for (let i = 0; i < n; i++) {
          store.apply({ type: 'message.user', sessionID: 's0', messageID: `msg_u${String(i).padStart(8, '0')}`, created: NOW + i * 10 });
          const step = reply('s0', i) as Extract<StoreEvent, { type: 'message.assistant' }>;
          store.apply({ ...step, info: { ...step.info, time: { created: NOW + i * 10 + 5 } } });
        }
        return store;
      },
      worst: true,
    },
  ],
  check: (answer, n) => assert.equal(answer, `msg_u${String(n - 1).padStart(8, '0')}`),
});

const folderRows = reader<{ store: SessionStore; directories: string[] }>({
  name: "A server's folder rows, each drawn (folderFigures: cost, count, partial, shared name)",
  covers: ['src/features/sessions/tree/folderFigures.ts#folderFigures'],
  // An item is a folder with two root sessions: 10n is 10 000 folders and 20 000 roots, every row drawn once.
  n: 1_000,
  read: ({ store, directories }) => {
    let cost = 0;
    let shared = 0;
    for (const directory of directories) {
      const figures = folderFigures(store, directory);
      cost += figures.cost * 100 + figures.count;
      if (figures.sharesName) shared++;
    }
    return { cost: Math.round(cost), shared };
  },
  shapes: [
    {
      name: 'n folders of two roots each, every other one sharing its name with another',
      make: (n) => foldersOf(Array.from({ length: n }, (_, i) => (i % 2 ? `/a/f${i - 1}` : `/b/f${i}`))),
      worst: true,
    },
    {
      name: 'n folders of 1 KB paths, none sharing its name',
      make: (n) => foldersOf(Array.from({ length: n }, (_, i) => `/${'d/'.repeat(500)}folder${i}`)),
      worst: true,
    },
  ],
  // Each folder: one reply of $0.01 (1 cent) and two sessions; a folder's name is shared with its pair or with none.
  check: (answer, n, shape) => assert.deepEqual(answer, { cost: n * 3, shared: shape.includes('none sharing') ? 0 : n }),
});

const switchPick = reader<SessionStore>({
  name: "Switch Session's rows, every server's sessions (switchItems)",
  covers: ['src/present/switchItems.ts#switchItems'],
  // An item is a session: 10n is 10 000 of them.
  n: 1_000,
  read: (store) => {
    const items = switchItems([{ serverId: 'a', serverLabel: 'server', sessions: store }], NOW);
    return { items: items.length, chars: items.reduce((sum, item) => sum + item.label.length, 0) };
  },
  shapes: [
    {
      name: 'n root sessions',
      make: (n) =>
        storeOf(
          n,
          () => undefined,
          () => 1,
          () => 0,
        ),
    },
    {
      name: 'n root sessions, one with n sub-agents',
      make: (n) =>
        storeOf(
          n + 1,
          (i) => (i ? 0 : undefined),
          () => 1,
          () => 0,
        ),
    },
    {
      name: 'a chain of n sub-agents, each below the one before',
      make: (n) =>
        storeOf(
          n,
          (i) => (i ? i - 1 : undefined),
          () => 1,
          () => 0,
        ),
      worst: true,
    },
  ],
  check: (answer, n) => {
    const { items, chars } = answer as { items: number; chars: number };
    assert.ok(items >= n, `${items} rows`);
    assert.ok(chars < items * 60, `${chars} characters in ${items} labels`);
  },
});

/** Two root sessions in each folder, the first with one reply. */
function foldersOf(directories: string[]): { store: SessionStore; directories: string[] } {
  const store = new SessionStore(() => NOW);
  store.loadSnapshot(directories.flatMap((d, i) => [info(`s${i}a`, undefined, d), info(`s${i}b`, undefined, d)]));
  directories.forEach((_, i) => store.apply(reply(`s${i}a`, 0)));
  return { store, directories };
}

export const sessionsReadReaders: Array<Reader<unknown, unknown>> = [servers, hover, turns, folderRows, switchPick];
