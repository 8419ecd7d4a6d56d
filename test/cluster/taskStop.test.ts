// Stop Task's two ways on the cluster under test: the Task's stop annotation patched through the Kubernetes API, and
// kubeopencode-server's `POST …/tasks/{name}/stop` (test/k8s/kubeopencodeServer.ts, which sets the same annotation as
// the caller). A Task that is not running, and a user without the RBAC right, are refused with what to do.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { KubeBackend } from '../../src/client/k8s/kubeBackend';
import { createKubeBackend } from '../../src/client/k8s/backend';
import { agent, completedTask, runningTask, SAMPLE_SUMMARY } from '../k8s/objects';
import { startKubeopencodeServer, type KubeopencodeServer } from '../k8s/kubeopencodeServer';
import { clusterUnderTest, startTestCluster, type TestCluster } from '../k8s/testCluster';
import { quietLog, removeKubeconfigs, writeKubeconfig } from '../unit/helpers/k8sBackend';

const NS = 'team-s';
const STOP = 'kubeopencode.io/stop';

describe(`kube backend: stopping a Task, on ${clusterUnderTest()}`, () => {
  let cluster: TestCluster;
  let kocs: KubeopencodeServer;
  let backend: KubeBackend;
  let viewer: KubeBackend;

  before(async () => {
    cluster = await startTestCluster({
      agents: [agent('alpha', NS)],
      tasks: [
        runningTask('by-annotation', NS, 'alpha'),
        runningTask('by-route', NS, 'alpha'),
        runningTask('kept', NS, 'alpha'),
        completedTask('done', NS, 'alpha', 'ses_done', SAMPLE_SUMMARY),
      ],
      // What the extension sends, alone: kubeopencode's controller (which ends a stopped Task) is not part of it.
      controller: false,
    });
    kocs = await startKubeopencodeServer(cluster);
    backend = createKubeBackend({ kubeconfigPath: writeKubeconfig(cluster.kubeconfig('test', NS)), log: quietLog });
    viewer = createKubeBackend({ kubeconfigPath: writeKubeconfig(cluster.kubeconfig('test', NS, cluster.viewerToken)), log: quietLog });
  });
  after(async () => {
    backend?.dispose();
    viewer?.dispose();
    await kocs?.stop();
    await cluster?.stop();
    removeKubeconfigs();
  });

  const annotations = async (name: string) =>
    ((await cluster.getTask(NS, name))?.metadata as { annotations?: Record<string, string> } | undefined)?.annotations ?? {};

  test('without kubeopencode-server: the stop annotation is patched onto the Task, nothing else of it changed', async () => {
    const before = await cluster.getTask(NS, 'by-annotation');
    assert.equal(await backend.stopTask({ context: 'test', namespace: NS, name: 'by-annotation' }), 'annotation');
    const after = await cluster.getTask(NS, 'by-annotation');
    assert.equal((after?.metadata as { annotations?: Record<string, string> }).annotations?.[STOP], 'true');
    assert.deepEqual(after?.spec, before?.spec);
    assert.deepEqual(after?.status, before?.status);
    assert.equal((await annotations('kept'))[STOP], undefined, 'only the Task asked for');
  });

  test("through kubeopencode-server: its stop route, as the kubeconfig's user", async () => {
    const way = await backend.stopTask({ context: 'test', namespace: NS, name: 'by-route', kubeopencodeServer: `${kocs.url}/` });
    assert.equal(way, 'kubeopencodeServer');
    const seen = kocs.requests.at(-1);
    assert.equal(seen?.url, `/api/v1/namespaces/${NS}/tasks/by-route/stop`);
    assert.equal(seen?.status, 200);
    assert.equal(seen?.user, cluster.kind === 'real' ? 'developer' : 'stand-in-user');
    assert.equal((await annotations('by-route'))[STOP], 'true');
  });

  test('a Task that is not running: kubeopencode-server refuses, and the message says so', async () => {
    await assert.rejects(
      backend.stopTask({ context: 'test', namespace: NS, name: 'done', kubeopencodeServer: kocs.url }),
      /^Error: Task done is not running any more, so there is nothing to stop: Task phase is Completed\.$/,
    );
    assert.equal((await annotations('done'))[STOP], undefined);
  });

  test('a user without the right (403): the refusal names the RBAC right to ask for, both ways', async () => {
    const advice = new RegExp(
      `refused to stop Task kept \\(\\d+, not allowed: .*forbidden.*\\)\\. Ask your cluster admin for the RBAC right to patch tasks\\.kubeopencode\\.io in namespace ${NS}`,
    );
    await assert.rejects(viewer.stopTask({ context: 'test', namespace: NS, name: 'kept' }), (err: Error) => {
      assert.match(err.message, /^the Kubernetes API server refused to stop Task kept \(403, /);
      assert.match(err.message, advice);
      return true;
    });
    await assert.rejects(viewer.stopTask({ context: 'test', namespace: NS, name: 'kept', kubeopencodeServer: kocs.url }), (err: Error) => {
      assert.match(err.message, /^kubeopencode-server refused to stop Task kept \((404|500), /);
      assert.match(err.message, advice);
      return true;
    });
    assert.equal((await annotations('kept'))[STOP], undefined, 'nothing was set');
  });

  test('no address of kubeopencode-server that is a URL: said, nothing sent', async () => {
    const before = kocs.requests.length;
    await assert.rejects(
      backend.stopTask({ context: 'test', namespace: NS, name: 'kept', kubeopencodeServer: 'kocs.example' }),
      /Set opencodeSessions\.kubernetes\.kubeopencodeServer/,
    );
    assert.equal(kocs.requests.length, before);
  });

  test('a sign-in page answering 200 in front of kubeopencode-server: not taken for a stop, and said', async () => {
    const page = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><title>Sign in</title></html>'),
    );
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    try {
      const address = page.address() as AddressInfo;
      await assert.rejects(
        backend.stopTask({ context: 'test', namespace: NS, name: 'kept', kubeopencodeServer: `http://127.0.0.1:${address.port}` }),
        /^Error: kubeopencode-server answered 200 with text\/html \(<html><title>Sign in<\/title><\/html>\), not a Task: Task kept may not be stopped\./,
      );
    } finally {
      page.close();
    }
    assert.equal((await annotations('kept'))[STOP], undefined);
  });
});
