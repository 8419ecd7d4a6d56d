// The kubeopencode cluster in the sessions view: cluster → namespaces → Agents (each a server, its sessions
// below) and Tasks, the commands that choose what it shows, and a Task's way to its session.
import type { App } from '../../app';
import { registerClusterCommands } from './clusterCommands';
import { ClusterTree } from './clusterTree';
import { registerOpenTaskSession } from './openTaskSession';

export type { ClusterTreeNode } from './clusterNodes';
export type { ClusterTree } from './clusterTree';

export function registerCluster(app: App): { clusterTree: ClusterTree } {
  const tree = new ClusterTree(app.cluster, app.registry, app.sessions, () => app.view.rows);
  app.extension.subscriptions.push(tree, app.view.contribute(tree), registerClusterCommands(app.cluster), registerOpenTaskSession(tree, app.view, app.log));
  return { clusterTree: tree };
}
