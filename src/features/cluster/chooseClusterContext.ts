import * as vscode from 'vscode';
import { updateClusterSetting } from '../../app/cluster/clusterSettings';
import type { CommandContext } from '../../app/commands/context';

/** The kubeconfig context to show; '' means "the current context", undefined a cancelled pick. */
export async function pickClusterContext(ctx: CommandContext, title: string): Promise<string | undefined> {
  let listed;
  try {
    listed = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading kubeconfig…') }, () => ctx.cluster!.contexts());
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    void vscode.window
      .showErrorMessage(vscode.l10n.t('Could not read the kubeconfig: {0}', reason), vscode.l10n.t('Choose Kubeconfig File…'))
      .then((a) => a && vscode.commands.executeCommand('opencodeSessions.chooseKubeconfig'));
    return undefined;
  }
  if (listed.contexts.length === 0) {
    const action = await vscode.window.showErrorMessage(vscode.l10n.t('No kubeconfig found: set KUBECONFIG, create ~/.kube/config, or choose a kubeconfig file.'), vscode.l10n.t('Choose Kubeconfig File…'));
    if (action) await vscode.commands.executeCommand('opencodeSessions.chooseKubeconfig');
    return undefined;
  }
  const items = [
    { label: vscode.l10n.t('Current context'), description: listed.current ?? '', value: '' },
    ...listed.contexts.map((c) => ({ label: c.name, description: [c.namespace ? vscode.l10n.t('namespace {0}', c.namespace) : undefined, c.server].filter(Boolean).join(' · '), value: c.name })),
  ];
  return (await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Which cluster should the sessions view show?') }))?.value;
}

export function registerChooseClusterContext(ctx: CommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.chooseClusterContext', async () => {
    const context = await pickClusterContext(ctx, vscode.l10n.t('Kubernetes Context'));
    if (context !== undefined) await updateClusterSetting('context', context);
  });
}
