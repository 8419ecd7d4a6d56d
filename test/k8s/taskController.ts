// The stand-in cluster's part of kubeopencode's controller: Stop Task. kubeopencode's TaskReconciler
// (internal/controller/task_controller.go, handleStop; ../shared/reference/kubeopencode.md "kubeopencode as it ships")
// sees `kubeopencode.io/stop: "true"` on a Running Task, deletes the Task's Pod (the `opencode run --attach` client,
// which ends the run), and writes the status: phase Completed, a completion time, condition Stopped (True, reason
// UserStopped), and a Normal Event "Stopped". Nothing else of a Task is acted on here (no scheduling, no summaries).
import { condition, kubeEvent, type KubeObject } from './objects';
import type { ObjectStore, WatchEvent } from './objectStore';

export const STOP_ANNOTATION = 'kubeopencode.io/stop';

/** Ends a stopped Task's run on its Agent's OpenCode server (the Pod's deletion does it in a cluster). */
export type StopRun = (task: KubeObject) => Promise<void>;

interface ControllerStores {
  tasks: ObjectStore;
  pods: ObjectStore;
  events: ObjectStore;
}

/** Watches the Tasks from now on (every current one first) and stops those marked; returns the unsubscribe. */
export function startTaskController(stores: ControllerStores, stopRun: StopRun, now: () => Date = () => new Date()): () => void {
  const stopping = new Set<string>();
  const reconcile = (event: WatchEvent) => {
    if (event.type === 'DELETED') return;
    const task = event.object;
    const key = `${task.metadata.namespace}/${task.metadata.name}`;
    if (!isStopRequested(task) || phaseOf(task) !== 'Running' || stopping.has(key)) return;
    stopping.add(key);
    // The run's end is awaited as the Pod's deletion is issued; a run that cannot be reached still ends the Task
    // (kubeopencode deletes the Pod whether or not the agent answers).
    void stopRun(task)
      .catch(() => undefined)
      .then(() => {
        stopping.delete(key);
        const current = stores.tasks.get(task.metadata.namespace, task.metadata.name);
        if (!current || phaseOf(current) !== 'Running') return;
        endStopped(stores, current, now().toISOString());
      });
  };
  return stores.tasks.watch({ labels: {} }, null, reconcile);
}

function isStopRequested(task: KubeObject): boolean {
  const annotations = (task.metadata as { annotations?: Record<string, string> }).annotations;
  return annotations?.[STOP_ANNOTATION] === 'true';
}

function phaseOf(task: KubeObject): string | undefined {
  return (task.status as { phase?: string } | undefined)?.phase;
}

/** handleStop's writes: the Pod gone, the status Completed with Stopped/UserStopped, the Event. */
function endStopped(stores: ControllerStores, task: KubeObject, at: string): void {
  const status = (task.status ?? {}) as { podName?: string; conditions?: Array<{ type: string }> };
  const { namespace } = task.metadata;
  if (status.podName) stores.pods.delete(namespace, status.podName);
  const stopped = {
    ...condition('Stopped', true, 'UserStopped', 'Task stopped by user via kubeopencode.io/stop annotation'),
    lastTransitionTime: at,
  };
  // meta.SetStatusCondition: a condition of the same type is replaced, the others kept.
  const conditions = [...(status.conditions ?? []).filter((c) => c.type !== 'Stopped'), stopped];
  stores.tasks.set({ ...task, status: { ...status, phase: 'Completed', completionTime: at, conditions } });
  stores.events.set(kubeEvent(task, 'Stopped', 'Task stopped by user', at));
}

/**
 * The run's end on a 1.x Agent server (kubeopencode's Agents run OpenCode 1.15): the Task's session, found by the
 * title kubeopencode gives it (`GET /session?search=`, as the extension finds it), is aborted.
 */
export function abortOnAgent(upstream: (task: KubeObject) => string | undefined, title: (task: KubeObject) => string): StopRun {
  return async (task) => {
    const base = upstream(task);
    if (!base) return;
    const signal = AbortSignal.timeout(10_000);
    const wanted = title(task);
    const listed = (await (await fetch(`${base}/session?search=${encodeURIComponent(wanted)}`, { signal })).json()) as Array<{
      id?: string;
      title?: string;
    }>;
    const session = listed.find((s) => s.title === wanted);
    if (session?.id) await fetch(`${base}/session/${encodeURIComponent(session.id)}/abort`, { method: 'POST', signal });
  };
}
