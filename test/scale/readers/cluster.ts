// The cluster's Tasks as the sessions view follows them, and the names a cluster gives before a URL is built from
// them. The running-Task clock (src/features/cluster/taskClock.ts) redraws a running Task's row when its clock reads
// differently; a snapshot of n running Tasks is followed through one second of its ticks as the extension runs them
// (each tick a timer's turn of its own), each redrawn row looking its Task up and reading its description as the
// tree's getTreeItem does. It cost running × Tasks per tick (10 000 running: 250–290 ms each second), and a start in
// the future ticked every second for good.
import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { isDns1123Label, isDns1123Subdomain, kubeName, namespacedPath, shownKubeName } from '../../../src/client/k8s/kubeNames';
import { ClusterNodeCache, type TaskNode } from '../../../src/features/cluster/clusterNodes';
import { clockedTasks, TaskClock } from '../../../src/features/cluster/taskClock';
import { formatElapsed } from '../../../src/present/format';
import { taskRowText } from '../../../src/present/k8s/taskFormat';
import { clusterIndex, taskView, type ClusterObjects, type TaskObject } from '../../../src/store/k8s';
import { reader, type Reader } from '../reader';

/** The moment the runs follow from (the clock's "now" is simulated: ticks are fired, not waited for). */
const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);

function runningTask(i: number, start: number): TaskObject {
  return {
    metadata: { namespace: `team-${i % 20}`, name: `task-${i}` },
    spec: { agentRef: { name: 'builder' } },
    status: { phase: 'Running', startTime: new Date(start).toISOString() },
  };
}

/** A snapshot of n Tasks, each started at `start(i)` ms since the epoch. */
function snapshot(n: number, start: (i: number) => number): ClusterObjects {
  const tasks = Array.from({ length: n }, (_, i) => runningTask(i, start(i)));
  return { namespaces: [], agents: [], tasks };
}

interface ClockAnswer {
  ticks: number;
  redraws: number;
  /** Rows redrawn, each once. */
  rows: number;
  /** Rows whose clock reads differently at the last tick than at the start: each must have been redrawn. */
  changed: number;
  /** A redrawn row whose description does not end with its clock's reading then, if any. */
  wrongRow?: string;
}

const clock = reader<ClusterObjects>({
  name: 'The running Tasks’ clocks over one second of ticks (TaskClock, clusterIndex)',
  covers: [
    'src/features/cluster/taskClock.ts#TaskClock',
    'src/features/cluster/taskClock.ts#clockedTasks',
    'src/features/cluster/taskClock.ts#nextChange',
    'src/features/cluster/clusterNodes.ts#ClusterNodeCache',
    'src/store/k8s/clusterIndex.ts#clusterIndex',
    'src/present/k8s/taskFormat.ts#taskRowText',
    'src/present/format.ts#formatElapsed',
    'src/present/format.ts#untilElapsedChanges',
  ],
  // 10n is the 10 000 running Tasks.
  n: 1_000,
  read: async (snap) => {
    let now = T0;
    let pending: { callback: () => void; at: number } | undefined;
    const timer = { set: (callback: () => void, ms: number) => (pending = { callback, at: now + ms }), clear: () => (pending = undefined) };
    const nodes = new ClusterNodeCache();
    const redrawn = new Set<TaskNode>();
    let redraws = 0;
    let wrongRow: string | undefined;
    // What the tree's getTreeItem reads for the row: its Task, found by name, and its description.
    const redraw = (node: TaskNode) => {
      redraws++;
      redrawn.add(node);
      const task = clusterIndex(snap).task(node.namespace, node.name)!;
      const { description } = taskRowText(node.name, taskView(task, now), now);
      const reading = formatElapsed(now - Date.parse(task.status!.startTime!));
      if (!description.endsWith(` · ${reading}`)) wrongRow ??= `${node.name}: ${description} (its clock: ${reading})`;
    };
    const taskClock = new TaskClock<TaskNode>(redraw, timer, () => now);
    // The snapshot arrives: every row was drawn at T0.
    taskClock.restart(clockedTasks('ctx', snap, nodes));
    let ticks = 0;
    while (pending && pending.at <= T0 + 1000) {
      await nextTurn();
      const { callback, at } = pending;
      pending = undefined;
      now = at;
      ticks++;
      callback();
    }
    let changed = 0;
    for (const t of snap.tasks) {
      const start = Date.parse(t.status!.startTime!);
      if (formatElapsed(now - start) !== formatElapsed(T0 - start)) changed++;
    }
    return { ticks, redraws, rows: redrawn.size, changed, ...(wrongRow ? { wrongRow } : {}) } satisfies ClockAnswer;
  },
  shapes: [
    {
      // Each row reads differently each second: all n are redrawn within the second, each once.
      name: 'n Tasks running, started within the last minute',
      // Each clock turns within the second (20–979 ms after T0, its tick by then), none twice.
      make: (n) => snapshot(n, (i) => T0 - 1_000 * (i % 59) - 20 - ((i * 7_919) % 960)),
      worst: true,
    },
    {
      name: 'n Tasks running for hours (each row changes once a minute)',
      make: (n) => snapshot(n, (i) => T0 - 3_600_000 - ((i * 7_919) % 3_600_000)),
    },
    {
      // Their clocks read 0s until a second after their start: nothing to tick for in this second.
      name: 'n Tasks running with a start in the future',
      make: (n) => snapshot(n, (i) => T0 + 5_000 + i * 1_000),
      worst: true,
    },
    {
      name: 'n Tasks running for hours, one starting in the year 275759',
      make: (n) => snapshot(n, (i) => (i === 0 ? 8.64e15 - 10_000 : T0 - 3_600_000 - ((i * 7_919) % 3_600_000))),
      worst: true,
    },
  ],
  check: (answer, n, shape) => {
    const a = answer as ClockAnswer;
    assert.equal(a.wrongRow, undefined, 'a redrawn row reads its clock');
    assert.equal(a.redraws, a.rows, 'each row redrawn at most once in a second');
    assert.equal(a.rows, a.changed, 'every row whose clock reads differently is redrawn, and no other');
    if (shape.includes('last minute')) assert.equal(a.rows, n);
    if (shape.includes('for hours')) assert.ok(a.rows > 0 && a.rows < n / 10, `${a.rows} of ${n} rows redrawn`);
    if (shape.includes('in the future')) assert.deepEqual([a.ticks, a.rows], [0, 0], 'no tick');
  },
});

/**
 * One Task's namespace and name, as Stop Task, a relay or a finished Task's read gives them, each checked once per URL.
 * Its cost is set by the length caps (253, 63), not by n: each shape is `capped`.
 */
const names = reader<{ namespace: string; name: string }>({
  name: 'Cluster names before a URL is built from them (namespacedPath, kubeName)',
  covers: [
    'src/client/k8s/kubeNames.ts#namespacedPath',
    'src/client/k8s/kubeNames.ts#kubeName',
    'src/client/k8s/kubeNames.ts#isDns1123Label',
    'src/client/k8s/kubeNames.ts#isDns1123Subdomain',
    'src/client/k8s/kubeNames.ts#NotAKubeName',
    'src/client/k8s/kubeNames.ts#shownKubeName',
  ],
  read: ({ namespace, name }) => {
    const label = isDns1123Label(namespace);
    const subdomain = isDns1123Subdomain(name);
    try {
      return { label, subdomain, path: namespacedPath(namespace, 'tasks', 'Task', name), pod: kubeName('Pod', name) };
    } catch (err) {
      // As the finished Tasks' relay logs a name it could not read a session for.
      return { label, subdomain, refused: (err as Error).message, logged: shownKubeName(name) };
    }
  },
  shapes: [
    {
      name: 'a name of n characters, dots between short labels',
      make: (n) => ({ namespace: 'team', name: 'a1-b.'.repeat(n / 5) + 'c' }),
      capped: true,
    },
    { name: 'a namespace of n dashes between two letters', make: (n) => ({ namespace: `a${'-'.repeat(n)}b`, name: 'fix' }), capped: true },
    {
      name: 'a namespace of n non-ASCII characters',
      make: (n) => ({ namespace: '\u202e'.repeat(n), name: 'fix' }),
      capped: true,
      worst: true,
    },
    { name: 'a name of n copies of ../', make: (n) => ({ namespace: 'team', name: '../'.repeat(n / 3) }), capped: true, worst: true },
  ],
  check: (answer) => {
    const a = answer as { label: boolean; subdomain: boolean; refused?: string };
    assert.ok(!(a.label && a.subdomain), 'not both names');
    assert.ok(a.refused !== undefined && a.refused.length < 500, `refused, in ${String(a.refused?.length)} characters`);
  },
});

export const clusterReaders: Array<Reader<unknown, unknown>> = [clock, names];
