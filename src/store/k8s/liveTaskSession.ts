// Which OpenCode session on the Agent's server belongs to a Task. kubeopencode records the session id only
// when the Task ends; while it runs, the session is known by its title alone.
import type { TaskObject } from './kubeObjects';

export interface SessionTitle {
  id: string;
  title: string;
  /** ms since the epoch (OpenCode's time.created); picks the newest when titles repeat. */
  created?: number;
}

/**
 * The recorded id when the Task has one (finished Tasks); otherwise, for an agentRef Task, the session titled
 * `kubeopencode/<namespace>/<task>/<8 chars of uid>`. Several with that title (a retried Pod) → the newest by
 * `created`; on a tie or without `created`, the one passed last.
 */
export function findLiveTaskSession(task: TaskObject, sessions: readonly SessionTitle[]): string | undefined {
  const session = task.status?.session;
  if (typeof session?.id === 'string' && session.id) return session.id;
  if (!task.spec?.agentRef?.name) return undefined; // templateRef Tasks have no session on an Agent server
  const title = session?.title || expectedTitle(task);
  if (!title) return undefined;
  let best: SessionTitle | undefined;
  for (const s of sessions) {
    if (s.title !== title) continue;
    if (!best || (s.created ?? -Infinity) >= (best.created ?? -Infinity)) best = s;
  }
  return best?.id;
}

/** The title kubeopencode gives the session, for a status that has not reported it yet. */
export function expectedTitle(task: TaskObject): string | undefined {
  const { namespace, name, uid } = task.metadata;
  return uid && uid.length >= 8 ? `kubeopencode/${namespace}/${name}/${uid.slice(0, 8)}` : undefined;
}

/**
 * The Task a session belongs to, read from the title kubeopencode gives it (`kubeopencode/<namespace>/<task>/<8
 * chars of uid>`); undefined for any other title. Names are Kubernetes names: lower-case letters, digits, '-', '.'.
 */
export function taskOfTitle(title: string): { namespace: string; name: string } | undefined {
  const m = /^kubeopencode\/([a-z0-9][a-z0-9.-]*)\/([a-z0-9][a-z0-9.-]*)\/[0-9a-f-]{8}$/.exec(title);
  return m ? { namespace: m[1], name: m[2] } : undefined;
}
