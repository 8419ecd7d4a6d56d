// A finished Task whose Agent is gone, in a real VS Code on the cluster test/k8s/testCluster.ts starts (the real
// kube-apiserver in the cluster stage): with kubeopencode-server's address set, its session is read through
// kubeopencode-server's Task session routes (the stand-in answers them with a session recorded from a real OpenCode
// 1.18.33 run with the scripted model), so its row opens it, the usage panel shows its steps and Open Transcript its
// messages. Without the address there is nowhere to read it: the row says so.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { finishedTasksServerId } from '../../../src/app/cluster';
import type { StepRow } from '../../../src/present/usageRows';
import { TRANSCRIPT_SCHEME, targetOf } from '../../../src/features/search/transcriptDocuments';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { createSession, getSession, prompt, stepRecords } from '../../harness/scenario';
import { text } from '../../harness/scriptedModel';
import { completedTask, type SessionSummary } from '../../k8s/objects';
import { startKubeopencodeServer, type KubeopencodeServer } from '../../k8s/kubeopencodeServer';
import { clusterUnderTest, startTestCluster, type TestCluster } from '../../k8s/testCluster';
import { extensionApi, waitFor } from '../helpers/extensionApi';
import { kubernetesSettings, rowsUnder } from '../helpers/clusterRows';

const NS = 'team-done';
const TASK = 'write-report';
const SUMMARY: SessionSummary = {
  messageCount: 4,
  tokenUsage: { input: 7_100, output: 320, reasoning: 0, cache: 0 },
  cost: '0.026100',
  filesChanged: 0,
  additions: 0,
  deletions: 0,
};
const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;

describe(`Kubernetes: a finished Task whose Agent is gone, through kubeopencode-server, on ${clusterUnderTest()}`, function () {
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
    // The Task's session as its Agent's OpenCode made it, before the Agent was deleted.
    ({ id: sessionId } = await createSession(h, { title: 'Write the report' }));
    await prompt(h, sessionId, 'outline it', [text('Outlined the report.', { prompt: 3_000, completion: 200 })]);
    await prompt(h, sessionId, 'write it', [text('Wrote the report.', { prompt: 4_100, completion: 120 })]);
    const info = await getSession(h, sessionId);
    steps = await stepRecords(h, sessionId);
    session = { cost: info.cost ?? 0, input: info.tokens?.input ?? 0 };
    assert.ok(steps.length >= 2 && session.cost > 0, `the server recorded the work: ${JSON.stringify(steps)}`);
    const messages = await h.server.client().session.messages({ sessionID: sessionId });
    assert.ok(Array.isArray(messages.data) && messages.data.length >= 4, 'the messages were read');

    // Its Agent `gone` is not in the cluster any more.
    cluster = await startTestCluster({ agents: [], tasks: [completedTask(TASK, NS, 'gone', sessionId, SUMMARY)] });
    kocs = await startKubeopencodeServer(cluster);
    kocs.recordSession(NS, TASK, info, messages.data);
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

  const taskRow = async () => (await rowsUnder(api, undefined)).find((r) => r.node.kind === 'task' && r.label === TASK);

  it('without kubeopencode-server there is no server to show it on', async () => {
    await waitFor('the Task row', taskRow, (r) => r !== undefined);
    assert.equal(api.registry.get(finishedTasksServerId(api.cluster.view!.context, NS)), undefined);
    assert.equal(api.tree.clusterTree!.taskSession((await taskRow())!.node as never)?.connection, undefined);
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
    // Read as the kubeconfig's user through the Task routes.
    assert.ok(
      kocs.requests.some((r) => r.url.startsWith(`/api/v1/namespaces/${NS}/tasks/${TASK}/session/messages`) && r.status === 200 && r.user),
      JSON.stringify(kocs.requests),
    );
  });
});
