// Where a Task's session lives: the server of the Agent it references, and the session on it (the
// recorded id once the Task ended, else kubeopencode's title). Shared by the tree and the totals.
import type { ServerConnection } from '../../client/serverConnection';
import type { ServerRegistry } from '../servers/serverRegistry';
import type { TaskObject } from '../../store/k8s/kubeObjects';
import { findLiveTaskSession } from '../../store/k8s/liveTaskSession';
import { agentServerId } from './agentServers';

/** The connection of the Agent a Task references (agentRef Tasks only). */
export function taskAgentConnection(registry: ServerRegistry, context: string, task: TaskObject): ServerConnection | undefined {
  const agent = task.spec?.agentRef?.name;
  return agent ? registry.get(agentServerId(context, task.metadata.namespace, agent)) : undefined;
}

/** The id of the Task's session on `connection`; the title search runs only for a Task without a recorded id. */
export function taskSessionId(connection: ServerConnection, task: TaskObject): string | undefined {
  const recorded = task.status?.session?.id;
  if (typeof recorded === 'string' && recorded) return recorded;
  const sessions = [...connection.sessions.all()].map((r) => ({ id: r.info.id, title: r.info.title, created: r.info.time?.created }));
  return findLiveTaskSession(task, sessions);
}
