// The app's books of a cluster (src/app/cluster): its total, every session once (an Agent's listed sessions, plus the
// summaries of finished Tasks none of them lists), and the finished Tasks no Agent server lists, by namespace. Both
// run over every Task of a watch snapshot against the sessions its Agents' servers list.
import assert from 'node:assert/strict';
import { agentServerId } from '../../../src/app/cluster/agentServers';
import { clusterTotalOf } from '../../../src/app/cluster/clusterTotalOf';
import { recordedSession, unlistedTaskSessions } from '../../../src/app/cluster/finishedTasks';
import { sessionsByTitle, taskAgentConnection, taskSessionId } from '../../../src/app/cluster/taskSessions';
import type { ClusterView } from '../../../src/app/cluster/clusterView';
import type { ServerRegistry } from '../../../src/app/servers/serverRegistry';
import type { AgentObject, TaskObject } from '../../../src/store/k8s';
import { reader, type Reader } from '../reader';

const USAGE = { input: 10, output: 2, reasoning: 0, cacheRead: 0, cacheWrite: 0, cost: 0.01 };

interface Scene {
  view: ClusterView;
  registry: ServerRegistry;
}

/** n finished Tasks on `agents` Agents in one namespace; `listed(i)` says whether Task i's session is on its server; `id(i)` whether its id was recorded. */
function scene(
  n: number,
  agents: number,
  listed: (i: number) => boolean,
  recorded: (i: number) => boolean,
  title: (i: number) => string = (i) => `kubeopencode/team/task-${i}/${i.toString(16).padStart(8, '0')}`,
): Scene {
  const tasks: TaskObject[] = Array.from({ length: n }, (_, i) => ({
    metadata: { namespace: 'team', name: `task-${i}`, uid: `${i.toString(16).padStart(8, '0')}-u` },
    spec: { agentRef: { name: `agent-${i % agents}` } },
    status: {
      phase: 'Completed',
      session: {
        ...(recorded(i) && { id: `ses_${i}` }),
        title: title(i),
        summary: { tokenUsage: { input: 10, output: 2, reasoning: 0, cache: 0 }, cost: '0.01' },
      },
    },
  }));
  const agentObjects: AgentObject[] = Array.from({ length: agents }, (_, a) => ({
    metadata: { namespace: 'team', name: `agent-${a}` },
    status: { ready: true },
  }));
  const servers = new Map<
    string,
    { state: { kind: 'online' }; sessions: { get(id: string): unknown; all(): IterableIterator<unknown> } }
  >();
  for (let a = 0; a < agents; a++) {
    const records = new Map<string, { info: { id: string; title: string; time: { created: number } }; own: typeof USAGE }>();
    for (let i = a; i < n; i += agents)
      if (listed(i))
        records.set(`ses_${i}`, { info: { id: `ses_${i}`, title: tasks[i].status!.session!.title!, time: { created: i } }, own: USAGE });
    servers.set(agentServerId('ctx', 'team', `agent-${a}`), {
      state: { kind: 'online' },
      sessions: { get: (id) => records.get(id), all: () => records.values() },
    });
  }
  const registry = { get: (id: string) => servers.get(id) } as unknown as ServerRegistry;
  const view = {
    context: 'ctx',
    settings: {},
    snapshot: { state: 'online', namespaces: ['team'], agents: agentObjects, tasks, events: [] },
  } as unknown as ClusterView;
  return { view, registry };
}

const books = reader<Scene>({
  name: "A cluster's books: its total and the finished Tasks no Agent lists (clusterTotalOf, unlistedTaskSessions)",
  covers: [
    'src/app/cluster/clusterTotalOf.ts#clusterTotalOf',
    'src/app/cluster/finishedTasks.ts#unlistedTaskSessions',
    'src/app/cluster/finishedTasks.ts#recordedSession',
    'src/app/cluster/taskSessions.ts#taskAgentConnection',
    'src/app/cluster/taskSessions.ts#taskSessionId',
    'src/app/cluster/taskSessions.ts#sessionsByTitle',
    'src/app/cluster/agentServers.ts#agentServerId',
    'src/app/cluster/agentServers.ts#agentId',
    'src/app/cluster/agentServers.ts#suspendedBecause',
    'src/store/serverTotal.ts#serverTotal',
  ],
  // 10n is 5 000 Tasks: at 10 000 one synchronous pass took 204–227 ms of CPU beside other work (linear, ×8.9; it
  // does not yield: a finding left open).
  n: 500,
  read: ({ view, registry }) => {
    const total = clusterTotalOf(view, registry);
    const unlisted = unlistedTaskSessions(view, registry, () => false);
    // A Task's row opens its session: the first's, by its connection.
    const first = view.snapshot.tasks[0];
    const connection = taskAgentConnection(registry, view.context, first);
    const opened = connection ? taskSessionId(connection, first) : undefined;
    // Every Task row drawn, as the tree draws them: each Agent's sessions by title made once, each row one lookup.
    const titles = new Map<unknown, ReturnType<typeof sessionsByTitle>>();
    let rows = 0;
    for (const task of view.snapshot.tasks) {
      const c = taskAgentConnection(registry, view.context, task);
      if (!c) continue;
      if (!titles.has(c)) titles.set(c, sessionsByTitle(c));
      if (taskSessionId(c, task, titles.get(c))) rows++;
    }
    return {
      rows,
      counted: total.tasksCounted,
      agents: total.agentServers,
      unlisted: unlisted.get('team')?.length ?? 0,
      recorded: recordedSession(first),
      opened,
    };
  },
  shapes: [
    {
      name: 'n finished Tasks on n/10 Agents, every other session listed',
      make: (n) =>
        scene(
          n,
          n / 10,
          (i) => i % 2 === 0,
          () => true,
        ),
    },
    {
      // Their sessions known by title alone (a summary without its id): each looked up among its Agent's sessions.
      name: 'n finished Tasks on one Agent, summaries without a session id',
      make: (n) =>
        scene(
          n,
          1,
          (i) => i % 2 === 0,
          () => false,
        ),
      worst: true,
    },
    {
      name: 'n finished Tasks on n Agents, none listed',
      make: (n) =>
        scene(
          n,
          n,
          () => false,
          () => true,
        ),
      worst: true,
    },
    {
      // Every Task names one title (the cluster's text), and every session has it: one of them is each one's.
      name: 'n Tasks on one Agent that all name one title, n sessions of it',
      make: (n) =>
        scene(
          n,
          1,
          () => true,
          () => false,
          () => 'kubeopencode/team/same/00000000',
        ),
      worst: true,
    },
  ],
  check: (answer, n, shape) => {
    const a = answer as { counted: number; agents: number; unlisted: number; opened?: string; rows: number };
    if (shape.includes('one title')) assert.deepEqual([a.opened, a.rows], [`ses_${n - 1}`, n]);
    if (shape.includes('every other')) assert.deepEqual([a.counted, a.unlisted, a.opened], [n / 2, n / 2, 'ses_0']);
    if (shape.includes('without a session id')) assert.deepEqual([a.counted, a.unlisted, a.opened], [n / 2, 0, 'ses_0']);
    if (shape.includes('none listed')) assert.deepEqual([a.counted, a.unlisted, a.agents], [n, n, n]);
  },
});

export const clusterBooksReaders: Array<Reader<unknown, unknown>> = [books];
