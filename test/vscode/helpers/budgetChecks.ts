// Waiting for the budget enforcer to have judged what a test just changed: listen from before the change (no check
// can slip by unheard), then wait for one. For a setting changed, only a check after VS Code said the setting changed
// counts (the enforcer's own listener, registered at activation, has heard it by then): one pending from before, which
// `update` may take longer than, is not taken for a check of the new value. A check that never comes fails the wait.
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { waitFor } from '../../harness/waitFor';

export interface CheckAfter {
  /** Resolves once a check heard since `budgetCheckAfter` (since `setting` changed) decided; stops listening either way. */
  heard(what: string): Promise<void>;
}

/** Listens for the enforcer's checks from now: call before the change whose check the test awaits. */
export function budgetCheckAfter(api: ExtensionApi, setting?: string): CheckAfter {
  let changed = setting === undefined;
  let checks = 0;
  const settings = vscode.workspace.onDidChangeConfiguration((e) => {
    if (setting !== undefined && e.affectsConfiguration(`opencodeSessions.${setting}`)) changed = true;
  });
  const listening = api.budgetEnforcer.onDidCheck(() => {
    if (changed) checks += 1;
  });
  return {
    async heard(what) {
      try {
        await waitFor(
          what,
          () => checks,
          (n) => n > 0,
        );
      } finally {
        listening.dispose();
        settings.dispose();
      }
    },
  };
}
