import * as vscode from 'vscode';
import { updateClusterSetting } from '../k8s/clusterSettings';

export function registerChooseKubeconfig(): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.chooseKubeconfig', async () => {
    const picked = await vscode.window.showOpenDialog({ title: 'Choose a kubeconfig file', canSelectMany: false, openLabel: 'Use This Kubeconfig' });
    if (picked?.[0]) await updateClusterSetting('kubeconfig', picked[0].fsPath);
  });
}
