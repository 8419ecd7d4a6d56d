// The service-proxy relay against a real OpenCode server behind the API server (the real kube-apiserver in the
// cluster stage, else the stand-in): Basic auth with its random password, REST and the live /global/event stream
// through it, the apiserver's own errors passed through, connection failures as 502, and dispose ending open streams.
import assert from 'node:assert/strict';
import { request, type IncomingMessage } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { AgentRelay, KubeBackend } from '../../src/client/k8s/kubeBackend';
import { createKubeBackend } from '../../src/client/k8s/backend';
import { kubeConfigForContext, loadKubeconfig } from '../../src/client/k8s/backend/kubeconfig';
import { openServiceProxyRelay } from '../../src/client/k8s/backend/serviceProxyRelay';
import { startHarness, type RunningHarness } from '../harness/harness';
import { createSession } from '../harness/scenario';
import { agent } from '../k8s/objects';
import { startStandInApiServer } from '../k8s/standInApiServer';
import { clusterUnderTest, startTestCluster, type TestCluster } from '../k8s/testCluster';
import { quietLog, removeKubeconfigs, waitUntil, writeKubeconfig } from '../unit/helpers/k8sBackend';

const NS = 'team-a';

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

function basic(password: string, user = 'opencode'): string {
  return 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
}

/** Opens a request to the relay and hands back the response as it starts (for streams). */
function open(
  url: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(url + path, { method: init.method ?? 'GET', headers: init.headers }, resolve);
    req.on('error', reject);
    req.end(init.body);
  });
}

async function fetchText(url: string, path: string, init: Parameters<typeof open>[2] = {}): Promise<Answer> {
  const res = await open(url, path, init);
  let body = '';
  for await (const chunk of res) body += String(chunk);
  return { status: res.statusCode ?? 0, headers: res.headers, body };
}

describe(`kube backend: service proxy relay, on ${clusterUnderTest()}`, () => {
  let harness: RunningHarness;
  let server: TestCluster;
  let backend: KubeBackend;
  let relay: AgentRelay;
  const auth = () => ({ authorization: basic(relay.password ?? '') });

  before(async () => {
    harness = await startHarness();
    server = await startTestCluster({ agents: [agent('alpha', NS), agent('idle', NS, { ready: false })] });
    await server.reach(NS, 'alpha', harness.server.url);
    backend = createKubeBackend({ kubeconfigPath: writeKubeconfig(server.kubeconfig('test', NS)), log: quietLog });
    relay = await backend.openRelay({ context: 'test', namespace: NS, agent: 'alpha', port: 4096, access: 'serviceProxy' });
  });
  after(async () => {
    backend?.dispose();
    await server?.stop();
    await harness?.dispose();
    removeKubeconfigs();
  });

  test('listens on 127.0.0.1 and names the service-proxy URL, without credentials', () => {
    assert.match(relay.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(relay.via, `${server.url}/api/v1/namespaces/${NS}/services/alpha:http/proxy`);
    assert.ok(relay.password && relay.password.length >= 24);
    assert.ok(!relay.via.includes(server.token));
  });

  test('a 401 from the apiserver (credentials refused) is a 502 that says so, not an OpenCode password prompt', async () => {
    const stale = createKubeBackend({
      kubeconfigPath: writeKubeconfig(server.kubeconfig('test', NS, 'expired-token')),
      log: quietLog,
    });
    try {
      const refused = await stale.openRelay({ context: 'test', namespace: NS, agent: 'alpha', port: 4096, access: 'serviceProxy' });
      const answer = await fetchText(refused.url, '/global/health', { headers: { authorization: basic(refused.password ?? '') } });
      assert.equal(answer.status, 502);
      assert.match(answer.body, /refused the kubeconfig credentials \(401\)/);
      await waitUntil('the 401 in the request log', () => server.requests().at(-1)?.status === 401);
    } finally {
      stale.dispose();
    }
  });

  test('/global/health of the real OpenCode server, with the password', async () => {
    const answer = await fetchText(relay.url, '/global/health', { headers: auth() });
    assert.equal(answer.status, 200, answer.body);
    assert.deepEqual(JSON.parse(answer.body), { healthy: true, version: harness.server.version });
    const seen = server.requests().at(-1);
    assert.equal(
      seen?.url,
      `/api/v1/namespaces/${NS}/services/alpha:http/proxy/global/health`,
      'went through the apiserver with its token',
    );
  });

  test('401 with a Basic challenge without the password or with a wrong one; the apiserver is not asked', async () => {
    const before = server.requests().length;
    const none = await fetchText(relay.url, '/global/health');
    assert.equal(none.status, 401);
    assert.match(String(none.headers['www-authenticate']), /^Basic/);
    const wrong = await fetchText(relay.url, '/global/health', { headers: { authorization: basic('not-it') } });
    assert.equal(wrong.status, 401);
    const bearer = await fetchText(relay.url, '/global/health', { headers: { authorization: `Bearer ${server.token}` } });
    assert.equal(bearer.status, 401);
    assert.equal(server.requests().length, before);
  });

  test('a POST with a body and a query reaches OpenCode: a session is created', async () => {
    const directory = harness.server.directory;
    const answer = await fetchText(relay.url, `/session?directory=${encodeURIComponent(directory)}`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'through the relay' }),
    });
    assert.equal(answer.status, 200, answer.body);
    const created = JSON.parse(answer.body) as { id: string; title: string };
    assert.equal(created.title, 'through the relay');
    const direct = await harness.server.client().session.get({ sessionID: created.id });
    assert.equal(direct.data?.title, 'through the relay');
  });

  test('/global/event streams live: events of a session created meanwhile arrive through the relay', async () => {
    const res = await open(relay.url, '/global/event', { headers: { ...auth(), accept: 'text/event-stream' } });
    try {
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /text\/event-stream/);
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      await waitUntil(
        'server.connected',
        () => text.includes('server.connected'),
        30_000,
        () => text,
      );
      // Once, in a quiet CI run, the created event of a session made right after server.connected never came
      // (heartbeats did; the relay only passes bytes on), which points at a subscription race inside OpenCode.
      // What this test is about is the relay: a later session's event must arrive through it.
      const arrived = async (id: string, ms: number) =>
        waitUntil(
          'session.created for the new session',
          () => /session\.created/.test(text) && text.includes(id),
          ms,
          () => text.slice(-2000),
        ).then(
          () => true,
          () => false,
        );
      let seen = false;
      for (let attempt = 1; attempt <= 4 && !seen; attempt++) {
        const session = await createSession(harness, { title: `live through the relay ${attempt}` });
        seen = await arrived(session.id, attempt === 4 ? 30_000 : 5_000);
      }
      assert.ok(seen, `no session.created arrived through the relay; last: ${text.slice(-2000)}`);
    } finally {
      res.destroy();
    }
  });

  test("the apiserver's 503 (no endpoints) passes through with its status and body", async () => {
    const idle = await backend.openRelay({ context: 'test', namespace: NS, agent: 'idle', port: 4096, access: 'serviceProxy' });
    try {
      const answer = await fetchText(idle.url, '/global/health', { headers: { authorization: basic(idle.password ?? '') } });
      assert.equal(answer.status, 503);
      assert.match((JSON.parse(answer.body) as { message: string }).message, /no endpoints available for service "idle"/);
      assert.notEqual(idle.password, relay.password, 'each relay has its own password');
    } finally {
      idle.dispose();
    }
  });

  test('an apiserver that cannot be reached: 502 with a short text', async () => {
    // A port nobody listens on: any API server's, once stopped.
    const down = await startStandInApiServer({ token: 'stand-in-token', opencodeUpstream: () => undefined });
    await down.stop();
    const kc = kubeConfigForContext(loadKubeconfig(writeKubeconfig(down.kubeconfig('stand-in', NS))).kc, 'stand-in');
    assert.ok(kc);
    const unreachable = await openServiceProxyRelay(kc, { namespace: NS, agent: 'alpha', port: 4096 }, quietLog);
    try {
      const answer = await fetchText(unreachable.url, '/global/health', { headers: { authorization: basic(unreachable.password ?? '') } });
      assert.equal(answer.status, 502);
      assert.match(answer.body, /cannot reach the Kubernetes API server at https:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/);
    } finally {
      unreachable.dispose();
    }
  });

  test('dispose ends an open event stream and stops listening', async () => {
    const own = await backend.openRelay({ context: 'test', namespace: NS, agent: 'alpha', port: 4096, access: 'serviceProxy' });
    const res = await open(own.url, '/global/event', { headers: { authorization: basic(own.password ?? '') } });
    assert.equal(res.statusCode, 200);
    let closed = false;
    res.on('close', () => (closed = true));
    res.on('error', () => undefined);
    res.resume();
    own.dispose();
    await waitUntil('the stream to close', () => closed, 5000);
    await assert.rejects(open(own.url, '/global/health'), /ECONNREFUSED/);
  });
});
