// Issue 77, the demo's cluster: a budget pause holds on a cluster Agent. A kubeopencode Agent runs no plugin of ours,
// so nothing in its server refuses a paused session's model request: the extension stops each prompt another client
// sends, once the server says the session runs. The demo's ticker prompted its running Task's session every 20 s
// with a model that answered at once, so each turn was recorded before the stop could land (a paused session went
// $0.63 → $0.96 in three minutes). Here that Task's session, reached through the service proxy and paused by its
// session budget, takes four of the demo's turns (its ticker, its model's pace): its row's money never rises, the
// server records nothing more, the pause stays, and the window says it once. The test waits for states.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ServerConnection } from '../../../src/client/serverConnection';
import type { ExtensionApi } from '../../../src/extension';
import { agentTarget, startDemoTicker } from '../../harness/demoTicker';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { createSession, promptAsync, stepRecords } from '../../harness/scenario';
import { text, toolCall } from '../../harness/scriptedModel';
import { usageCosting } from '../../harness/stepUsage';
import { agent, runningTask, sessionTitle } from '../../k8s/objects';
import { clusterUnderTest, startTestCluster, type TestCluster } from '../../k8s/testCluster';
import { budgetNotices } from '../helpers/budgetSaid';
import { kubernetesSettings, rowsUnder } from '../helpers/clusterRows';
import { extensionApi, waitFor } from '../helpers/extensionApi';
import { extensionLog } from '../helpers/logs';

const NS = 'team-p';
/** The demo ticker's ask to the Agent's session (agentTarget). */
const TICKER_ASK = 'run the login tests';
const STOPPED_TOO = /Prompts from other clients \(the TUI, a script\) are stopped too until you raise the budget or resume\./;

describe(`A budget pause holds on a cluster Agent, which runs no plugin, on ${clusterUnderTest()} (issue 77)`, function () {
  this.timeout(300_000);
  let api: ExtensionApi;
  let h: RunningHarness;
  let cluster: TestCluster;
  const task = runningTask('fix-login', NS, 'builder');
  const config = () => vscode.workspace.getConfiguration('opencodeSessions');
  const set = (key: string, value: unknown) => config().update(key, value, vscode.ConfigurationTarget.Global);

  before(async () => {
    api = await extensionApi();
    // A kubeopencode Agent's server: a real OpenCode server without the project's plugin.
    h = await startHarness();
    cluster = await startTestCluster({ agents: [agent('builder', NS)], tasks: [task] });
    await cluster.reach(NS, 'builder', h.server.url);
    await set('budget.perSession', 0.5);
    await set('budget.onExceeded', 'pause');
    await kubernetesSettings().update('kubeconfig', cluster.kubeconfigFile('test', NS), vscode.ConfigurationTarget.Global);
    await kubernetesSettings().update('namespaces', [NS], vscode.ConfigurationTarget.Global);
    await kubernetesSettings().update('access', 'serviceProxy', vscode.ConfigurationTarget.Global);
    await kubernetesSettings().update('enabled', true, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    for (const key of ['budget.onExceeded', 'budget.perSession']) await set(key, undefined);
    // Its pauses outlive its servers in the window's state: the next suite starts with none.
    api.budgetPauses.releaseAll(api.budgetPauses.all());
    for (const key of ['enabled', 'access', 'namespaces', 'kubeconfig'])
      await kubernetesSettings().update(key, undefined, vscode.ConfigurationTarget.Global);
    await cluster?.stop();
    await h?.dispose();
  });

  /** The Task's session crosses the $0.50 budget at its first step while its second is in flight: paused. */
  async function pausedTaskSession(connection: ServerConnection): Promise<string> {
    const title = sessionTitle(task);
    const { id } = await createSession(h, { title });
    const never = new Promise<void>(() => undefined);
    h.model.route = (req) =>
      req.kind === 'chat' && req.firstUserText.startsWith('Fix the login') && !req.lastUserText.includes(TICKER_ASK)
        ? req.toolResults.length
          ? { ...text('Held.', usageCosting(0.01)), hold: never }
          : toolCall('glob', { pattern: '*.md' }, usageCosting(0.6))
        : undefined;
    await promptAsync(h, id, 'Fix the login redirect', []);
    await waitFor(
      'paused by the session budget',
      () => api.budgetPauses.of(connection.config.id, id),
      (p) => p?.phase === 'paused',
    );
    return id;
  }

  /** The row's label (its money first) and description, at every redraw from now on, until `stop()`; `at`: when. */
  function watchRow(connection: ServerConnection, id: string): { seen: string[]; at: number[]; stop(): void } {
    const seen: string[] = [];
    const at: number[] = [];
    const look = () => {
      const item = api.tree.getTreeItem(api.tree.sessionNode(connection, id));
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      seen.push(`${label} | ${String(item.description)}`);
      at.push(Date.now());
    };
    look();
    const listener = api.tree.onDidChangeTreeData(look);
    const onPauses = api.budgetPauses.onDidChange(look);
    return { seen, at, stop: () => (listener.dispose(), onPauses.dispose()) };
  }

  /**
   * From now on, what happened, for a failure's message on one line (CI's summary keeps a failure's first line only),
   * in seconds from now: when the row's money moved (each amount once), what the model was asked (and when it
   * answered), what the window logged of the session (stops sent, runs found ended, reconnects).
   */
  function recorder(connection: ServerConnection, id: string, row: { seen: string[]; at: number[] }, money: (shown: string) => string) {
    const from = Date.now();
    const logFrom = extensionLog(api).length;
    const askedFrom = h.model.requests.length;
    const secs = (t: number) => `+${((t - from) / 1000).toFixed(1)} s`;
    return () => {
      const amounts = new Map<string, number>();
      row.seen.forEach((s, i) => (amounts.has(money(s)) ? undefined : amounts.set(money(s), row.at[i])));
      const asked = h.model.requests
        .slice(askedFrom)
        .map((r) => `${r.kind} ${r.answeredAt ? `answered ${secs(r.answeredAt)}` : 'unanswered'}`);
      // "2026-12-01 22:53:33.760 [warning] builder: ses_… was prompted …: stopping it." → "stop +0.4 s".
      const logged = extensionLog(api)
        .slice(logFrom)
        .filter((line) => line.includes(id) || line.includes(connection.label))
        .map((line) => {
          const when = secs(new Date(line.slice(0, 23).replace(' ', 'T')).getTime());
          if (line.endsWith('stopping it.')) return `stop ${when}`;
          if (line.includes('its run had ended')) return `ended ${when}`;
          return `${when} ${line.slice(24, 104)}`;
        });
      return `shown: ${[...amounts].map(([m, t]) => `${m} ${secs(t)}`).join(', ')}; asked: ${asked.join(', ')}; logged: ${logged.join(', ')}`;
    };
  }

  /** The steps the server recorded with a cost, and their sum. */
  async function spent(id: string): Promise<{ steps: number; cost: number }> {
    const steps = (await stepRecords(h, id)).filter((s) => s.cost > 0);
    return { steps: steps.length, cost: steps.reduce((sum, s) => sum + s.cost, 0) };
  }

  /** The ticker's prompts the server took for the session. */
  async function tickerPrompts(id: string): Promise<number> {
    const messages = (await h.server.client().session.messages({ sessionID: id })).data ?? [];
    return messages.filter((m) => m.info.role === 'user' && m.parts.some((p) => p.type === 'text' && p.text.includes(TICKER_ASK))).length;
  }

  it('the demo’s ticker prompts the paused Task’s session four times: each is stopped before its reply, the row’s money stays, one notice', async () => {
    const connection = (await waitFor(
      'the builder online through the service proxy',
      () => api.connections().find((c) => c.config.cluster?.agent === 'builder'),
      (c) => c?.state.kind === 'online',
    ))!;
    const said = api.said.total;
    const id = await pausedTaskSession(connection);
    await waitFor(
      'the pause notice',
      () => budgetNotices(api, said),
      (n) => n.length > 0,
    );
    await waitFor(
      'the session stopped',
      () => connection.sessions.get(id)?.status.type,
      (s) => s === 'idle',
    );
    // The walk: the Task row read "Running" while its session's row said paused. Both say it.
    const taskRow = await waitFor(
      'the Task row saying its session is paused',
      async () => (await rowsUnder(api, undefined)).find((r) => r.node.kind === 'task' && r.node.name === task.metadata.name),
      (r) => r !== undefined && /Running · paused by the \$0\.50 session budget/.test(r.description),
      undefined,
      (r) => r?.description ?? 'no Task row',
    );
    assert.match(String(api.tree.getTreeItem(api.tree.sessionNode(connection, id)).description), /paused by the \$0\.50 session budget/);
    assert.ok(taskRow);
    const before = await spent(id);
    const ended = api.budgetPauses.ended.of(connection.config.id, id).length;
    const money = (shown: string) => shown.slice(0, shown.indexOf(' '));
    const row = watchRow(connection, id);
    const happened = recorder(connection, id, row, money);
    const prompted = () => api.budgetPauses.of(connection.config.id, id)?.prompted ?? 0;
    const failures: string[] = [];
    const ticker = startDemoTicker([agentTarget(h, id)], 5, (e) => failures.push(String(e)));
    try {
      await waitFor(
        'four of the ticker’s turns seen under the pause and stopped',
        () => ({ finished: ticker.finished, prompted: prompted() }),
        (s) => s.finished >= 4 && s.prompted >= 4,
        undefined,
        JSON.stringify,
      );
    } finally {
      await ticker.stopAndSettle();
    }
    const sent = await tickerPrompts(id);
    await waitFor(
      'every prompt the ticker sent stopped, the session idle',
      () => ({ prompted: prompted(), status: connection.sessions.get(id)?.status.type }),
      (s) => s.prompted >= sent && s.status === 'idle',
      undefined,
      JSON.stringify,
    );
    row.stop();
    if (failures.length) console.log(`      the ticker's turns ended: ${JSON.stringify([...new Set(failures)])}`);

    assert.ok(row.seen.length > 1, 'the row was redrawn as the prompts came and went');
    assert.ok(
      row.seen.every((s) => money(s) === money(row.seen[0])),
      `the row's money never rose from ${money(row.seen[0])} (${happened()})`,
    );
    assert.deepEqual(await spent(id), before, `no reply completed: nothing more recorded or spent (${happened()})`);
    const pause = api.budgetPauses.of(connection.config.id, id);
    assert.equal(pause?.phase, 'paused', 'the pause stays');
    assert.equal(pause?.prompted, sent, 'each prompt stopped under it');
    assert.equal(api.budgetPauses.ended.of(connection.config.id, id).length, ended, 'never let go');
    const notices = budgetNotices(api, said);
    assert.equal(notices.length, 1, `one notice for one pause: ${JSON.stringify(notices)}`);
    assert.match(notices[0], /reached its session budget of \$0\.50\./);
    assert.match(notices[0], STOPPED_TOO);
    h.model.route = undefined;
  });
});
