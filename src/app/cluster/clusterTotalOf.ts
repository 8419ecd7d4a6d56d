import type { ServerConnection } from '../../client/serverConnection';
import type { ServerRegistry } from '../serverRegistry';
import { clusterTotal, type ClusterTotal } from '../../store/k8s/clusterTotals';
import { serverTotal } from '../../store/serverTotal';
import { agentId, type ClusterView } from './clusterManager';
import { taskAgentConnection, taskSessionId } from './taskSessions';

/**
 * A cluster's total, every session once: the sessions of its online Agent servers, plus the summaries of
 * finished Tasks whose session none of those servers lists.
 */
export function clusterTotalOf(view: ClusterView, registry: ServerRegistry): ClusterTotal {
  const online = (c: ServerConnection | undefined): c is ServerConnection => !!c && c.state.kind === 'online';
  const connections = view.snapshot.agents.map((a) => registry.get(agentId(view.context, a))).filter(online);
  return clusterTotal({
    agentTotals: connections.map((c) => serverTotal(c.sessions)),
    tasks: view.snapshot.tasks,
    sessionOnConnectedAgent: (task) => {
      const connection = taskAgentConnection(registry, view.context, task);
      const id = online(connection) ? taskSessionId(connection, task) : undefined;
      return !!id && !!connection!.sessions.get(id);
    },
  });
}
