// The kubeopencode objects as the views read them: Agents, Tasks, their namespaces and the cluster's totals.
// One face for the package, so a view of the cluster names one module, not six.
export * from './agentView';
export * from './clusterIndex';
export * from './clusterTotals';
export * from './kubeObjects';
export * from './liveTaskSession';
export * from './namespaceGroups';
export * from './recentEvents';
export * from './taskView';
