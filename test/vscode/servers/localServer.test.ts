// The default when nothing is configured, in a real VS Code: a server found on the probe URL is shown
// as "local"; otherwise the welcome view's button starts a real `opencode serve` that needs a password,
// deactivation stops it, and a missing binary says how to install it. The probe URL is pointed away
// from the machine's real 127.0.0.1:4096 through OCS_LOCAL_PROBE_URL (read on every probe).
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { StartResult } from '../../../src/features/servers/localServer';
import { freePort } from '../../harness/freePort';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { createSession } from '../../harness/scenario';
import { opencodeBinary } from '../../harness/paths';
import { seedPluginDeps } from '../../harness/pluginDeps';
import { readLogs } from '../helpers/logs';
import { configureServers, EXTENSION_ID, extensionApi, shownTree, waitFor } from '../helpers/extensionApi';

const BINARY_KEY = 'localServer.binaryPath';
const opencodeDir = () => dirname(opencodeBinary());
const settings = () => vscode.workspace.getConfiguration('opencodeSessions');

describe('Local server: discovered on the probe URL, or started from the welcome view', function () {
  this.timeout(180_000);
  let api: ExtensionApi;
  const saved = { path: process.env.PATH, probe: process.env.OCS_LOCAL_PROBE_URL };
  const harnesses: RunningHarness[] = [];

  before(async () => {
    api = await extensionApi();
    // OpenCode's install for the plugin the embedded server loads, as an earlier start left it (pluginDeps.ts): the
    // first start's install is the unit stage's (embeddedPlugin.test.ts), not this file's.
    seedPluginDeps(join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'opencode'));
  });

  beforeEach(async () => {
    // Nothing on PATH and no setting: each test says where opencode is, if anywhere.
    process.env.PATH = saved.path
      ?.split(':')
      .filter((dir) => dir !== opencodeDir())
      .join(':');
    await settings().update(BINARY_KEY, undefined, vscode.ConfigurationTarget.Global);
    await showWelcome(`http://127.0.0.1:${await freePort()}`);
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('opencodeSessions.stopLocalServer');
    await Promise.all(harnesses.splice(0).map((h) => h.dispose()));
    await settings().update(BINARY_KEY, undefined, vscode.ConfigurationTarget.Global);
    await configureServers([]);
  });

  after(() => {
    process.env.PATH = saved.path;
    if (saved.probe === undefined) delete process.env.OCS_LOCAL_PROBE_URL;
    else process.env.OCS_LOCAL_PROBE_URL = saved.probe;
  });

  /** Re-probes (the servers setting going from non-empty to empty does that) and waits for the outcome. */
  async function showWelcome(probe: string, outcome: 'none' | 'found' = 'none'): Promise<void> {
    process.env.OCS_LOCAL_PROBE_URL = probe;
    await configureServers([{ name: 'placeholder', url: `http://127.0.0.1:${await freePort()}` }]);
    await waitFor(
      'the probe to be skipped',
      () => api.localServer.probeState,
      (s) => s === 'skipped',
    );
    await configureServers([]);
    await waitFor(
      `the probe to find ${outcome === 'none' ? 'nothing' : 'a server'}`,
      () => api.localServer.probeState,
      (s) => s === outcome,
    );
  }

  it('shows an OpenCode server that answers on the probe URL as "local", without writing settings', async () => {
    const h = await startHarness();
    harnesses.push(h);
    const session = await createSession(h, { title: 'Found on the default port' });
    await showWelcome(h.server.url, 'found');
    const connection = await waitFor(
      'the discovered server online',
      () => api.connections(),
      (cs) => cs.length === 1 && cs[0].state.kind === 'online' && cs[0].sessions.size === 1,
    );
    const found = { by: 'probe', where: new URL(h.server.url).host };
    assert.deepEqual(connection[0].config, { id: h.server.url, url: h.server.url, name: 'local', origin: 'discovered', found });
    const rows = await shownTree(api);
    assert.deepEqual(
      rows.map((r) => [r.depth, r.title, r.sessionId ?? null]),
      [
        [0, 'local', null],
        [1, 'Found on the default port', session.id],
      ],
    );
    assert.match(rows[0].contextValue ?? '', /^server online discovered$/);
    assert.equal(api.registry.configuredServerCount, 0);
    const written = settings().inspect('servers');
    assert.deepEqual([written?.globalValue ?? [], written?.workspaceValue ?? []], [[], []], 'no server was written to the settings');
  });

  it('shows a password-protected server found there as "authentication failed"', async () => {
    const h = await startHarness({ password: 'probe-test-password' });
    harnesses.push(h);
    await showWelcome(h.server.url, 'found');
    const [connection] = await waitFor(
      'authentication failed',
      () => api.connections(),
      (cs) => cs[0]?.state.kind === 'unauthorized',
    );
    assert.equal(connection.config.origin, 'discovered');
    // The tree hears of the new connection through the model, a frame after the registry (which the wait reads).
    await waitFor(
      'the server row to say so',
      () => shownTree(api),
      (rows) => /authentication failed/.test(rows[0]?.description ?? ''),
    );
  });

  it('never sends a password stored for that URL to the server found there', async () => {
    const h = await startHarness({ password: 'probe-test-password' });
    harnesses.push(h);
    process.env.OCS_LOCAL_PROBE_URL = h.server.url;
    // Configured, with its password stored: online.
    await configureServers([{ name: 'configured', url: h.server.url }]);
    await vscode.commands.executeCommand('opencodeSessions.setPassword', { serverId: h.server.url }, 'probe-test-password');
    await waitFor(
      'the configured server online with its stored password',
      () => api.connections(),
      (cs) => cs.length === 1 && cs[0].config.origin === 'configured' && cs[0].state.kind === 'online',
    );
    // The same URL, now only found by probing: whoever holds the port gets no stored password.
    await configureServers([]);
    const [connection] = await waitFor(
      'the discovered server refused',
      () => api.connections(),
      (cs) => cs.length === 1 && cs[0].config.origin === 'discovered' && cs[0].state.kind === 'unauthorized',
    );
    assert.equal((await connection.endpoint()).password, undefined, 'no password is sent to a probed port');
    const rows = await waitFor(
      'the row to say so',
      () => shownTree(api),
      (r) => /authentication failed/.test(r[0]?.description ?? ''),
    );
    assert.match(rows[0].contextValue ?? '', /^server unauthorized discovered$/, 'Set Password is offered only for configured servers');
  });

  it('without opencode anywhere, says so and how to install it (a workspace path does not count)', async () => {
    // A workspace cannot choose the program: put a real opencode path in the workspace's settings.json.
    const workspaceSettings = join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.vscode', 'settings.json');
    // No test writes the workspace's settings any more (servers and budgets are the user's): it may have none.
    const before = existsSync(workspaceSettings) ? (JSON.parse(readFileSync(workspaceSettings, 'utf8')) as Record<string, unknown>) : {};
    // The setting is machine-scoped, so VS Code shows no change of it to wait for: a window-scoped marker
    // written in the same file says when VS Code has read the file (and ignored the binary path).
    const marker = 7 + Math.floor(Math.random() * 5);
    writeJson(workspaceSettings, { ...before, [`opencodeSessions.${BINARY_KEY}`]: opencodeBinary(), 'editor.tabSize': marker });
    try {
      await waitFor(
        'VS Code to read the workspace settings',
        () => vscode.workspace.getConfiguration('editor').inspect('tabSize')?.workspaceValue,
        (v) => v === marker,
      );
      console.log(`      workspace value as VS Code sees it: ${JSON.stringify(settings().inspect(BINARY_KEY)?.workspaceValue)}`);
      const result = await vscode.commands.executeCommand<StartResult>('opencodeSessions.startLocalServer');
      assert.equal(result.ok, false);
      assert.equal(result.ok === false && result.reason, 'not-found');
      const message = result.ok === false ? result.message : '';
      assert.match(message, /OpenCode was not found: no opencode in PATH \(looked in /);
      assert.match(message, /npm install -g opencode-ai/);
      assert.match(message, /opencodeSessions\.localServer\.binaryPath/);
      assert.equal(api.connections().length, 0, 'the welcome view stays');
      await waitFor(
        'the same message in the log',
        () => readLogs(api),
        (l) => l.includes(message),
        undefined,
        (l) => l.slice(-2000),
      );
    } finally {
      writeJson(workspaceSettings, before);
    }
  });

  it('starts a real opencode from the welcome view: online, embedded, behind a password that is never logged', async () => {
    assert.equal(api.connections().length, 0, 'no server: the welcome view shows');
    assert.notEqual(api.localServer.probeState, 'probing', 'the probe finished: the Start button shows');
    const binary = await useRealOpencode();
    const result = await vscode.commands.executeCommand<StartResult>('opencodeSessions.startLocalServer');
    assert.ok(result.ok, `started: ${JSON.stringify(result)}`);
    const [connection] = await waitFor(
      'the embedded server online',
      () => api.connections(),
      (cs) => cs.length === 1 && cs[0].state.kind === 'online',
      60_000,
    );
    assert.equal(connection.config.origin, 'embedded');
    assert.equal(connection.config.url, result.url);
    const port = Number(new URL(result.url).port);
    assert.ok(port > 0 && port !== 4096, `a random port, not OpenCode's default: ${port}`);
    // The tree hears of it through the model, a frame after the registry.
    const [row] = await waitFor(
      'the server row online',
      () => shownTree(api),
      (rows) => /\bonline\b/.test(rows[0]?.contextValue ?? ''),
    );
    assert.equal(row.label, 'embedded');
    assert.match(row.contextValue ?? '', /^server online embedded$/, 'the row offers Stop Local Server');
    console.log(`      ${binary} listening on ${result.url}, pid ${api.localServer.embeddedPid}`);

    const anonymous = await fetch(`${result.url}/global/health`, { signal: AbortSignal.timeout(10_000) });
    assert.equal(anonymous.status, 401, 'a request without the password is refused');
    const { password } = await connection.endpoint();
    assert.ok(password && password.length >= 32, 'a long random password');
    const authorized = await fetch(`${result.url}/global/health`, {
      headers: { authorization: `Basic ${Buffer.from(`opencode:${password}`).toString('base64')}` },
      signal: AbortSignal.timeout(10_000),
    });
    assert.equal(authorized.status, 200);

    const logs = await waitFor(
      'the log on disk',
      () => readLogs(api),
      (l) => /The local OpenCode server listens on http:\/\/127\.0\.0\.1:\d+/.test(l),
      undefined,
      (l) => l.slice(-2000),
    );
    assert.ok(!logs.includes(password), 'the password appears in no log file');
    const allSettings = ['servers', BINARY_KEY, 'localServer.autoStart'].map((key) => JSON.stringify(settings().inspect(key))).join('\n');
    assert.ok(!allSettings.includes(password), 'nor in any setting');

    const pid = api.localServer.embeddedPid!;
    await vscode.commands.executeCommand('opencodeSessions.stopLocalServer');
    assert.equal(api.connections().length, 0, 'stopping drops the row');
    assert.equal(isAlive(pid), false, 'and ends the process');
  });

  it('starts by itself when autoStart is turned on, and drops the row if the process dies', async () => {
    await useRealOpencode();
    await settings().update('localServer.autoStart', true, vscode.ConfigurationTarget.Global);
    try {
      const [connection] = await waitFor(
        'the auto-started server online',
        () => api.connections(),
        (cs) => cs.length === 1 && cs[0].state.kind === 'online',
        60_000,
      );
      assert.equal(connection.config.origin, 'embedded');
    } finally {
      await settings().update('localServer.autoStart', undefined, vscode.ConfigurationTarget.Global);
    }
    const pid = api.localServer.embeddedPid!;
    process.kill(pid, 'SIGKILL');
    await waitFor(
      'the row to go',
      () => api.connections().length,
      (n) => n === 0,
    );
    assert.equal(api.localServer.embeddedPid, undefined);
    const exited = new RegExp(`The local OpenCode server \\(pid ${pid}\\) exited by itself \\(SIGKILL\\)`);
    await waitFor(
      'the exit in the log',
      () => readLogs(api),
      (l) => exited.test(l),
      undefined,
      (l) => l.slice(-2000),
    );
  });

  // Last: deactivation disposes the manager for good (the rest of the run goes on without it).
  it('stops the embedded server when the extension deactivates', async () => {
    await useRealOpencode();
    const result = await vscode.commands.executeCommand<StartResult>('opencodeSessions.startLocalServer');
    assert.ok(result.ok, `started: ${JSON.stringify(result)}`);
    const pid = api.localServer.embeddedPid!;
    assert.ok(isAlive(pid));
    // What VS Code calls when it closes: the module's deactivate(), awaited.
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    // The very module VS Code loaded (require's cache), not a second copy an import() would evaluate.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const main = require(join(extension.extensionPath, 'dist', 'extension.js')) as { deactivate(): Promise<void> | undefined };
    await main.deactivate();
    assert.equal(isAlive(pid), false, `opencode (pid ${pid}) is gone once deactivate() settles`);
    // VS Code would now dispose the registry too; this run goes on, so drop the row by hand.
    api.registry.setImplicit(undefined);
  });

  /** Points the setting's user value at the real opencode (in this remote window VS Code keeps it in the remote Machine settings). */
  async function useRealOpencode(): Promise<string> {
    const binary = opencodeBinary();
    await settings().update(BINARY_KEY, binary, vscode.ConfigurationTarget.Global);
    assert.equal(settings().inspect(BINARY_KEY)?.globalValue, binary);
    return binary;
  }
});

function isAlive(pid: number): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value, null, 2));
}
