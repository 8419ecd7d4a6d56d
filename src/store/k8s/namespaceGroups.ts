// The cluster part of the tree, grouped by namespace. Sorting is plain code-unit order: names are DNS
// labels, and the order must not change with the user's locale.
import type { AgentObject, TaskObject } from './kubeObjects';

export interface NamespaceGroup {
  namespace: string;
  agents: AgentObject[];
  tasks: TaskObject[];
}

export interface ClusterObjects {
  /** Namespaces the user watches; each gets a group even when it holds nothing. */
  namespaces: string[];
  agents: AgentObject[];
  tasks: TaskObject[];
}

export function namespaceGroups(snapshot: ClusterObjects): NamespaceGroup[] {
  const groups = new Map<string, NamespaceGroup>();
  const group = (namespace: string) => {
    let g = groups.get(namespace);
    if (!g) groups.set(namespace, (g = { namespace, agents: [], tasks: [] }));
    return g;
  };
  for (const ns of snapshot.namespaces) group(ns);
  for (const a of snapshot.agents) group(a.metadata.namespace).agents.push(a);
  for (const t of snapshot.tasks) group(t.metadata.namespace).tasks.push(t);
  const result = [...groups.values()].sort((a, b) => compare(a.namespace, b.namespace));
  for (const g of result) {
    g.agents.sort((a, b) => compare(a.metadata.name, b.metadata.name));
    g.tasks.sort(compareTasks);
  }
  return result;
}

/** Running first (what is happening now), then newest first; a Task not started yet dates from its creation. */
function compareTasks(a: TaskObject, b: TaskObject): number {
  const running = Number(isRunning(b)) - Number(isRunning(a));
  if (running) return running;
  const newest = sortTime(b) - sortTime(a);
  return newest || compare(a.metadata.name, b.metadata.name);
}

function isRunning(t: TaskObject): boolean {
  return t.status?.phase === 'Running';
}

function sortTime(t: TaskObject): number {
  for (const text of [t.status?.startTime, t.metadata.creationTimestamp]) {
    const ms = text ? Date.parse(text) : NaN;
    if (Number.isFinite(ms)) return ms;
  }
  return Number.MIN_SAFE_INTEGER; // not -Infinity: -Infinity - -Infinity is NaN in the comparator
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
