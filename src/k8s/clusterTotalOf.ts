import type { ServerConnection } from '../client/serverConnection';
import type { ServerRegistry } from '../servers/serverRegistry';
import { clusterTotal, type ClusterTotal } from '../store/k8s/clusterTotals';
import { findLiveTaskSession } from '../store/k8s/liveTaskSession';
import { serverTotal } from '../store/serverTotal';
import { agentId, type ClusterView } from './clusterManager';

/**
 * A cluster's total, every session once: the sessions of its online Agent servers, plus the summaries of
 * finished Tasks whose session none of those servers lists.
 */
export function clusterTotalOf(view: ClusterView, registry: ServerRegistry): ClusterTotal {
  const online = (c: ServerConnection | undefined): c is ServerConnection => !!c && c.state.kind === 'online';
  const connections = view.snapshot.agents.map((a) => registry.get(agentId(view.context, a))).filter(online);
  return clusterTotal({
    agentTotals: connections.map((c) => serverTotal(c.store)),
    tasks: view.snapshot.tasks,
    sessionOnConnectedAgent: (task) => {
      const agent = task.spec?.agentRef?.name;
      const connection = agent ? registry.get(`k8s/${view.context}/${task.metadata.namespace}/${agent}`) : undefined;
      if (!online(connection)) return false;
      const sessions = [...connection.store.all()].map((r) => ({ id: r.info.id, title: r.info.title, created: r.info.time?.created }));
      const id = findLiveTaskSession(task, sessions);
      return !!id && !!connection.store.get(id);
    },
  });
}
