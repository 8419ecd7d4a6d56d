// The kubeopencode cluster in the sessions view: cluster → namespaces → Agents (each a server, its sessions
// below) and Tasks, the commands that choose what it shows, and a Task's way to its session.
import type { App } from '../../app';
import { warnOnClearTextToken } from './clearTextTokenWarning';
import { registerClusterCommands } from './clusterCommands';
import { ClusterRows } from './clusterRows';
import { ClusterTree } from './clusterTree';
import { registerOpenTaskSession } from './openTaskSession';
import { askModal, registerStopTask, type StopTaskPrompts } from './stopTask';

export type { ClusterTreeNode } from './clusterNodes';
export type { ClusterTree } from './clusterTree';
export type { StopTaskPrompts } from './stopTask';

export function registerCluster(app: App): { clusterTree: ClusterTree; stopTaskPrompts: StopTaskPrompts } {
  const tree = new ClusterTree(app.cluster, app.registry, () => app.view.rows, app.decorations);
  const stopTaskPrompts: StopTaskPrompts = { confirm: askModal };
  const rows = new ClusterRows(tree, app.cluster, app.sessions, () => app.view.rows);
  app.extension.subscriptions.push(
    rows,
    app.view.contribute(rows),
    registerClusterCommands(app.cluster),
    registerOpenTaskSession(tree, app.view, app.log),
    registerStopTask(tree, app.cluster, app.log, stopTaskPrompts),
    warnOnClearTextToken(app.cluster, app.log),
  );
  return { clusterTree: tree, stopTaskPrompts };
}
