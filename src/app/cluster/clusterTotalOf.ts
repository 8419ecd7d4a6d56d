import type { ServerConnection } from '../../client/serverConnection';
import type { ServerRegistry } from '../servers/serverRegistry';
import { clusterTotal, sumMixed, type ClusterTotal, type MixedUsage } from '../../store/k8s/clusterTotals';
import { serverTotal } from '../../store/serverTotal';
import { agentId } from './agentServers';
import type { ClusterManager } from './clusterManager';
import type { ClusterView } from './clusterView';
import { sessionsByTitle, taskAgentConnection, taskSessionId } from './taskSessions';

/**
 * A cluster's total, every session once: the sessions of its online Agent servers, plus the summaries of
 * finished Tasks whose session none of those servers lists.
 */
export function clusterTotalOf(view: ClusterView, registry: ServerRegistry): ClusterTotal {
  const online = (c: ServerConnection | undefined): c is ServerConnection => !!c && c.state.kind === 'online';
  const connections = view.snapshot.agents.map((a) => registry.get(agentId(view.context, a))).filter(online);
  // Each Agent's sessions by title, made once for all its Tasks.
  const titles = new Map<ServerConnection, ReturnType<typeof sessionsByTitle>>();
  const byTitle = (c: ServerConnection) => titles.get(c) ?? titles.set(c, sessionsByTitle(c)).get(c)!;
  return clusterTotal({
    agentTotals: connections.map((c) => serverTotal(c.sessions)),
    tasks: view.snapshot.tasks,
    sessionOnConnectedAgent: (task) => {
      const connection = taskAgentConnection(registry, view.context, task);
      const id = online(connection) ? taskSessionId(connection, task, byTitle(connection)) : undefined;
      return !!id && !!connection!.sessions.get(id);
    },
  });
}

/** Every session of every local and cluster server, each once, and how many of each there are. */
export interface AllServers {
  total: MixedUsage;
  servers: number;
  clusters: number;
}

/** Local servers by their own totals; each cluster by its total (Agents' sessions and orphan Task summaries once). */
export function allServersTotal(registry: ServerRegistry, cluster?: ClusterManager): AllServers {
  const local = registry.all.filter((c) => !c.config.cluster);
  const view = cluster?.view;
  const parts = [...local.map((c) => serverTotal(c.sessions)), ...(view ? [clusterTotalOf(view, registry)] : [])];
  return { total: sumMixed(parts), servers: local.length, clusters: view ? 1 : 0 };
}
