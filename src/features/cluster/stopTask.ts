// Stop Task: asks kubeopencode to end a running Task (its row's menu, or the palette, which picks among the running
// ones), after a modal confirmation that names it. Through kubeopencode-server where its address is set, else by the
// Task's stop annotation; a refusal says what to do (e.g. the RBAC right a user lacks).
import * as vscode from 'vscode';
import type { ClusterManager } from '../../app/cluster';
import { showError, showInformation, showWarning, withProgress } from '../../app/host/notify';
import type { Logger } from '../../base/logger';
import type { TaskNode } from './clusterNodes';
import type { ClusterTree } from './clusterTree';

/** Asks the user to confirm, modal; true: go ahead. Replaced in the extension-host tests, which cannot press a button. */
export type ConfirmStop = (question: string, detail: string, action: string) => Promise<boolean>;

export const askModal: ConfirmStop = async (question, detail, action) =>
  (await showWarning(question, { modal: true, detail }, action)) === action;

export interface StopTaskPrompts {
  /** The confirmation in use; the extension-host tests answer it. */
  confirm: ConfirmStop;
}

export function registerStopTask(tree: ClusterTree, cluster: ClusterManager, log: Logger, prompts: StopTaskPrompts): vscode.Disposable {
  return vscode.commands.registerCommand('opencodeSessions.stopTask', async (node?: TaskNode) => {
    const target = node?.kind === 'task' ? node : await pickRunningTask(tree);
    if (!target) return;
    const task = tree.taskSession(target)?.task;
    if (task?.status?.phase !== 'Running') {
      void showInformation(vscode.l10n.t('Task {0} is not running.', target.name));
      return;
    }
    const server = cluster.view?.settings.kubeopencodeServer;
    const detail = server
      ? vscode.l10n.t('kubeopencode-server ({0}) is asked to stop it; its controller ends its run. This cannot be undone.', server)
      : vscode.l10n.t(
          'Its annotation kubeopencode.io/stop is set to "true"; kubeopencode’s controller then ends its run. This cannot be undone.',
        );
    const action = vscode.l10n.t('Stop Task');
    const question = vscode.l10n.t('Stop Task {0} in namespace {1} of context {2}?', target.name, target.namespace, target.context);
    if (!(await prompts.confirm(question, detail, action))) return;
    try {
      await withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Stopping Task {0}…', target.name) }, () =>
        cluster.stopTask(target.context, target.namespace, target.name),
      );
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log.warn(`Stopping Task ${target.namespace}/${target.name}: ${message}`);
      void showError(vscode.l10n.t('Could not stop Task {0}: {1}', target.name, message));
      return;
    }
    void showInformation(vscode.l10n.t('Asked kubeopencode to stop Task {0}; its row shows when it has.', target.name));
  });
}

async function pickRunningTask(tree: ClusterTree): Promise<TaskNode | undefined> {
  const running = tree.runningTasks();
  if (running.length === 0) {
    void showInformation(vscode.l10n.t('No Task of the cluster shown is running.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    running.map((node) => ({ label: node.name, description: node.namespace, node })),
    { title: vscode.l10n.t('Stop Task'), placeHolder: vscode.l10n.t('Which running Task should stop?') },
  );
  return picked?.node;
}
