// The budget's notices among what the window said (notify.ts keeps the one record of every notification): those
// naming a budget, and an abort's failure said alone. The notice that a workspace's budget is ignored is not one.
import type { ExtensionApi } from '../../../src/extension';

const BUDGET_NOTICE = /\b(?:session|hourly|daily|weekly) budget\b|^OpenCode: Could not stop /;

/** The budget notices shown after `mark` (a reading of `api.said.total`), oldest first. */
export function budgetNotices(api: ExtensionApi, mark: number): string[] {
  return api.said.since(mark).filter((message) => BUDGET_NOTICE.test(message));
}
