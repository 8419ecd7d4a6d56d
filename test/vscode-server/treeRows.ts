// Moves on VS Code's trees that hold up while the tree redraws under them: a live session tree re-renders
// rows as events arrive, so a click can land on the row that moved under the pointer, or be dropped.
import type { Locator, Page } from 'playwright-core';

/** Tree rows (`.monaco-list-row[role=treeitem]`) inside `scope`, optionally only those containing `text`. */
export function treeRows(scope: Locator | Page, text?: string | RegExp): Locator {
  const rows = scope.locator('.monaco-list-row[role="treeitem"]');
  return text === undefined ? rows : rows.filter({ hasText: text });
}

/**
 * A cluster Task's row, not its session's ("$0.11 Task fix-login"): its label is the Task's name, after the money it
 * leads with, if any ("$0.11 Σ$0.14 fix-login", src/present/k8s/taskFormat.ts).
 */
export function taskTreeRow(scope: Locator | Page, name: string): Locator {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // `has` is matched inside each row: a locator from the page, not one within `scope`.
  const page = 'page' in scope ? scope.page() : scope;
  return treeRows(scope)
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*(?:[≈≥Σ$\\d.]+ )*${escaped}\\s*$`) }) })
    .first();
}

/**
 * Clicks a tree row and waits until that row is the selected one. A live tree can redraw between
 * playwright's stability check and its click, and the click then lands on the row that moved under the
 * pointer (a usage panel opened on the sub-agent instead of its parent, once in a rehearsal): so this
 * checks which row is selected and clicks again if it is not the one asked for.
 */
export async function selectRow(row: Locator, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await row.click();
    try {
      await row.and(row.page().locator('[aria-selected="true"]')).waitFor({ timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt >= attempts)
        throw new Error(`the row "${await row.textContent().catch(() => '?')}" is not selected after ${attempts} clicks`, { cause: error });
      console.log(`      the click on "${await row.textContent().catch(() => '?')}" selected another row; clicking again`);
    }
  }
}

/**
 * Expands a collapsed tree row and waits until VS Code shows it expanded. A click while the tree redraws can
 * be dropped (the rehearsal once waited 30 s for the children of a Changes row it had clicked), so this clicks
 * the twistie again while the row is still collapsed and not loading its children; it never clicks an expanded
 * row, which would collapse it.
 */
export async function expandRow(row: Locator, attempts = 5): Promise<void> {
  const expanded = row.and(row.page().locator('[aria-expanded="true"]'));
  for (let attempt = 1; ; attempt++) {
    if (await expanded.count()) return;
    const loading = await row.locator('.monaco-tl-twistie.codicon-tree-item-loading').count();
    if (!loading) await row.locator('.monaco-tl-twistie').click();
    try {
      await expanded.waitFor({ timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt >= attempts)
        throw new Error(`the row "${await row.textContent().catch(() => '?')}" is not expanded after ${attempts} tries`, { cause: error });
      console.log(`      the row "${await row.textContent().catch(() => '?')}" did not expand; trying again`);
    }
  }
}

/**
 * Clicks the row's inline action `label` until `done` shows (an action that opens something once, such as Show
 * Usage). A row redrawn between the press and the release loses the click (a rehearsal once waited 30 s for a panel
 * after a compaction redrew the row), so a click with no effect in 10 s is made again, and said.
 */
export async function clickInlineActionUntil(row: Locator, label: string, done: Locator, attempts = 3): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await clickInlineAction(row, label);
    try {
      await done.waitFor({ timeout: attempt < attempts ? 10_000 : 30_000 });
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
      console.log(`      the click on "${label}" showed nothing in 10 s (attempt ${attempt}); clicking again`);
    }
  }
}

/**
 * Clicks a tree row's inline action (shown on hover). A live tree redraws rows, which drops the hover, so
 * this hovers again and retries a few times before it gives up. A row's tooltip card left open (the pointer
 * rested on a row that moved under it) can cover the target row, and it stays open while the pointer waits
 * on it: a rehearsal's hover waited 30 s for "Hostile command"'s card. So the pointer leaves first, and the
 * card is waited out.
 */
export async function clickInlineAction(row: Locator, label: string, attempts = 5): Promise<void> {
  const page = row.page();
  for (let attempt = 1; ; attempt++) {
    try {
      await page.mouse.move(0, 0);
      // The card is a `.monaco-hover.workbench-hover`; it closes once the pointer has left the row and the card.
      const card = page.locator('.monaco-hover:visible').first();
      await card.waitFor({ state: 'detached', timeout: 3_000 }).catch((error: unknown) => {
        throw new Error(`a hover card stayed open 3 s after the pointer left: ${String(error)}`);
      });
      await row.hover({ timeout: 5_000 });
      await row.locator(`.action-label[aria-label="${label}"]`).click({ timeout: 3_000 });
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
      console.log(`      "${label}" not clicked (attempt ${attempt}): ${String(error).split('\n')[0]}; trying again`);
    }
  }
}
