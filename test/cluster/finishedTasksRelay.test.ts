// The Finished Tasks relay on the cluster under test: a listing reads each finished Task's session from
// kubeopencode-server (test/k8s/kubeopencodeServer.ts) once, not on every listing — the extension lists every few
// seconds while the server is shown, and a namespace may hold hundreds of finished Tasks. A Task whose session
// kubeopencode-server could not give (its Agent deleted: 502) is not asked again until a minute has passed.
import assert from 'node:assert/strict';
import { request, type IncomingMessage } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { AgentRelay, KubeBackend } from '../../src/client/k8s/kubeBackend';
import { createKubeBackend } from '../../src/client/k8s/backend';
import { completedTask, SAMPLE_SUMMARY } from '../k8s/objects';
import { startKubeopencodeServer, type KubeopencodeServer } from '../k8s/kubeopencodeServer';
import { clusterUnderTest, startTestCluster, type TestCluster } from '../k8s/testCluster';
import { quietLog, removeKubeconfigs, writeKubeconfig } from '../unit/helpers/k8sBackend';

const NS = 'team-f';
const TASKS = ['gone-1', 'gone-2', 'gone-3'];

function list(relay: AgentRelay): Promise<{ status: number; body: string }> {
  const authorization = 'Basic ' + Buffer.from(`opencode:${relay.password}`).toString('base64');
  return new Promise((resolve, reject) => {
    const req = request(`${relay.url}/session`, { headers: { authorization } }, (res: IncomingMessage) => {
      let body = '';
      res.on('data', (chunk) => (body += String(chunk)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe(`kube backend: the Finished Tasks relay reads each Task's session once, on ${clusterUnderTest()}`, () => {
  let cluster: TestCluster;
  let kocs: KubeopencodeServer;
  let backend: KubeBackend;
  let relay: AgentRelay;
  const unreadable: Array<[string, string | undefined]> = [];

  before(async () => {
    // Their Agent `deleted` does not exist: kubeopencode-server answers 502 "Cannot resolve task session", saying why.
    cluster = await startTestCluster({ tasks: TASKS.map((name, i) => completedTask(name, NS, 'deleted', `ses_gone${i}`, SAMPLE_SUMMARY)) });
    kocs = await startKubeopencodeServer(cluster);
    backend = createKubeBackend({ kubeconfigPath: writeKubeconfig(cluster.kubeconfig('test', NS)), log: quietLog });
    relay = await backend.openFinishedTasksRelay({
      context: 'test',
      namespace: NS,
      kubeopencodeServer: kocs.url,
      sessions: () => TASKS.map((task, i) => ({ task, sessionId: `ses_gone${i}` })),
      unreadable: (task, reason) => unreadable.push([task, reason]),
    });
  });
  after(async () => {
    relay?.dispose();
    backend?.dispose();
    await kocs?.stop();
    await cluster?.stop();
    removeKubeconfigs();
  });

  test('three listings ask kubeopencode-server once per Task; each failure is reported', async () => {
    for (let i = 0; i < 3; i++) {
      const answer = await list(relay);
      assert.equal(answer.status, 200);
      assert.deepEqual(JSON.parse(answer.body), [], 'no session it could read');
    }
    const asked = kocs.requests.filter((r) => r.url.startsWith(`/api/v1/namespaces/${NS}/tasks/`)).map((r) => `${r.url} ${r.status}`);
    // Read four at a time: in any order.
    assert.deepEqual(
      asked.sort(),
      TASKS.map((t) => `/api/v1/namespaces/${NS}/tasks/${t}/session 502`),
      'each Task asked once',
    );
    assert.deepEqual(unreadable.map(([task]) => task).sort(), TASKS);
    assert.ok(
      unreadable.every(([, reason]) => reason?.includes('"deleted" not found')),
      JSON.stringify(unreadable),
    );
  });
});
