// Connections under stress, in a real VS Code against real servers: a killed and restarted server,
// passwords, and two servers at once.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { delimiter, dirname } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { OpencodeServer } from '../../harness/opencodeServer';
import { opencodeBinary } from '../../harness/paths';
import { createSession, prompt } from '../../harness/scenario';
import { text } from '../../harness/scriptedModel';
import { readLogs } from '../helpers/logs';
import { configureServers, connectionFor, extensionApi, framesTold, shownTree, waitFor } from '../helpers/extensionApi';

describe('Connections: drops, passwords and several servers', function () {
  this.timeout(240_000);
  let api: ExtensionApi;
  const harnesses: RunningHarness[] = [];

  before(async () => {
    api = await extensionApi();
  });

  afterEach(async () => {
    await configureServers([]);
    await Promise.all(harnesses.splice(0).map((h) => h.dispose()));
  });

  it('keeps a killed server listed as offline, then reconnects and shows what changed meanwhile', async () => {
    const h = await startHarness();
    harnesses.push(h);
    const kept = (await createSession(h, { title: 'Survives the outage' })).id;
    await prompt(h, kept, 'Warm up', [text('Warm.', { prompt: 3_000, completion: 120 })]);
    await configureServers([{ name: 'flaky', url: h.server.url }]);
    const connection = await waitFor(
      'online',
      () => connectionFor(api, h.server.url),
      (c) => c?.state.kind === 'online' && c.sessions.size === 1,
    );

    process.kill(h.server.pid!, 'SIGKILL');
    const killedAt = Date.now();
    await waitFor(
      'offline',
      () => connection!.state,
      (state) => state.kind === 'offline',
    );
    console.log(`      offline ${Date.now() - killedAt} ms after SIGKILL`);
    const whileDown = await shownTree(api);
    const row = whileDown.find((r) => r.sessionId === kept);
    assert.ok(row, 'the session stays listed while the server is down');
    assert.match(row.contextValue ?? '', /\boffline\b/);
    assert.equal(row.badge, '$0.011 · 3.12k');
    assert.match(whileDown.find((r) => r.depth === 0)!.description, /offline/);

    // While it is down at its URL, the same data gains a session (through another process on
    // another port): no event about it can ever reach the extension, only a re-fetch can show it.
    await h.server.stop();
    const side = new OpencodeServer({ ...h.server.options, home: h.server.home, port: undefined });
    await side.start();
    const created = (await createSession({ server: side, model: h.model }, { title: 'Made while you were away' })).id;
    await side.stop();
    await h.server.start();

    await waitFor(
      'reconnected with the new session',
      () => connection!.sessions.get(created),
      (r) => r !== undefined,
      60_000,
    );
    assert.equal(connection!.state.kind, 'online');
    const rows = await shownTree(api);
    assert.equal(rows.find((r) => r.sessionId === created)?.title, 'Made while you were away');
    assert.ok(rows.find((r) => r.sessionId === kept));
  });

  it('notices a frozen server by its missing heartbeats, and recovers when it resumes', async () => {
    const h = await startHarness();
    harnesses.push(h);
    await createSession(h, { title: 'Frozen for a while' });
    await configureServers([{ name: 'frozen', url: h.server.url }]);
    const connection = await waitFor(
      'online',
      () => connectionFor(api, h.server.url),
      (c) => c?.state.kind === 'online' && c.sessions.size === 1,
    );
    // SIGSTOP keeps the socket open but stops everything, heartbeats (every 10 s) included.
    process.kill(h.server.pid!, 'SIGSTOP');
    const frozenAt = Date.now();
    try {
      const offline = await waitFor(
        'offline after the stall',
        () => connection!.state,
        (state) => state.kind === 'offline',
      );
      console.log(`      offline ${Date.now() - frozenAt} ms after the server froze`);
      // The stall limit decided it (not, say, a request's timeout): the reason names it.
      assert.match(offline.kind === 'offline' ? offline.reason : '', /No event or heartbeat for 30 s/);
      assert.equal(connection!.sessions.size, 1, 'its sessions stay listed');
    } finally {
      process.kill(h.server.pid!, 'SIGCONT');
    }
    await waitFor(
      'online again',
      () => connection!.state.kind,
      (kind) => kind === 'online',
      60_000,
    );
  });

  it('shows "authentication failed" with the action, connects with the right password, and never logs it', async () => {
    const password = `pw-${randomBytes(12).toString('hex')}`;
    const h = await startHarness({ password });
    harnesses.push(h);
    await createSession(h, { title: 'Behind a password' });
    await configureServers([{ name: 'locked', url: h.server.url }]);
    const node = () => api.tree.getChildren()[0];
    const connection = await waitFor(
      'authentication failed',
      () => connectionFor(api, h.server.url),
      (c) => c?.state.kind === 'unauthorized',
    );
    // The tree shows the server's state a frame later.
    await framesTold(api);
    const failed = api.tree.getTreeItem(node());
    assert.match(String(failed.description), /authentication failed/);
    // The manifest shows the inline "Set Password" action on exactly this context value.
    assert.match(failed.contextValue ?? '', /^server .*\bunauthorized\b/);

    const states: string[] = [];
    const listening = connection!.onDidChangeState.on((state) => states.push(state.kind));
    await vscode.commands.executeCommand('opencodeSessions.setPassword', node(), `wrong-${password}`);
    await waitFor(
      'a second refusal',
      () => states.join(' '),
      (seen) => /connecting unauthorized/.test(seen),
      20_000,
    );
    listening.dispose();
    await vscode.commands.executeCommand('opencodeSessions.setPassword', node(), password);
    await waitFor(
      'online with its session',
      () => connection!,
      (c) => c.state.kind === 'online' && c.sessions.size === 1,
      30_000,
    );

    // Open in Terminal: the password is in no terminal state; a launcher hands it to `opencode attach` only.
    const savedPath = process.env.PATH;
    // The folder of the opencode the tests run (its platform package's bin/), as a user's PATH would have it.
    process.env.PATH = `${dirname(opencodeBinary())}${delimiter}${savedPath ?? ''}`;
    try {
      const sessionId = [...connection!.sessions.all()][0].info.id;
      const terminal = await vscode.commands.executeCommand<vscode.Terminal>(
        'opencodeSessions.openSessionInTerminal',
        api.tree.sessionNode(connection!, sessionId),
      );
      assert.ok(terminal, 'a terminal was opened');
      const options = terminal.creationOptions as vscode.TerminalOptions;
      const shown = JSON.stringify(options);
      assert.ok(!shown.includes(password), `no password in creationOptions: ${shown}`);
      assert.ok(!shown.includes(Buffer.from(`opencode:${password}`).toString('base64')));
      assert.equal(options.isTransient, true);
      assert.equal(options.env?.OPENCODE_SERVER_PASSWORD, undefined);
      assert.ok(!terminal.name.includes(password));
      const launcher = String((options.shellArgs as string[])[0]);
      assert.match(launcher, /ocs-attach-[^/\\]+[/\\]launch\.js$/);
      // The launcher ran: it read its plan and deleted the private folder with the password in it.
      await waitFor(
        'the launcher deleted its folder',
        () => existsSync(dirname(launcher)),
        (exists) => !exists,
      );
      terminal.dispose();
    } finally {
      process.env.PATH = savedPath;
    }

    // The log channel writes to disk when it likes: wait for the line this test caused.
    const logs = await waitFor(
      'the log on disk',
      () => readLogs(api),
      (l) => /locked: authentication failed/.test(l),
      undefined,
      (l) => l.slice(-2000),
    );
    assert.ok(!logs.includes(password), 'the password appears in no log file');
    assert.ok(!logs.includes(Buffer.from(`opencode:${password}`).toString('base64')), 'nor its Basic header');
  });

  it('a password for plain http to another machine is stored, and so sent, only once the user accepts it', async () => {
    const password = `pw-${randomBytes(12).toString('hex')}`;
    const h = await startHarness({ password });
    harnesses.push(h);
    // 0.0.0.0 reaches this machine's server on Linux, yet is not a loopback name: as a server elsewhere would be.
    const url = h.server.url.replace('127.0.0.1', '0.0.0.0');
    await configureServers([{ name: 'elsewhere', url }]);
    const connection = await waitFor(
      'authentication failed',
      () => connectionFor(api, url),
      (c) => c?.state.kind === 'unauthorized',
    );
    await framesTold(api);
    const node = () => api.tree.getChildren()[0];
    const states: string[] = [];
    const listening = connection!.onDidChangeState.on((state) => states.push(state.kind));
    // A script's password without the acceptance: refused before it is stored, so no request ever carries it.
    await vscode.commands.executeCommand('opencodeSessions.setPassword', node(), password);
    await waitFor(
      'the refusal in the log',
      () => readLogs(api),
      (l) => l.includes('elsewhere: the password was not stored: it would go to 0.0.0.0:'),
      undefined,
      (l) => l.slice(-1500),
    );
    assert.equal((await connection!.endpoint()).password, undefined, 'nothing stored');
    assert.deepEqual(states, [], 'no reconnect: the password went nowhere');
    await vscode.commands.executeCommand('opencodeSessions.setPassword', node(), password, true);
    await waitFor(
      'online once accepted',
      () => connection!.state.kind,
      (k) => k === 'online',
    );
    listening.dispose();
    await configureServers([]);
  });

  it('shows two servers at once, each with its own sessions', async () => {
    const [one, two] = await Promise.all([startHarness(), startHarness()]);
    harnesses.push(one, two);
    await createSession(one, { title: 'On server one' });
    await createSession(two, { title: 'On server two' });
    await configureServers([
      { name: 'one', url: one.server.url },
      { name: 'two', url: two.server.url },
    ]);
    await waitFor(
      'both online',
      () => api.connections(),
      (cs) => cs.length === 2 && cs.every((c) => c.state.kind === 'online' && c.sessions.size === 1),
    );
    const rows = await shownTree(api);
    assert.deepEqual(
      rows.map((r) => [r.depth, r.title, r.parent ?? null]),
      [
        [0, 'one', null],
        [1, 'On server one', 'one'],
        [0, 'two', null],
        [1, 'On server two', 'two'],
      ],
    );
  });
});
