// Found with no setup: a REAL OpenCode 2 per-user service (`opencode serve --service`, the binary
// OCS_OPENCODE2 names; without one, 1.18.33 behind the release-shape adapter, registered as a release registers)
// in service.json under a private XDG_STATE_HOME; the extension, with no server settings, is pointed at that state
// folder (the extension host's own XDG_STATE_HOME, read on every look) and lists the service's sessions with the
// server's own costs. Start Local Server with that binary joins the service, or starts one: those two need the
// binary itself. Outside the opencode2 stage these cases are skipped, and their titles say so.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { StartResult } from '../../../src/features/servers/localServer';
import { freePort } from '../../harness/freePort';
import { Opencode2Service } from '../../harness/opencode2Service';
import { freshDir } from '../../harness/paths';
import { ScriptedModel } from '../../harness/scriptedModel';
import { readLogs } from '../helpers/logs';
import { extensionApi, shownTree, waitFor } from '../helpers/extensionApi';
import { identity2 } from '../../harness/opencode2';
import {
  expectedCost,
  expectedServerCost,
  lookAgain as look,
  OC2,
  OC2_BINARY,
  oc2BinaryIt,
  oc2it,
  SKIP_WITHOUT_OC2,
  type V2Session,
} from '../helpers/serviceDiscovery';

const BINARY_KEY = 'localServer.binaryPath';
const settings = () => vscode.workspace.getConfiguration('opencodeSessions');

describe(`Discovery: the OpenCode 2 service from service.json, with no settings${OC2 ? '' : ` (${SKIP_WITHOUT_OC2})`}`, function () {
  this.timeout(300_000);
  let api: ExtensionApi;
  let model: ScriptedModel;
  let service: Opencode2Service;
  /** What the tests point elsewhere in the extension host's environment (read by the extension, inherited by what it starts). */
  const ENV_KEYS = ['XDG_STATE_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'OPENCODE_CONFIG_DIR'] as const;
  const saved = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
  const restoreEnv = () => ENV_KEYS.forEach((key) => restore(key, saved[key]));
  /** Services Start Local Server started (they outlive VS Code by design): stopped after the test. */
  const startedPids: number[] = [];

  before(async function () {
    if (!OC2) return this.skip();
    api = await extensionApi();
    model = await new ScriptedModel().start();
    service = new Opencode2Service(OC2_BINARY, model.url);
    await service.start();
  });

  afterEach(async () => {
    if (!OC2) return;
    for (const pid of startedPids.splice(0)) {
      signal(pid, 'SIGTERM');
      await waitFor(
        `the started service (pid ${pid}) to exit`,
        () => isAlive(pid),
        (alive) => !alive,
        30_000,
      );
    }
    await settings().update(BINARY_KEY, undefined, vscode.ConfigurationTarget.Global);
    restoreEnv();
  });

  after(async () => {
    restoreEnv();
    if (!OC2) return;
    await lookAgain();
    await service?.dispose();
    await model?.stop();
  });

  const lookAgain = (outcome?: 'found' | 'none') => look(api, outcome);

  oc2it("lists the service's sessions, costs equal to /api/session, the row saying where it was found", async () => {
    const registration = service.registration!;
    const made: string[] = [];
    for (const title of ['Service first', 'Service second']) {
      const { data } = await service.api<{ data: { id: string } }>('/api/session', {
        method: 'POST',
        body: { title, location: { directory: service.directory } },
      });
      await service.api(`/api/session/${data.id}/prompt`, { method: 'POST', body: { text: `${title}: hello` } });
      made.push(data.id);
    }
    const listed = await waitFor(
      'both sessions to have cost something',
      () => service.api<{ data: V2Session[] }>('/api/session'),
      (l) => made.every((id) => (l.data.find((s) => s.id === id)?.cost ?? 0) > 0),
    );

    process.env.XDG_STATE_HOME = service.stateHome;
    await lookAgain('found');
    // Listed by parent (2.x offers `parentID`): the roots at connect, then this week's trees read in the background;
    // the server's total says "≥" until they are.
    const [connection] = await waitFor(
      'the service online with its sessions, every tree read',
      () => api.connections(),
      (cs) => cs.length === 1 && cs[0].state.kind === 'online' && cs[0].sessions.size === listed.data.length && !cs[0].sessions.anyUnread,
    );
    assert.equal(api.registry.configuredServerCount, 0, 'no server settings');
    assert.deepEqual(connection.config, {
      id: registration.url,
      url: registration.url,
      name: 'local',
      origin: 'discovered',
      found: { by: 'service', where: 'OpenCode 2 service (service.json)' },
    });
    assert.equal(connection.generation, 'v2');
    const endpoint = await connection.endpoint();
    assert.equal(endpoint.password, registration.password, "the password comes from the service's registration");
    for (const s of listed.data) assert.equal(connection.sessions.get(s.id)?.own.cost, s.cost, `${s.title}: the server's cost`);

    const rows = await waitFor(
      'the tree to show the service and its sessions',
      () => shownTree(api),
      (r) => r.filter((row) => row.sessionId).length === listed.data.length && /\bonline\b/.test(r[0]?.contextValue ?? ''),
    );
    assert.equal(rows[0].label, 'local');
    // A server row leads with what its sessions cost, then where it was found and the version it reports.
    const { version } = await identity2(service.target);
    const money = expectedServerCost(listed.data);
    assert.equal(rows[0].description, `${money} · online · OpenCode 2 service (service.json) · v${version} · OpenCode API v2`);
    assert.match(rows[0].contextValue ?? '', /^server online discovered$/, 'no Set Password, no Remove, no Stop for it');
    for (const s of listed.data) {
      const row = rows.find((r) => r.sessionId === s.id);
      assert.ok(row, `a row for ${s.title}`);
      assert.equal(row.title, s.title);
      assert.equal(row.money, expectedCost(listed.data, s), `${s.title}: the row's money is the server's`);
    }

    const logs = readLogs(api);
    assert.match(logs, /Found the OpenCode 2 service \S+ at http:\/\/127\.0\.0\.1:\d+ \(pid \d+, registered in .*service\.json\)/);
    assert.ok(!logs.includes(registration.password), 'the password is in no log');
    const allSettings = ['servers', BINARY_KEY].map((key) => JSON.stringify(settings().inspect(key))).join('\n');
    assert.ok(!allSettings.includes(registration.password), 'nor in any setting');
  });

  oc2it('ignores a registration others may read, with a line in the log', async () => {
    const state = freshDir('loose-state');
    mkdirSync(join(state, 'opencode'));
    const loose = join(state, 'opencode', 'service.json');
    writeFileSync(loose, readFileSync(service.registrationFile), { mode: 0o644 });
    process.env.XDG_STATE_HOME = state;
    await lookAgain('none');
    assert.equal(api.connections().length, 0, 'the welcome view stays');
    await waitFor(
      'the reason in the log',
      () => readLogs(api),
      (l) => l.includes(`Ignored the OpenCode 2 service registration ${loose}: others may read or change it (mode 644`),
      undefined,
      (l) => l.slice(-1500),
    );
  });

  oc2BinaryIt('Start Local Server with an OpenCode 2 binary joins the running service', async () => {
    process.env.XDG_STATE_HOME = freshDir('empty-state');
    await lookAgain('none');
    // The service is registered again where the extension will look, but it has not looked yet.
    process.env.XDG_STATE_HOME = service.stateHome;
    await settings().update(BINARY_KEY, OC2_BINARY, vscode.ConfigurationTarget.Global);
    const result = await vscode.commands.executeCommand<StartResult>('opencodeSessions.startLocalServer');
    assert.deepEqual(result, { ok: true, url: service.registration!.url, service: 'joined' });
    const [connection] = await waitFor(
      'the joined service online',
      () => api.connections(),
      (cs) => cs.length === 1 && cs[0].state.kind === 'online',
    );
    assert.equal(connection.config.found?.by, 'service');
    assert.equal(api.localServer.embeddedPid, undefined, 'nothing of our own was started');
  });

  oc2BinaryIt(
    'Start Local Server starts the per-user service (serve --service) when none runs, and connects through service.json',
    async () => {
      const state = freshDir('start-state');
      const config = freshDir('start-config');
      // Not the release port 49374, which another run may hold: the service config's port (OPENCODE_CONFIG_DIR).
      writeFileSync(join(config, 'service.json'), JSON.stringify({ port: await freePort() }), { mode: 0o600 });
      process.env.XDG_STATE_HOME = state;
      process.env.OPENCODE_CONFIG_DIR = config;
      // Its data and cache too: an OpenCode 2 database in VS Code's HOME would stop a later 1.x server there.
      process.env.XDG_DATA_HOME = freshDir('start-data');
      process.env.XDG_CACHE_HOME = freshDir('start-cache');
      await lookAgain('none');
      await settings().update(BINARY_KEY, OC2_BINARY, vscode.ConfigurationTarget.Global);
      const result = await vscode.commands.executeCommand<StartResult>('opencodeSessions.startLocalServer');
      const registration = JSON.parse(readFileSync(join(state, 'opencode', 'service.json'), 'utf8')) as { url: string; pid: number };
      startedPids.push(registration.pid);
      assert.deepEqual(result, { ok: true, url: registration.url, service: 'started' });
      const [connection] = await waitFor(
        'the started service online',
        () => api.connections(),
        (cs) => cs.length === 1 && cs[0].state.kind === 'online',
        120_000,
      );
      assert.equal(connection.config.url, registration.url);
      assert.equal(connection.generation, 'v2');
      assert.equal(api.localServer.embeddedPid, undefined, 'it is the per-user service, not an embedded server');
    },
  );

  oc2it('follows the service when it restarts on a new port and password', async () => {
    process.env.XDG_STATE_HOME = service.stateHome;
    await lookAgain('found');
    const before = service.registration!;
    await waitFor(
      'the service online',
      () => api.connections(),
      (cs) => cs[0]?.config.url === before.url && cs[0].state.kind === 'online',
    );
    await service.stop();
    const after = await service.start();
    assert.notEqual(after.url, before.url, 'a new port');
    assert.notEqual(after.password, before.password, 'a new password');
    const [connection] = await waitFor(
      'the row to follow the service to its new port',
      () => api.connections(),
      (cs) => cs.length === 1 && cs[0].config.url === after.url && cs[0].state.kind === 'online',
    );
    assert.equal((await connection.endpoint()).password, after.password);
  });
});

function restore(key: string, value: string | undefined): void {
  if (value === undefined) delete process.env[key];
  else process.env[key] = value;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // gone
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
