// The cluster as features see it: the manager that follows the settings and hands Agents' servers to the
// registry, an Agent's server id, a Task's session, the totals and the settings the commands write.
export { ClusterManager } from './clusterManager';
export type { ClusterView } from './clusterView';
export { agentId, agentServerId } from './agentServers';
export { allServersTotal, clusterTotalOf, type AllServers } from './clusterTotalOf';
export { sessionsByTitle, taskAgentConnection, taskSessionId } from './taskSessions';
export { readClusterSettings, updateClusterSetting } from './clusterSettings';
export { finishedTasksServerId } from './finishedTasks';
