// The stand-in cluster stops a Task as kubeopencode's controller does (test/k8s/taskController.ts): Stop Task through
// the extension's own backend sets the annotation, and the Task's run on the Agent's real OpenCode server is aborted,
// the Task ends Completed with condition Stopped (UserStopped) and an Event "Stopped", its Pod gone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { KubeBackend } from '../../../src/client/k8s/kubeBackend';
import { createKubeBackend } from '../../../src/client/k8s/backend';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { abortRecorded, createSession, getSession, promptAsync } from '../../harness/scenario';
import { startDemoCluster, type DemoCluster } from '../../harness/demoCluster';
import { agentTarget, startDemoTicker } from '../../harness/demoTicker';
import { text } from '../../harness/scriptedModel';
import { waitFor } from '../../harness/waitFor';
import { KubeConfig } from '@kubernetes/client-node';
import { kubeRequest, readBody } from '../../k8s/kubeRequest';
import { agent, agentPod, runningTask, sessionTitle, type KubeObject } from '../../k8s/objects';
import { startStandInApiServer, type StandInApiServer } from '../../k8s/standInApiServer';
import { quietLog, removeKubeconfigs, writeKubeconfig } from '../helpers/k8sBackend';

const NS = 'team-stop';
const TOKEN = 'stand-in-token';

describe('the stand-in cluster stops a Task as kubeopencode does', () => {
  let h: RunningHarness;
  let server: StandInApiServer;
  let backend: KubeBackend;
  let release: () => void = () => undefined;
  const task = runningTask('fix-it', NS, 'builder');
  const other = runningTask('keep-going', NS, 'builder');

  before(async () => {
    h = await startHarness();
    server = await startStandInApiServer({
      token: TOKEN,
      agents: [agent('builder', NS)],
      tasks: [task, other],
      pods: [
        agentPod('builder', NS),
        { ...agentPod('builder', NS), metadata: { ...agentPod('builder', NS).metadata, name: 'fix-it-pod' } },
      ],
      opencodeUpstream: (ns, name) => (ns === NS && name === 'builder' ? h.server.url : undefined),
    });
    backend = createKubeBackend({ kubeconfigPath: writeKubeconfig(server.kubeconfig('stand-in', NS)), log: quietLog });
  });
  after(async () => {
    release();
    backend?.dispose();
    await server?.stop();
    await h?.dispose();
    removeKubeconfigs();
  });

  test('Stop Task: the run is aborted, the Task ends Completed / Stopped / UserStopped, its Pod is gone, an Event says so', async () => {
    const session = await createSession(h, { title: sessionTitle(task) });
    const held = new Promise<void>((resolve) => (release = resolve));
    await promptAsync(h, session.id, 'Fix the redirect', [text('Never finished.', { prompt: 1_000, completion: 10 }, { hold: held })]);
    await h.model.waitForRequests(1);

    assert.equal(await backend.stopTask({ context: 'stand-in', namespace: NS, name: 'fix-it' }), 'annotation');

    const ended = await waitFor(
      'the Task to end',
      () => readTask(server, 'fix-it'),
      (t) => phase(t) === 'Completed',
    );
    const status = ended.status as { completionTime?: string; conditions?: Array<{ type: string; status: string; reason: string }> };
    assert.ok(status.completionTime, 'a completion time');
    assert.deepEqual(
      status.conditions?.filter((c) => c.type === 'Stopped').map((c) => [c.status, c.reason]),
      [['True', 'UserStopped']],
    );
    await waitFor(
      'the run to be aborted',
      () => abortRecorded(h, session.id),
      (aborted) => aborted,
    );
    assert.equal(phase(await readTask(server, 'keep-going')), 'Running', 'only the Task asked for');
    const pods = await readList(server, `/api/v1/namespaces/${NS}/pods`);
    assert.deepEqual(
      pods.map((p) => p.metadata.name),
      [agentPod('builder', NS).metadata.name],
      "the Task's Pod is deleted, the Agent's stays",
    );
    const events = await readList(server, `/apis/events.k8s.io/v1/namespaces/${NS}/events`);
    assert.ok(
      events.some(
        (e) => (e as { reason?: string }).reason === 'Stopped' && (e as { regarding?: { name?: string } }).regarding?.name === 'fix-it',
      ),
    );
  });

  test('a Task that is not running is left as it is', async () => {
    const done = await readTask(server, 'fix-it');
    const before = JSON.stringify(done?.status);
    await assert.rejects(backend.stopTask({ context: 'stand-in', namespace: NS, name: 'absent' }));
    assert.equal(JSON.stringify((await readTask(server, 'fix-it'))?.status), before);
  });
});

async function read(server: StandInApiServer, path: string): Promise<unknown> {
  const kc = new KubeConfig();
  kc.loadFromString(server.kubeconfig('stand-in', NS));
  return JSON.parse(await readBody(await kubeRequest(kc, path))) as unknown;
}

const readTask = async (server: StandInApiServer, name: string) =>
  (await read(server, `/apis/kubeopencode.io/v1alpha1/namespaces/${NS}/tasks/${name}`)) as KubeObject;

const readList = async (server: StandInApiServer, path: string) => ((await read(server, path)) as { items: KubeObject[] }).items;

function phase(task: KubeObject | undefined): string | undefined {
  return (task?.status as { phase?: string } | undefined)?.phase;
}

describe("the demo's cluster: Stop Task ends its running Task, and the demo prompts it no more", () => {
  let cluster: DemoCluster;
  let backend: KubeBackend;

  before(async () => {
    cluster = await startDemoCluster();
    backend = createKubeBackend({ kubeconfigPath: cluster.env.KUBECONFIG, log: quietLog });
  });
  after(async () => {
    backend?.dispose();
    await cluster?.stop();
  });

  test('stopped: the Task is Completed / Stopped, and the ticker skips its session', async () => {
    assert.equal(cluster.liveTaskRunning(), true);
    await backend.stopTask({ context: 'demo-cluster', namespace: 'agents', name: 'fix-login-redirect' });
    await waitFor(
      'the Task to end',
      () => cluster.liveTaskRunning(),
      (running) => !running,
    );
    const before = (await getSession(cluster.agentServer, cluster.liveSessionId)).time.updated;
    const ticker = startDemoTicker([agentTarget(cluster.agentServer, cluster.liveSessionId, cluster.liveTaskRunning)], 5, (e) => {
      throw e;
    });
    try {
      await waitFor(
        'two rounds',
        () => ticker.finished,
        (n) => n >= 2,
      );
    } finally {
      ticker.stop();
    }
    assert.equal((await getSession(cluster.agentServer, cluster.liveSessionId)).time.updated, before, 'no prompt after the stop');
  });
});
