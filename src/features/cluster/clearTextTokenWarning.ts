// kubeopencode-server is reached with the kubeconfig's bearer token on every request (the Agent proxy, Finished
// Tasks, Stop Task). Over plain http to another machine anyone on the path can read it and act as the user in the
// cluster: warned once per address and window, with the setting to change.
import * as vscode from 'vscode';
import type { ClusterManager } from '../../app/cluster/clusterManager';
import type { Logger } from '../../base/logger';
import { showWarning } from '../../app/host/notify';
import { openSettingsEditor } from '../../app/settings/settingAccess';
import { clearTextPasswordHost } from '../../app/servers/plainHttpRisk';

export function warnOnClearTextToken(cluster: Pick<ClusterManager, 'view' | 'onDidChange'>, log: Logger): vscode.Disposable {
  const warned = new Set<string>();
  const check = () => {
    const address = cluster.view?.settings.kubeopencodeServer;
    const host = address ? clearTextPasswordHost(address, 'bearer token') : undefined;
    if (!address || !host || warned.has(address)) return;
    warned.add(address);
    log.warn(`kubeopencode-server at ${host}: the kubeconfig's bearer token goes over plain http`);
    const settings = vscode.l10n.t('Open Setting');
    void showWarning(
      vscode.l10n.t(
        'OpenCode: your Kubernetes bearer token goes to kubeopencode-server at {0} over plain http, readable on the network by anyone who can then act as you in the cluster. Use its https:// address.',
        host,
      ),
      settings,
    ).then(async (choice) => {
      if (choice === settings) await openSettingsEditor('opencodeSessions.kubernetes.kubeopencodeServer');
    });
  };
  const listening = cluster.onDidChange(check);
  check();
  return listening;
}
