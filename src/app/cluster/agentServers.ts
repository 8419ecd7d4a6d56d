// kubeopencode Agents as the registry sees them: each Agent's server id and config, and when it turns ready.
import type { ServerConfig } from '../../client/connection/serverConfig';
import { agentView } from '../../store/k8s/agentView';
import type { AgentObject } from '../../store/k8s/kubeObjects';

export function agentId(context: string, agent: AgentObject): string {
  return agentServerId(context, agent.metadata.namespace, agent.metadata.name);
}

/** The registry id of an Agent's server. */
export function agentServerId(context: string, namespace: string, agent: string): string {
  return `k8s/${context}/${namespace}/${agent}`;
}

export function agentServerConfig(context: string, agent: AgentObject): ServerConfig {
  const { name, namespace } = agent.metadata;
  const view = agentView(agent);
  return {
    id: agentId(context, agent),
    name,
    url: view.url || `http://${name}.${namespace}.svc:${view.port}`,
    origin: 'cluster',
    cluster: { context, namespace, agent: name },
  };
}

/** The port the Agent's server listens on, as its latest object says. */
export function agentPort(agent: AgentObject): number {
  return agentView(agent).port;
}

/** The Agent was not ready and now is: its server is tried now rather than at the end of its backoff. */
export function becameReady(was: AgentObject | undefined, now: AgentObject): boolean {
  return !!was && agentView(was).state !== 'ready' && agentView(now).state === 'ready';
}

/**
 * Why a suspended Agent's server is not connected: it is scaled to zero, so every attempt would fail alike
 * (and log) until the cluster watch sees it resume. Undefined for any other Agent.
 */
export function suspendedBecause(agent: AgentObject): string | undefined {
  const view = agentView(agent);
  if (view.state !== 'suspended') return undefined;
  // kubeopencode's condition often just says "Suspended": said once.
  const why = view.reason && !/^(the agent is )?suspended\.?$/i.test(view.reason.trim()) ? ` (${view.reason})` : '';
  if (view.suspendedBy === 'standby') return `The Agent is on standby${why}; it is connected once a Task wakes it.`;
  return `The Agent is suspended${why}; it is connected once it resumes.`;
}
