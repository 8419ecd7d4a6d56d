// The kubeopencode cluster in the sessions view: cluster → namespaces → Agents (each a server, its sessions
// below) and Tasks, the commands that choose what it shows, and a Task's way to its session.
import type { App } from '../../app';
import { registerClusterCommands } from './clusterCommands';
import { ClusterRows } from './clusterRows';
import { ClusterTree } from './clusterTree';
import { registerOpenTaskSession } from './openTaskSession';

export type { ClusterTreeNode } from './clusterNodes';
export type { ClusterTree } from './clusterTree';

export function registerCluster(app: App): { clusterTree: ClusterTree } {
  const tree = new ClusterTree(app.cluster, app.registry, () => app.view.rows);
  const rows = new ClusterRows(tree, app.cluster, app.sessions, () => app.view.rows);
  app.extension.subscriptions.push(
    rows,
    app.view.contribute(rows),
    registerClusterCommands(app.cluster),
    registerOpenTaskSession(tree, app.view, app.log),
  );
  return { clusterTree: tree };
}
