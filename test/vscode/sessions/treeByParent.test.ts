// OpenCode 2 listed by parent (the opencode2 stage; behind the release-shape adapter its document offers `parentID`
// on `GET /api/session`, as 2.x releases do: packages/protocol/src/groups/session.ts): connect lists the roots only
// (`parentID=null`, never the whole list), the trees active within the spend windows (all of them here: made this
// week) are then read in the background without a row opened, a sub-agent started by a running root (the scripted
// model's `task` call) shows live under it, and each inclusive total and the server's total is what OpenCode
// recorded, each session once, without "≥" once read. A tree older than the windows, read when its row opens, is
// the unit test's (listByParent.test.ts): a real server's sessions here are all this week's.
import * as assert from 'node:assert/strict';
import type { ExtensionApi } from '../../../src/extension';
import type { ServerConnection } from '../../../src/client/serverConnection';
import { FaultProxy } from '../../harness/faultProxy';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { isOpencode2 } from '../../harness/opencode2';
import { opencode2Passwords } from '../../harness/opencodeServer';
import { allSessions, createSession, prompt, promptAsync, spawnChild } from '../../harness/scenario';
import { taskCall, text } from '../../harness/scriptedModel';
import { costItem, configureServers, connectionFor, extensionApi, waitFor } from '../helpers/extensionApi';
import { serverTotalText } from '../../../src/app/servers/serverTreeItem';

describe('OpenCode 2 listed by parent: roots at connect, recent trees read after', function () {
  this.timeout(240_000);
  let h: RunningHarness;
  let proxy: FaultProxy;
  let api: ExtensionApi;
  let root = '';
  let child = '';
  let lone = '';

  before(async function () {
    if (!isOpencode2()) return this.skip();
    h = await startHarness();
    root = (await createSession(h, { title: 'Root with a sub-agent' })).id;
    await prompt(h, root, 'Start', [text('Started.', { prompt: 1_000, completion: 50 })]);
    child = (await spawnChild(h, root, { description: 'Read the files', child: { prompt: 3_000, completion: 120 } })).id;
    lone = (await createSession(h, { title: 'Root that delegates live' })).id;
    proxy = await new FaultProxy(h.server.url).start();
    proxy.record();
    opencode2Passwords.set(proxy.url, h.server.options.password!);
    api = await extensionApi();
    await configureServers([{ name: 'by-parent', url: proxy.url }]);
    await waitFor(
      'online',
      () => connectionFor(api, proxy.url),
      (c) => c?.state.kind === 'online',
    );
  });

  after(async () => {
    await configureServers([]);
    await proxy?.stop();
    await h?.dispose();
  });

  const connection = (): ServerConnection => connectionFor(api, proxy.url)!;
  const listQueries = () =>
    proxy.requests.filter((r) => r.method === 'GET' && r.path === '/api/session').map((r) => new URLSearchParams(r.search));
  const row = (id: string) => api.tree.getTreeItem(api.tree.sessionNode(connection(), id));
  /** What OpenCode recorded for `id` and every session below it, each once. */
  const recordedTree = async (id: string) => {
    const all = (await allSessions(h)) as unknown as Array<{ id: string; parentID?: string; cost: number }>;
    const below = (parent: string): number => all.filter((s) => s.parentID === parent).reduce((sum, s) => sum + s.cost + below(s.id), 0);
    return all.find((s) => s.id === id)!.cost + below(id);
  };

  it("connect lists the roots only, then reads this week's trees in the background: totals as OpenCode recorded", async () => {
    const queries = listQueries();
    assert.ok(queries.length > 0, 'the session list was asked');
    assert.equal(queries[0].get('parentID'), 'null', 'the first listing asks for roots');
    assert.ok(
      queries.every((q) => q.has('parentID')),
      queries.map(String).join('\n'),
    );
    await waitFor(
      'the child under its root, both trees read, with no row opened',
      () => [connection().sessions.parentOf(child), connection().sessions.anyUnread],
      ([parent, unread]) => parent === root && unread === false,
    );
    assert.ok(
      listQueries().some((q) => q.get('parentID') === root),
      'its children were listed by parent',
    );
    const recorded = await recordedTree(root);
    assert.ok(recorded > Number((await allSessions(h)).find((s) => s.id === root)?.cost), 'the child costs something');
    assert.equal(connection().sessions.inclusive(root).cost.toFixed(9), recorded.toFixed(9));
    // Every row exact, as the server's total: every tree here is this week's.
    for (const record of connection().sessions.all()) assert.doesNotMatch(String(row(record.info.id).description), /≥/, record.info.title);
    assert.doesNotMatch(serverTotalText(connection()) ?? '', /≥/);
    // The status bar, on the root: its Σ, today's spend and every session's exact once the trees are read.
    api.active.set({ serverId: connection().config.id, sessionId: root });
    await waitFor(
      'the status bar on the root, settled',
      () => [costItem(api).tooltip.replace(/&nbsp;/g, ' '), api.statusBar.settling] as const,
      ([tooltip, settling]) => tooltip.includes('Root with a sub-agent') && !settling,
    );
    assert.match(costItem(api).text, /Σ /);
    assert.doesNotMatch(costItem(api).text, /≥/);
    assert.doesNotMatch(costItem(api).tooltip.replace(/&nbsp;/g, ' '), /at least|not all read/);
  });

  it('a sub-agent started by a running root shows live under it; its total is right once read', async () => {
    await promptAsync(h, lone, 'Delegate now', [
      taskCall('Live task', 'Please do the live task', { prompt: 400, completion: 20 }),
      text('Live task: done.', { prompt: 2_500, completion: 90 }),
      text('The sub-agent finished.', { prompt: 600, completion: 30 }),
    ]);
    const live = await waitFor(
      'a child of the delegating root in the store',
      () => connection().sessions.childrenOf(lone),
      (children) => children.length === 1,
    );
    assert.equal(connection().sessions.parentOf(live[0].info.id), lone);
    await waitFor(
      'the run over',
      () => [...connection().sessions.notIdle()].length,
      (busy) => busy === 0,
    );
    await waitFor(
      'the delegating root read, its Σ what OpenCode recorded',
      async () => [
        connection().sessions.partial(lone),
        connection().sessions.inclusive(lone).cost.toFixed(9),
        (await recordedTree(lone)).toFixed(9),
      ],
      ([partial, shown, recorded]) => partial === false && shown === recorded && Number(recorded) > 0,
    );
    assert.doesNotMatch(String(row(lone).description), /≥/);
  });
});
