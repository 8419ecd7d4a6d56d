// The session_status plugin's reads (src/plugin): it runs in OpenCode's process, so a slow read holds the server
// every agent of the machine talks to. It reads its own server's session tree and messages through the client
// OpenCode hands it (answered here in-process, as OpenCode answers it: `{data}`), the ledger another window left,
// and the answers of the VS Code windows on this machine (their loopback endpoints, a server of the test's own here).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENDPOINT_DIR_VARIABLE, newEntryFile, writeEndpointInfo } from '../../../src/client/discovery/endpointDiscovery';
import { writePauseLedger } from '../../../src/client/discovery/pauseLedgerFile';
import { askExtension } from '../../../src/plugin/askExtension';
import { PauseGate } from '../../../src/plugin/pauseGate';
import { v1Tree, v2Tree } from '../../../src/plugin/serverTree';
import { statusFromServer, type PluginClient } from '../../../src/plugin/statusFromServer';
import { partialStatus, statusV2 } from '../../../src/plugin/v2Definition';
import { HostileServer } from '../hostileServer';
import { reader, type Reader } from '../reader';

const T0 = 1_700_000_000_000;
const TOKENS = { input: 10, output: 2, reasoning: 0, cache: { read: 0, write: 0 } };

/** A session as a 1.x server answers it. */
const session = (id: string, parentID?: string, title = id) => ({
  id,
  ...(parentID && { parentID }),
  title,
  directory: '/w',
  cost: 0.01,
  time: { created: T0, updated: T0 },
});

/** An assistant message with one finished step, as `session.messages` lists it. */
const message = (sessionID: string, i: number) => {
  const id = `msg_${sessionID}_${i}`;
  return {
    info: {
      id,
      sessionID,
      role: 'assistant',
      time: { created: T0 + i, completed: T0 + i + 1 },
      modelID: 'm',
      providerID: 'p',
      cost: 0.01,
      tokens: TOKENS,
    },
    parts: [{ id: `prt_${id}`, sessionID, messageID: id, type: 'step-finish', tokens: TOKENS, cost: 0.01 }],
  };
};

interface Tree {
  /** The session asked about. */
  asked: string;
  sessions: Map<string, ReturnType<typeof session>>;
  children: Map<string, string[]>;
  messages: Map<string, number>;
}

/** A client answering as the plugin's own server does, in-process, from `tree`. */
function clientOf(tree: Tree): PluginClient {
  const data = (value: unknown) => Promise.resolve({ data: value });
  return {
    session: {
      get: ({ path }) => data(tree.sessions.get(path.id)),
      children: ({ path }) => data((tree.children.get(path.id) ?? []).map((id) => tree.sessions.get(id))),
      messages: ({ path }) => data(Array.from({ length: tree.messages.get(path.id) ?? 0 }, (_, i) => message(path.id, i))),
      status: () => data({}),
    },
    config: { providers: () => data({ providers: [] }) },
  };
}

/** `ids` sessions, each the child of `parentOf(i)` (the first is the root), with `messages(i)` messages each. */
function treeOf(count: number, parentOf: (i: number) => number | undefined, messages: (i: number) => number, asked = 0): Tree {
  const tree: Tree = { asked: `ses_${asked}`, sessions: new Map(), children: new Map(), messages: new Map() };
  for (let i = 0; i < count; i++) {
    const parent = parentOf(i);
    const id = `ses_${i}`;
    tree.sessions.set(id, session(id, parent === undefined ? undefined : `ses_${parent}`));
    tree.messages.set(id, messages(i));
    if (parent === undefined) continue;
    const siblings = tree.children.get(`ses_${parent}`);
    if (siblings) siblings.push(id);
    else tree.children.set(`ses_${parent}`, [id]);
  }
  return tree;
}

/** A private folder as the extension makes it, for the ledger and the windows' entries. */
function privateDir(prefix: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), prefix)), 'endpoints');
  mkdirSync(dir, { mode: 0o700 });
  return dir;
}

const status = reader<Tree>({
  name: "The plugin's session_status from its own server (statusFromServer, statusSessions, buildSessionStatus)",
  covers: [
    'src/plugin/statusFromServer.ts#statusFromServer',
    'src/store/sessionStatusInput.ts#statusSessions',
    'src/store/sessionStatusInput.ts#statusSessionSteps',
    'src/store/sessionStatus.ts#buildSessionStatus',
    'src/store/recordSteps.ts#recordSteps',
    'src/store/budgetWindows.ts#repliesOf',
    'src/store/copiedHistory.ts#spentMessages',
  ],
  // 10n is 10 000 messages or sub-agents.
  n: 1_000,
  read: async (tree) => {
    const answer = await statusFromServer({ client: clientOf(tree), serverUrl: 'http://127.0.0.1:4096' }, tree.asked, 'root');
    return answer && { turns: answer.usage.total.turns, sessions: answer.usage.subagents.sessions, root: answer.session.rootId };
  },
  shapes: [
    {
      name: 'one session of n messages',
      make: (n) =>
        treeOf(
          1,
          () => undefined,
          () => n,
        ),
    },
    {
      name: 'a root with n sub-agents of one message each',
      make: (n) =>
        treeOf(
          n + 1,
          (i) => (i ? 0 : undefined),
          () => 1,
          n,
        ),
      worst: true,
    },
    {
      name: 'a chain of n sessions, the deepest asked',
      make: (n) =>
        treeOf(
          n + 1,
          (i) => (i ? i - 1 : undefined),
          () => 1,
          n,
        ),
      worst: true,
    },
  ],
  check: (answer, n, shape) => {
    const a = answer as { turns: number; sessions: number; root: string };
    if (shape.startsWith('one session')) assert.deepEqual(a, { turns: n, sessions: 0, root: 'ses_0' });
    else if (shape.startsWith('a root')) assert.deepEqual(a, { turns: n + 1, sessions: n, root: 'ses_0' });
    // Parents are followed as far as 100 (selfAndAncestors): the deepest's tree is rooted there.
    else assert.deepEqual(a, { turns: Math.min(n, 100) + 1, sessions: Math.min(n, 100), root: `ses_${Math.max(0, n - 100)}` });
  },
});

interface GateInput {
  gate: PauseGate;
  asked: string;
}

const gate = reader<GateInput, string>({
  name: "The plugin's pause gate with no window answering: the ledger against its server's tree (PauseGate, v1Tree)",
  covers: [
    'src/plugin/pauseGate.ts#PauseGate',
    'src/plugin/serverTree.ts#v1Tree',
    'src/store/pauseGate.ts#ledgerHolds',
    'src/store/pauseGate.ts#refusalText',
  ],
  // 10n is 10 000 sub-agents (the tree is read as far as 5 000) or parents (followed as far as 100).
  n: 1_000,
  setup: () => {
    const dir = privateDir('ocs-scale-gate-');
    // A session budget of $1, and another window's 1 000 exempt trees: the gate reads the tree's spend.
    const exempt = Array.from({ length: 1_000 }, (_, i) => `ses_other${i}`);
    writePauseLedger(dir, { v: 1, written: 1, sessionLimit: 1, pauses: [], exempt });
    return dir;
  },
  teardown: (dir) => rmSync(join(dir, '..'), { recursive: true, force: true }),
  read: async ({ gate, asked }) => gate.refusal(asked),
  shapes: [
    {
      name: 'a root of n sub-agents, one of them asking',
      make: (n, dir) => {
        const tree = treeOf(
          n + 1,
          (i) => (i ? 0 : undefined),
          () => 0,
          n,
        );
        return { gate: new PauseGate(v1Tree(clientOf(tree)), undefined, dir), asked: tree.asked };
      },
      worst: true,
    },
    {
      name: 'a chain of n sessions, the deepest asking',
      make: (n, dir) => {
        const tree = treeOf(
          n + 1,
          (i) => (i ? i - 1 : undefined),
          () => 0,
          n,
        );
        return { gate: new PauseGate(v1Tree(clientOf(tree)), undefined, dir), asked: tree.asked };
      },
      worst: true,
    },
  ],
  check: (answer, n, shape) => {
    // $0.01 per session: a tree of more than 100 is over $1 (a chain is read from 100 parents up: 101 sessions).
    assert.match(String(answer), /paused by its session budget of \$1\.00/, `${shape} at ${n}`);
  },
});

interface V2Input {
  get: (input: { sessionID: string }) => Promise<unknown>;
  asked: string;
}

const v2 = reader<V2Input, string>({
  name: "The plugin's reads on OpenCode 2: its tree and a session's own totals (v2Tree, statusV2, partialStatus)",
  covers: ['src/plugin/serverTree.ts#v2Tree', 'src/plugin/v2Definition.ts#statusV2', 'src/plugin/v2Definition.ts#partialStatus'],
  // 10n is a chain of 10 000 parents, or a title of 1 MB.
  n: 1_000,
  setup: () => {
    // No window on this machine: statusV2 reads the session itself.
    const dir = privateDir('ocs-scale-v2plugin-');
    process.env[ENDPOINT_DIR_VARIABLE] = dir;
    return dir;
  },
  teardown: (dir) => rmSync(join(dir, '..'), { recursive: true, force: true }),
  read: async ({ get, asked }) => {
    const tree = v2Tree(get);
    const root = await tree.rootOf(asked);
    const cost = await tree.treeCost(root, asked);
    const own = await statusV2({ session: { get } }, asked);
    return {
      root,
      cost,
      title: 'session' in own ? (own.session.title?.length ?? 0) : -1,
      raw: partialStatus(await get({ sessionID: asked }), asked) !== undefined,
    };
  },
  shapes: [
    {
      name: 'a chain of n sessions, the deepest asked',
      make: (n) => {
        const tree = treeOf(
          n + 1,
          (i) => (i ? i - 1 : undefined),
          () => 0,
          n,
        );
        return { get: ({ sessionID }) => Promise.resolve(tree.sessions.get(sessionID)), asked: tree.asked };
      },
    },
    {
      name: 'a session titled n×100 characters of control and bidi text, its parent itself',
      make: (n) => {
        const record = { ...session('ses_x', 'ses_x', '\u202e\u0007\n'.repeat(n * 33)), tokens: TOKENS };
        return { get: () => Promise.resolve({ data: record }), asked: 'ses_x' };
      },
      worst: true,
    },
  ],
  check: (answer, n, shape) => {
    const a = answer as { root: string; cost: number; title: number; raw: boolean };
    assert.ok(a.raw, 'the session read');
    if (shape.startsWith('a chain')) assert.equal(a.root, `ses_${Math.max(0, n - 100)}`, 'parents followed as far as 100');
    else assert.deepEqual([a.root, a.title], ['ses_x', n * 99]);
  },
});

interface WindowsContext {
  dir: string;
  server: HostileServer;
}

const windows = reader<string, WindowsContext>({
  name: "The plugin's reads of a VS Code window's answers: session_status and the pause (askExtension, PauseGate)",
  covers: ['src/plugin/askExtension.ts#askExtension', 'src/plugin/askExtension.ts#askWindow', 'src/store/pauseGate.ts#readPauseAnswer'],
  // 10n is an answer of 10 MB (a title of 10 000 lines) or 10 000 sub-agents.
  n: 1_000,
  setup: async () => {
    const dir = privateDir('ocs-scale-windows-');
    process.env[ENDPOINT_DIR_VARIABLE] = dir;
    const server = await HostileServer.start();
    writeEndpointInfo(newEntryFile(dir), { url: server.url, token: server.token, pid: process.pid, folders: ['/w'], startedAt: 1 });
    return { dir, server };
  },
  teardown: async ({ dir, server }) => {
    await server.close();
    rmSync(join(dir, '..'), { recursive: true, force: true });
  },
  read: async (asked, { dir }) => {
    const status = await askExtension(asked, 'session', '/w');
    const refusal = await new PauseGate(
      v1Tree(
        clientOf(
          treeOf(
            1,
            () => undefined,
            () => 0,
          ),
        ),
      ),
      '/w',
      dir,
    ).refusal(asked);
    return { title: status?.session.title.length, refusal: refusal?.length };
  },
  shapes: [
    {
      name: 'a window answering with a title of n lines of 1 000 characters',
      make: (n, { server }) => {
        const title = `${'x'.repeat(999)}\n`.repeat(n);
        answer(server, title, n);
        return 'ses_0';
      },
      worst: true,
    },
    {
      name: 'a window answering with n sub-agents under the session',
      make: (n, { server }) => {
        answer(server, 'T', n);
        return 'ses_0';
      },
    },
  ],
  check: (answer, n, shape) => {
    const a = answer as { title?: number; refusal?: number };
    assert.equal(a.title, shape.includes('title') ? n * 1000 : 1);
    // The refusal's words carry at most 300 characters of the title.
    assert.ok(a.refusal !== undefined && a.refusal < 600, `a refusal of ${a.refusal} characters`);
  },
});

/** The window's answers: a session_status of `title` with `subagents` sub-agents, and a pause that holds it. */
function answer(server: HostileServer, title: string, subagents: number): void {
  const session = { id: 'ses_0', parentId: null, rootId: 'ses_0', title, agent: null, model: null, server: 'x' };
  const below = Array.from({ length: subagents }, (_, i) => ({ id: `ses_${i + 1}`, title: `sub ${i}` }));
  server.route('/v1/session-status', () => ({ body: JSON.stringify({ session, scope: 'session', usage: {}, below }) }));
  const pause = { sessionId: 'ses_0', rootId: 'ses_0', budget: 'session', limit: 1, spent: 2, at: 1 };
  server.route('/v1/pause', () => ({ body: JSON.stringify({ sessionID: 'ses_0', rootId: 'ses_0', holds: true, pause, title }) }));
}

export const pluginReaders: Array<Reader<unknown, unknown>> = [status, gate, v2, windows];
