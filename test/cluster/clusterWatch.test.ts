// The cluster watcher on an API server (the real kube-apiserver in the cluster stage, else the stand-in), with the
// real @kubernetes/client-node: the first list, changes by watch (a Task's status as it runs and ends, an Agent
// suspended and resumed, deletions), and a watch the server expires (410 Gone) after an absence, which is followed
// by one re-list that leaves exactly what the server holds: nothing lost, nothing doubled.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Disposable } from '../../src/client/k8s/kubeBackend';
import { watchCluster } from '../../src/client/k8s/backend/clusterWatcher';
import { kubeConfigForContext, loadKubeconfig } from '../../src/client/k8s/backend/kubeconfig';
import type { StreamTiming } from '../../src/client/k8s/backend/resourceStream';
import type { TaskObject } from '../../src/store/k8s/kubeObjects';
import { recentEvents } from '../../src/store/k8s/recentEvents';
import { agent, completedTask, condition, kubeEvent, runningTask, SAMPLE_SUMMARY, templateTask, type KubeObject } from '../k8s/objects';
import { clusterUnderTest, startTestCluster, type TestCluster } from '../k8s/testCluster';
import { names, quietLog, removeKubeconfigs, SnapshotRecorder, startForwarder, summary, writeKubeconfig } from '../unit/helpers/k8sBackend';

const NS = 'team-a';
const OTHER = 'team-b';
const FAST: StreamTiming = { initialBackoffMs: 50, maxBackoffMs: 400, listTimeoutMs: 5000, watchSeconds: 60 };
const SUMMARY = SAMPLE_SUMMARY;

describe(`kube backend: the cluster watch on ${clusterUnderTest()}`, () => {
  let cluster: TestCluster;
  const open: Disposable[] = [];

  before(async () => {
    cluster = await startTestCluster({
      agents: [agent('alpha', NS), agent('idle', NS, { ready: false, suspended: true }), agent('beta', OTHER)],
      tasks: [runningTask('t-run', NS, 'alpha'), templateTask('t-tpl', NS, 'nightly'), runningTask('t-other', OTHER, 'beta')],
    });
  });
  afterEach(() => {
    for (const d of open.splice(0)) d.dispose();
  });
  after(async () => {
    await cluster?.stop();
    removeKubeconfigs();
  });

  function watch(namespaces: string[], recorder: SnapshotRecorder, yaml = cluster.kubeconfig('test', NS), timing = FAST): void {
    const loaded = loadKubeconfig(writeKubeconfig(yaml));
    const kc = kubeConfigForContext(loaded.kc, 'test');
    assert.ok(kc);
    open.push(watchCluster(kc, { context: 'test', namespaces }, quietLog, recorder.listener, timing));
  }

  const task = (recorder: SnapshotRecorder, name: string): TaskObject | undefined =>
    recorder.last?.tasks.find((t) => t.metadata.name === name);

  test("lists every Agent and Task across namespaces, in kubeopencode's shapes", async () => {
    const recorder = new SnapshotRecorder();
    watch([], recorder);
    const s = await recorder.until('online', (x) => x.state === 'online');
    assert.deepEqual(names(s.agents), [`${NS}/alpha`, `${NS}/idle`, `${OTHER}/beta`]);
    assert.deepEqual(names(s.tasks), [`${NS}/t-run`, `${NS}/t-tpl`, `${OTHER}/t-other`]);
    const idle = s.agents.find((a) => a.metadata.name === 'idle');
    assert.equal(idle?.status?.suspended, true);
    assert.equal(idle?.status?.url, `http://idle.${NS}.svc.cluster.local:4096`);
    assert.match(task(recorder, 't-run')?.status?.session?.title ?? '', /^kubeopencode\/team-a\/t-run\/[0-9a-f]{8}$/);
    assert.ok(
      s.tasks.every((t) => /^\d+$/.test(t.metadata.resourceVersion ?? '')),
      'resourceVersions as the server gives them',
    );
  });

  test('reads a list in pages (limit and continue): a page of 2 still brings every Agent and Task, then watches', async () => {
    const recorder = new SnapshotRecorder();
    watch([], recorder, cluster.kubeconfig('test', NS), { ...FAST, listPage: 2 });
    const s = await recorder.until('online', (x) => x.state === 'online');
    assert.deepEqual(names(s.agents), [`${NS}/alpha`, `${NS}/idle`, `${OTHER}/beta`]);
    assert.deepEqual(names(s.tasks), [`${NS}/t-run`, `${NS}/t-tpl`, `${OTHER}/t-other`]);
    // Only this test asks pages of 2 (the others ask the default page).
    const pages = cluster.requests().filter((r) => r.url.includes('/tasks') && !r.url.includes('watch=') && r.url.includes('limit=2'));
    assert.ok(pages.length >= 2, `Tasks listed 2 at a time: ${pages.map((r) => r.url).join(', ')}`);
    assert.ok(
      pages.some((r) => r.url.includes('continue=')),
      'the second page asked with the first page’s continue',
    );
    // The watch resumes from the list's version: a Task made now comes once, by watch.
    await cluster.setTask(runningTask('t-paged', NS, 'alpha'));
    const seen = await recorder.until('t-paged by watch', () => task(recorder, 't-paged') !== undefined);
    assert.equal(seen.tasks.filter((t) => t.metadata.name === 't-paged').length, 1);
    await cluster.deleteTask(NS, 't-paged');
    await recorder.until('t-paged gone', () => task(recorder, 't-paged') === undefined);
  });

  test('follows a Task through its status: running, then completed with its summary, failed, and timed out', async () => {
    const recorder = new SnapshotRecorder();
    watch([NS], recorder);
    await recorder.until('online', (x) => x.state === 'online');
    const lists = listCount(cluster);

    await cluster.setTask(runningTask('t-life', NS, 'alpha'));
    await recorder.until('t-life running', () => task(recorder, 't-life')?.status?.phase === 'Running');
    await cluster.setTask(completedTask('t-life', NS, 'alpha', 'ses_life', SUMMARY));
    const done = await recorder.until('t-life completed', () => task(recorder, 't-life')?.status?.phase === 'Completed');
    const life = done.tasks.find((t) => t.metadata.name === 't-life');
    assert.equal(life?.status?.session?.id, 'ses_life');
    assert.deepEqual(life?.status?.session?.summary, SUMMARY, 'the summary reads back intact');

    await cluster.setTask(failedTask('t-fail'));
    await recorder.until('t-fail failed', () => task(recorder, 't-fail')?.status?.phase === 'Failed');
    await cluster.setTask(timedOutTask('t-slow'));
    const timedOut = await recorder.until(
      't-slow stopped',
      () => !!task(recorder, 't-slow')?.status?.conditions?.some((c) => c.reason === 'Timeout'),
    );
    assert.equal(timedOut.tasks.find((t) => t.metadata.name === 't-slow')?.status?.phase, 'Completed');

    await cluster.deleteTask(NS, 't-life');
    await recorder.until('t-life gone', (x) => !names(x.tasks).includes(`${NS}/t-life`));
    assert.equal(listCount(cluster), lists, 'every change came by watch, none by a re-list');
  });

  test('an Agent suspended and resumed: its status follows', async () => {
    const recorder = new SnapshotRecorder();
    watch([NS], recorder);
    await recorder.until('online', (x) => x.state === 'online');
    const alpha = () => recorder.last?.agents.find((a) => a.metadata.name === 'alpha');
    await cluster.setAgent(agent('alpha', NS, { ready: false, suspended: true }));
    await recorder.until('alpha suspended', () => alpha()?.status?.suspended === true);
    assert.equal(alpha()?.status?.ready, false);
    await cluster.setAgent(agent('alpha', NS));
    await recorder.until('alpha resumed', () => alpha()?.status?.suspended === false && alpha()?.status?.ready === true);
  });

  test("kubeopencode's Events about Agents and Tasks reach the snapshot; Events about anything else are not kept", async () => {
    const recorder = new SnapshotRecorder();
    watch([NS], recorder);
    await recorder.until('online', (x) => x.state === 'online');
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'some-pod', namespace: NS, uid: 'u', resourceVersion: '0', creationTimestamp: '' },
    };
    await cluster.recordEvent(kubeEvent(pod, 'Pulled', 'Container image pulled', '2026-01-01T00:00:30Z'));
    const queued = runningTask('t-queued', NS, 'alpha');
    await cluster.setTask(queued);
    await cluster.recordEvent(kubeEvent(queued, 'Queued', 'Agent alpha is at capacity (2/2)', '2026-01-01T00:01:00Z'));
    await cluster.recordEvent(kubeEvent(agent('alpha', NS), 'StandbySuspended', 'Idle for 30m', '2026-01-01T00:02:00Z'));
    const s = await recorder.until('both Events', (x) => x.events.length >= 2);
    assert.deepEqual(s.events.map((e) => [e.regarding?.kind, e.regarding?.name, e.reason, e.note]).sort(), [
      ['Agent', 'alpha', 'StandbySuspended', 'Idle for 30m'],
      ['Task', 't-queued', 'Queued', 'Agent alpha is at capacity (2/2)'],
    ]);
    assert.deepEqual(recentEvents(s.events, 'Task', NS, 't-queued')[0], {
      at: Date.parse('2026-01-01T00:01:00Z'),
      reason: 'Queued',
      note: 'Agent alpha is at capacity (2/2)',
      warning: false,
    });
  });

  test('a watch the server expired after an absence (410 Gone) is followed by one re-list: nothing lost or doubled', async () => {
    const forwarder = await startForwarder(Number(new URL(cluster.url).port));
    const recorder = new SnapshotRecorder();
    const lines = quietLog.lines.length;
    watch([NS], recorder, cluster.kubeconfig('test', NS).replace(cluster.url, `https://127.0.0.1:${forwarder.port}`));
    try {
      await recorder.until('online', (x) => x.state === 'online');
      await cluster.setTask(runningTask('t-changes', NS, 'alpha'));
      await cluster.setTask(runningTask('t-goes', NS, 'alpha'));
      await recorder.until('both seen', (x) => names(x.tasks).includes(`${NS}/t-changes`) && names(x.tasks).includes(`${NS}/t-goes`));

      await forwarder.cut();
      await recorder.until('unreachable', (x) => x.state === 'problem');
      // While it is away: one Task ends, one is deleted, one is new, and the history of it all is compacted away.
      await cluster.setTask(completedTask('t-changes', NS, 'alpha', 'ses_changes', SUMMARY));
      await cluster.deleteTask(NS, 't-goes');
      await cluster.setTask(runningTask('t-new', NS, 'alpha'));
      await cluster.compact();
      await forwarder.restore();

      const back = await recorder.until(
        'online with what changed',
        (x) => x.state === 'online' && names(x.tasks).includes(`${NS}/t-new`) && !names(x.tasks).includes(`${NS}/t-goes`),
        20_000,
      );
      assert.equal(back.tasks.find((t) => t.metadata.name === 't-changes')?.status?.phase, 'Completed', summary(back));
      const shown = names(back.tasks);
      assert.deepEqual(shown, [...new Set(shown)], 'no Task twice');
      assert.ok(!shown.includes(`${NS}/t-goes`), 'the deleted Task is gone');
      const expired = quietLog.lines.slice(lines).filter((l) => /the watch of tasks in team-a expired \(410 Gone\); listing again/.test(l));
      assert.equal(expired.length, 1, `the server expired the tasks watch once: ${quietLog.lines.slice(lines).join('\n')}`);
    } finally {
      await forwarder.stop();
    }
  });

  function failedTask(name: string): KubeObject {
    const t = completedTask(name, NS, 'alpha', `ses_${name}`, SUMMARY, 'Failed');
    (t.status as { conditions: unknown[] }).conditions = [condition('Failed', true, 'OpenCodeError', 'the model provider answered 500')];
    return t;
  }

  function timedOutTask(name: string): KubeObject {
    const t = completedTask(name, NS, 'alpha', `ses_${name}`, SUMMARY);
    (t.status as { conditions: unknown[] }).conditions = [condition('Stopped', true, 'Timeout', 'Task exceeded its timeout of 30m')];
    return t;
  }
});

/** Lists of Tasks (not watches) the extension made so far. */
function listCount(cluster: TestCluster): number {
  return cluster.requests().filter((r) => r.url.includes('/tasks') && !r.url.includes('watch=')).length;
}
