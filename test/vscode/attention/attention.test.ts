// What needs you, in a real VS Code against a real server whose `bash` asks first and a scripted model:
// a sub-agent's permission puts 1 on the activity bar badge naming its root, answering it clears it; a session that
// finishes while another is picked is unread in the tree and Switch Session until picked; a flood of requests from
// one session raises one notification; getAPI(1) and session_status carry the counts. On OpenCode 2 (the opencode2
// stage: the binary OCS_OPENCODE2 names, else 1.18.33 behind the release-shape adapter), a server that offers `view`
// moves its `time.viewed` when VS Code picks an unread session, and another client's `view` of a run clears it in
// VS Code; one whose document lacks it (the older build, the adapter) is never asked.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { switchItems } from '../../../src/present/switchItems';
import { switchSources } from '../../../src/features/sessions/commands/switchSession';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { wait2 } from '../../harness/opencode2';
import { contractOf } from '../../harness/opencode2Contract';
import { createSession, promptAsync } from '../../harness/scenario';
import { taskCall, text, toolCall } from '../../harness/scriptedModel';
import { configureServers, connectionFor, extensionApi, shownTree, waitFor } from '../helpers/extensionApi';
import {
  connectOpencode2,
  opencode2Binary,
  RUNS_OPENCODE2,
  SKIPPED_OUTSIDE_OPENCODE2,
  startOpencode2,
  type Opencode2Server,
} from '../helpers/opencode2Server';

describe('What needs you: waiting and unread sessions', function () {
  this.timeout(240_000);
  let h: RunningHarness;
  let api: ExtensionApi;
  const settings = () => vscode.workspace.getConfiguration('opencodeSessions');

  before(async () => {
    h = await startHarness({ config: { permission: { bash: 'ask' } } });
    api = await extensionApi();
    await settings().update('notifyOnRequest', 'always', vscode.ConfigurationTarget.Workspace);
    await configureServers([{ name: 'needs-you', url: h.server.url }]);
    await waitFor(
      'online',
      () => connectionFor(api, h.server.url),
      (c) => c?.state.kind === 'online',
    );
  });

  after(async () => {
    await configureServers([]);
    await settings().update('notifyOnRequest', undefined, vscode.ConfigurationTarget.Workspace);
    await settings().update('badge', undefined, vscode.ConfigurationTarget.Workspace);
    await h?.dispose();
  });

  const connection = () => connectionFor(api, h.server.url)!;
  // Each case starts with nothing unread: the runs of the cases before have ended (a root's own run goes on after
  // its sub-agent's request is answered), then their sessions are read.
  beforeEach(async () => {
    await waitFor(
      'no run of the cases before still going',
      () => [...connection().sessions.notIdle()].map((r) => r.info.id),
      (busy) => busy.length === 0,
      90_000,
    );
    api.attention.markAllRead();
  });
  const badge = () => api.sessionsView.badge;
  const row = async (id: string) => (await shownTree(api)).find((r) => r.sessionId === id);

  it('a sub-agent asks a permission: the badge reads 1 naming its root; answering it clears the badge', async () => {
    const root = (await createSession(h, { title: 'Root that delegates' })).id;
    await promptAsync(h, root, 'Delegate', [
      taskCall('Check the build', 'Please check the build'),
      toolCall('bash', { command: 'printf built', description: 'Build' }),
      text('Built.'),
      text('The sub-agent checked it.'),
    ]);
    const shown = await waitFor(
      'the badge counts the waiting root',
      () => badge(),
      (b) => b?.value === 1,
      90_000,
    );
    assert.match(shown!.tooltip, /Waiting for you: “Root that delegates” \(needs-you\)/);
    assert.deepEqual(api.getAPI(1).getAttention(), { waiting: 1, unread: 0 });
    const summary = api
      .getAPI(1)
      .listSessions()
      .find((s) => s.id === root);
    assert.equal(summary?.attention, 'waiting');
    // The notification names the root session's request; its Allow Once is this command with the request's ref.
    await waitFor(
      'the notification',
      () => api.said.since(0),
      (n) => n.some((m) => m.includes('printf built')),
    );
    const child = connection().sessions.childrenOf(root)[0].info.id;
    const request = [...connection().sessions.get(child)!.requests.values()][0];
    await vscode.commands.executeCommand('opencodeSessions.allowOnce', {
      kind: 'request',
      serverId: connection().config.id,
      sessionId: child,
      requestId: request.id,
    });
    await waitFor(
      'the badge cleared',
      () => badge(),
      (b) => b === undefined,
      90_000,
    );
    // The root's own run goes on after its sub-agent's answer; once it ends, nobody having looked, it is unread.
    await waitFor(
      'the root unread once its run ended',
      () => api.attention.of(connection(), root),
      (a) => a === 'unread',
      90_000,
    );
  });

  it('a session that finishes while another is picked is unread in the tree and Switch Session; picking it reads it', async () => {
    const picked = (await createSession(h, { title: 'The one I look at' })).id;
    const other = (await createSession(h, { title: 'Finishes elsewhere' })).id;
    await waitFor(
      'both listed',
      () => [connection().sessions.get(picked), connection().sessions.get(other)],
      (r) => r.every(Boolean),
    );
    api.active.set({ serverId: connection().config.id, sessionId: picked });
    // 1.x records no run's end: the extension sees this one end.
    await promptAsync(h, other, 'Work', [text('Done elsewhere.')]);
    await waitFor(
      'unread in the tree',
      () => row(other),
      (r) => r?.contextValue?.split(' ').includes('unread') === true,
      60_000,
    );
    const item = switchItems(switchSources(api.registry, api.decorations), Date.now()).find((i) => i.sessionId === other);
    assert.match(item!.label, /^\$\(circle-filled\) Finishes elsewhere/);
    assert.match(item!.description, /^unread · /);
    const unread = api
      .getAPI(1)
      .listSessions()
      .filter((s) => s.attention === 'unread')
      .map((s) => s.title);
    assert.deepEqual(unread, ['Finishes elsewhere']);
    assert.equal(api.getAPI(1).getAttention().unread, 1);
    const status = await api.getAPI(1).getSessionStatus(picked);
    assert.deepEqual(status?.attention, { waiting: 0, unread: 1 });
    // The picked session's own turn, ending while it is picked, is not unread when VS Code has focus; either way it
    // is never unread once picked again.
    api.active.set({ serverId: connection().config.id, sessionId: other });
    await waitFor(
      'read once picked',
      () => row(other),
      (r) => r !== undefined && !r.contextValue?.split(' ').includes('unread'),
    );
    assert.equal(api.attention.of(connection(), other), undefined);
  });

  it('Mark All as Read reads every unread session; the badge counts unread ones when the setting says so', async () => {
    await settings().update('badge', 'waitingAndUnread', vscode.ConfigurationTarget.Workspace);
    const a = (await createSession(h, { title: 'Unread A' })).id;
    api.active.set({ serverId: connection().config.id, sessionId: (await createSession(h, { title: 'Looked at' })).id });
    await promptAsync(h, a, 'Work', [text('A done.')]);
    await waitFor(
      'the badge counts it',
      () => badge(),
      (b) => b?.value === 1 && /Unread: “Unread A”/.test(b.tooltip),
      60_000,
    );
    await vscode.commands.executeCommand('opencodeSessions.markAllRead');
    await waitFor(
      'nothing unread',
      () => api.getAPI(1).getAttention(),
      (n) => n.unread === 0,
    );
    assert.equal(badge(), undefined);
  });

  it('a flood of permission requests from one session raises one notification a minute', async () => {
    const flood = (await createSession(h, { title: 'Floods requests' })).id;
    const before = api.said.total;
    const decided = new Set<string>();
    const deciding = api.requestNotifier.onDidDecide((ws) => ws.forEach((w) => decided.add(w.request.id)));
    const commands = ['printf one', 'printf two', 'printf three'];
    await promptAsync(h, flood, 'Run them all', [
      ...commands.map((command) => toolCall('bash', { command, description: command })),
      text('Ran them.'),
    ]);
    // Each asks as soon as the one before was answered: three requests within seconds.
    for (const command of commands) {
      const request = await waitFor(
        `the request to run ${command}`,
        () => [...(connection().sessions.get(flood)?.requests.values() ?? [])],
        (r) => r.length === 1 && r[0].kind === 'permission' && r[0].patterns.includes(command),
        60_000,
      );
      // Answered only once the notifier decided it (announced or passed over), never within its grace period.
      await waitFor(
        'decided (announced or passed over)',
        () => decided.has(request[0].id),
        (d) => d,
      );
      await vscode.commands.executeCommand('opencodeSessions.allowOnce', {
        kind: 'request',
        serverId: connection().config.id,
        sessionId: flood,
        requestId: request[0].id,
      });
    }
    deciding.dispose();
    const notices = api.said.since(before).filter((m) => m.includes('Floods requests'));
    assert.equal(notices.length, 1, api.said.since(before).join('\n'));
  });
});

/** A 2.x Session.Info's times (packages/schema/src/session.ts@1066927): `idle` when a run last ended, `viewed` the idle a viewer marked seen. */
interface Times2 {
  idle?: number;
  viewed?: number;
}

describe('What needs you on OpenCode 2: the server’s time.viewed, both ways', function () {
  this.timeout(240_000);
  let s: Opencode2Server;
  let api: ExtensionApi;
  /** Whether the server's document names `POST /api/session/{id}/view` (releases); its record then holds `time.idle`. */
  let offersView = false;

  before(async function () {
    if (!RUNS_OPENCODE2) {
      console.log(`      ${SKIPPED_OUTSIDE_OPENCODE2}`);
      return this.skip();
    }
    s = await startOpencode2(opencode2Binary());
    api = await extensionApi();
    await connectOpencode2(api, s, 'viewed');
    offersView = (await contractOf(s)).offers('post', '/api/session/{sessionID}/view');
  });

  after(async () => {
    if (!RUNS_OPENCODE2) return;
    await configureServers([]);
    await s?.dispose();
  });

  const connection = () => connectionFor(api, s.url)!;
  const pick = (sessionId: string) => api.active.set({ serverId: connection().config.id, sessionId });
  /** The session's times as the server holds them (`GET /api/session/{id}` → `{data: Session.Info}`). */
  const serverTimes = async (id: string) => (await s.call<{ data: { time: Times2 } }>(`/api/session/${id}`)).data.time;
  const newSession = async (title: string) =>
    (await s.call<{ data: { id: string } }>('/api/session', { method: 'POST', body: { title } })).data.id;
  /**
   * One run of `id` (one scripted reply) to its end: on a server that offers `view`, until its record holds that
   * end after `after` (its `time.idle`, returned); elsewhere until its wait route says the run settled.
   */
  async function runToEnd(id: string, after = -Infinity): Promise<number | undefined> {
    s.model.enqueue(text('Done elsewhere.'));
    await s.call(`/api/session/${id}/prompt`, { method: 'POST', body: { text: 'Work' } });
    if (!offersView) return void (await wait2(s, id));
    const times = await waitFor(
      'the server to record the run’s end',
      () => serverTimes(id),
      (t) => t.idle !== undefined && t.idle > after,
      60_000,
    );
    return times.idle!;
  }

  it('picking an unread session reads it (moving the server’s time.viewed where it offers view); another client’s view of a later run clears it here', async () => {
    const picked = await newSession('The one I look at');
    const other = await newSession('Finishes elsewhere');
    await waitFor(
      'both listed',
      () => [connection().sessions.get(picked), connection().sessions.get(other)],
      (r) => r.every(Boolean),
    );
    pick(picked);
    const firstEnd = await runToEnd(other);
    await waitFor(
      'unread in VS Code',
      () => api.attention.of(connection(), other),
      (a) => a === 'unread',
      60_000,
    );
    if (!offersView) {
      // No `view` in the document: picking reads it here, and nothing is asked of the server.
      assert.equal(connection().api.offers('markViewed'), false, 'marking viewed is not offered');
      pick(other);
      await waitFor(
        'read in VS Code once picked',
        () => api.attention.of(connection(), other),
        (a) => a === undefined,
      );
      return;
    }
    // What VS Code marks viewed is the end it holds: the record read again after the run (2.x's events carry no record).
    await waitFor(
      'VS Code to hold the run’s end',
      () => connection().sessions.get(other)?.info.time.idle,
      (idle) => idle === firstEnd,
    );
    const before = (await serverTimes(other)).viewed;
    assert.ok(before === undefined || before < firstEnd!, `not viewed yet on the server (viewed ${before}, idle ${firstEnd})`);

    // Picking it here reads it, and tells the server (`POST /api/session/{id}/view {idle}`).
    pick(other);
    const viewed = await waitFor(
      'the server’s time.viewed to move',
      () => serverTimes(other),
      (t) => t.viewed !== undefined && t.viewed >= firstEnd!,
      30_000,
    );
    assert.equal(viewed.viewed, firstEnd, 'the run VS Code showed is the one marked viewed');
    assert.equal(api.attention.of(connection(), other), undefined);

    // Another run ends while the first is picked: unread again. Another client (the TUI, the web) views it.
    pick(picked);
    const secondEnd = await runToEnd(other, firstEnd);
    await waitFor(
      'unread again in VS Code',
      () => api.attention.of(connection(), other),
      (a) => a === 'unread',
      60_000,
    );
    await s.call(`/api/session/${other}/view`, { method: 'POST', body: { idle: secondEnd } });
    await waitFor(
      'read in VS Code, not picked there',
      () => api.attention.of(connection(), other),
      (a) => a === undefined,
      30_000,
    );
    assert.equal(api.active.get()?.record.info.id, picked, 'VS Code still shows the other session');
    const row = (await shownTree(api)).find((r) => r.sessionId === other);
    assert.ok(row && !row.contextValue?.split(' ').includes('unread'), 'not unread in the tree');
  });
});
