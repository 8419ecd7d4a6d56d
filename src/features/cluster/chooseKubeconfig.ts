import * as vscode from 'vscode';
import { updateClusterSetting } from '../../app/cluster/clusterSettings';

export function registerChooseKubeconfig(): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.chooseKubeconfig', async () => {
    const picked = await vscode.window.showOpenDialog({ title: vscode.l10n.t('Choose a kubeconfig file'), canSelectMany: false, openLabel: vscode.l10n.t('Use This Kubeconfig') });
    if (picked?.[0]) await updateClusterSetting('kubeconfig', picked[0].fsPath);
  });
}
