// The extension's own answer to "what has this session used": getAPI(1) in a real VS Code against a real
// server. Its figures must equal the server's own step-finish parts, sub-agents counted once, and its
// budgets the settings' limits against what was spent.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { isOpencode2 } from '../../harness/opencode2';
import { children, createSession, prompt, stepRecords, toolOutput } from '../../harness/scenario';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pluginScript } from '../../harness/paths';
import { ENDPOINT_DIR_VARIABLE } from '../../../src/client/discovery/endpointDiscovery';
import { taskCall, text, toolCall } from '../../harness/scriptedModel';
import type { SessionStatus } from '../../../src/store/sessionStatus';
import { addUsage, totalTokens, usageOf, ZERO_USAGE, type Usage } from '../../../src/store/usage';
import { configureServers, connectionFor, serverForSuite, waitFor } from '../helpers/extensionApi';

describe('Session status API', function () {
  this.timeout(180_000);
  let h: RunningHarness;
  let api: ExtensionApi;
  const suite = serverForSuite('status');
  before(() => ({ h, api } = suite));

  after(async () => {
    const config = vscode.workspace.getConfiguration('opencodeSessions');
    await config.update('budget.perSession', undefined, vscode.ConfigurationTarget.Global);
    await config.update('budget.perHour', undefined, vscode.ConfigurationTarget.Global);
  });

  async function serverSteps(sessionID: string): Promise<Usage[]> {
    return (await stepRecords(h, sessionID)).map((step) => usageOf(step.tokens, step.cost));
  }
  const sum = (steps: Usage[]) => steps.reduce((a, b) => addUsage(a, b), { ...ZERO_USAGE });

  it('equals the sums of the step-finish parts, the child once, with budgets from the settings', async () => {
    const { id } = await createSession(h, { title: 'API parent' });
    await prompt(h, id, 'first', [text('one', { prompt: 1_000, completion: 100 })]);
    await prompt(h, id, 'delegate', [
      taskCall('Child work', 'work'),
      text('child', { prompt: 300, completion: 30 }),
      text('done', { prompt: 2_000, completion: 50 }),
    ]);
    const [child] = await children(h, id);
    const config = vscode.workspace.getConfiguration('opencodeSessions');
    await config.update('budget.perSession', 0.01, vscode.ConfigurationTarget.Global);
    await config.update('budget.perHour', 100, vscode.ConfigurationTarget.Global);
    await waitFor(
      'the child in the store',
      () => connectionFor(api, h.server.url)!.sessions.get(child.id),
      (r) => r !== undefined,
    );

    const status = (await api.getAPI(1).getSessionStatus(id))!;
    const own = await serverSteps(id);
    const childSteps = await serverSteps(child.id);
    assert.equal(status.usage.session.turns, own.length);
    assert.equal(status.usage.session.totalTokens, totalTokens(sum(own)));
    assert.ok(Math.abs(status.usage.session.cost - sum(own).cost) < 1e-12, 'own cost');
    assert.deepEqual(
      [status.usage.subagents.turns, status.usage.subagents.sessions, status.usage.subagents.totalTokens],
      [childSteps.length, 1, totalTokens(sum(childSteps))],
    );
    assert.ok(Math.abs(status.usage.total.cost - sum([...own, ...childSteps]).cost) < 1e-12, 'total cost');
    assert.equal(status.context.limit, 200_000);
    assert.equal(status.session.server, 'status');
    const spent = sum([...own, ...childSteps]).cost;
    assert.ok(Math.abs(status.budgets!.session!.used - spent) < 1e-12, 'the session budget counts the whole tree');
    assert.equal(status.budgets!.session!.limit, 0.01);
    assert.equal(status.budgets!.hour!.limit, 100);
    assert.ok(status.budgets!.hour!.used >= spent - 1e-12, 'the hour holds at least this tree');
    assert.equal(status.budgets!.day, null, 'a budget that is off is null');
    // Where the tree's time went: the parent waited on its one sub-agent; the parts add up to the wall time.
    const timeline = status.timeline!;
    assert.deepEqual(
      timeline.criticalPath.map((s) => [s.id, s.title]),
      [
        [id, 'API parent'],
        [child.id, child.title],
      ],
    );
    assert.equal(timeline.busyMs + timeline.waitingMs + timeline.idleMs, timeline.wallMs);
    assert.ok(timeline.busyMs > 0 && timeline.criticalPath[1].ms > 0, JSON.stringify(timeline));

    const fromChild = (await api.getAPI(1).getSessionStatus(child.id))!;
    assert.deepEqual([fromChild.session.parentId, fromChild.session.rootId, fromChild.usage.session.turns], [id, id, childSteps.length]);
    const listed = api
      .getAPI(1)
      .listSessions()
      .find((s) => s.id === child.id);
    assert.equal(listed?.parentId, id);
  });

  it('the language-model tool gives the same answer, for a named session and for the active one', async () => {
    const { id } = await createSession(h, { title: 'Tool target' });
    await prompt(h, id, 'hello', [text('hi', { prompt: 700, completion: 70 })]);
    // The turn ended on the server; its step reaches the store through the event stream a moment later.
    await waitFor(
      'its step in the store',
      () => api.getAPI(1).getSessionStatus(id),
      (s) => s?.usage.session.turns === 1,
    );
    const invoke = async (input: object) => {
      const result = await vscode.lm.invokeTool(
        'opencode_session_status',
        { input, toolInvocationToken: undefined },
        new vscode.CancellationTokenSource().token,
      );
      return JSON.parse((result.content[0] as vscode.LanguageModelTextPart).value) as SessionStatus & { error?: string };
    };
    const fromTool = await invoke({ sessionId: id });
    const fromApi = (await api.getAPI(1).getSessionStatus(id))!;
    assert.deepEqual(fromTool.usage, fromApi.usage);
    assert.deepEqual(fromTool.budgets, fromApi.budgets);
    assert.deepEqual([fromTool.usage.session.turns, fromTool.usage.session.input, fromTool.usage.session.output], [1, 700, 70]);
    api.active.set({ serverId: connectionFor(api, h.server.url)!.config.id, sessionId: id });
    assert.equal((await invoke({})).session.id, id, 'no sessionId: the active session');
    assert.match((await invoke({ sessionId: 'ses_nope' })).error ?? '', /No OpenCode server that VS Code shows lists session ses_nope/);
    assert.match((await invoke({ sessionId: id, scope: 'tree' })).error ?? '', /scope is "session" or "root"/);
    await assert.rejects(api.getAPI(1).getSessionStatus(id, { scope: 'tree' as 'root' }), /scope is 'session' or 'root'/);
  });

  it('scope root: the language-model tool and getAPI(1) answer for the whole task tree, from a sub-agent', async () => {
    const { id } = await createSession(h, { title: 'Tree root' });
    await prompt(h, id, 'delegate', [
      taskCall('Tree child', 'work'),
      text('child', { prompt: 400, completion: 40 }),
      text('done', { prompt: 800, completion: 80 }),
    ]);
    const [child] = await children(h, id);
    const steps = (await serverSteps(id)).length + (await serverSteps(child.id)).length;
    await waitFor(
      "the tree's steps in the store",
      () => api.getAPI(1).getSessionStatus(child.id, { scope: 'root' }),
      (s) => s?.usage.total.turns === steps,
    );
    // The answers count what needs the user on every server: the root's run, the last to end, counts as unread once
    // its end has come in (a moment after its last step). Asked before that, the two answers below could differ.
    await waitFor(
      'the root’s run read as ended (unread: not picked here)',
      () => api.attention.of(connectionFor(api, h.server.url)!, id),
      (a) => a === 'unread',
    );
    const result = await vscode.lm.invokeTool(
      'opencode_session_status',
      { input: { sessionId: child.id, scope: 'root' }, toolInvocationToken: undefined },
      new vscode.CancellationTokenSource().token,
    );
    const fromTool = JSON.parse((result.content[0] as vscode.LanguageModelTextPart).value) as SessionStatus;
    const fromApi = (await api.getAPI(1).getSessionStatus(child.id, { scope: 'root' }))!;
    assert.deepEqual(fromTool, JSON.parse(JSON.stringify(fromApi)), 'the same answer');
    assert.deepEqual([fromApi.scope, fromApi.session.id, fromApi.usage.subagents.sessions], ['root', id, 1]);
    const all = sum([...(await serverSteps(id)), ...(await serverSteps(child.id))]);
    assert.ok(Math.abs(fromApi.usage.total.cost - all.cost) < 1e-12, 'the tree: both sessions');
    assert.equal(fromApi.usage.total.cost, (await api.getAPI(1).getSessionStatus(id))!.usage.total.cost, "the root's own answer");
    assert.ok(!('stale' in fromApi), 'live figures carry no stale mark');
  });

  // Two windows, each with its own endpoint: test/ui/api/twoWindows.test.ts (two real VS Code servers).
  it("with VS Code running, the plugin's budgets equal the extension's", async () => {
    const endpoint = await api.statusEndpoint.ready;
    assert.ok(endpoint, 'the loopback endpoint listens');
    const plugin = pathToFileURL(pluginScript()).href;
    const agentSide = await startHarness({
      config: { plugin: [plugin] },
      env: { [ENDPOINT_DIR_VARIABLE]: dirname(api.statusEndpoint.file) },
    });
    try {
      await configureServers([
        { name: 'status', url: h.server.url },
        { name: 'agent side', url: agentSide.server.url },
      ]);
      await waitFor(
        'both online',
        () => api.connections(),
        (cs) => cs.length === 2 && cs.every((c) => c.state.kind === 'online'),
        undefined,
        (cs) => cs.map((c) => [c.label, c.state]),
      );
      const { id } = await createSession(agentSide, { title: 'Agent asks' });
      await prompt(agentSide, id, 'spend', [text('spent', { prompt: 3_000, completion: 300 })]);
      // VS Code running knows the session before its tool asks (the plugin waits 5 s for a window, then answers alone:
      // one rehearsal got the plugin's own answer, the tool's call 9 s long).
      await waitFor(
        'the extension to know the session and its reply',
        () => api.getAPI(1).getSessionStatus(id),
        (s) => (s?.usage.session.cost ?? 0) > 0,
      );
      // The call and the reply after it spend nothing, so the windows stand still from the call to the check.
      await prompt(agentSide, id, 'how much is left?', [
        toolCall('session_status', {}, { prompt: 0, completion: 0 }),
        text('ok', { prompt: 0, completion: 0 }),
      ]);
      const output = await toolOutput(agentSide, id, 'session_status');
      assert.ok(output, 'the tool ran');
      // Offered to the model as a tool of its own (on 2.x not only inside Code Mode's catalogue).
      const offered = agentSide.model.requests.filter((r) => r.kind === 'chat').map((r) => r.tools);
      assert.ok(offered.length && offered.every((tools) => tools.includes('session_status')), JSON.stringify(offered));
      const fromPlugin = JSON.parse(output) as SessionStatus;
      const fromExtension = (await api.getAPI(1).getSessionStatus(id))!;
      assert.ok(fromPlugin.budgets, 'the plugin answered with budgets: it asked the extension');
      assert.deepEqual(fromPlugin.budgets, fromExtension.budgets);
      assert.deepEqual([fromPlugin.forecast, fromPlugin.plan], [fromExtension.forecast, fromExtension.plan], 'forecast and plan too');
      assert.equal(fromPlugin.session.server, 'agent side', 'the server as VS Code names it');
    } finally {
      await configureServers([{ name: 'status', url: h.server.url }]);
      await agentSide.dispose();
    }
  });

  it('Install session_status Tool adds the plugin to the folder opencode.json once, keeping the rest', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const file = vscode.Uri.joinPath(folder, 'opencode.json');
    await vscode.workspace.fs.writeFile(
      file,
      Buffer.from(JSON.stringify({ model: 'scripted/alpha', plugin: ['file:///elsewhere/other.js'] })),
    );
    // The servers online decide the key: wait for them (on 2.x the last test's Set Password reconnects this one).
    await waitFor(
      'every server online',
      () => api.connections().map((c) => c.state.kind),
      (kinds) => kinds.length > 0 && kinds.every((k) => k === 'online'),
    );
    try {
      for (let i = 0; i < 2; i++)
        assert.equal(await vscode.commands.executeCommand('opencodeSessions.installStatusTool', 'workspace', true), file.fsPath);
      const written = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(file)).toString()) as {
        model: string;
        plugin: string[];
        plugins?: string[];
      };
      assert.equal(written.model, 'scripted/alpha');
      // Every server VS Code shows is an OpenCode 2 one: ours goes to 2.x's own `plugins`, the rest stays.
      const ours = isOpencode2() ? written.plugins! : written.plugin.slice(1);
      assert.deepEqual(written.plugin.slice(0, 1), ['file:///elsewhere/other.js']);
      assert.equal(written.plugin.length + (written.plugins?.length ?? 0), 2, JSON.stringify(written));
      assert.match(ours[0], /^file:\/\/.*\/dist\/opencode-plugin\/session-status\.js$/);
    } finally {
      await vscode.workspace.fs.delete(file);
    }
  });

  it('answers for a session whose server went offline with the figures last known', async () => {
    const gone = await startHarness();
    await configureServers([
      { name: 'status', url: h.server.url },
      { name: 'gone', url: gone.server.url },
    ]);
    await waitFor(
      'online',
      () => connectionFor(api, gone.server.url),
      (c) => c?.state.kind === 'online',
    );
    const { id } = await createSession(gone, { title: 'Soon offline' });
    await prompt(gone, id, 'hello', [text('hi', { prompt: 900, completion: 90 })]);
    const before = await waitFor(
      'its reply read',
      () => api.getAPI(1).getSessionStatus(id),
      (s) => s?.usage.session.turns === 1,
    );
    const wentAt = Date.now();
    await gone.dispose();
    await waitFor(
      'offline',
      () => connectionFor(api, gone.server.url)?.state,
      (s) => s?.kind === 'offline',
    );
    const after = await api.getAPI(1).getSessionStatus(id);
    assert.deepEqual(after?.usage, before!.usage);
    // Gone: offline, or trying again (each retry reads "connecting" until it fails).
    assert.match(connectionFor(api, gone.server.url)?.state.kind ?? '', /^(offline|connecting)$/, 'answered while the server is gone');
    assert.equal(after?.stale, true, 'marked stale');
    const liveAt = Date.parse(after?.liveAt ?? '');
    assert.ok(liveAt >= wentAt && liveAt <= Date.now(), `live until the server went: ${after?.liveAt}`);
    assert.equal(before!.stale, undefined, 'the live answer was not');
    await configureServers([{ name: 'status', url: h.server.url }]);
  });

  it('says undefined for a session no server lists, and refuses an API version it does not offer', async () => {
    assert.equal(await api.getAPI(1).getSessionStatus('ses_nope'), undefined);
    assert.throws(() => (api.getAPI as (v: number) => unknown)(2), /version 1, not 2/);
  });
});
