// What an Agent row says about its OpenCode server, read from the Agent's status alone (no I/O).
import type { AgentObject, KubeCondition } from './kubeObjects';

export type AgentState = 'ready' | 'suspended' | 'notReady';

export interface AgentView {
  state: AgentState;
  /** Why the Agent is suspended or not ready, from its conditions when they say. */
  reason?: string;
  /** status.url: the in-cluster address; a workstation reaches it through a proxy or port-forward. */
  url?: string;
  port: number;
  /** ms since the epoch. */
  idleSince?: number;
  /** Who suspended it: its owner (spec.suspend) or standby after idling (spec.standby); unknown when neither says. */
  suspendedBy?: 'owner' | 'standby';
  /** spec.standby.idleTimeout: it suspends itself after idling this long (e.g. "30m"). */
  standbyAfter?: string;
}

/** kubeopencode's default when spec.port is left out. */
const DEFAULT_AGENT_PORT = 4096;

export function agentView(agent: AgentObject): AgentView {
  const status = agent.status ?? {};
  const conditions = status.conditions ?? [];
  const view: AgentView = { state: 'ready', port: validPort(agent.spec?.port) ?? DEFAULT_AGENT_PORT };
  if (typeof status.url === 'string' && status.url) view.url = status.url;
  const standby = agent.spec?.standby?.idleTimeout;
  if (typeof standby === 'string' && standby) view.standbyAfter = standby;
  const idle = status.idleSince ? Date.parse(status.idleSince) : NaN;
  if (Number.isFinite(idle)) view.idleSince = idle;
  // A suspended Agent has scaled its server down, so it is also not ready: suspension is the real story.
  if (status.suspended === true) {
    view.state = 'suspended';
    view.reason = conditionText(conditions, 'Suspended', 'True') ?? 'The Agent is suspended.';
    const by = suspendedBy(agent);
    if (by) view.suspendedBy = by;
  } else if (status.ready !== true) {
    view.state = 'notReady';
    view.reason =
      conditionText(conditions, 'ServerReady', 'False') ??
      conditionText(conditions, 'ServerHealthy', 'False') ??
      "The Agent's OpenCode server is not ready.";
  }
  return view;
}

/** kubeopencode suspends an Agent when its owner sets spec.suspend, or on standby after spec.standby.idleTimeout. */
function suspendedBy(agent: AgentObject): AgentView['suspendedBy'] {
  if (agent.spec?.suspend === true) return 'owner';
  const reason = agent.status?.conditions?.find((c) => c.type === 'Suspended' && c.status === 'True')?.reason ?? '';
  if (agent.spec?.standby || /standby/i.test(reason)) return 'standby';
  return /user/i.test(reason) ? 'owner' : undefined;
}

export function agentStateText(state: AgentState, suspendedBy?: AgentView['suspendedBy']): string {
  switch (state) {
    case 'ready':
      return 'ready';
    case 'suspended':
      return suspendedBy === 'standby' ? 'on standby' : 'suspended';
    case 'notReady':
      return 'not ready';
  }
}

/** The condition's message, or its reason when the message is empty. */
function conditionText(conditions: KubeCondition[], type: string, status: string): string | undefined {
  const c = conditions.find((x) => x.type === type && x.status === status);
  return c?.message?.trim() || c?.reason?.trim() || undefined;
}

function validPort(port: unknown): number | undefined {
  return typeof port === 'number' && Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
}
