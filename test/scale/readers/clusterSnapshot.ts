// A cluster's watch snapshot as the sessions view reads it (src/store/k8s): grouped by namespace, each Task's and
// Agent's row, the cluster's total, a Task's recent Events (its tooltip), and the session a Task's row opens, found
// by title among an Agent server's sessions. Everything in it is what a cluster's watch sends.
import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  agentStateText,
  agentView,
  clusterIndex,
  clusterTotal,
  expectedTitle,
  findLiveTaskSession,
  mixedTokens,
  recentEvents,
  taskOfTitle,
  taskPhaseIcon,
  taskView,
  type AgentObject,
  type ClusterObjects,
  type KubeEventObject,
  type SessionTitle,
  type TaskObject,
} from '../../../src/store/k8s';
import { reader, type Reader } from '../reader';

const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);

interface Scene {
  snapshot: ClusterObjects & { events: KubeEventObject[] };
  sessions: SessionTitle[];
}

function task(i: number, namespace: string, cost: string | number, phase = i % 3 ? 'Completed' : 'Running'): TaskObject {
  return {
    metadata: {
      namespace,
      name: `task-${i}`,
      uid: `${(i % 0xffffffff).toString(16).padStart(8, '0')}-uid`,
      creationTimestamp: new Date(T0 - i).toISOString(),
    },
    spec: { agentRef: { name: `agent-${i % 10}` } },
    status: {
      phase,
      startTime: new Date(T0 - 1000 * i).toISOString(),
      ...(phase === 'Completed' && { completionTime: new Date(T0).toISOString() }),
      session: {
        title: `kubeopencode/${namespace}/task-${i}/${(i % 0xffffffff).toString(16).padStart(8, '0')}`,
        summary: { messageCount: 3, tokenUsage: { input: 10, output: 2, reasoning: 0, cache: 4 }, cost },
      },
    },
  };
}

function agent(i: number, namespace: string): AgentObject {
  return {
    metadata: { namespace, name: `agent-${i}` },
    spec: { port: 4096, standby: { idleTimeout: '30m' } },
    status: {
      ready: i % 2 === 0,
      suspended: i % 5 === 0,
      url: `http://agent-${i}.${namespace}.svc:4096`,
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
}

function event(i: number, about: TaskObject): KubeEventObject {
  return {
    metadata: { namespace: about.metadata.namespace, name: `ev-${i}` },
    regarding: { kind: 'Task', namespace: about.metadata.namespace, name: about.metadata.name },
    reason: i % 2 ? 'Queued' : 'Timeout',
    note: `note ${i}`,
    type: i % 2 ? 'Normal' : 'Warning',
    eventTime: new Date(T0 - i).toISOString(),
  };
}

/** n Tasks in `namespaces` namespaces, n/10 Agents, `events(tasks)` Events, and each Task's session listed once. */
function scene(
  n: number,
  namespaces: number,
  cost: (i: number) => string | number,
  events: (tasks: TaskObject[]) => KubeEventObject[],
): Scene {
  const tasks = Array.from({ length: n }, (_, i) => task(i, `team-${i % namespaces}`, cost(i)));
  const agents = Array.from({ length: Math.max(1, n / 10) }, (_, i) => agent(i, `team-${i % namespaces}`));
  const sessions = tasks.map((t, i) => ({ id: `ses_${i}`, title: t.status!.session!.title!, created: i }));
  return { snapshot: { namespaces: [], agents, tasks, events: events(tasks) }, sessions };
}

const snapshotReader = reader<Scene>({
  name: 'A cluster snapshot as the tree reads it (namespaceGroups, taskView, agentView, clusterTotal, recentEvents)',
  covers: [
    'src/store/k8s/namespaceGroups.ts#namespaceGroups',
    'src/store/k8s/taskView.ts#taskView',
    'src/store/k8s/taskView.ts#parseCost',
    'src/store/k8s/taskView.ts#taskPhaseIcon',
    'src/store/k8s/agentView.ts#agentView',
    'src/store/k8s/agentView.ts#agentStateText',
    'src/store/k8s/clusterTotals.ts#clusterTotal',
    'src/store/k8s/clusterTotals.ts#sumMixed',
    'src/store/k8s/clusterTotals.ts#mixedTokens',
    'src/store/k8s/recentEvents.ts#recentEvents',
    'src/store/k8s/liveTaskSession.ts#findLiveTaskSession',
    'src/store/k8s/liveTaskSession.ts#expectedTitle',
    'src/store/k8s/liveTaskSession.ts#taskOfTitle',
  ],
  // 10n is the 10 000 Tasks.
  n: 1_000,
  read: async ({ snapshot, sessions }) => {
    const index = clusterIndex(snapshot);
    let rows = 0;
    let icons = 0;
    // A namespace's rows are drawn when it is expanded: each in a turn of its own, as VS Code asks the tree.
    for (const group of index.groups) {
      await nextTurn();
      for (const a of group.agents) {
        const view = agentView(a);
        rows += agentStateText(view.state, view.suspendedBy).length > 0 ? 1 : 0;
      }
      for (const t of group.tasks) {
        const view = taskView(t, T0);
        icons += taskPhaseIcon(view.phase, view.outcome).icon ? 1 : 0;
        rows++;
      }
    }
    await nextTurn();
    // A tooltip of the first Task, and of the last; the session each opens, found by its title.
    const first = snapshot.tasks[0];
    const last = snapshot.tasks[snapshot.tasks.length - 1];
    const tooltip = recentEvents(snapshot.events, 'Task', first.metadata.namespace, first.metadata.name);
    recentEvents(snapshot.events, 'Task', last.metadata.namespace, last.metadata.name);
    const opened = [first, last].map((t) => findLiveTaskSession({ ...t, status: { ...t.status, session: {} } }, sessions));
    // Each listed session's title, as its row and tooltip read it.
    let taskTitles = 0;
    for (const s of sessions) if (taskOfTitle(s.title)) taskTitles++;
    await nextTurn();
    const total = clusterTotal({ agentTotals: [], tasks: snapshot.tasks, sessionOnConnectedAgent: () => false });
    return {
      rows,
      icons,
      tooltip: tooltip.length,
      opened,
      expected: expectedTitle(first),
      taskTitles,
      tokens: mixedTokens(total),
      counted: total.tasksCounted,
    };
  },
  shapes: [
    {
      name: 'n Tasks in 20 namespaces, each with a session summary',
      make: (n) =>
        scene(
          n,
          20,
          (i) => `0.${String(i).padStart(6, '0')}`,
          () => [],
        ),
    },
    {
      name: 'n Tasks in one namespace, started in the same millisecond',
      make: (n) => {
        const s = scene(
          n,
          1,
          () => 0.01,
          () => [],
        );
        for (const t of s.snapshot.tasks) t.status!.startTime = new Date(T0).toISOString();
        return s;
      },
      worst: true,
    },
    {
      name: 'n Tasks, n Events about the first one',
      make: (n) =>
        scene(
          n,
          20,
          () => 0.01,
          (tasks) => Array.from({ length: n }, (_, i) => event(i, tasks[0])),
        ),
      worst: true,
    },
    {
      name: 'n Tasks whose cost is a 1 000-digit decimal string',
      make: (n) =>
        scene(
          n,
          20,
          () => `0.${'1'.repeat(1_000)}`,
          () => [],
        ),
      worst: true,
    },
  ],
  check: (answer, n, shape) => {
    const a = answer as {
      rows: number;
      icons: number;
      tooltip: number;
      opened: Array<string | undefined>;
      taskTitles: number;
      counted: number;
      tokens: number;
    };
    assert.equal(a.rows, n + Math.max(1, n / 10), 'every Task and Agent row');
    assert.equal(a.icons, n);
    assert.deepEqual(a.opened, ['ses_0', `ses_${n - 1}`], 'each Task opens its session');
    assert.equal(a.taskTitles, n);
    assert.equal(a.counted, n);
    assert.equal(a.tokens, n * 16);
    if (shape.includes('Events')) assert.equal(a.tooltip, 5);
  },
});

export const clusterSnapshotReaders: Array<Reader<unknown, unknown>> = [snapshotReader];
