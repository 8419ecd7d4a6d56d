// kubeopencode Agents and Tasks in a real VS Code. The Kubernetes API server is the stand-in (port-forward needs a
// kubelet; see test/k8s/standInApiServer.ts, and clusterTasks.test.ts for the real apiserver) serving kubeopencode's real object shapes; behind the
// Agent "builder" is a real `opencode serve` with a scripted model, reached through the service proxy or a
// port-forward exactly as on a cluster.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { formatCost, formatTokens } from '../../../src/present/format';
import { ROW_SEPARATOR } from '../../../src/present/sessionRow';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { join } from 'node:path';
import { gitProject, NUMBERED } from '../../harness/gitProject';
import { createSession, getSession, prompt } from '../../harness/scenario';
import { text, toolCall } from '../../harness/scriptedModel';
import { agent, agentPod, templateTask, type SessionSummary } from '../../k8s/objects';
import { startStandInApiServer, type StandInApiServer } from '../../k8s/standInApiServer';
import { startTeamCluster, TEAM_NS, TEAM_TOKEN } from '../../k8s/teamCluster';
import { costItem, extensionApi, waitFor } from '../helpers/extensionApi';
import { escapeRegExp, kubernetesSettings, rowsUnder } from '../helpers/clusterRows';
import { extensionLog } from '../helpers/logs';

const TOKEN = TEAM_TOKEN;
const NS = TEAM_NS;

describe('Kubernetes: kubeopencode Agents and Tasks through a stand-in API server', function () {
  this.timeout(180_000);
  let h: RunningHarness;
  let api: ExtensionApi;
  let cluster: StandInApiServer;
  let liveSessionId: string;
  let summary: SessionSummary;
  let reachable: Set<string>;

  before(async () => {
    h = await startHarness();
    api = await extensionApi();
    ({ apiServer: cluster, liveSessionId, summary, reachable } = await startTeamCluster(h));
    await useCluster(cluster, 'serviceProxy');
  });

  after(async () => {
    await kubernetesSettings().update('enabled', undefined, vscode.ConfigurationTarget.Global);
    await kubernetesSettings().update('access', undefined, vscode.ConfigurationTarget.Global);
    await kubernetesSettings().update('kubeconfig', undefined, vscode.ConfigurationTarget.Global);
    await cluster?.stop();
    await h?.dispose();
  });

  async function useCluster(server: StandInApiServer, access: 'serviceProxy' | 'portForward', namespace?: string): Promise<void> {
    await kubernetesSettings().update('kubeconfig', server.kubeconfigFile('stand-in', namespace), vscode.ConfigurationTarget.Global);
    await kubernetesSettings().update('access', access, vscode.ConfigurationTarget.Global);
    await kubernetesSettings().update('enabled', true, vscode.ConfigurationTarget.Global);
  }

  const builder = () => api.connections().find((c) => c.config.cluster?.agent === 'builder');

  it('shows the cluster, its namespace, the Agents with their states and the Tasks with their phases', async () => {
    await waitFor(
      'the cluster to be online',
      () => api.cluster.view?.snapshot.state,
      (s) => s === 'online',
    );
    const rows = await rowsUnder(api, undefined);
    const clusterRow = rows.find((r) => r.node.kind === 'cluster');
    assert.ok(clusterRow, `no cluster row in ${rows.map((r) => r.label).join(', ')}`);
    assert.equal(clusterRow.label, 'stand-in');
    // The context's own namespace ("default" here) is listed too, even while empty.
    assert.deepEqual(
      rows.filter((r) => r.node.kind === 'namespace').map((r) => r.label),
      ['default', NS],
    );
    // Every row of the cluster says what it is on hover; a namespace's names it, its context and what it holds.
    for (const row of rows.filter((r) => r.node.kind !== 'session')) {
      assert.ok(api.tree.getTreeItem(row.node).tooltip, `a tooltip on the ${row.node.kind} row "${row.label}"`);
    }
    const nsTooltip = (api.tree.getTreeItem(rows.find((r) => r.label === NS)!.node).tooltip as vscode.MarkdownString).value;
    assert.match(
      nsTooltip.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1'),
      /Kubernetes namespace in the context stand-in: \d+ Agents?, \d+ Tasks?\./,
    );
    const agentRow = (name: string) => rows.find((r) => r.node.kind === 'server' && r.label === name);
    assert.match(agentRow('builder')!.description, /^ready · /);
    assert.match(agentRow('sleeper')!.description, /^(\$[\d.]+ · )?suspended · /);
    assert.match(agentRow('broken')!.description, /^(\$[\d.]+ · )?not ready · /);
    const notice = (parent: string) => rows.find((r) => r.node.kind === 'notice' && r.parent === parent)!;
    assert.equal(notice('sleeper').label, 'Agent suspended');
    // A suspended Agent has no server to reconnect to: nothing to click, and the row says what happens next.
    const suspended = api.tree.getTreeItem(notice('sleeper').node);
    assert.equal(suspended.command, undefined);
    assert.equal(suspended.description, 'connects once the Agent resumes');
    const sleeperTooltip = (api.tree.getTreeItem(agentRow('sleeper')!.node).tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' ');
    assert.match(sleeperTooltip, /Agent: suspended {2}\n/, 'the condition "Suspended" is not said twice');
    assert.equal(notice('broken').label, 'Agent not ready');
    assert.equal(api.tree.getTreeItem(notice('broken').node).command?.command, 'opencodeSessions.reconnect');
    const taskRow = (name: string) => rows.find((r) => r.node.kind === 'task' && r.node.name === name)!;
    assert.match(taskRow('fix-login').contextValue, /^task Running agentRef linked/);
    assert.match(taskRow('add-tests').contextValue, /^task Completed agentRef/);
    assert.match(taskRow('nightly').contextValue, /^task Pending templateRef/);
  });

  it('updates a session badge live through the service proxy when a prompt runs on the Agent', async () => {
    const connection = await waitFor('builder online', builder, (c) => c?.state.kind === 'online' && !!c.sessions.get(liveSessionId));
    await prompt(h, liveSessionId, 'Fix the login', [text('Fixed.', { prompt: 7_000, completion: 700 })]);
    const truth = await getSession(h, liveSessionId);
    await waitFor(
      'the badge to follow the server',
      () => connection!.sessions.get(liveSessionId)?.own.cost,
      (cost) => cost === truth.cost && cost! > 0,
    );
    const rows = await rowsUnder(api, undefined);
    const row = rows.find((r) => r.node.kind === 'session' && r.node.sessionId === liveSessionId)!;
    assert.equal(row.parent, 'builder');
    // A session row leads with its money, before the title.
    assert.ok(row.label.startsWith(`${formatCost(truth.cost ?? 0)}${ROW_SEPARATOR}`), row.label);
    assert.ok(
      cluster.requests.some((r) => r.url.startsWith(`/api/v1/namespaces/${NS}/services/builder:http/proxy/global/event`)),
      'the event stream went through the service proxy',
    );
  });

  it("shows a finished Task's summary numbers, and links a running Task to its live session", async () => {
    const rows = await rowsUnder(api, undefined);
    const finished = rows.find((r) => r.node.kind === 'task' && r.node.name === 'add-tests')!;
    const tokens = summary.tokenUsage.input + summary.tokenUsage.output + summary.tokenUsage.reasoning + summary.tokenUsage.cache;
    // Its session is on no server: its summary's money leads the label, as a session row's does.
    assert.equal(finished.label, `${formatCost(Number(summary.cost))} add-tests`);
    assert.ok(finished.description.startsWith(`${formatTokens(tokens)} · `), finished.description);
    const live = rows.find((r) => r.node.kind === 'task' && r.node.name === 'fix-login')!;
    await vscode.commands.executeCommand('opencodeSessions.openTaskSession', live.node);
    await waitFor(
      'the live session to be active',
      () => api.active.get()?.record.info.id,
      (id) => id === liveSessionId,
    );
    // The cluster total counts the builder's sessions once, plus the finished Task whose session is elsewhere.
    const view = api.cluster.view!;
    const total = api.tree.clusterTree!.total(view);
    const serverCost = [...builder()!.sessions.all()].reduce((sum, r) => sum + r.own.cost, 0);
    assert.equal(total.cost, serverCost + Number(summary.cost));
    assert.equal(total.agentServers, 1);
    assert.equal(total.tasksCounted, 1);
    const clusterRow = rows.find((r) => r.node.kind === 'cluster')!.node;
    const tooltip = (api.tree.getTreeItem(clusterRow).tooltip as vscode.MarkdownString).value
      .replace(/&nbsp;/g, ' ')
      .replace(/\\(.)/g, '$1');
    assert.match(
      tooltip,
      /Counted once each: every session on 1 connected Agent server, plus 1 finished Task summary whose session is on no connected server/,
      'one of each, said in the singular',
    );
    // …and the status bar's tooltip comes to carry the same figure (its wide totals are at most a second old).
    const expected = new RegExp(
      `All sessions loaded, any day: ${escapeRegExp(formatCost(serverCost + Number(summary.cost)))} · .*\\(1 Kubernetes cluster\\)`,
    );
    const unescaped = () =>
      costItem(api)
        .tooltip.replace(/&nbsp;/g, ' ')
        .replace(/\\(.)/g, '$1'); // markdown escapes, undone
    await waitFor('the all-sessions total in the status bar tooltip', unescaped, (t) => expected.test(t), 10_000);
  });

  it('shows what a session on the Agent changed and opens its diff through the relay (the files are not read from here)', async () => {
    const connection = await waitFor('builder online', builder, (c) => c?.state.kind === 'online');
    const project = gitProject(h, 'agent-changes', { 'existing.txt': NUMBERED });
    const id = (await createSession(h, { title: 'Agent edits', directory: project })).id;
    await prompt(
      h,
      id,
      'Edit it',
      [toolCall('edit', { filePath: join(project, 'existing.txt'), oldString: 'line 15', newString: 'line fifteen' }), text('Edited.')],
      { directory: project },
    );
    const changes = await waitFor(
      'a Changes row under the Agent’s session',
      () => api.tree.getChildren(api.tree.sessionNode(connection!, id)).find((n) => n.kind === 'changes'),
      (n) => n !== undefined,
      60_000,
    );
    assert.equal(api.tree.getTreeItem(changes!).description, '1 file · +1 −1');
    const [file] = api.tree.getChildren(changes);
    assert.match(String(api.tree.getTreeItem(file).contextValue), /\bremote\b/, 'not a local folder: no Open File');
    await vscode.commands.executeCommand('opencodeSessions.openChange', file);
    const input = (await waitFor(
      'a diff editor',
      () => vscode.window.tabGroups.activeTabGroup.activeTab?.input,
      (i) => i instanceof vscode.TabInputTextDiff,
    )) as vscode.TabInputTextDiff;
    assert.equal((await vscode.workspace.openTextDocument(input.original)).getText(), NUMBERED);
    assert.equal((await vscode.workspace.openTextDocument(input.modified)).getText(), NUMBERED.replace('line 15\n', 'line fifteen\n'));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.ok(
      cluster.requests.some((r) => r.url.includes('/proxy/') && r.url.includes(`/session/${id}/message`)),
      'the turns were read through the service proxy',
    );
  });

  it('reaches the Agent through a port-forward too, and stays live', async () => {
    await kubernetesSettings().update('access', 'portForward', vscode.ConfigurationTarget.Global);
    await waitFor(
      'builder online through the port-forward',
      builder,
      (c) => c?.state.kind === 'online' && cluster.requests.some((r) => r.url.includes('/portforward')),
    );
    const connection = builder()!;
    await prompt(h, liveSessionId, 'And the logout', [text('Fixed too.', { prompt: 9_000, completion: 900 })]);
    const truth = await getSession(h, liveSessionId);
    await waitFor(
      'the badge to follow through the port-forward',
      () => connection.sessions.get(liveSessionId)?.own.cost,
      (cost) => cost === truth.cost,
    );
    assert.ok(
      cluster.requests.some((r) => r.url.startsWith(`/api/v1/namespaces/${NS}/pods/builder-server-`) && r.url.includes('/portforward')),
    );
  });

  it('follows the cluster: a new Task appears, an Agent that wakes up turns ready and connects', async () => {
    cluster.setTask(templateTask('hotfix', NS, 'hotfix-template', 'Queued'));
    await waitFor(
      'the new Task row',
      async () => (await rowsUnder(api, undefined)).find((r) => r.node.kind === 'task' && r.node.name === 'hotfix'),
      (r) => !!r,
    );
    // "broken" becomes ready (its pod runs, its Service has endpoints): its row follows and its server connects.
    reachable.add('broken');
    cluster.setPod(agentPod('broken', NS));
    cluster.setAgent(agent('broken', NS));
    await waitFor(
      'broken to be ready and online',
      () => api.connections().find((c) => c.config.cluster?.agent === 'broken'),
      (c) => c?.state.kind === 'online',
    );
    const rows = await rowsUnder(api, undefined);
    assert.match(rows.find((r) => r.node.kind === 'server' && r.label === 'broken')!.description, /^(\$[\d.]+ · )?ready · v/);
    assert.ok(!rows.some((r) => r.node.kind === 'notice' && r.parent === 'broken'), 'no "not ready" row any more');
    cluster.deleteTask(NS, 'hotfix');
    await waitFor(
      'the deleted Task to go',
      async () => (await rowsUnder(api, undefined)).some((r) => r.label === 'hotfix'),
      (shown) => !shown,
    );
  });

  it('holds a suspended Agent: nothing is sent to it, one log line says why, and it connects once it resumes', async () => {
    const sleeper = () => api.connections().find((c) => c.config.cluster?.agent === 'sleeper');
    const held = /^The Agent is suspended; it is connected once it resumes\.$/;
    // Since the cluster was last (re)started (switching to port-forward did): a restart opens new connections.
    const sleeperLines = () => {
      const lines = extensionLog(api);
      const watching = lines.map((line) => line.includes('Kubernetes: watching kubeopencode')).lastIndexOf(true);
      return lines.slice(watching + 1).filter((line) => line.includes('sleeper'));
    };
    const sleeperRequests = () => cluster.requests.filter((r) => /sleeper/.test(r.url));
    await waitFor('the one log line about the sleeper', sleeperLines, (lines) => lines.length >= 1);
    const state = sleeper()!.state;
    assert.equal(state.kind, 'offline');
    assert.match(state.kind === 'offline' ? state.reason : '', held);
    assert.equal(state.kind === 'offline' ? state.retryAt : 0, undefined, 'no retry is scheduled');
    // Every other Agent has been tried by now (builder online, broken tried): the sleeper was never tried.
    assert.deepEqual(sleeperRequests(), [], 'no request for the suspended Agent reached the API server');
    assert.deepEqual(
      sleeperLines().map((l) => l.replace(/^\S+ \S+ /, '')),
      ['[info] sleeper: not connecting: The Agent is suspended; it is connected once it resumes.'],
    );

    // It resumes (pod running, Service with endpoints): it connects without waiting for a backoff.
    reachable.add('sleeper');
    cluster.setPod(agentPod('sleeper', NS));
    cluster.setAgent(agent('sleeper', NS));
    await waitFor('the sleeper to connect once resumed', sleeper, (c) => c?.state.kind === 'online');
    assert.ok(sleeperRequests().length > 0);

    // Suspended again while connected: the stream is dropped and nothing is retried.
    reachable.delete('sleeper');
    cluster.deletePod(NS, agentPod('sleeper', NS).metadata.name);
    cluster.setAgent(agent('sleeper', NS, { ready: false, suspended: true }));
    await waitFor('the sleeper held again', sleeper, (c) => c?.state.kind === 'offline' && held.test(c.state.reason));
    const holds = () => sleeperLines().filter((l) => l.includes('not connecting')).length;
    await waitFor('the line saying it is held again', holds, (n) => n === 2);
    // A later snapshot (a Task changes) leaves it held: no retry scheduled and no new line saying so. (Reads
    // started while it was online may still land and fail, and their relay logs that, so requests and other
    // lines are not counted here: the unit test connectionHold counts attempts.)
    cluster.setTask(templateTask('after-sleep', NS, 'nightly-template', 'Queued'));
    await waitFor(
      'the new Task row',
      async () => (await rowsUnder(api, undefined)).some((r) => r.node.kind === 'task' && r.node.name === 'after-sleep'),
      (shown) => shown,
    );
    assert.deepEqual(sleeper()!.state, { kind: 'offline', reason: 'The Agent is suspended; it is connected once it resumes.' });
    assert.equal(holds(), 2, sleeperLines().join('\n'));
    cluster.deleteTask(NS, 'after-sleep');
  });

  it('falls back to the context namespace for an account restricted to it (403 on cluster-wide lists)', async () => {
    const restricted = await startStandInApiServer({
      token: TOKEN,
      restrictedToNamespaces: [NS],
      agents: [agent('builder', NS), agent('elsewhere', 'team-b')],
      opencodeUpstream: () => h.server.url,
    });
    try {
      await useCluster(restricted, 'serviceProxy', NS);
      await waitFor(
        'the fallback',
        () => api.cluster.view?.snapshot,
        (s) => s?.state === 'online' && !!s.fallback && s.agents.length === 1,
      );
      const rows = await rowsUnder(api, undefined);
      assert.deepEqual(
        rows.filter((r) => r.node.kind === 'namespace').map((r) => r.label),
        [NS],
      );
      assert.ok(rows.some((r) => r.node.kind === 'notice' && r.label.startsWith(`Showing namespace ${NS}`)));
      assert.ok(!rows.some((r) => r.label === 'elsewhere'));
    } finally {
      await restricted.stop();
    }
  });

  it('says "kubeopencode not installed" when the CRDs are missing', async () => {
    const bare = await startStandInApiServer({ token: TOKEN, crdsInstalled: false, opencodeUpstream: () => undefined });
    try {
      await useCluster(bare, 'serviceProxy');
      await waitFor(
        'the CRD problem',
        () => api.cluster.view?.snapshot.problem?.kind,
        (k) => k === 'crdsMissing',
      );
      const rows = await rowsUnder(api, undefined);
      const notice = rows.find((r) => r.node.kind === 'notice');
      assert.equal(notice?.label, 'Kubeopencode not installed');
      assert.equal(api.tree.getTreeItem(rows.find((r) => r.node.kind === 'cluster')!.node).contextValue, 'cluster problem');
    } finally {
      await bare.stop();
    }
  });
});
