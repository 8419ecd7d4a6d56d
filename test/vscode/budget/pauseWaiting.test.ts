// Issue 77, from the demo: an hourly budget set to pause, crossed while the demo's sessions run. "Run the test suite"
// waited for permission ($0.00 spent): the pause stopped it, its request left the tree, and Raise and Resume… sent
// only the resume prompt, so the user never got to answer. "Kept busy by the demo" was idle right after the resume.
// Now: a session waiting on the user is paused as it is, its request row stays, and either Raise and Resume… lets it
// go (nothing sent: it waits for the answer) or the user's answer is sent and the pause holds, said (a pause ends
// only when the user lifts it: an answer that lifted it let a Reject or a failed Allow run past the budget); a Reject
// says it was a Reject (no run starts) and that the pause holds. The demo's busy session runs again after the resume
// and stays busy. A real server (1.18) with the project's plugin, as the demo runs it; the demo's own sample sessions.
import * as assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as vscode from 'vscode';
import { ENDPOINT_DIR_VARIABLE } from '../../../src/client/discovery/endpointDiscovery';
import type { ServerConnection } from '../../../src/client/serverConnection';
import type { ExtensionApi } from '../../../src/extension';
import type { ResumeResult } from '../../../src/features/budget/sessionPauser';
import { seedDemoSessions, type DemoSessions } from '../../harness/demoSessions';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { isOpencode2 } from '../../harness/opencode2';
import { pluginScript } from '../../harness/paths';
import { createSession, pendingPermissions, promptAsync, toolOutput } from '../../harness/scenario';
import { text, toolCall, type Reply } from '../../harness/scriptedModel';
import { configureServers, connectionFor, extensionApi, waitFor } from '../helpers/extensionApi';
import { requestRow } from '../helpers/requestRows';

const CONTINUE = 'The budget was raised: carry on.';
const TESTS_PASS = 'The tests pass.';

describe('A budget pause keeps what waits on the user (issue 77)', function () {
  this.timeout(600_000);
  let api: ExtensionApi;
  let h: RunningHarness;
  let connection: ServerConnection;
  let demo: DemoSessions;
  const config = () => vscode.workspace.getConfiguration('opencodeSessions');
  const set = (key: string, value: unknown) => config().update(key, value, vscode.ConfigurationTarget.Global);

  before(async function () {
    // The demo's server is 1.18 with the plugin; its sample sessions are made through 1.x's routes.
    if (isOpencode2()) return this.skip();
    api = await extensionApi();
    const plugin = pathToFileURL(pluginScript()).href;
    h = await startHarness({
      config: { permission: { bash: 'ask' }, plugin: [plugin] },
      env: { [ENDPOINT_DIR_VARIABLE]: dirname(api.statusEndpoint.file) },
    });
    await configureServers([{ name: 'demo', url: h.server.url }]);
    connection = (await waitFor(
      'online',
      () => connectionFor(api, h.server.url),
      (c) => c?.state.kind === 'online',
    ))!;
    demo = await seedDemoSessions(h);
    await set('budget.resumePrompt', CONTINUE);
  });
  after(async () => {
    if (!h) return;
    for (const key of ['budget.onExceeded', 'budget.perHour', 'budget.resumePrompt']) await set(key, undefined);
    api.budgetPauses.releaseAll(api.budgetPauses.all());
    demo.releaseBusy();
    await configureServers([]);
    await h.dispose();
  });

  /** Another session's turn crosses the hourly budget; `waiting` is paused by it as it waits on the user. */
  async function pausedWhileWaiting(waiting: string, spender: string): Promise<void> {
    await crossHourly(spender);
    await waitFor(
      'paused by the hourly budget as it waits',
      () => pauseOf(waiting),
      (p) => p?.phase === 'paused' && p.waiting === true,
      60_000,
      JSON.stringify,
    );
  }

  /** A session that runs `npm test` through bash and waits for permission; allowed, it answers TESTS_PASS. */
  async function waitingSession(title: string): Promise<string> {
    const { id } = await createSession(h, { title });
    const others = h.model.route;
    h.model.route = (req): Reply | undefined =>
      req.kind === 'chat' && req.firstUserText.includes(title)
        ? req.toolResults.length
          ? text(TESTS_PASS, { prompt: 500, completion: 20 })
          : toolCall('bash', { command: 'echo tests ok', description: 'Run the tests' }, { prompt: 500, completion: 20 })
        : others?.(req);
    await promptAsync(h, id, `${title}: run the tests`, []);
    await requestRow(api, connection, id);
    return id;
  }

  /** An hourly budget just above what the hour holds, set to pause, crossed by a session's one reply ($0.06). */
  async function crossHourly(title: string): Promise<number> {
    const used = (await api.getAPI(1).getSessionStatus(demo.flaky))!.budgets!.hour?.used ?? 0;
    const limit = Number((used + 0.03).toFixed(6));
    await set('budget.perHour', limit);
    await set('budget.onExceeded', 'pause');
    const { id } = await createSession(h, { title });
    await promptAsync(h, id, `${title}: spend`, [text('Spent.', { prompt: 20_000, completion: 10 })]);
    return limit;
  }

  const pauseOf = (id: string) => api.budgetPauses.of(connection.config.id, id);
  const rowOf = (id: string) => String(api.tree.getTreeItem(api.tree.sessionNode(connection, id)).description);

  it('waiting for permission, it is paused with its request kept; Raise and Resume… lets it go, the busy demo session runs again', async () => {
    const waiting = await waitingSession('Run the test suite');
    await waitFor(
      'the demo’s busy session running',
      () => connection.sessions.get(demo.busy)?.status.type,
      (s) => s === 'busy',
    );
    await crossHourly('Big spender');
    await waitFor(
      'both paused by the hourly budget',
      () => [pauseOf(waiting)?.phase, pauseOf(demo.busy)?.phase],
      (phases) => phases.every((p) => p === 'paused'),
      60_000,
      JSON.stringify,
    );
    assert.match(rowOf(waiting), /paused by the \$[\d.]+ hourly budget/);
    // Its request stays: on the server, and as its row in the tree (the pause sent it no stop).
    const row = await requestRow(api, connection, waiting);
    assert.ok(
      (await pendingPermissions(h)).some((p) => p.sessionID === waiting),
      'the server still asks',
    );
    assert.equal(connection.sessions.get(waiting)?.status.type, 'busy', 'its run waits, not stopped');

    // Raise and Resume…: the busy session is resumed; the waiting one is let go, nothing sent (it waits for the answer).
    const said = api.said.total;
    const raising = vscode.commands.executeCommand<ResumeResult[] | undefined>('opencodeSessions.raiseBudgetAndResume', 'hour');
    const input = api.budgetPause.actions.raiseInput;
    await waitFor(
      'the new limit asked',
      () => input.shown,
      (b) => b !== undefined,
    );
    input.type('100');
    input.accept();
    const results = (await raising) ?? [];
    const of = (id: string) => results.find((r) => r.pause.sessionId === id);
    assert.equal(of(demo.busy)?.way, 'prompt', 'the busy session resumed with the resume prompt');
    assert.equal(of(waiting)?.waits, true, 'the waiting one let go with nothing sent');
    assert.ok(
      api.said.since(said).some((m) => m.includes('“Run the test suite” is no longer paused; it waits for your answer')),
      JSON.stringify(api.said.since(said)),
    );
    assert.ok(
      !h.model.requests.some((r) => r.firstUserText.includes('Run the test suite') && r.lastUserText.includes(CONTINUE)),
      'no resume prompt went to the waiting session',
    );

    // The busy session runs again: the model has the resume's request, and holds it as it held the first.
    await waitFor(
      'the busy session’s resume at the model',
      () => h.model.requests.filter((r) => r.firstUserText.includes('Migrate the orders table') && r.lastUserText.includes(CONTINUE)),
      (rs) => rs.length === 1,
    );
    await waitFor(
      'the busy session running again, no longer paused',
      () => ({ status: connection.sessions.get(demo.busy)?.status.type, pause: pauseOf(demo.busy)?.phase }),
      (s) => s.status === 'busy' && s.pause === undefined,
      60_000,
      JSON.stringify,
    );

    // The user answers the request in the tree: the session goes on and finishes.
    assert.equal(await vscode.commands.executeCommand('opencodeSessions.allowOnce', row.node), true);
    await waitFor(
      'the tests ran and the session answered',
      async () => ({ output: await toolOutput(h, waiting, 'bash'), status: connection.sessions.get(waiting)?.status.type }),
      (s) => s.output?.includes('tests ok') === true && s.status === 'idle',
      60_000,
      JSON.stringify,
    );
    assert.ok(h.model.requests.some((r) => r.firstUserText.includes('Run the test suite') && r.toolResults.length > 0));
    assert.equal(connection.sessions.get(demo.busy)?.status.type, 'busy', 'the busy session still runs');
  });

  it('answered while paused, the answer is sent and the pause holds: nothing more is asked of the model, and it says so', async () => {
    const waiting = await waitingSession('Run the tests again');
    await pausedWhileWaiting(waiting, 'Another spender');
    const row = await requestRow(api, connection, waiting);
    const said = api.said.total;
    assert.equal(await vscode.commands.executeCommand('opencodeSessions.allowOnce', row.node), true);
    await waitFor(
      'the answer’s run held: the session idle, still paused, no longer waiting',
      () => ({ status: connection.sessions.get(waiting)?.status.type, pause: pauseOf(waiting) }),
      (s) => s.status === 'idle' && s.pause?.phase === 'paused' && s.pause.waiting === undefined,
      60_000,
      JSON.stringify,
    );
    assert.ok(
      !h.model.requests.some((r) => r.firstUserText.includes('Run the tests again') && r.toolResults.length > 0),
      'the model was not asked again past the budget',
    );
    assert.ok(
      api.said
        .since(said)
        .some((m) =>
          /your answer was sent\. “Run the tests again” stays paused by the \$[\d.]+ hourly budget: it goes on when you raise/.test(m),
        ),
      JSON.stringify(api.said.since(said)),
    );
  });

  it('rejected while paused, it says the request was rejected and the pause holds, not that an answer went on', async () => {
    await set('budget.perHour', 100); // the hour crossed above would pause the new session before it asks
    const waiting = await waitingSession('Deploy to staging');
    await pausedWhileWaiting(waiting, 'A third spender');
    const row = await requestRow(api, connection, waiting);
    const said = api.said.total;
    assert.equal(await vscode.commands.executeCommand('opencodeSessions.rejectRequest', row.node, { message: '' }), true);
    const told = api.said.since(said);
    assert.ok(
      told.some((m) =>
        /the request was rejected\. “Deploy to staging” stays paused by the \$[\d.]+ hourly budget: nothing runs until you raise/.test(m),
      ),
      JSON.stringify(told),
    );
    assert.ok(!told.some((m) => m.includes('your answer was sent')), JSON.stringify(told));
    await waitFor(
      'the request gone, the session idle and still paused',
      () => ({ status: connection.sessions.get(waiting)?.status.type, pause: pauseOf(waiting)?.phase }),
      (s) => s.status === 'idle' && s.pause === 'paused',
      60_000,
      JSON.stringify,
    );
  });
});
