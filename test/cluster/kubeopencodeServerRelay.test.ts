// The third way to an Agent: kubeopencode-server's Agent proxy (test/k8s/kubeopencodeServer.ts, on the cluster under
// test), reached with the kubeconfig's bearer token. OpenCode answers through it, the event stream flows, a token it
// does not accept reads as refused credentials, a suspended Agent's 502 passes through, and no address set is said.
import assert from 'node:assert/strict';
import { request, type IncomingMessage } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { AgentRelay, KubeBackend } from '../../src/client/k8s/kubeBackend';
import { createKubeBackend } from '../../src/client/k8s/backend';
import { startHarness, type RunningHarness } from '../harness/harness';
import { agent } from '../k8s/objects';
import { startKubeopencodeServer, type KubeopencodeServer } from '../k8s/kubeopencodeServer';
import { clusterUnderTest, startTestCluster, type TestCluster } from '../k8s/testCluster';
import { quietLog, removeKubeconfigs, waitUntil, writeKubeconfig } from '../unit/helpers/k8sBackend';

const NS = 'team-a';

function get(url: string, path: string, password: string): Promise<IncomingMessage> {
  const authorization = 'Basic ' + Buffer.from(`opencode:${password}`).toString('base64');
  return new Promise((resolve, reject) => {
    const req = request(url + path, { headers: { authorization } }, resolve);
    req.on('error', reject);
    req.end();
  });
}

async function text(res: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of res) body += String(chunk);
  return body;
}

describe(`kube backend: kubeopencode-server's Agent proxy, on ${clusterUnderTest()}`, () => {
  let harness: RunningHarness;
  let cluster: TestCluster;
  let kocs: KubeopencodeServer;
  let backend: KubeBackend;
  const others: KubeBackend[] = [];
  const open = (agentName: string, token?: string, server?: string): Promise<AgentRelay> => {
    const b = token
      ? createKubeBackend({ kubeconfigPath: writeKubeconfig(cluster.kubeconfig('test', NS, token)), log: quietLog })
      : backend;
    if (b !== backend) others.push(b);
    return b.openRelay({
      context: 'test',
      namespace: NS,
      agent: agentName,
      port: 4096,
      access: 'kubeopencodeServer',
      kubeopencodeServer: server ?? kocs.url,
    });
  };

  before(async () => {
    harness = await startHarness();
    cluster = await startTestCluster({ agents: [agent('alpha', NS), agent('idle', NS, { ready: false, suspended: true })] });
    await cluster.reach(NS, 'alpha', harness.server.url);
    kocs = await startKubeopencodeServer(cluster);
    backend = createKubeBackend({ kubeconfigPath: writeKubeconfig(cluster.kubeconfig('test', NS)), log: quietLog });
  });
  after(async () => {
    backend?.dispose();
    for (const b of others) b.dispose();
    await kocs?.stop();
    await cluster?.stop();
    await harness?.dispose();
    removeKubeconfigs();
  });

  test('OpenCode answers through it, for the user the token names; the route is the Agent proxy', async () => {
    const relay = await open('alpha');
    assert.equal(relay.via, `${kocs.url}/api/v1/namespaces/${NS}/agents/alpha/proxy`);
    const res = await get(relay.url, '/global/health', relay.password ?? '');
    const body = await text(res);
    assert.equal(res.statusCode, 200, body);
    assert.deepEqual(JSON.parse(body), { healthy: true, version: harness.server.version });
    const seen = kocs.requests.at(-1);
    assert.equal(seen?.url, `/api/v1/namespaces/${NS}/agents/alpha/proxy/global/health`);
    assert.equal(seen?.user, cluster.kind === 'real' ? 'developer' : 'stand-in-user');
    relay.dispose();
  });

  test('the event stream flows through it', async () => {
    const relay = await open('alpha');
    const res = await get(relay.url, '/global/event', relay.password ?? '');
    try {
      assert.equal(res.statusCode, 200);
      let seen = '';
      res.on('data', (chunk: Buffer) => (seen += chunk.toString()));
      await waitUntil(
        'server.connected',
        () => seen.includes('server.connected'),
        30_000,
        () => seen,
      );
    } finally {
      res.destroy();
      relay.dispose();
    }
  });

  test('a token it does not accept: refused credentials (502 that says so), not an OpenCode password prompt', async () => {
    const relay = await open('alpha', 'not-a-token');
    const res = await get(relay.url, '/global/health', relay.password ?? '');
    assert.equal(res.statusCode, 502);
    assert.match(await text(res), /kubeopencode-server refused the kubeconfig credentials \(401\)/);
    relay.dispose();
  });

  test("a suspended Agent: kubeopencode-server's 502 passes through with its words", async () => {
    const relay = await open('idle');
    const res = await get(relay.url, '/global/health', relay.password ?? '');
    assert.equal(res.statusCode, 502);
    assert.equal(await text(res), `agent ${NS}/idle is suspended`);
    relay.dispose();
  });

  test('no address set: opening says which setting to set', async () => {
    await assert.rejects(open('alpha', undefined, ''), /Set opencodeSessions\.kubernetes\.kubeopencodeServer/);
  });
});
