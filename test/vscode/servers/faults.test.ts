// Faults between the extension and a real OpenCode server, in a real VS Code: a proxy (test/harness/faultProxy)
// makes the server answer a login page, invalid JSON, a 500 on one route, hang halfway through a body, and
// slips malformed frames and a 2 MB line into the live event stream. Each fault ends in a state a user can
// read, and when the server behaves again the view recovers with every session and figure equal to the
// server's own.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Session } from '@opencode-ai/sdk/v2/client';
import type { ServerConnection } from '../../../src/client/serverConnection';
import type { ExtensionApi } from '../../../src/extension';
import { sessionTitle } from '../../../src/present/sessionTitle';
import { expectedRow } from '../../harness/expectedRow';
import { FaultProxy, type FaultRule } from '../../harness/faultProxy';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { allSessions, createSession, prompt } from '../../harness/scenario';
import { text } from '../../harness/scriptedModel';
import { configureServers, connectionFor, extensionApi, shownTree, waitFor } from '../helpers/extensionApi';

describe('Faults: a server that misbehaves, then behaves again', function () {
  this.timeout(240_000);
  let api: ExtensionApi;
  let h: RunningHarness;
  let proxy: FaultProxy;
  let connection: ServerConnection;
  let first: string;

  before(async () => {
    api = await extensionApi();
    h = await startHarness();
    first = (await createSession(h, { title: 'Before any fault' })).id;
    await prompt(h, first, 'Spend', [text('Spent.', { prompt: 4_000, completion: 200 })]);
    proxy = await new FaultProxy(h.server.url).start();
    await configureServers([{ name: 'faulty', url: proxy.url }]);
    connection = (await waitFor(
      'online',
      () => connectionFor(api, proxy.url),
      (c) => c?.state.kind === 'online' && c.sessions.size === 1,
    )) as ServerConnection;
  });

  after(async () => {
    await configureServers([]);
    await proxy?.stop();
    await h?.dispose();
  });

  /** The server row's text and tooltip, as a user reads them. */
  function serverRow(): { description: string; tooltip: string } {
    const node = api.tree.getChildren(undefined).find((n) => n.kind === 'server');
    assert.ok(node, 'the server row');
    const item = api.tree.getTreeItem(node);
    const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip ?? '');
    // As rendered: markdown escapes and non-breaking spaces read as the plain text they stand for.
    return {
      description: String(item.description ?? ''),
      tooltip: tooltip.replace(/&nbsp;/g, ' ').replace(/\\([\\`*_{}[\]()#+\-.!|<>])/g, '$1'),
    };
  }

  /** Every session row equals what the server itself recorded. */
  async function matchesServer(): Promise<Session[]> {
    const sessions = await allSessions(h);
    const rows = await shownTree(api);
    for (const session of sessions) {
      const row = rows.find((r) => r.sessionId === session.id);
      assert.ok(row, `${session.title} is shown`);
      const expected = expectedRow(sessions, { ...session, title: sessionTitle(session) });
      assert.equal(row.label, expected.label, session.title);
      assert.equal(row.description, expected.description, session.title);
    }
    assert.equal(rows.filter((r) => r.sessionId).length, sessions.length, 'no more rows than sessions');
    return sessions;
  }

  /** Applies the faults, makes the extension connect again, and waits for the offline state it ends in. */
  async function faultyReconnect(rules: FaultRule[], timeoutMs = 30_000): Promise<string> {
    proxy.setFaults(rules);
    // Only a state reached after this reconnect counts (an earlier test may have left it offline).
    const reasons: string[] = [];
    const watch = connection.onDidChangeState.on((s) => s.kind === 'offline' && reasons.push(s.reason));
    try {
      connection.reconnect();
      return (
        (await waitFor(
          'offline',
          () => reasons[0],
          (r) => r !== undefined,
          timeoutMs,
        )) ?? ''
      );
    } finally {
      watch.dispose();
    }
  }

  async function recover(): Promise<void> {
    proxy.setFaults([]);
    connection.reconnect();
    await waitFor(
      'online again',
      () => connection.state.kind,
      (k) => k === 'online',
      60_000,
    );
    await matchesServer();
  }

  it('a login page: says so, keeps the sessions listed, and recovers', async () => {
    const reason = await faultyReconnect([{ fault: { kind: 'html' } }]);
    assert.equal(reason, 'Health check: the server answered an HTML page (a login or proxy page?) — is this URL an OpenCode server?');
    const row = serverRow();
    assert.match(row.description, /offline/);
    assert.ok(row.tooltip.includes('an HTML page (a login or proxy page?)'), row.tooltip);
    assert.ok(connection.sessions.get(first), 'the session stays listed while offline');
    await recover();
  });

  it('invalid JSON: says so, never "cannot reach" or a JavaScript error, and recovers', async () => {
    const reason = await faultyReconnect([{ fault: { kind: 'invalid-json' } }]);
    assert.equal(reason, 'Health check: the server answered with invalid JSON — is this URL an OpenCode server?');
    assert.doesNotMatch(serverRow().tooltip, /cannot reach|Unexpected|SyntaxError|JSON at position/);
    await recover();
  });

  it("a 500 on the status route only: the route and the server's message are named, and it recovers", async () => {
    const reason = await faultyReconnect([
      { path: /^\/session\/status$/, fault: { kind: 'status', status: 500, message: 'database is locked' } },
    ]);
    assert.equal(reason, 'Reading session status: the server answered HTTP 500 — database is locked');
    assert.ok((proxy.seen.get('/global/health') ?? 0) > 0, 'the other routes were asked and answered');
    await recover();
  });

  it("a 500 on one session's messages: that read fails in words, the tree stays online and exact", async () => {
    proxy.setFaults([
      { path: new RegExp(`^/session/${first}/message$`), fault: { kind: 'status', status: 500, message: 'disk I/O error' } },
    ]);
    try {
      await assert.rejects(
        connection.loadRecentMessages(first, 20),
        (err: Error) => err.message === 'Reading messages: the server answered HTTP 500 — disk I/O error',
      );
      assert.equal(connection.state.kind, 'online');
      await matchesServer();
    } finally {
      proxy.setFaults([]);
    }
    await connection.loadRecentMessages(first, 20);
  });

  it('a server that hangs halfway through its answer: "did not answer within 10 s", then recovers', async () => {
    const reason = await faultyReconnect([{ fault: { kind: 'hang-mid-body' } }], 45_000);
    assert.equal(reason, 'Health check: the server did not answer within 10 s.');
    await recover();
  });

  it('malformed frames and a 2 MB line in the live stream: the stream stays up and later events still apply', async () => {
    const states: string[] = [];
    const watch = connection.onDidChangeState.on((s) => states.push(s.kind));
    try {
      const before = connection.malformed.snapshot().get('session.updated event') ?? 0;
      const frames = [
        'data: {"payload": {"type": "session.updated", "properties": {"info": ',
        '',
        `data: ${JSON.stringify({ directory: h.server.directory, payload: { type: 'no.such.event', properties: { x: 1 } } })}`,
        '',
        `data: ${JSON.stringify({ directory: h.server.directory, payload: { type: 'session.updated', properties: { info: { id: first, title: 'x'.repeat(2 * 1024 * 1024) } } } })}`,
        '',
        `data: ${JSON.stringify({ directory: h.server.directory, payload: { type: 'session.updated', properties: { info: null } } })}`,
        '',
        '',
      ].join('\n');
      assert.equal(proxy.inject(frames), 1, 'one open event stream');
      // A real change after the bad frames: its events must still reach the tree.
      const later = (await createSession(h, { title: 'After the bad frames' })).id;
      await prompt(h, later, 'Spend', [text('Spent.', { prompt: 2_000, completion: 50 })]);
      const sessions = await allSessions(h);
      const cost = sessions.find((s) => s.id === later)!.cost;
      await waitFor(
        'the later session with its cost',
        () => connection.sessions.get(later)?.own.cost,
        (c) => c === cost,
      );
      assert.deepEqual(states, [], 'the connection never dropped');
      assert.equal(connection.malformed.snapshot().get('session.updated event'), before + 2, 'the two bad session frames were counted');
      assert.equal(connection.sessions.get(first)?.info.title, 'Before any fault', 'the 2 MB frame (no times) changed nothing');
      await matchesServer();
    } finally {
      watch.dispose();
    }
  });

  it('a 100 KB title: shown shortened everywhere, the figures exact', async () => {
    const long = `Long ${'title '.repeat(20_000)}`;
    const id = (await createSession(h, { title: long })).id;
    await prompt(h, id, 'Spend', [text('Spent.', { prompt: 1_000, completion: 10 })]);
    await waitFor(
      'the long-titled session',
      () => connection.sessions.get(id)?.own.cost ?? 0,
      (c) => c > 0,
    );
    const row = (await shownTree(api)).find((r) => r.sessionId === id)!;
    assert.ok(row.title.length <= 201, `the row's title is ${row.title.length} characters`);
    assert.ok(row.title.startsWith('Long title title'), row.title.slice(0, 40));
    assert.ok(row.title.endsWith('…'));
    const node = api.tree.getChildren(api.tree.getChildren(undefined)[0]).find((n) => n.kind === 'session' && n.sessionId === id)!;
    const item = api.tree.getTreeItem(node);
    const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip ?? '');
    assert.ok(tooltip.length < 10_000, `the tooltip is ${tooltip.length} characters`);
    const sessions = await allSessions(h);
    const server = sessions.find((s) => s.id === id)!;
    const expected = expectedRow(sessions, { ...server, title: row.title });
    assert.equal(row.label, expected.label);
    assert.equal(row.description, expected.description);
  });
});
