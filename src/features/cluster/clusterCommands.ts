// Choosing what the cluster view shows: Show Kubernetes Cluster (context, then namespaces), each of them on
// its own, the kubeconfig file, Hide, and Retry.
import * as vscode from 'vscode';
import { showError, withProgress } from '../../app/host/notify';
import { readClusterSettings, updateClusterSetting, type ClusterManager } from '../../app/cluster';
import { runCommand } from '../../app/commands/commandTable';

export function registerClusterCommands(cluster: ClusterManager): vscode.Disposable {
  return vscode.Disposable.from(
    registerConnectCluster(cluster),
    registerDisconnectCluster(),
    registerRetryCluster(cluster),
    registerChooseClusterContext(cluster),
    registerChooseClusterNamespaces(),
    registerChooseKubeconfig(),
  );
}

/** Show Kubernetes Cluster: pick a context and namespaces, then turn the cluster view on. */
function registerConnectCluster(cluster: ClusterManager): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.connectCluster', async () => {
    const context = await pickClusterContext(cluster, vscode.l10n.t('Show Kubernetes Cluster (1/2): context'));
    if (context === undefined) return;
    const namespaces = await pickClusterNamespaces(
      readClusterSettings().namespaces,
      vscode.l10n.t('Show Kubernetes Cluster (2/2): namespaces'),
    );
    if (namespaces === undefined) return;
    await updateClusterSetting('context', context);
    await updateClusterSetting('namespaces', namespaces);
    await updateClusterSetting('enabled', true);
  });
}

/** Hide Kubernetes Cluster: turns the cluster view off; Agents' relays close with it. */
function registerDisconnectCluster(): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.disconnectCluster', () => updateClusterSetting('enabled', false));
}

/** Retry: re-reads the kubeconfig and lists everything again. */
function registerRetryCluster(cluster: ClusterManager): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.retryCluster', () => cluster.restart());
}

/** The kubeconfig context to show; '' means "the current context", undefined a cancelled pick. */
async function pickClusterContext(cluster: ClusterManager, title: string): Promise<string | undefined> {
  let listed;
  try {
    listed = await withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading kubeconfig…') }, () =>
      cluster.contexts(),
    );
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    void showError(vscode.l10n.t('Could not read the kubeconfig: {0}', reason), vscode.l10n.t('Choose Kubeconfig File…')).then(
      (a) => a && runCommand('opencodeSessions.chooseKubeconfig'),
    );
    return undefined;
  }
  if (listed.contexts.length === 0) {
    const action = await showError(
      vscode.l10n.t('No kubeconfig found: set KUBECONFIG, create ~/.kube/config, or choose a kubeconfig file.'),
      vscode.l10n.t('Choose Kubeconfig File…'),
    );
    if (action) await runCommand('opencodeSessions.chooseKubeconfig');
    return undefined;
  }
  const items = [
    { label: vscode.l10n.t('Current context'), description: listed.current ?? '', value: '' },
    ...listed.contexts.map((c) => ({
      label: c.name,
      description: [c.namespace ? vscode.l10n.t('namespace {0}', c.namespace) : undefined, c.server].filter(Boolean).join(' · '),
      value: c.name,
    })),
  ];
  return (await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Which cluster should the sessions view show?') }))
    ?.value;
}

function registerChooseClusterContext(cluster: ClusterManager): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.chooseClusterContext', async () => {
    const context = await pickClusterContext(cluster, vscode.l10n.t('Kubernetes Context'));
    if (context !== undefined) await updateClusterSetting('context', context);
  });
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Namespaces as typed (comma-separated); [] means all. undefined: cancelled. */
async function pickClusterNamespaces(current: string[], title: string): Promise<string[] | undefined> {
  const typed = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t(
      'Namespaces to watch, comma-separated. Leave empty for all namespaces (needs cluster-wide list permission; otherwise the context namespace is shown).',
    ),
    value: current.join(', '),
    placeHolder: vscode.l10n.t('all namespaces'),
    validateInput: (text) => {
      const bad = split(text).find((n) => n.length > 63 || !DNS_LABEL.test(n));
      return bad ? vscode.l10n.t('"{0}" is not a valid namespace name (lowercase letters, digits and "-").', bad) : undefined;
    },
  });
  return typed === undefined ? undefined : split(typed);
}

function registerChooseClusterNamespaces(): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.chooseClusterNamespaces', async () => {
    const namespaces = await pickClusterNamespaces(readClusterSettings().namespaces, vscode.l10n.t('Kubernetes Namespaces'));
    if (namespaces !== undefined) await updateClusterSetting('namespaces', namespaces);
  });
}

function split(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean),
    ),
  ];
}

function registerChooseKubeconfig(): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.chooseKubeconfig', async () => {
    const picked = await vscode.window.showOpenDialog({
      title: vscode.l10n.t('Choose a kubeconfig file'),
      canSelectMany: false,
      openLabel: vscode.l10n.t('Use This Kubeconfig'),
    });
    if (picked?.[0]) await updateClusterSetting('kubeconfig', picked[0].fsPath);
  });
}
