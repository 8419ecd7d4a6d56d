// Where a Task's session lives: the server of the Agent it references, and the session on it (the
// recorded id once the Task ended, else kubeopencode's title). Shared by the tree and the totals.
import type { ServerConnection } from '../../client/serverConnection';
import type { ServerRegistry } from '../servers/serverRegistry';
import type { TaskObject } from '../../store/k8s/kubeObjects';
import { expectedTitle, findLiveTaskSession, type SessionTitle } from '../../store/k8s/liveTaskSession';
import { agentServerId } from './agentServers';

/** The connection of the Agent a Task references (agentRef Tasks only). */
export function taskAgentConnection(registry: ServerRegistry, context: string, task: TaskObject): ServerConnection | undefined {
  const agent = task.spec?.agentRef?.name;
  return agent ? registry.get(agentServerId(context, task.metadata.namespace, agent)) : undefined;
}

/**
 * A connection's session of each title, the one a title search finds (the newest; of equal ones the last listed):
 * made once where many Tasks are looked up (the cluster's total, the tree's rows), as a title search over every
 * session per Task cost Tasks × sessions (10 000 each: 2 s in one turn), and a list per title kept that cost for
 * Tasks that all name one title.
 */
export function sessionsByTitle(connection: ServerConnection): Map<string, SessionTitle[]> {
  const byTitle = new Map<string, SessionTitle[]>();
  for (const r of connection.sessions.all()) {
    const session = { id: r.info.id, title: r.info.title, created: r.info.time?.created };
    const best = byTitle.get(r.info.title)?.[0];
    if (!best || (session.created ?? -Infinity) >= (best.created ?? -Infinity)) byTitle.set(r.info.title, [session]);
  }
  return byTitle;
}

/**
 * The id of the Task's session on `connection`; the title search runs only for a Task without a recorded id, among
 * the sessions of that title (`byTitle`, where the caller made it once) or every session.
 */
export function taskSessionId(connection: ServerConnection, task: TaskObject, byTitle?: Map<string, SessionTitle[]>): string | undefined {
  const recorded = task.status?.session?.id;
  if (typeof recorded === 'string' && recorded) return recorded;
  if (byTitle) {
    const title = task.status?.session?.title || expectedTitle(task);
    return findLiveTaskSession(task, title ? (byTitle.get(title) ?? []) : []);
  }
  const sessions = [...connection.sessions.all()].map((r) => ({ id: r.info.id, title: r.info.title, created: r.info.time?.created }));
  return findLiveTaskSession(task, sessions);
}
