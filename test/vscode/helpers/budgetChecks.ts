// Waiting for the budget enforcer to have judged what a test just changed: listen from before the change (no check
// can slip by unheard), then wait for one; a check that never comes fails the wait, with what it waited for.
import type { ExtensionApi } from '../../../src/extension';
import { waitFor } from '../../harness/waitFor';

export interface CheckAfter {
  /** Resolves once a check heard since `budgetCheckAfter` decided; stops listening either way. */
  heard(what: string): Promise<void>;
}

/** Listens for the enforcer's checks from now: call before the change whose check the test awaits. */
export function budgetCheckAfter(api: ExtensionApi): CheckAfter {
  let checks = 0;
  const listening = api.budgetEnforcer.onDidCheck(() => (checks += 1));
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
      }
    },
  };
}
