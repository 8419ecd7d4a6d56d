import * as vscode from 'vscode';
import { readClusterSettings, updateClusterSetting } from '../../app/cluster/clusterSettings';
import { pickClusterContext } from './chooseClusterContext';
import { pickClusterNamespaces } from './chooseClusterNamespaces';
import type { CommandContext } from '../../app/commands/context';

/** Show Kubernetes Cluster: pick a context and namespaces, then turn the cluster view on. */
export function registerConnectCluster(ctx: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.connectCluster', async () => {
    if (!ctx.cluster) return;
    const context = await pickClusterContext(ctx, vscode.l10n.t('Show Kubernetes Cluster (1/2): context'));
    if (context === undefined) return;
    const namespaces = await pickClusterNamespaces(readClusterSettings().namespaces, vscode.l10n.t('Show Kubernetes Cluster (2/2): namespaces'));
    if (namespaces === undefined) return;
    await updateClusterSetting('context', context);
    await updateClusterSetting('namespaces', namespaces);
    await updateClusterSetting('enabled', true);
  });
}

/** Hide Kubernetes Cluster: turns the cluster view off; Agents' relays close with it. */
export function registerDisconnectCluster(): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.disconnectCluster', () => updateClusterSetting('enabled', false));
}

/** Retry: re-reads the kubeconfig and lists everything again. */
export function registerRetryCluster(ctx: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.retryCluster', () => ctx.cluster?.restart());
}
