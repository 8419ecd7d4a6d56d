// Driving the quick picks and input box a form's Answer command shows, as a user would: the items are set through
// the QuickPick the extension made (focus for one choice, ticks for several), then its accept runs as Enter does.
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { FormPickItem } from '../../../src/features/inbox/formInputs';
import { waitFor } from './extensionApi';

/** The quick pick the form shows now, once its title matches and (one choice) the workbench has focused an item. */
export function shownPick(api: ExtensionApi, title: RegExp): Promise<vscode.QuickPick<FormPickItem>> {
  return waitFor(
    `a quick pick titled ${title.source}`,
    () => api.formInputs.shown,
    (shown) =>
      shown !== undefined && 'items' in shown && title.test(shown.title ?? '') && (shown.canSelectMany || shown.activeItems.length > 0),
  ) as Promise<vscode.QuickPick<FormPickItem>>;
}

/** Picks `labels` in the shown quick pick and accepts it. */
export function choose(api: ExtensionApi, pick: vscode.QuickPick<FormPickItem>, ...labels: string[]): void {
  const items = labels.map((label) => pick.items.find((i) => i.label === label));
  assert.ok(
    items.every((i) => i !== undefined),
    `${labels.join(', ')} among ${pick.items.map((i) => i.label).join(', ')}`,
  );
  if (pick.canSelectMany) pick.selectedItems = items;
  else pick.activeItems = items;
  api.formInputs.accept();
}
