// Exports of the cluster's modules (src/features/cluster, src/app/cluster) that are not readers of their own, each
// with why (../notReaders.ts). What a cluster's watch sends is read by watchCluster, the snapshot by clusterIndex,
// namespaceGroups, taskView and agentView, the clocks by TaskClock, the books by clusterTotalOf and
// unlistedTaskSessions, and names by kubeNames: all registered (readers/cluster*.ts).
const ONE_ROW =
  'makes one row’s TreeItem from one object the snapshot readers made (plain-text labels, escaped tooltips): the number of rows is the tree’s';
const ONE_AGENT =
  'one Agent’s port, state or config from agentView (registered): constant work per Agent, called once per Agent a snapshot changes';

export const clusterNotReaders: Record<string, string> = {
  'src/features/cluster/clusterRows.ts#ClusterRows':
    'VS Code-bound (imports vscode: the scale worker cannot load it): hands each snapshot to clusterIndex and the clock and the books, registered',
  'src/features/cluster/clusterTree.ts#ClusterTree':
    'VS Code-bound (imports vscode): a namespace’s rows come from clusterIndex’s groups, a row’s Task from its index and its clock from TaskClock, all registered',
  'src/features/cluster/clusterTreeItems.ts#agentTreeItem': ONE_ROW,
  'src/features/cluster/clusterTreeItems.ts#clusterTreeItem': ONE_ROW,
  'src/features/cluster/clusterTreeItems.ts#finishedTasksTreeItem': ONE_ROW,
  'src/features/cluster/clusterTreeItems.ts#namespaceTreeItem': ONE_ROW,
  'src/features/cluster/clusterTreeItems.ts#noticeTreeItem': ONE_ROW,
  'src/features/cluster/clusterTreeItems.ts#taskTreeItem': ONE_ROW,
  'src/features/cluster/clusterTreeItems.ts#problemTitle': 'words for one of our own problem kinds (a fixed set): reads no cluster text',
  'src/features/cluster/clusterTreeItems.ts#problemAction':
    'the command for one of our own problem kinds (a fixed set): reads no cluster text',
  'src/features/cluster/clusterTreeItems.ts#capitalize': 'upper-cases the first character of one of our own phrases',
  'src/features/cluster/clearTextTokenWarning.ts#warnOnClearTextToken':
    'warns once per kubeopencode-server address the user set (a setting), before a token is sent over plain http',
  'src/features/cluster/stopTask.ts#askModal': 'asks a modal question its caller words, through VS Code’s own dialog: reads nothing',
  'src/features/cluster/stopTask.ts#registerStopTask':
    'registers Stop Task: the running Tasks come from clusterIndex (registered) into a quick pick; one Task’s names go to the backend’s namespacedPath (registered) before any URL is built',
  'src/app/cluster/agentServers.ts#agentPort': ONE_AGENT,
  'src/app/cluster/agentServers.ts#agentServerConfig': ONE_AGENT,
  'src/app/cluster/agentServers.ts#becameReady': ONE_AGENT,
  'src/app/cluster/clusterManager.ts#ClusterManager':
    'VS Code-bound: follows the settings and hands the backend’s snapshots (read by watchCluster, registered) to the tree and the registry',
  'src/app/cluster/clusterSettings.ts#readClusterSettings': 'the user’s VS Code settings, typed by VS Code',
  'src/app/cluster/clusterSettings.ts#updateClusterSetting': 'writes one of the user’s VS Code settings',
  'src/app/cluster/clusterTotalOf.ts#allServersTotal':
    'adds each local server’s total (serverTotal) and the cluster’s (clusterTotalOf), both registered: one part per server',
  'src/app/cluster/finishedTasks.ts#FinishedTasksRelays':
    'starts and stops one loopback relay per namespace unlistedTaskSessions (registered) names; the relay’s reads are the backend’s, registered',
  'src/app/cluster/finishedTasks.ts#finishedTasksServerConfig':
    'a server config from a context, a namespace and a setting: no list, no cluster text read',
  'src/app/cluster/finishedTasks.ts#finishedTasksServerId': 'a registry id made of a context and a namespace',
  'src/app/cluster/kubernetesExtension.ts#kubernetesExtensionConfig':
    'asks the VS Code Kubernetes extension for its kubeconfig path: one value, which the backend reads (registered)',
  'src/app/cluster/loadKubeBackend.ts#kubeBackendLoaded': 'says whether dist/k8s.js was required: reads no data',
  'src/app/cluster/loadKubeBackend.ts#loadKubeBackend': 'requires dist/k8s.js (our own code) on first use: reads no data',
  'src/app/cluster/loadKubeBackend.ts#openKubeBackend':
    'requires dist/k8s.js and opens the backend for a kubeconfig the backend reads (registered)',
};
