// The Kubernetes stand-in (test/k8s) driven by the real @kubernetes/client-node through an ordinary
// kubeconfig: kubeopencode's object shapes, watches, RBAC and missing-CRD answers, auth, and the service
// proxy to a real OpenCode server (streamed, Authorization dropped).
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { ApiException, CoreV1Api, CustomObjectsApi, KubeConfig, Watch } from '@kubernetes/client-node';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { firstChunk, kubeRequest, readBody } from '../../k8s/kubeRequest';
import {
  AGENT_LABEL,
  GROUP,
  VERSION,
  agent,
  agentPod,
  completedTask,
  runningTask,
  templateTask,
  type KubeObject,
  SAMPLE_SUMMARY,
} from '../../k8s/objects';
import { startStandInApiServer, type StandInApiServer, type StandInOptions } from '../../k8s/standInApiServer';
import type { KubeStatus } from '../../k8s/status';
import { withoutVersion } from '../helpers/k8sBackend';

const TOKEN = 'stand-in-token';
const NS = 'team-a';
const OTHER = 'team-b';
const summary = SAMPLE_SUMMARY;
const objects = {
  agents: [agent('alpha', NS), agent('echo', NS), agent('idle', NS, { ready: false, suspended: true }), agent('beta', OTHER)],
  tasks: [
    runningTask('t-run', NS, 'alpha'),
    completedTask('t-done', NS, 'alpha', 'ses_123', summary),
    templateTask('t-tpl', NS, 'nightly'),
    runningTask('t-other', OTHER, 'beta'),
  ],
  pods: [agentPod('alpha', NS), agentPod('beta', OTHER)],
};

function clientFor(server: StandInApiServer, namespace = NS, yaml = server.kubeconfig('stand-in', namespace)): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(yaml);
  return kc;
}

async function rejection(promise: Promise<unknown>): Promise<ApiException<unknown>> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof ApiException, `expected ApiException, got ${String(err)}`);
    return err;
  }
  throw new Error('expected the call to fail');
}

async function standIn(
  extra: Partial<StandInOptions>,
  upstream: StandInOptions['opencodeUpstream'] = () => undefined,
): Promise<StandInApiServer> {
  return startStandInApiServer({ token: TOKEN, ...objects, opencodeUpstream: upstream, ...extra });
}

describe('Kubernetes stand-in, full access', () => {
  let harness: RunningHarness;
  let server: StandInApiServer;
  let echo: Server;
  const seen: { headers: IncomingHttpHeaders; body: string }[] = [];
  const api = () => clientFor(server).makeApiClient(CustomObjectsApi);

  before(async () => {
    harness = await startHarness();
    // A tiny upstream that shows what reaches it through the proxy.
    echo = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ headers: req.headers, body });
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url, method: req.method }));
      });
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    const echoPort = (echo.address() as { port: number }).port;
    server = await standIn({}, (ns, name) =>
      ns === NS && name === 'alpha' ? harness.server.url : name === 'echo' ? `http://127.0.0.1:${echoPort}` : undefined,
    );
  });
  after(async () => {
    await server?.stop();
    await new Promise((resolve) => echo?.close(resolve));
    await harness?.dispose();
  });

  test("lists one namespace's Agents in kubeopencode's shape", async () => {
    const list = (await api().listNamespacedCustomObject({ group: GROUP, version: VERSION, namespace: NS, plural: 'agents' })) as {
      apiVersion: string;
      kind: string;
      metadata: { resourceVersion: string };
      items: KubeObject[];
    };
    assert.equal(list.apiVersion, 'kubeopencode.io/v1alpha1');
    assert.equal(list.kind, 'AgentList');
    assert.match(list.metadata.resourceVersion, /^\d+$/);
    assert.deepEqual(list.items.map(withoutVersion), objects.agents.filter((a) => a.metadata.namespace === NS).map(withoutVersion));
    const alpha = list.items[0];
    assert.deepEqual(
      { ...alpha.status, conditions: undefined },
      {
        url: 'http://alpha.team-a.svc.cluster.local:4096',
        serviceName: 'alpha',
        deploymentName: 'alpha-server',
        ready: true,
        suspended: false,
        conditions: undefined,
      },
    );
    assert.deepEqual(
      (alpha.status?.conditions as { type: string }[]).map((c) => c.type),
      ['ServerReady', 'ServerHealthy', 'Suspended'],
    );
  });

  test('lists Tasks: running (title only), completed (id and summary), templateRef (no session)', async () => {
    const list = (await api().listNamespacedCustomObject({ group: GROUP, version: VERSION, namespace: NS, plural: 'tasks' })) as {
      kind: string;
      items: KubeObject[];
    };
    assert.equal(list.kind, 'TaskList');
    const byName = new Map(list.items.map((t) => [t.metadata.name, t]));
    const run = byName.get('t-run')!;
    assert.deepEqual(withoutVersion(run), withoutVersion(objects.tasks[0]));
    assert.deepEqual(run.status?.session, { title: `kubeopencode/${NS}/t-run/${run.metadata.uid.slice(0, 8)}` });
    assert.equal(run.metadata.labels?.[AGENT_LABEL], 'alpha');
    const done = byName.get('t-done')!;
    assert.equal(done.status?.phase, 'Completed');
    assert.deepEqual(done.status?.session, { id: 'ses_123', title: `kubeopencode/${NS}/t-done/${done.metadata.uid.slice(0, 8)}`, summary });
    const tpl = byName.get('t-tpl')!;
    assert.deepEqual(tpl.spec, { templateRef: { name: 'nightly' }, description: 'work for t-tpl' });
    assert.equal(tpl.status?.session, undefined);
    const labelled = (await api().listNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: NS,
      plural: 'tasks',
      labelSelector: `${AGENT_LABEL}=alpha`,
    })) as { items: KubeObject[] };
    assert.deepEqual(labelled.items.map((t) => t.metadata.name).sort(), ['t-done', 't-run']);
  });

  test("lists an Agent's Pods by label", async () => {
    const core = clientFor(server).makeApiClient(CoreV1Api);
    const pods = await core.listNamespacedPod({ namespace: NS, labelSelector: `${AGENT_LABEL}=alpha` });
    assert.equal(pods.kind, 'PodList');
    assert.deepEqual(
      pods.items.map((p) => [p.metadata?.name, p.metadata?.labels?.[AGENT_LABEL], p.status?.phase]),
      [['alpha-server-abcde', 'alpha', 'Running']],
    );
  });

  test("a watch from a list's resourceVersion sees ADDED, MODIFIED and DELETED in order", async () => {
    const list = (await api().listNamespacedCustomObject({ group: GROUP, version: VERSION, namespace: NS, plural: 'tasks' })) as {
      metadata: { resourceVersion: string };
    };
    const events: { type: string; name: string; rv: number }[] = [];
    let onThree = () => {};
    const three = new Promise<void>((resolve) => (onThree = resolve));
    const controller = await new Watch(clientFor(server)).watch(
      `/apis/${GROUP}/${VERSION}/namespaces/${NS}/tasks`,
      { resourceVersion: list.metadata.resourceVersion },
      (type, obj: KubeObject) => {
        events.push({ type, name: obj.metadata.name, rv: Number(obj.metadata.resourceVersion) });
        if (events.length === 3) onThree();
      },
      () => {},
    );
    const added = runningTask('t-new', NS, 'alpha');
    server.setTask(added);
    server.setTask(completedTask('t-new', NS, 'alpha', 'ses_new', summary));
    server.setTask(runningTask('t-elsewhere', OTHER, 'beta')); // another namespace: not seen
    server.deleteTask(NS, 't-new');
    await Promise.race([three, new Promise((_, reject) => setTimeout(() => reject(new Error(`events: ${JSON.stringify(events)}`)), 5000))]);
    controller.abort();
    assert.deepEqual(
      events.map((e) => [e.type, e.name]),
      [
        ['ADDED', 't-new'],
        ['MODIFIED', 't-new'],
        ['DELETED', 't-new'],
      ],
    );
    assert.ok(events[0].rv < events[1].rv && events[1].rv < events[2].rv, 'resourceVersion increases per change');
  });

  test('a watch without resourceVersion (watch=1) starts with every current object as ADDED', async () => {
    const res = await kubeRequest(clientFor(server), `/apis/${GROUP}/${VERSION}/namespaces/${NS}/agents?watch=1`);
    try {
      const first = JSON.parse((await firstChunk(res, 5000)).split('\n')[0]) as { type: string; object: KubeObject };
      assert.deepEqual([first.type, first.object.kind, first.object.metadata.name], ['ADDED', 'Agent', 'alpha']);
    } finally {
      res.destroy();
    }
  });

  test('the service proxy reaches the real OpenCode server: health JSON', async () => {
    const res = await kubeRequest(clientFor(server), `/api/v1/namespaces/${NS}/services/alpha:http/proxy/global/health`);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(JSON.parse(await readBody(res)), { healthy: true, version: harness.server.version });
  });

  test('the service proxy streams /global/event unbuffered', async () => {
    const res = await kubeRequest(clientFor(server), `/api/v1/namespaces/${NS}/services/alpha:http/proxy/global/event`, {
      headers: { accept: 'text/event-stream' },
    });
    try {
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /text\/event-stream/);
      assert.match(await firstChunk(res, 5000), /server\.connected/);
    } finally {
      res.destroy();
    }
  });

  test('the service proxy forwards method, path, query and body, and drops Authorization', async () => {
    const res = await kubeRequest(clientFor(server), `/api/v1/namespaces/${NS}/services/echo:http/proxy/session/x?directory=%2Fw`, {
      method: 'POST',
      body: '{"title":"t"}',
      headers: { 'content-type': 'application/json', 'x-opencode-directory': '/w' },
    });
    assert.equal(res.statusCode, 201);
    assert.deepEqual(JSON.parse(await readBody(res)), { path: '/session/x?directory=%2Fw', method: 'POST' });
    const last = seen.at(-1)!;
    assert.equal(last.body, '{"title":"t"}');
    assert.equal(last.headers.authorization, undefined);
    assert.equal(last.headers['x-opencode-directory'], '/w');
  });

  test('the service proxy: 404 for an unknown Service, 503 when it has no endpoints', async () => {
    const missing = await kubeRequest(clientFor(server), `/api/v1/namespaces/${NS}/services/nobody:http/proxy/global/health`);
    assert.equal(missing.statusCode, 404);
    assert.equal((JSON.parse(await readBody(missing)) as KubeStatus).reason, 'NotFound');
    const idle = await kubeRequest(clientFor(server), `/api/v1/namespaces/${NS}/services/idle:http/proxy/global/health`);
    assert.equal(idle.statusCode, 503);
    assert.match((JSON.parse(await readBody(idle)) as KubeStatus).message, /no endpoints available for service "idle"/);
  });

  test('a wrong token gets 401 with a Status body', async () => {
    const kc = clientFor(server, NS, server.kubeconfig('stand-in', NS).replace(TOKEN, 'wrong-token'));
    const err = await rejection(
      kc.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({ group: GROUP, version: VERSION, namespace: NS, plural: 'agents' }),
    );
    assert.equal(err.code, 401);
    const res = await kubeRequest(kc, `/apis/${GROUP}/${VERSION}/namespaces/${NS}/agents`);
    assert.deepEqual(JSON.parse(await readBody(res)), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
  });
});

describe('Kubernetes stand-in, namespace-restricted account', () => {
  let server: StandInApiServer;
  before(async () => (server = await standIn({ restrictedToNamespaces: [NS] })));
  after(async () => server?.stop());

  test('403 Forbidden on the cluster-wide list, 200 in its namespace, 403 in another', async () => {
    const api = clientFor(server).makeApiClient(CustomObjectsApi);
    const err = await rejection(api.listClusterCustomObject({ group: GROUP, version: VERSION, plural: 'agents' }));
    assert.equal(err.code, 403);
    const res = await kubeRequest(clientFor(server), `/apis/${GROUP}/${VERSION}/agents`);
    const status = JSON.parse(await readBody(res)) as KubeStatus;
    assert.deepEqual([status.kind, status.status, status.reason, status.code], ['Status', 'Failure', 'Forbidden', 403]);
    assert.match(status.message, /cannot list resource "agents" in API group "kubeopencode.io" at the cluster scope/);
    const mine = (await api.listNamespacedCustomObject({ group: GROUP, version: VERSION, namespace: NS, plural: 'agents' })) as {
      items: unknown[];
    };
    assert.equal(mine.items.length, 3);
    assert.equal(
      (await rejection(api.listNamespacedCustomObject({ group: GROUP, version: VERSION, namespace: OTHER, plural: 'agents' }))).code,
      403,
    );
  });
});

describe('Kubernetes stand-in, kubeopencode CRDs not installed', () => {
  let server: StandInApiServer;
  before(async () => (server = await standIn({ crdsInstalled: false })));
  after(async () => server?.stop());

  test("404 on kubeopencode routes (the apiserver's plain-text page), and discovery lacks the group", async () => {
    const api = clientFor(server).makeApiClient(CustomObjectsApi);
    assert.equal(
      (await rejection(api.listNamespacedCustomObject({ group: GROUP, version: VERSION, namespace: NS, plural: 'agents' }))).code,
      404,
    );
    const res = await kubeRequest(clientFor(server), `/apis/${GROUP}/${VERSION}/namespaces/${NS}/tasks`);
    assert.equal(res.statusCode, 404);
    assert.equal(await readBody(res), '404 page not found\n');
    const groups = JSON.parse(await readBody(await kubeRequest(clientFor(server), '/apis'))) as { groups: { name: string }[] };
    assert.ok(!groups.groups.some((g) => g.name === GROUP));
  });
});
