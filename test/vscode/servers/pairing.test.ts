// Add OpenCode 2 Server by Pairing Code…, against a real OpenCode 2 server (the binary OCS_OPENCODE2 names, else
// 1.18.33 behind the release-shape adapter, which pairs as handlers/server.ts does): a code the server makes for a
// client with its password (`POST /api/pair`) adds the server with no password typed; the session token it gives
// is in VS Code's secret storage, not in the settings or the log; a used code and an expired one are refused in
// words with an action; a server without pairing says so. Outside the opencode2 stage these cases are skipped.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { PairingOutcome } from '../../../src/features/servers/pairingCommand';
import { configureServers, connectionFor, extensionApi, shownTree, waitFor } from '../helpers/extensionApi';
import { readLogs } from '../helpers/logs';
import {
  opencode2Binary,
  RUNS_OPENCODE2,
  SKIPPED_OUTSIDE_OPENCODE2,
  startOpencode2,
  type Opencode2Server,
} from '../helpers/opencode2Server';

const PAIR = 'opencodeSessions.addServerByPairingCode';
const pair = (url: string, code: string, name?: string) =>
  vscode.commands.executeCommand<PairingOutcome>(PAIR, url, code, ...(name === undefined ? [] : [name]));

describe(`Add OpenCode 2 Server by Pairing Code${RUNS_OPENCODE2 ? '' : ` (${SKIPPED_OUTSIDE_OPENCODE2})`}`, function () {
  this.timeout(240_000);
  let api: ExtensionApi;
  let server: Opencode2Server;
  const settings = () => vscode.workspace.getConfiguration('opencodeSessions');
  const newCode = async () => (await server.call<{ code: string; expires_in: number }>('/api/pair', { method: 'POST' })).code;

  before(async function () {
    if (!RUNS_OPENCODE2) return this.skip();
    api = await extensionApi();
    await configureServers([]);
    server = await startOpencode2(opencode2Binary());
  });

  after(async () => {
    if (!RUNS_OPENCODE2) return;
    await configureServers([]);
    await server?.dispose();
  });

  it('a fresh code adds the server: it connects and lists its sessions; the token is in secret storage only', async () => {
    const made = await server.call<{ data: { id: string } }>('/api/session', {
      method: 'POST',
      body: { title: 'Seen through a paired client', location: { directory: server.directory } },
    });
    const outcome = await pair(server.url, await newCode(), 'paired box');
    assert.equal(outcome?.outcome, 'paired', outcome?.message);
    const connection = await waitFor(
      'the paired server online',
      () => connectionFor(api, server.url),
      (c) => c?.state.kind === 'online',
    );
    await waitFor(
      'its session in the tree',
      async () => (await shownTree(api)).map((r) => r.sessionId),
      (ids) => ids.includes(made.data.id),
    );
    assert.equal(connection!.label, 'paired box');
    const { password } = await connection!.endpoint();
    assert.ok(password, 'a password from secret storage');
    assert.notEqual(password, server.password, "the session token, not the server's own password");
    const listed = JSON.stringify(settings().inspect('servers')?.globalValue);
    assert.deepEqual(settings().inspect('servers')?.globalValue, [{ name: 'paired box', url: server.url }]);
    assert.ok(!listed.includes(password), 'the token is not in the settings');
    assert.ok(!readLogs(api).includes(password), 'the token is not in the log');
  });

  it('a code already used is refused in words, with a way to enter a new one; nothing is added', async () => {
    await configureServers([]);
    const code = await newCode();
    // Spent by another client first, as a code shown twice would be.
    const first = await fetch(`${server.url}/auth/connect/${encodeURIComponent(code)}`, { headers: { accept: 'application/json' } });
    assert.equal(first.status, 200, await first.text());
    const outcome = await pair(server.url, code);
    assert.equal(outcome?.outcome, 'refused', outcome?.message);
    assert.match(outcome.message!, /refused the pairing code: it expired or was already used/);
    assert.deepEqual(settings().inspect('servers')?.globalValue ?? [], [], 'nothing added');
  });

  it('an expired code is refused the same way', async function () {
    await configureServers([]);
    const code = await newCode();
    // An OpenCode 2 binary's codes expire only with time (minutes): this case runs on the adapter.
    if (!server.expirePairingCodes()) return this.skip();
    const outcome = await pair(server.url, code);
    assert.equal(outcome?.outcome, 'refused', outcome?.message);
    assert.deepEqual(settings().inspect('servers')?.globalValue ?? [], [], 'nothing added');
  });

  it('a server whose document lacks the pairing routes says it does not offer pairing, and adds nothing', async function () {
    // Every OpenCode 2 release pairs: a server without it is the adapter with those routes left out.
    if (opencode2Binary()) return this.skip();
    await configureServers([]);
    const without = await startOpencode2(undefined, {}, { withoutRoutes: ['POST /api/pair', 'GET /auth/connect/{code}'] });
    try {
      const document = await without.call<{ paths: Record<string, unknown> }>('/openapi.json');
      assert.equal(document.paths['/auth/connect/{code}'], undefined, 'its document names no pairing route');
      const outcome = await pair(without.url, 'ABCD2345');
      assert.equal(outcome?.outcome, 'notOffered', outcome?.message);
      assert.match(outcome.message!, /does not offer pairing/);
      assert.deepEqual(settings().inspect('servers')?.globalValue ?? [], [], 'nothing added');
    } finally {
      await without.dispose();
    }
  });
});
