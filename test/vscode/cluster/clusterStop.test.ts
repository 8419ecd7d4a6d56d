// Stop Task in a real VS Code, on the cluster test/k8s/testCluster.ts starts (the real kube-apiserver in the cluster
// stage): a running Task's row offers it, the modal confirmation names the Task (declined: nothing is sent), and once
// confirmed the stop annotation is set, by the Kubernetes API or through kubeopencode-server's stop route when its
// address is set. On the stand-in, its controller ends the stopped Task as kubeopencode's does (test/k8s/
// taskController.ts); the real kube-apiserver runs no controller, so there the test does its part.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { agent, condition, runningTask, type KubeObject } from '../../k8s/objects';
import { startKubeopencodeServer, type KubeopencodeServer } from '../../k8s/kubeopencodeServer';
import { clusterUnderTest, startTestCluster, type TestCluster } from '../../k8s/testCluster';
import { extensionApi, waitFor } from '../helpers/extensionApi';
import { kubernetesSettings, rowsUnder } from '../helpers/clusterRows';

const NS = 'team-stop';
const STOP = 'kubeopencode.io/stop';

describe(`Kubernetes: Stop Task, on ${clusterUnderTest()}`, function () {
  this.timeout(120_000);
  let api: ExtensionApi;
  let cluster: TestCluster;
  let kocs: KubeopencodeServer;
  const asked: string[] = [];
  let answer = false;

  before(async () => {
    api = await extensionApi();
    cluster = await startTestCluster({
      agents: [agent('builder', NS)],
      tasks: [runningTask('first', NS, 'builder'), runningTask('second', NS, 'builder')],
    });
    kocs = await startKubeopencodeServer(cluster);
    api.stopTaskPrompts.confirm = (question, detail) => {
      asked.push(`${question}\n${detail}`);
      return Promise.resolve(answer);
    };
    await kubernetesSettings().update('kubeconfig', cluster.kubeconfigFile('test', NS), vscode.ConfigurationTarget.Global);
    await kubernetesSettings().update('namespaces', [NS], vscode.ConfigurationTarget.Global);
    await kubernetesSettings().update('enabled', true, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    for (const key of ['enabled', 'kubeopencodeServer', 'namespaces', 'kubeconfig'])
      await kubernetesSettings().update(key, undefined, vscode.ConfigurationTarget.Global);
    await kocs?.stop();
    await cluster?.stop();
  });

  const taskRow = (name: string, phase: RegExp) =>
    waitFor(
      `the Task row ${name}`,
      async () => (await rowsUnder(api, undefined)).find((r) => r.node.kind === 'task' && r.node.name === name),
      (r) => r !== undefined && phase.test(String(api.tree.getTreeItem(r.node).contextValue)),
    );
  const stopAnnotation = async (name: string) =>
    ((await cluster.getTask(NS, name))?.metadata as { annotations?: Record<string, string> }).annotations?.[STOP];

  it('declined: nothing is sent; confirmed: the annotation is set, and the row ends Stopped once the controller ends it', async () => {
    const row = (await taskRow('first', /^task Running /))!;
    answer = false;
    await vscode.commands.executeCommand('opencodeSessions.stopTask', row.node);
    assert.equal(asked.length, 1);
    assert.match(asked[0], /^Stop Task first in namespace team-stop of context [^\n]+\?\n.*kubeopencode\.io\/stop/);
    assert.equal(await stopAnnotation('first'), undefined, 'declined: nothing set');

    answer = true;
    await vscode.commands.executeCommand('opencodeSessions.stopTask', row.node);
    assert.equal(await stopAnnotation('first'), 'true');
    assert.equal(await stopAnnotation('second'), undefined);

    // kubeopencode's controller, seeing the annotation, ends the Task: Completed with condition Stopped, UserStopped.
    if (cluster.kind === 'real') {
      const stopped = (await cluster.getTask(NS, 'first')) as KubeObject;
      stopped.status = {
        ...stopped.status,
        phase: 'Completed',
        completionTime: '2026-01-01T00:05:00Z',
        conditions: [condition('Stopped', true, 'UserStopped', 'Task stopped by user')],
      };
      await cluster.setTask(stopped);
    }
    const ended = (await taskRow('first', /^task Completed /))!;
    assert.match(ended.description, /Stopped/);
  });

  it('with kubeopencode-server set: through its stop route, as the kubeconfig user', async () => {
    await kubernetesSettings().update('kubeopencodeServer', kocs.url, vscode.ConfigurationTarget.Global);
    await waitFor(
      'the setting to be read',
      () => api.cluster.view?.settings.kubeopencodeServer,
      (s) => s === kocs.url,
    );
    const row = (await taskRow('second', /^task Running /))!;
    asked.length = 0;
    answer = true;
    await vscode.commands.executeCommand('opencodeSessions.stopTask', row.node);
    assert.match(
      asked[0],
      new RegExp(
        `^Stop Task second in namespace team-stop of context [^\\n]+\\?\\n.*kubeopencode-server \\(${kocs.url.replace(/\./g, '\\.')}\\)`,
      ),
    );
    assert.ok(
      kocs.requests.some((r) => r.url === `/api/v1/namespaces/${NS}/tasks/second/stop` && r.status === 200),
      JSON.stringify(kocs.requests),
    );
    assert.equal(await stopAnnotation('second'), 'true');
  });
});
