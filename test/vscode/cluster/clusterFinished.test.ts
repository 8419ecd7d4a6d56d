// Finished Tasks in a real VS Code on the cluster test/k8s/testCluster.ts starts (the real kube-apiserver in the
// cluster stage). A Task of the suspended Agent `reviewer` finished: the extension does not connect to a suspended
// Agent's server, so no Agent server lists its session. With kubeopencode-server's address set, the stand-in
// kubeopencode-server reads the Task and the Agent as the caller and forwards to the Agent's OpenCode (a real 1.18.33
// server with the scripted model, behind the Agent's Service) as task_session_handler.go does, suspended or not: the
// row opens the session, the usage panel shows its steps and Open Transcript its turns. A Task whose Agent was deleted
// gets kubeopencode-server's 502 "Cannot resolve task session": its row says its session cannot be read.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { agentServerId, finishedTasksServerId } from '../../../src/app/cluster';
import type { StepRow } from '../../../src/present/usageRows';
import { formatCost } from '../../../src/present/format';
import { TRANSCRIPT_SCHEME, targetOf } from '../../../src/features/transcripts/transcriptUri';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { createSession, getSession, prompt, stepRecords } from '../../harness/scenario';
import { text } from '../../harness/scriptedModel';
import { agent, completedTask, type SessionSummary } from '../../k8s/objects';
import { startKubeopencodeServer, type KubeopencodeServer } from '../../k8s/kubeopencodeServer';
import { clusterUnderTest, startTestCluster, type TestCluster } from '../../k8s/testCluster';
import { extensionApi, waitFor } from '../helpers/extensionApi';
import { readLogs } from '../helpers/logs';
import { kubernetesSettings, rowsUnder } from '../helpers/clusterRows';

const NS = 'team-done';
const TASK = 'write-report';
const AGENT = 'reviewer';
/** A Task whose Agent was deleted: kubeopencode-server cannot resolve its session. */
const ORPHAN = 'old-audit';
const ORPHAN_SESSION = 'ses_0123456789abcdefORPHAN';
const SUMMARY: SessionSummary = {
  messageCount: 4,
  tokenUsage: { input: 7_100, output: 320, reasoning: 0, cache: 0 },
  cost: '0.026100',
  filesChanged: 0,
  additions: 0,
  deletions: 0,
};
const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;

describe(`Kubernetes: finished Tasks of a suspended Agent and of a deleted one, through kubeopencode-server, on ${clusterUnderTest()}`, function () {
  this.timeout(180_000);
  let h: RunningHarness;
  let api: ExtensionApi;
  let cluster: TestCluster;
  let kocs: KubeopencodeServer;
  let sessionId: string;
  let session: { cost: number; input: number };
  let steps: Awaited<ReturnType<typeof stepRecords>>;

  before(async () => {
    h = await startHarness();
    api = await extensionApi();
    // The Task's session as its Agent's OpenCode made it, before the Agent was suspended.
    ({ id: sessionId } = await createSession(h, { title: 'Write the report' }));
    await prompt(h, sessionId, 'outline it', [text('Outlined the report.', { prompt: 3_000, completion: 200 })]);
    await prompt(h, sessionId, 'write it', [text('Wrote the report.', { prompt: 4_100, completion: 120 })]);
    const info = await getSession(h, sessionId);
    steps = await stepRecords(h, sessionId);
    session = { cost: info.cost ?? 0, input: info.tokens?.input ?? 0 };
    assert.ok(steps.length >= 2 && session.cost > 0, `the server recorded the work: ${JSON.stringify(steps)}`);

    // `reviewer` is suspended; its Service still leads to its OpenCode server, which holds the session. `gone` is deleted.
    cluster = await startTestCluster({
      agents: [agent(AGENT, NS, { ready: false, suspended: true })],
      tasks: [completedTask(TASK, NS, AGENT, sessionId, SUMMARY), completedTask(ORPHAN, NS, 'gone', ORPHAN_SESSION, SUMMARY)],
    });
    await cluster.reach(NS, AGENT, h.server.url);
    kocs = await startKubeopencodeServer(cluster);
    await kubernetesSettings().update('kubeconfig', cluster.kubeconfigFile('test', NS), vscode.ConfigurationTarget.Global);
    await kubernetesSettings().update('namespaces', [NS], vscode.ConfigurationTarget.Global);
    await kubernetesSettings().update('enabled', true, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    for (const key of ['enabled', 'kubeopencodeServer', 'namespaces', 'kubeconfig'])
      await kubernetesSettings().update(key, undefined, vscode.ConfigurationTarget.Global);
    await kocs?.stop();
    await cluster?.stop();
    await h?.dispose();
  });

  const agentServerIdOf = (name: string) => agentServerId(api.cluster.view!.context, NS, name);
  const taskRow = async (name = TASK) => (await rowsUnder(api, undefined)).find((r) => r.node.kind === 'task' && r.node.name === name);

  it('without kubeopencode-server there is no server to show it on', async () => {
    await waitFor('the Task row', taskRow, (r) => r !== undefined);
    assert.ok(api.cluster.view?.snapshot.agents.some((a) => a.metadata.name === AGENT));
    assert.notEqual(api.registry.get(agentServerIdOf(AGENT))?.state.kind, 'online', 'the suspended Agent is not connected');
    assert.equal(api.registry.get(finishedTasksServerId(api.cluster.view!.context, NS)), undefined);
    // Its row leads to the held server of its suspended Agent, which says it is not connected.
    const connection = api.tree.clusterTree!.taskSession((await taskRow())!.node as never)?.connection;
    assert.equal(connection?.config.id, agentServerIdOf(AGENT));
    assert.notEqual(connection?.state.kind, 'online');
  });

  it('with it: the row opens the session, the usage panel shows its steps and Open Transcript its messages', async () => {
    await kubernetesSettings().update('kubeopencodeServer', kocs.url, vscode.ConfigurationTarget.Global);
    const context = await waitFor(
      'the setting to be read',
      () => api.cluster.view,
      (v) => v?.settings.kubeopencodeServer === kocs.url,
    );
    const serverId = finishedTasksServerId(context!.context, NS);
    const finished = await waitFor(
      'the finished Tasks server to list the session',
      () => api.registry.get(serverId),
      (c) => c?.state.kind === 'online' && !!c.sessions.get(sessionId),
      60_000,
      (c) => ({ state: c?.state, requests: kocs.requests }),
    );
    const rows = await rowsUnder(api, undefined);
    assert.ok(
      rows.some((r) => r.label === 'Finished Tasks' && r.parent === NS),
      `a Finished Tasks row under the namespace: ${JSON.stringify(rows.map((r) => [r.label, r.parent]))}`,
    );

    await vscode.commands.executeCommand('opencodeSessions.openTaskSession', (await taskRow())!.node);
    await waitFor(
      'the Task session to be active',
      () => api.active.get(),
      (a) => a?.record.info.id === sessionId && a.connection === finished,
    );

    const panel = api.usage.show({ serverId, sessionId });
    try {
      const shown = await waitFor(
        "the panel's steps adding up to the session's cost",
        () => panel.steps,
        (all: readonly StepRow[]) =>
          close(
            all.reduce((s, r) => s + r.cost, 0),
            session.cost,
          ),
        60_000,
        (all) => ({ rows: all.map((r) => [r.input, r.output, r.cost]), session }),
      );
      for (const step of steps) {
        const same = shown.filter((r) => r.input === step.tokens.input && r.output === step.tokens.output && close(r.cost, step.cost));
        assert.equal(same.length, 1, `step ${JSON.stringify(step)} shows once: ${JSON.stringify(shown)}`);
      }
      assert.equal(
        shown.reduce((s, r) => s + r.input, 0),
        session.input,
      );
      // The Task's timeline, read through kubeopencode-server as its steps are: in the export, as session_status says it.
      const exported = await panel.exportTo('json', vscode.Uri.file(join(mkdtempSync(join(tmpdir(), 'ocs-task-export-')), 'steps.json')));
      const { timeline } = JSON.parse(readFileSync(exported!.fsPath, 'utf8')) as {
        timeline?: { wallMs: number; busyMs: number; waitingMs: number; idleMs: number; criticalPath: Array<{ id: string }> };
      };
      assert.ok(timeline && timeline.busyMs > 0, `the Task's timeline has its steps' time: ${JSON.stringify(timeline)}`);
      assert.equal(timeline.busyMs + timeline.waitingMs + timeline.idleMs, timeline.wallMs);
      assert.equal(timeline.criticalPath[0]?.id, sessionId);
    } finally {
      panel.dispose();
    }

    await vscode.commands.executeCommand('opencodeSessions.openTranscript', { kind: 'session', serverId, sessionId });
    const doc = await waitFor(
      'the transcript document',
      () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === TRANSCRIPT_SCHEME && targetOf(d.uri)?.sessionId === sessionId),
      (d) => d !== undefined,
    );
    await waitFor(
      'the transcript to hold both turns',
      () => doc!.getText(),
      (body) =>
        ['outline it', 'Outlined the report.', 'write it', 'Wrote the report.'].every((t) => body.includes(t)) &&
        !body.includes('being read'),
    );
    // Read as the kubeconfig's user through the Task routes, and through them from the Agent's own server.
    assert.ok(
      kocs.requests.some((r) => r.url.startsWith(`/api/v1/namespaces/${NS}/tasks/${TASK}/session/messages`) && r.status === 200 && r.user),
      JSON.stringify(kocs.requests),
    );
    assert.equal(api.registry.get(agentServerIdOf(AGENT))?.state.kind, 'offline', 'the suspended Agent stays held');
  });

  it('a Task whose Agent was deleted: kubeopencode-server cannot resolve its session, and its row says so', async () => {
    const orphanRoute = `/api/v1/namespaces/${NS}/tasks/${ORPHAN}/session`;
    assert.ok(
      kocs.requests.some((r) => r.url === orphanRoute && r.status === 502),
      `kubeopencode-server answered 502 for ${ORPHAN}: ${JSON.stringify(kocs.requests)}`,
    );
    const serverId = finishedTasksServerId(api.cluster.view!.context, NS);
    assert.equal(api.registry.get(serverId)?.sessions.get(ORPHAN_SESSION), undefined, 'no session is made up for it');
    const row = await waitFor(
      'the orphan Task row',
      () => taskRow(ORPHAN),
      (r) => r !== undefined,
    );
    assert.doesNotMatch(row!.contextValue, /\blinked\b/, 'its row offers no click');
    const item = api.tree.getTreeItem(row!.node);
    assert.equal(item.command, undefined);
    // The tooltip's Markdown with its escapes undone, as it reads.
    const tooltip = (typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? ''))
      .replace(/&nbsp;/g, ' ')
      .replace(/\\(.)/g, '$1');
    assert.match(tooltip, /cannot be read/);
    assert.match(tooltip, /agent not found/, tooltip);
    assert.match(tooltip, /summary kubeopencode kept/);
    assert.doesNotMatch(tooltip, /earlier Pod|deleted or archived|Click to show/, tooltip);
    // Its summary is still its figures.
    assert.equal(row!.label, `${formatCost(0.0261)} ${ORPHAN}`);
  });

  it("the Finished Tasks server's sessions offer no action that changes them", async () => {
    const serverId = finishedTasksServerId(api.cluster.view!.context, NS);
    const finished = api.registry.get(serverId)!;
    const serverRow = (await rowsUnder(api, undefined)).find((r) => r.label === 'Finished Tasks' && r.parent === NS)!;
    const sessions = await rowsUnder(api, serverRow.node);
    const row = sessions.find((r) => r.contextValue.startsWith('session ') && r.node.kind === 'session');
    assert.ok(row, `its session row: ${JSON.stringify(sessions.map((r) => [r.label, r.contextValue]))}`);
    assert.match(row.contextValue, /\breadOnly\b/);
    assert.doesNotMatch(
      row.contextValue,
      /\bonline\b/,
      'the actions shown for an online session (rename, delete, share, fork, compact…) are not',
    );
    assert.equal(finished.version, '1.x via kubeopencode-server');
  });

  it("kubeopencode-server over plain http to another machine: the bearer token's exposure is said (once)", async () => {
    // 0.0.0.0 reaches this machine on Linux, yet is not a loopback name: as a server elsewhere would be.
    const address = kocs.url.replace('127.0.0.1', '0.0.0.0');
    const host = new URL(address).host;
    const line = `kubeopencode-server at ${host}: the kubeconfig's bearer token goes over plain http`;
    await kubernetesSettings().update('kubeopencodeServer', address, vscode.ConfigurationTarget.Global);
    await waitFor(
      'the warning in the log',
      () => readLogs(api),
      (l) => l.includes(line),
      undefined,
      (l) => l.slice(-1500),
    );
    // A loopback address warns nothing; back to the plain one, no second warning in this window.
    await kubernetesSettings().update('kubeopencodeServer', kocs.url, vscode.ConfigurationTarget.Global);
    await waitFor(
      'the loopback address read',
      () => api.cluster.view?.settings.kubeopencodeServer,
      (s) => s === kocs.url,
    );
    await kubernetesSettings().update('kubeopencodeServer', address, vscode.ConfigurationTarget.Global);
    await waitFor(
      'the plain address read again',
      () => api.cluster.view?.settings.kubeopencodeServer,
      (s) => s === address,
    );
    assert.equal(readLogs(api).split(line).length - 1, 1, 'said once');
  });
});
