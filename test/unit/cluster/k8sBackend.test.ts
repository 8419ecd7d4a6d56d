// The Kubernetes backend's kubeconfig loading and cluster watcher, with the real @kubernetes/client-node
// against the stand-in apiserver: snapshots, live watch changes, re-lists, RBAC fallback, missing CRDs,
// bad credentials, and an apiserver that drops away and comes back.
import assert from 'node:assert/strict';
import { after, afterEach, describe, test } from 'node:test';
import type { Disposable, KubeBackend } from '../../../src/client/k8s/kubeBackend';
import { createKubeBackend } from '../../../src/client/k8s/backend';
import { watchCluster } from '../../../src/client/k8s/backend/clusterWatcher';
import { kubeConfigForContext, listContexts, loadKubeconfig } from '../../../src/client/k8s/backend/kubeconfig';
import type { StreamTiming } from '../../../src/client/k8s/backend/resourceStream';
import { agent, completedTask, runningTask, templateTask, SAMPLE_SUMMARY } from '../../k8s/objects';
import { startStandInApiServer, type StandInApiServer, type StandInOptions } from '../../k8s/standInApiServer';
import {
  SnapshotRecorder,
  names,
  quietLog,
  removeKubeconfigs,
  startForwarder,
  summary,
  waitUntil,
  withoutVersion,
  writeKubeconfig,
  type Forwarder,
} from '../helpers/k8sBackend';

const TOKEN = 'stand-in-token';
const NS = 'team-a';
const OTHER = 'team-b';
const summaryOf = SAMPLE_SUMMARY;
const FAST: StreamTiming = { initialBackoffMs: 50, maxBackoffMs: 400, listTimeoutMs: 5000, watchSeconds: 60 };

const fixtures = () => ({
  agents: [agent('alpha', NS), agent('idle', NS, { ready: false, suspended: true }), agent('beta', OTHER)],
  tasks: [
    runningTask('t-run', NS, 'alpha'),
    completedTask('t-done', NS, 'alpha', 'ses_123', summaryOf),
    templateTask('t-tpl', NS, 'nightly'),
    runningTask('t-other', OTHER, 'beta'),
  ],
});

function standIn(extra: Partial<StandInOptions> = {}): Promise<StandInApiServer> {
  return startStandInApiServer({ token: TOKEN, ...fixtures(), opencodeUpstream: () => undefined, ...extra });
}

/** A watcher on the stand-in through a kubeconfig file, as the backend would load it. */
function watch(yaml: string, namespaces: string[], recorder: SnapshotRecorder, timing = FAST): Disposable {
  const loaded = loadKubeconfig(writeKubeconfig(yaml));
  assert.equal(loaded.error, undefined);
  const context = loaded.kc.getCurrentContext();
  const kc = kubeConfigForContext(loaded.kc, context);
  assert.ok(kc);
  return watchCluster(kc, { context, namespaces }, quietLog, recorder.listener, timing);
}

const open: { dispose(): void }[] = [];
const servers: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const d of open.splice(0)) d.dispose();
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});
after(() => removeKubeconfigs());

async function started(extra: Partial<StandInOptions> = {}): Promise<StandInApiServer> {
  const server = await standIn(extra);
  servers.push(server);
  return server;
}

describe('kube backend: kubeconfig', () => {
  test('loads a file, lists its contexts, and reports none for a missing file', () => {
    const path = writeKubeconfig(
      'apiVersion: v1\nkind: Config\nclusters:\n- name: c1\n  cluster:\n    server: https://c1.example:6443\nusers:\n- name: u\n  user:\n    token: t\ncontexts:\n- name: one\n  context:\n    cluster: c1\n    user: u\n    namespace: ns1\n- name: two\n  context:\n    cluster: c1\n    user: u\ncurrent-context: two\n',
    );
    const loaded = loadKubeconfig(path);
    assert.equal(loaded.source, path);
    assert.deepEqual(listContexts(loaded.kc), [
      { name: 'one', cluster: 'c1', server: 'https://c1.example:6443', namespace: 'ns1' },
      { name: 'two', cluster: 'c1', server: 'https://c1.example:6443' },
    ]);
    assert.equal(kubeConfigForContext(loaded.kc, 'one')?.getCurrentContext(), 'one');
    assert.equal(loaded.kc.getCurrentContext(), 'two', 'the per-context copy leaves the original alone');
    assert.equal(kubeConfigForContext(loaded.kc, 'nope'), undefined);

    const missing = loadKubeconfig(path + '.missing');
    assert.deepEqual(missing.kc.getContexts(), []);
    assert.match(missing.error ?? '', /ENOENT/);
  });

  test('KUBECONFIG: merged list, missing files skipped, first definition of a name wins', () => {
    const a = writeKubeconfig(
      'apiVersion: v1\nclusters:\n- name: c\n  cluster:\n    server: https://a:6443\nusers:\n- name: admin\n  user:\n    token: ta\ncontexts:\n- name: a\n  context:\n    cluster: c\n    user: admin\ncurrent-context: a\n',
    );
    const b = writeKubeconfig(
      'apiVersion: v1\nclusters:\n- name: c\n  cluster:\n    server: https://b:6443\n- name: cb\n  cluster:\n    server: https://b:6443\nusers:\n- name: admin\n  user:\n    token: tb\ncontexts:\n- name: b\n  context:\n    cluster: cb\n    user: admin\ncurrent-context: b\n',
    );
    const saved = process.env.KUBECONFIG;
    process.env.KUBECONFIG = [a + '.missing', a, b].join(process.platform === 'win32' ? ';' : ':');
    try {
      const loaded = loadKubeconfig();
      assert.equal(loaded.source, 'KUBECONFIG');
      assert.equal(loaded.error, undefined);
      assert.equal(loaded.kc.getCurrentContext(), 'a');
      assert.deepEqual(
        listContexts(loaded.kc).map((c) => [c.name, c.server]),
        [
          ['a', 'https://a:6443'],
          ['b', 'https://b:6443'],
        ],
      );
      assert.equal(loaded.kc.getUser('admin')?.token, 'ta');
    } finally {
      if (saved === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = saved;
    }
  });

  test('createKubeBackend without a usable kubeconfig: no contexts, and a noKubeconfig snapshot', async () => {
    const backend = createKubeBackend({ kubeconfigPath: '/nonexistent/kubeconfig', log: quietLog });
    open.push(backend);
    assert.deepEqual(backend.contexts(), []);
    assert.equal(backend.currentContext(), undefined);
    const recorder = new SnapshotRecorder();
    open.push(backend.watchCluster({ context: 'anything', namespaces: [] }, recorder.listener));
    const s = await recorder.until('noKubeconfig', (x) => x.state === 'problem');
    assert.equal(s.problem?.kind, 'noKubeconfig');
    assert.match(s.problem?.message ?? '', /cannot be read/);
    await assert.rejects(
      backend.openRelay({ context: 'anything', namespace: NS, agent: 'alpha', port: 4096, access: 'serviceProxy' }),
      /cannot be read/,
    );
  });
});

describe('kube backend: cluster watcher', () => {
  let backend: KubeBackend | undefined;
  after(() => backend?.dispose());

  test("first snapshot: every Agent and Task across namespaces, in kubeopencode's shapes", async () => {
    const { agents, tasks } = fixtures();
    const server = await started({ agents, tasks });
    backend = createKubeBackend({ kubeconfigPath: writeKubeconfig(server.kubeconfig('stand-in', 'sandbox')), log: quietLog });
    assert.deepEqual(backend.contexts(), [{ name: 'stand-in', cluster: 'stand-in', server: server.url, namespace: 'sandbox' }]);
    assert.equal(backend.currentContext(), 'stand-in');
    const recorder = new SnapshotRecorder();
    open.push(backend.watchCluster({ context: 'stand-in', namespaces: [] }, recorder.listener));
    const s = await recorder.until('online', (x) => x.state === 'online');
    assert.equal(recorder.snapshots[0].state, 'connecting', 'a connecting snapshot comes first');
    assert.equal(s.problem, undefined);
    assert.equal(s.fallback, undefined);
    // Cluster-wide: every namespace with objects, plus the context's own.
    assert.deepEqual(s.namespaces, ['sandbox', NS, OTHER]);
    const sorted = <T extends { metadata: { namespace: string; name: string } }>(xs: T[]) =>
      [...xs].sort((a, b) => a.metadata.namespace.localeCompare(b.metadata.namespace) || a.metadata.name.localeCompare(b.metadata.name));
    assert.deepEqual(s.agents.map(withoutVersion), sorted(agents).map(withoutVersion));
    assert.deepEqual(s.tasks.map(withoutVersion), sorted(tasks).map(withoutVersion));
    const done = s.tasks.find((t) => t.metadata.name === 't-done');
    assert.deepEqual(done?.status?.session?.summary, summaryOf);
    // The watch starts right after the list that made the snapshot online, so it may be a moment behind it.
    await waitUntil('a cluster-wide watch', () =>
      server.requests.some((r) => r.url.startsWith('/apis/kubeopencode.io/v1alpha1/agents?watch=true')),
    );
  });

  test('changes on the cluster reach a later snapshot through the watch', async () => {
    const server = await started();
    const recorder = new SnapshotRecorder();
    open.push(watch(server.kubeconfig('stand-in', NS), [], recorder));
    await recorder.until('online', (x) => x.state === 'online');
    const lists = server.requests.filter((r) => !r.url.includes('watch=')).length;

    server.setAgent(agent('gamma', 'team-c'));
    let s = await recorder.until('gamma', (x) => names(x.agents).includes('team-c/gamma'));
    assert.deepEqual(s.namespaces, [NS, OTHER, 'team-c']);
    server.setTask(runningTask('t-new', NS, 'alpha'));
    await recorder.until('t-new running', (x) => x.tasks.some((t) => t.metadata.name === 't-new' && t.status?.phase === 'Running'));
    server.setTask(completedTask('t-new', NS, 'alpha', 'ses_new', summaryOf));
    s = await recorder.until('t-new completed', (x) => x.tasks.some((t) => t.metadata.name === 't-new' && t.status?.phase === 'Completed'));
    assert.equal(s.tasks.find((t) => t.metadata.name === 't-new')?.status?.session?.id, 'ses_new');
    server.deleteTask(NS, 't-run');
    server.deleteAgent(OTHER, 'beta');
    s = await recorder.until(
      't-run and beta gone',
      (x) => !names(x.tasks).includes(`${NS}/t-run`) && !names(x.agents).includes(`${OTHER}/beta`),
    );
    assert.equal(s.state, 'online');
    assert.equal(server.requests.filter((r) => !r.url.includes('watch=')).length, lists, 'changes came by watch, not by re-listing');
  });

  test('a watch that ends is resumed from the last resourceVersion, not re-listed; nothing is missed', async () => {
    const server = await started();
    const recorder = new SnapshotRecorder();
    open.push(watch(server.kubeconfig('stand-in', NS), [NS], recorder, { ...FAST, watchSeconds: 1 }));
    await recorder.until('online', (x) => x.state === 'online');
    const tasks = `/apis/kubeopencode.io/v1alpha1/namespaces/${NS}/tasks`;
    const taskWatches = () => server.requests.filter((r) => r.url.startsWith(tasks) && r.url.includes('watch=true'));
    await recorder.until('a second watch after the first timed out', () => taskWatches().length >= 2, 5000);
    server.setTask(runningTask('t-late', NS, 'alpha'));
    const s = await recorder.until('t-late', (x) => names(x.tasks).includes(`${NS}/t-late`));
    assert.equal(s.state, 'online');
    const lists = server.requests.filter((r) => r.url.startsWith(tasks) && !r.url.includes('watch='));
    assert.equal(lists.length, 1, 'listed once');
    const versions = taskWatches().map((r) => new URL(r.url, 'https://x').searchParams.get('resourceVersion'));
    assert.ok(
      versions.every((v) => v && Number(v) > 0),
      `every watch names where it resumes: ${versions.join(', ')}`,
    );
  });

  test('configured namespaces: only those are listed and shown', async () => {
    const server = await started();
    const recorder = new SnapshotRecorder();
    open.push(watch(server.kubeconfig('stand-in', NS), [OTHER, 'empty'], recorder));
    const s = await recorder.until('online', (x) => x.state === 'online');
    assert.deepEqual(s.namespaces, [OTHER, 'empty']);
    assert.deepEqual(names(s.agents), [`${OTHER}/beta`]);
    assert.deepEqual(names(s.tasks), [`${OTHER}/t-other`]);
    assert.ok(!server.requests.some((r) => /^\/apis\/kubeopencode\.io\/v1alpha1\/(agents|tasks)/.test(r.url)), 'no cluster-wide request');
  });

  test("cluster-wide lists forbidden: falls back to the context's namespace and says so", async () => {
    const server = await started({ restrictedToNamespaces: [NS] });
    const recorder = new SnapshotRecorder();
    open.push(watch(server.kubeconfig('stand-in', NS), [], recorder));
    const s = await recorder.until('online in fallback', (x) => x.state === 'online' && x.fallback !== undefined);
    assert.equal(s.fallback?.from, 'allNamespaces');
    assert.match(s.fallback?.reason ?? '', /cannot list resource "(agents|tasks)" .* at the cluster scope/);
    assert.deepEqual(s.namespaces, [NS]);
    assert.deepEqual(names(s.agents), [`${NS}/alpha`, `${NS}/idle`]);
    assert.equal(s.tasks.length, 3);
    assert.ok(
      recorder.snapshots.every((x) => x.problem === undefined),
      'the 403 is not shown as a problem',
    );
  });

  test('a forbidden namespace: forbidden, with what to ask for', async () => {
    const server = await started({ restrictedToNamespaces: [NS] });
    const recorder = new SnapshotRecorder();
    open.push(watch(server.kubeconfig('stand-in', NS), [OTHER], recorder));
    const s = await recorder.until('forbidden', (x) => x.state === 'problem');
    assert.equal(s.problem?.kind, 'forbidden');
    assert.match(s.problem?.message ?? '', /namespace "team-b".*get, list and watch/);
  });

  test('kubeopencode not installed: crdsMissing, confirmed by discovery', async () => {
    const server = await started({ crdsInstalled: false });
    const recorder = new SnapshotRecorder();
    open.push(watch(server.kubeconfig('stand-in', NS), [], recorder));
    const s = await recorder.until('crdsMissing', (x) => x.state === 'problem');
    assert.equal(s.problem?.kind, 'crdsMissing');
    assert.match(s.problem?.message ?? '', /kubeopencode is not installed on this cluster/);
    assert.ok(
      server.requests.some((r) => r.url === '/apis'),
      'asked discovery',
    );
  });

  test('a wrong token: unauthorized', async () => {
    const server = await started();
    const recorder = new SnapshotRecorder();
    open.push(watch(server.kubeconfig('stand-in', NS).replace(TOKEN, 'wrong-token'), [], recorder));
    const s = await recorder.until('unauthorized', (x) => x.state === 'problem');
    assert.equal(s.problem?.kind, 'unauthorized');
    assert.match(s.problem?.message ?? '', /401.*Log in again/);
  });

  test('an apiserver nobody listens on: unreachable, naming the server', async () => {
    const server = await started();
    const url = server.url;
    await server.stop();
    const recorder = new SnapshotRecorder();
    open.push(watch(server.kubeconfig('stand-in', NS), [], recorder));
    const s = await recorder.until('unreachable', (x) => x.state === 'problem');
    assert.equal(s.problem?.kind, 'unreachable');
    assert.ok(s.problem?.message.includes(url), s.problem?.message);
    assert.match(s.problem?.message ?? '', /ECONNREFUSED/);
  });

  test('the apiserver drops away: unreachable with the objects kept, then online again with what changed', async () => {
    const server = await started();
    const forwarder: Forwarder = await startForwarder(Number(new URL(server.url).port));
    servers.push(forwarder);
    const yaml = server.kubeconfig('stand-in', NS).replace(server.url, `https://127.0.0.1:${forwarder.port}`);
    const recorder = new SnapshotRecorder();
    open.push(watch(yaml, [], recorder));
    const before = await recorder.until('online', (x) => x.state === 'online');

    await forwarder.cut();
    const down = await recorder.until('unreachable', (x) => x.state === 'problem');
    assert.equal(down.problem?.kind, 'unreachable', summary(down));
    assert.deepEqual(names(down.agents), names(before.agents), 'objects stay while unreachable');
    assert.deepEqual(names(down.tasks), names(before.tasks));

    server.setTask(runningTask('t-while-down', NS, 'alpha'));
    await forwarder.restore();
    const up = await recorder.until('online again', (x) => x.state === 'online', 10_000);
    assert.equal(up.problem, undefined);
    assert.ok(names(up.tasks).includes(`${NS}/t-while-down`), summary(up));
  });

  test('dispose stops every request', async () => {
    const server = await started();
    const recorder = new SnapshotRecorder();
    const watcher = watch(server.kubeconfig('stand-in', NS), [], recorder);
    await recorder.until('online', (x) => x.state === 'online');
    watcher.dispose();
    const count = recorder.snapshots.length;
    server.setAgent(agent('after-dispose', NS));
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(recorder.snapshots.length, count, 'no snapshot after dispose');
    await waitUntilClosed(server);
  });
});

/** Every watch request the stand-in saw has ended (its `status` is filled in on close). */
async function waitUntilClosed(server: StandInApiServer): Promise<void> {
  const deadline = Date.now() + 5000;
  while (server.requests.some((r) => r.status === undefined)) {
    if (Date.now() > deadline) throw new Error(`open requests: ${JSON.stringify(server.requests.filter((r) => r.status === undefined))}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
