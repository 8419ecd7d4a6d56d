import * as vscode from 'vscode';
import { readClusterSettings, updateClusterSetting } from '../../app/cluster/clusterSettings';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Namespaces as typed (comma-separated); [] means all. undefined: cancelled. */
export async function pickClusterNamespaces(current: string[], title: string): Promise<string[] | undefined> {
  const typed = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Namespaces to watch, comma-separated. Leave empty for all namespaces (needs cluster-wide list permission; otherwise the context namespace is shown).'),
    value: current.join(', '),
    placeHolder: vscode.l10n.t('all namespaces'),
    validateInput: (text) => {
      const bad = split(text).find((n) => n.length > 63 || !DNS_LABEL.test(n));
      return bad ? vscode.l10n.t('"{0}" is not a valid namespace name (lowercase letters, digits and "-").', bad) : undefined;
    },
  });
  return typed === undefined ? undefined : split(typed);
}

export function registerChooseClusterNamespaces(): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.chooseClusterNamespaces', async () => {
    const namespaces = await pickClusterNamespaces(readClusterSettings().namespaces, vscode.l10n.t('Kubernetes Namespaces'));
    if (namespaces !== undefined) await updateClusterSetting('namespaces', namespaces);
  });
}

function split(text: string): string[] {
  return [...new Set(text.split(',').map((n) => n.trim()).filter(Boolean))];
}
