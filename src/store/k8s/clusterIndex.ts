// A cluster snapshot's objects found by name, made once per snapshot (a snapshot is never changed once made): each
// row looks its own object up whenever it is drawn, and running Tasks' rows are drawn again every second while
// their clocks move — a pass over every Task per row cost running × Tasks each second (30 000 running: 3 s).
import type { AgentObject, TaskObject } from './kubeObjects';
import { expectedTitle } from './liveTaskSession';
import { namespaceGroups, type ClusterObjects, type NamespaceGroup } from './namespaceGroups';

/** A Running Task, and when it started (ms since the epoch) if its status says so readably. */
export interface RunningTask {
  task: TaskObject;
  start?: number;
}

export interface ClusterIndex {
  task(namespace: string, name: string): TaskObject | undefined;
  agent(namespace: string, name: string): AgentObject | undefined;
  /** The namespaces' groups as the tree shows them (namespaceGroups). */
  readonly groups: readonly NamespaceGroup[];
  group(namespace: string): NamespaceGroup | undefined;
  /** The Running Tasks, each once (the first of a name given twice, as task() finds). */
  readonly running: readonly RunningTask[];
  /**
   * The Tasks whose rows show these sessions' figures (each session's id, and its title where known): those that
   * recorded the session's id, and the Running ones that recorded none and whose session has that title (the Task's
   * session is found by title when its row is drawn). A session's change redraws these.
   */
  linkedTasks(namespace: string, sessions: Iterable<{ id: string; title?: string }>): TaskObject[];
}

const indexes = new WeakMap<ClusterObjects, ClusterIndex>();

export function clusterIndex(snapshot: ClusterObjects): ClusterIndex {
  let index = indexes.get(snapshot);
  if (!index) indexes.set(snapshot, (index = new SnapshotIndex(snapshot)));
  return index;
}

/** Each part is made when first asked for: a snapshot whose rows are never drawn costs nothing. */
class SnapshotIndex implements ClusterIndex {
  private tasks?: ByName<TaskObject>;
  private agents?: ByName<AgentObject>;
  private grouped?: { list: NamespaceGroup[]; byNamespace: Map<string, NamespaceGroup> };
  private runningTasks?: RunningTask[];
  private links?: { bySession: Map<string, TaskObject[]>; byTitle: Map<string, TaskObject[]> };

  constructor(private readonly snapshot: ClusterObjects) {}

  task(namespace: string, name: string): TaskObject | undefined {
    this.tasks ??= byName(this.snapshot.tasks);
    return this.tasks.get(namespace)?.get(name);
  }

  agent(namespace: string, name: string): AgentObject | undefined {
    this.agents ??= byName(this.snapshot.agents);
    return this.agents.get(namespace)?.get(name);
  }

  get groups(): readonly NamespaceGroup[] {
    return this.grouping().list;
  }

  group(namespace: string): NamespaceGroup | undefined {
    return this.grouping().byNamespace.get(namespace);
  }

  get running(): readonly RunningTask[] {
    if (this.runningTasks) return this.runningTasks;
    this.runningTasks = [];
    for (const task of this.snapshot.tasks) {
      if (task.status?.phase !== 'Running' || this.task(task.metadata.namespace, task.metadata.name) !== task) continue;
      const start = Date.parse(task.status.startTime ?? '');
      this.runningTasks.push(Number.isFinite(start) ? { task, start } : { task });
    }
    return this.runningTasks;
  }

  linkedTasks(namespace: string, sessions: Iterable<{ id: string; title?: string }>): TaskObject[] {
    const links = this.linking();
    const out = new Set<TaskObject>();
    for (const { id, title } of sessions) {
      for (const task of links.bySession.get(key(namespace, id)) ?? []) out.add(task);
      if (title) for (const task of links.byTitle.get(key(namespace, title)) ?? []) out.add(task);
    }
    return [...out];
  }

  private linking(): { bySession: Map<string, TaskObject[]>; byTitle: Map<string, TaskObject[]> } {
    if (this.links) return this.links;
    const bySession = new Map<string, TaskObject[]>();
    const byTitle = new Map<string, TaskObject[]>();
    const add = (map: Map<string, TaskObject[]>, k: string, task: TaskObject) => {
      const list = map.get(k);
      if (list) list.push(task);
      else map.set(k, [task]);
    };
    for (const task of this.snapshot.tasks) {
      if (this.task(task.metadata.namespace, task.metadata.name) !== task) continue;
      const recorded = task.status?.session?.id;
      if (typeof recorded === 'string' && recorded) add(bySession, key(task.metadata.namespace, recorded), task);
      else if (task.status?.phase === 'Running' && task.spec?.agentRef?.name) {
        const title = task.status.session?.title || expectedTitle(task);
        if (title) add(byTitle, key(task.metadata.namespace, title), task);
      }
    }
    return (this.links = { bySession, byTitle });
  }

  private grouping(): { list: NamespaceGroup[]; byNamespace: Map<string, NamespaceGroup> } {
    if (this.grouped) return this.grouped;
    const list = namespaceGroups(this.snapshot);
    return (this.grouped = { list, byNamespace: new Map(list.map((g) => [g.namespace, g])) });
  }
}

type ByName<T> = Map<string, Map<string, T>>;

/** Namespace → name → object; the first of a name given twice wins, as a search from the front would find it. */
function byName<T extends { metadata: { namespace: string; name: string } }>(objects: readonly T[]): ByName<T> {
  const index: ByName<T> = new Map();
  for (const o of objects) {
    let names = index.get(o.metadata.namespace);
    if (!names) index.set(o.metadata.namespace, (names = new Map<string, T>()));
    if (!names.has(o.metadata.name)) names.set(o.metadata.name, o);
  }
  return index;
}

function key(namespace: string, name: string): string {
  return `${namespace}\u0000${name}`;
}
