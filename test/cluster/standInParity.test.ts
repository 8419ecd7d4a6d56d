// Keeps the stand-in honest: every route it serves is asked of it and of the real kube-apiserver holding the same
// objects, and the answers must agree (status, and the body once what only a real server has is set aside: uids,
// resourceVersions, timestamps, managedFields, the defaults of built-in kinds). Port-forward is compared as far as
// a server without a kubelet goes: the request without an upgrade. Needs the real server (the cluster stage).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { agent, agentPod, completedTask, kubeEvent, runningTask, templateTask, type KubeObject, SAMPLE_SUMMARY } from '../k8s/objects';
import { rawRequest, type RawAnswer } from '../k8s/real/adminRequest';
import { startApiServer, type ApiServerProcess } from '../k8s/real/apiServerProcess';
import { installCrds, realCluster, type RealCluster } from '../k8s/real/realCluster';
import { startStandInApiServer, type StandInApiServer } from '../k8s/standInApiServer';
import { KUBE_APISERVER_ENV } from '../k8s/testCluster';

const NS = 'team-a';
const OTHER = 'team-b';
const TOKEN = 'stand-in-token';
const SUMMARY = SAMPLE_SUMMARY;
// The same objects (and so the same uids in session titles) on both servers.
const OBJECTS = {
  agents: [agent('alpha', NS), agent('idle', NS, { ready: false, suspended: true }), agent('beta', OTHER)],
  tasks: [runningTask('t-run', NS, 'alpha'), completedTask('t-done', NS, 'alpha', 'ses_1', SUMMARY), templateTask('t-tpl', NS, 'nightly')],
};

const binary = process.env[KUBE_APISERVER_ENV];

describe(
  'the stand-in answers as the real kube-apiserver does, on every route both serve',
  { skip: !binary && 'needs the real kube-apiserver (the cluster stage)' },
  () => {
    let server: ApiServerProcess;
    let real: RealCluster;
    let standIn: StandInApiServer;
    let upstream: Server;

    before(async () => {
      // One upstream behind alpha's Service on both: it answers with what it was asked, headers included.
      upstream = createServer((req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ method: req.method, url: req.url, authorization: req.headers.authorization ?? null }));
      });
      await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', () => resolve()));
      const upstreamUrl = `http://127.0.0.1:${(upstream.address() as { port: number }).port}`;
      server = await startApiServer(binary!);
      await installCrds(server);
      real = realCluster(server);
      const { agents, tasks } = OBJECTS;
      for (const a of agents) await real.setAgent(a);
      for (const t of tasks) await real.setTask(t);
      await real.reach(NS, 'alpha', upstreamUrl);
      standIn = await startStandInApiServer({
        token: TOKEN,
        ...OBJECTS,
        pods: [agentPod('alpha', NS)],
        opencodeUpstream: (ns, name) => (ns === NS && name === 'alpha' ? upstreamUrl : undefined),
      });
    });
    after(async () => {
      real?.close();
      await server?.stop();
      await standIn?.stop();
      upstream?.close();
    });

    const both = async (path: string, token?: (which: 'real' | 'standIn') => string): Promise<[RawAnswer, RawAnswer]> => [
      await rawRequest(server, 'GET', path, { token: token?.('real') ?? server.developerToken }),
      await rawRequest({ url: standIn.url, caData: standIn.caData }, 'GET', path, { token: token?.('standIn') ?? TOKEN }),
    ];

    /** Same status, and the same body once normalised. */
    const same = async (path: string, normalise: (body: unknown) => unknown = comparable) => {
      const [r, s] = await both(path);
      assert.equal(s.status, r.status, `${path}: status (real ${r.text.slice(0, 300)})`);
      assert.deepEqual(normalise(parse(s.text)), normalise(parse(r.text)), path);
    };

    test('discovery: the kubeopencode group, and its resources as the stand-in lists them', async () => {
      const [r, s] = await both('/apis');
      const group = (a: RawAnswer) => (parse(a.text) as { groups: { name: string }[] }).groups.find((g) => g.name === 'kubeopencode.io');
      assert.deepEqual(group(s), group(r));
      const [rr, sr] = await both('/apis/kubeopencode.io/v1alpha1');
      const resources = (a: RawAnswer) => parse(a.text) as { kind: string; groupVersion: string; resources: Record<string, unknown>[] };
      assert.equal(resources(sr).groupVersion, resources(rr).groupVersion);
      for (const mine of resources(sr).resources) {
        const theirs = resources(rr).resources.find((x) => x.name === mine.name);
        assert.ok(theirs, `the real server lists ${String(mine.name)}`);
        for (const key of Object.keys(mine).filter((k) => k !== 'storageVersionHash')) {
          const norm = (v: unknown) => (Array.isArray(v) ? [...(v as string[])].sort() : v);
          assert.deepEqual(norm(mine[key]), norm(theirs[key]), `${String(mine.name)}.${key}`);
        }
      }
    });

    for (const path of [
      '/apis/kubeopencode.io/v1alpha1/agents',
      '/apis/kubeopencode.io/v1alpha1/tasks',
      `/apis/kubeopencode.io/v1alpha1/namespaces/${NS}/agents`,
      `/apis/kubeopencode.io/v1alpha1/namespaces/${NS}/tasks`,
      `/apis/kubeopencode.io/v1alpha1/namespaces/${NS}/tasks?labelSelector=kubeopencode.io%2Fagent%3Dalpha`,
      `/apis/kubeopencode.io/v1alpha1/namespaces/${NS}/agents/alpha`,
      `/apis/kubeopencode.io/v1alpha1/namespaces/${NS}/tasks/t-done`,
      `/apis/kubeopencode.io/v1alpha1/namespaces/${NS}/agents/nope`,
      `/apis/kubeopencode.io/v1alpha1/namespaces/${NS}/foos`,
      // A group no one serves: what a cluster without kubeopencode's CRDs answers on its routes.
      `/apis/absent.example.com/v1alpha1/namespaces/${NS}/agents`,
    ])
      test(`GET ${path}`, () => same(path));

    test("kubeopencode's Events, listed per namespace", async () => {
      const event = kubeEvent(OBJECTS.tasks[1], 'Completed', 'Task finished', '2026-01-01T00:05:00Z');
      await real.recordEvent(event);
      standIn.setEvent(event);
      // The real server fills in what an Event written through events.k8s.io/v1 also carries in the core API.
      await same(`/apis/events.k8s.io/v1/namespaces/${NS}/events`, (body) => {
        const list = body as { kind: string; apiVersion: string; items: Record<string, unknown>[] };
        const keys = ['regarding', 'reason', 'note', 'type', 'eventTime', 'action', 'reportingController', 'reportingInstance'];
        return {
          kind: list.kind,
          apiVersion: list.apiVersion,
          items: list.items.map((e) => comparable(Object.fromEntries(keys.map((k) => [k, e[k]])))),
        };
      });
    });

    test('pods by label: what the port-forward relay reads of them', () =>
      same(`/api/v1/namespaces/${NS}/pods?labelSelector=kubeopencode.io%2Fagent%3Dalpha`, (body) => {
        const list = body as { kind: string; apiVersion: string; items: KubeObject[] };
        return {
          kind: list.kind,
          apiVersion: list.apiVersion,
          items: list.items.map((p) => ({
            name: p.metadata.name,
            labels: p.metadata.labels,
            phase: (p.status as { phase?: string }).phase,
            ports: (p.spec as { containers: { ports?: unknown[] }[] }).containers.map((c) => c.ports),
          })),
        };
      }));

    test('a wrong token: 401 and the same Status', async () => {
      const [r, s] = await both(`/apis/kubeopencode.io/v1alpha1/namespaces/${NS}/agents`, () => 'wrong-token');
      assert.equal(s.status, r.status);
      assert.deepEqual(parse(s.text), parse(r.text));
    });

    test('a user without rights: 403 with the same words, user names aside', async () => {
      const restricted = await startStandInApiServer({ token: TOKEN, restrictedToNamespaces: [OTHER], opencodeUpstream: () => undefined });
      try {
        for (const path of ['/apis/kubeopencode.io/v1alpha1/agents', `/apis/kubeopencode.io/v1alpha1/namespaces/${NS}/tasks`]) {
          const r = await rawRequest(server, 'GET', path, { token: server.viewerToken });
          const s = await rawRequest({ url: restricted.url, caData: restricted.caData }, 'GET', path, { token: TOKEN });
          assert.equal(s.status, r.status, path);
          const user = (text: string) => text.replace(/User \\"[^\\]*\\"/g, 'User \\"someone\\"');
          assert.deepEqual(parse(user(s.text)), parse(user(r.text)), path);
        }
      } finally {
        await restricted.stop();
      }
    });

    test('the service proxy: the upstream answers, without the caller’s Authorization; a port that is not there', async () => {
      await same(`/api/v1/namespaces/${NS}/services/alpha:http/proxy/global/health?x=1`, (b) => b);
      await same(`/api/v1/namespaces/${NS}/services/http:alpha:http/proxy/`, (b) => b);
      await same(`/api/v1/namespaces/${NS}/services/alpha:nope/proxy/`);
    });

    test('the service proxy: no endpoints (a suspended Agent), and no such Service', async () => {
      await same(`/api/v1/namespaces/${NS}/services/idle:http/proxy/global/health`);
      await same(`/api/v1/namespaces/${NS}/services/ghost:http/proxy/global/health`);
    });

    test('port-forward asked without an upgrade', () => same(`/api/v1/namespaces/${NS}/pods/alpha-server-abcde/portforward?ports=4096`));

    test('a watch: the events for a change, and the ERROR of an expired resourceVersion', async () => {
      const path = `/apis/kubeopencode.io/v1alpha1/namespaces/${NS}/tasks`;
      const versions = await Promise.all([
        rawRequest(server, 'GET', path, { token: server.developerToken }),
        rawRequest({ url: standIn.url, caData: standIn.caData }, 'GET', path, { token: TOKEN }),
      ]);
      const [rv, sv] = versions.map((a) => (parse(a.text) as { metadata: { resourceVersion: string } }).metadata.resourceVersion);
      const next = completedTask('t-run', NS, 'alpha', 'ses_run', SUMMARY);
      await real.setTask(next);
      standIn.setTask(next);
      const watchPath = (v: string) => `${path}?watch=true&resourceVersion=${v}&timeoutSeconds=1`;
      const r = await rawRequest(server, 'GET', watchPath(rv), { token: server.developerToken });
      const s = await rawRequest({ url: standIn.url, caData: standIn.caData }, 'GET', watchPath(sv), { token: TOKEN });
      assert.equal(s.status, r.status);
      // The real server writes the change twice (the object, then its status); what the client sees last is the same.
      const lastEvent = (a: RawAnswer) => comparable(JSON.parse(a.text.trim().split('\n').pop()!));
      assert.deepEqual(lastEvent(s), lastEvent(r));

      await real.compactEtcd();
      standIn.compact();
      const [re, se] = [
        await rawRequest(server, 'GET', watchPath(rv), { token: server.developerToken }),
        await rawRequest({ url: standIn.url, caData: standIn.caData }, 'GET', watchPath(sv), { token: TOKEN }),
      ];
      assert.equal(se.status, re.status);
      assert.deepEqual(JSON.parse(se.text.trim()), JSON.parse(re.text.trim()));
    });
  },
);

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const SERVER_ONLY = new Set(['uid', 'resourceVersion', 'creationTimestamp', 'managedFields', 'generation', 'selfLink']);

/** A body without what only the server that stored it could say; empty strings dropped (see realCluster.ts). */
function comparable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(comparable);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k, v]) => !SERVER_ONLY.has(k) && v !== '')
        .map(([k, v]) => [k, comparable(v)]),
    );
  return value;
}
