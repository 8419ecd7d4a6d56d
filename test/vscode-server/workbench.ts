// What a person sees: VS Code in Chromium with our extension loaded, plus the few moves UI tests
// make (open our view, run a palette command, take a screenshot). Selectors are VS Code's own DOM.
import { copyFileSync, cpSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { repoRoot } from '../harness/paths';
import { readmeScreenshotPath } from './readmeScreenshots';
import { launchBrowser, type Browser } from './browser';
import { startVsCodeServer, type VsCodeServer, type VsCodeServerOptions } from './vscodeServer';

// `setting`: 1.139 only resolves these legacy ids ('Dark Modern' silently falls back to Light 2026).
// `css`: the class the workbench gets once the theme is really applied (about 1 s after load).
export const THEMES = {
  dark: { setting: 'Default Dark Modern', css: 'vscode-theme-defaults-themes-dark_modern-json' },
  light: { setting: 'Default Light Modern', css: 'vscode-theme-defaults-themes-light_modern-json' },
} as const;

export interface WorkbenchOptions extends Omit<VsCodeServerOptions, 'extensionTestsPath' | 'extensionEnvironment'> {
  /** Sets workbench.colorTheme (light and dark screenshots); default dark. */
  theme?: keyof typeof THEMES;
  viewport?: { width: number; height: number };
  /** Runs in the page before any of its scripts (e.g. to stamp moments on the page's own clock). */
  initScript?: string;
}

export interface Workbench {
  page: Page;
  server: VsCodeServer;
  browser: Browser;
  close(): Promise<void>;
}

/** Starts a VS Code server and opens its workbench; waits until our activity-bar entry is there. */
export async function openWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const { theme = 'dark', viewport, initScript, ...serverOptions } = options;
  const server = await startVsCodeServer({
    ...serverOptions,
    settings: { 'workbench.colorTheme': THEMES[theme].setting, ...serverOptions.settings },
  });
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser({ viewport });
    const { page } = browser;
    if (initScript) await page.addInitScript(initScript);
    await page.goto(server.workbenchUrl());
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // Contributed containers appear once the extension host has scanned our manifest.
    await activityTab(page).waitFor({ timeout: 60_000 });
    if (!serverOptions.settings?.['workbench.colorTheme']) {
      // As long as the waits above: the rehearsal of stop 83 saw the theme not yet applied after 30 s once (the
      // activity bar already there; the same test alone applied it at once).
      await page.locator(`.monaco-workbench.${THEMES[theme].css}`).waitFor({ timeout: 60_000 });
    }
    const opened = browser;
    return {
      page,
      server,
      browser: opened,
      close: async () => {
        await opened.close();
        await server.stop();
      },
    };
  } catch (error) {
    await browser?.close();
    await server.stop();
    throw error;
  }
}

/** Opens (or keeps open) a workbench for `fn`; on failure saves `<name>-failure.png` first. */
export async function withWorkbench<T>(name: string, options: WorkbenchOptions, fn: (wb: Workbench) => Promise<T>): Promise<T> {
  const wb = await openWorkbench(options);
  try {
    return await fn(wb);
  } catch (error) {
    await screenshot(wb.page, `${name}-failure`).catch(() => undefined);
    console.log(`logs of the failed run: ${saveLogs(wb.server.workDir, name)}`);
    throw error;
  } finally {
    await wb.close();
  }
}

/** The "OpenCode" entry in the activity bar (accessible name may carry a keybinding suffix). */
export function activityTab(page: Page, title = 'OpenCode'): Locator {
  return page.getByRole('tab', { name: new RegExp(`^${escapeRegExp(title)}\\b`) }).first();
}

/**
 * Clicks our activity-bar entry (unless already open) and returns the Sessions view's pane.
 * A container with a single view hides the pane header and titles the side bar with the view's name, "OpenCode" (the
 * container's title too: VS Code then shows it once).
 */
export async function openOpenCodeView(page: Page, viewName = 'OpenCode'): Promise<Locator> {
  const tab = activityTab(page);
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
  const pane = page
    .locator('.sidebar .pane')
    .filter({ has: page.locator('.pane-header', { hasText: viewName }) })
    .first();
  // A reloaded window may restore its container as the active one with the side bar hidden: the icon then shows
  // it again (a click on the active icon toggles the side bar, so it is clicked only while the view is not shown).
  for (let attempt = 1; ; attempt++) {
    try {
      await pane.locator('.pane-body').waitFor({ state: 'visible', timeout: attempt < 3 ? 10_000 : 30_000 });
      return pane;
    } catch (err) {
      if (attempt >= 3) throw err;
      await tab.click();
    }
  }
}

/**
 * Hovers `target` until its hover (holding `expect`) shows, then runs `use` on it. A hover that closes first (a row
 * redrawn under it) is hovered again, so `use` must change nothing when it fails: one read, or one click.
 */
export async function useHover<T>(page: Page, target: Locator, expect: string, use: (hover: Locator) => Promise<T>): Promise<T> {
  const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: expect }).first();
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    await page.mouse.move(0, 0);
    await target.hover();
    try {
      await hover.waitFor({ timeout: 5_000 });
      return await use(hover);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/** Drags the sash at the side bar's right edge, so the badges are readable in a screenshot. */
export async function widenSideBar(page: Page, width: number): Promise<void> {
  const edge = await page.locator('.part.sidebar').boundingBox();
  if (!edge) return;
  const x = edge.x + edge.width;
  const y = edge.y + edge.height / 2;
  await page.mouse.move(x + 1, y);
  await page.mouse.down();
  await page.mouse.move(edge.x + width, y, { steps: 8 });
  await page.mouse.up();
}

/**
 * How much of the first occurrence of `text` inside `element` is on screen, in pixels of its width, and its
 * whole width: what the clipping ancestors (overflow other than visible: the label container that ends a
 * row in "…", the row, the side bar) leave of it, less the "…" an overflowing one draws over its end. Equal
 * numbers mean it reads in full.
 */
export async function visibleWidthOf(element: Locator, text: string): Promise<{ visible: number; width: number; found: boolean }> {
  // Runs in the page. The tests compile without the DOM library, so the little of it used here is typed below.
  return element.evaluate((el: PageNode, wanted: string) => {
    const page = globalThis as unknown as PageGlobals;
    const walker = page.document.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent?.indexOf(wanted) ?? -1;
      if (at < 0) continue;
      const range = page.document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + wanted.length);
      const box = range.getBoundingClientRect();
      let left = box.left;
      let right = box.right;
      for (let a = node.parentElement; a; a = a.parentElement) {
        const style = page.getComputedStyle(a);
        if (style.overflowX === 'visible') continue;
        const clip = a.getBoundingClientRect();
        let end = clip.right;
        if (style.textOverflow === 'ellipsis' && a.scrollWidth > a.clientWidth) {
          const ctx = page.document.createElement('canvas').getContext('2d');
          ctx.font = style.font;
          end -= ctx.measureText('…').width;
        }
        left = Math.max(left, clip.left);
        right = Math.min(right, end);
      }
      return { visible: Math.max(0, right - left), width: box.width, found: true };
    }
    return { visible: 0, width: 0, found: false };
  }, text);
}

/** The few DOM types visibleWidthOf uses in the page. */
interface Box {
  left: number;
  right: number;
  width: number;
}
interface PageNode {
  textContent: string | null;
  parentElement: PageElement | null;
}
interface PageElement extends PageNode {
  scrollWidth: number;
  clientWidth: number;
  getBoundingClientRect(): Box;
}
interface PageGlobals {
  document: {
    createTreeWalker(root: PageNode, show: number): { nextNode(): PageNode | null };
    createRange(): {
      setStart(node: PageNode, offset: number): void;
      setEnd(node: PageNode, offset: number): void;
      getBoundingClientRect(): Box;
    };
    createElement(tag: 'canvas'): { getContext(kind: '2d'): { font: string; measureText(text: string): { width: number } } };
  };
  getComputedStyle(element: PageElement): { overflowX: string; textOverflow: string; font: string };
}

/** The side bar's title, e.g. "OpenCode". */
export function sideBarTitle(page: Page): Locator {
  return page.locator('.sidebar .composite.title .title-label').first();
}

/** Opens the palette and picks the command titled `title` (e.g. "OpenCode: Refresh"). */
export async function pickCommand(page: Page, title: string, attempts = 3): Promise<Locator> {
  await typeAndClick(page, title, attempts);
  return page.locator('.quick-input-widget input');
}

/**
 * Types `>title` into the palette and clicks its row. The palette also closes when focus leaves it between the typing
 * and the click (a rehearsal saw the row go inert, then hidden): opened again, as typeCommand does, and said so. A
 * palette still open whose row cannot be clicked is a failure.
 */
async function typeAndClick(page: Page, title: string, attempts: number): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 1; ; attempt++) {
    await typeCommand(page, title, attempts);
    const row = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: title }).first();
    try {
      await row.click({ timeout: 15_000 });
      return;
    } catch (error) {
      if (attempt >= attempts || (await stillOpen(input))) throw error;
      console.log(`      the palette closed before "${title}" was clicked (attempt ${attempt}); opening it again`);
    }
  }
}

/** Whether the palette is shown and not closing (VS Code marks it inert for its closing animation, then hides it). */
async function stillOpen(input: Locator): Promise<boolean> {
  if (!(await input.isVisible())) return false;
  const closing = await input
    .evaluate((e) => (e as unknown as { closest(s: string): unknown }).closest('[inert]') !== null)
    .catch(() => true);
  return !closing;
}

/**
 * Opens the palette and types `>title` into it. The palette closes when focus leaves it (VS Code marks it inert for
 * its closing animation, then hides it): a CI run once saw that between F1 and typing. A person presses F1 again;
 * so does this, and logs what held focus instead, so a focus thief is named.
 */
async function typeCommand(page: Page, title: string, attempts: number): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await input.waitFor({ timeout: 10_000 });
    // Slow is not closed: a palette that is shown and not inert gets the rest of the usual 30 s.
    try {
      await input.fill(`>${title}`, { timeout: 5_000 });
      return;
    } catch (error) {
      if (await stillOpen(input)) {
        try {
          await input.fill(`>${title}`, { timeout: 25_000 });
          return;
        } catch (slow) {
          if (attempt >= attempts) throw slow;
        }
      } else if (attempt >= attempts) throw error;
      const focused = await page.evaluate(() => {
        const d = (globalThis as unknown as { document: { activeElement: { tagName: string; className: string } | null } }).document;
        return d.activeElement ? `${d.activeElement.tagName}.${String(d.activeElement.className).slice(0, 80)}` : 'nothing';
      });
      console.log(`      the palette closed before "${title}" was typed (attempt ${attempt}; focus on ${focused}); pressing F1 again`);
    }
  }
}

/** Runs a command by its palette title and waits for the palette to close. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await pickCommand(page, title);
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
}

/** Runs a palette command that opens a quick pick or input box of its own, titled `inputTitle`. */
export async function runCommandWithInput(page: Page, title: string, inputTitle: string): Promise<Locator> {
  const input = await pickCommand(page, title);
  await page.locator('.quick-input-widget .quick-input-title', { hasText: inputTitle }).waitFor({ timeout: 10_000 });
  return input;
}

/**
 * Runs a palette command that opens a quick pick titled `inputTitle`, types `text` into it and accepts it.
 * VS Code hides a quick pick when the window loses focus; on a loaded machine that happened between the
 * pick showing and the typing (about one run in ten), so a pick that closed before anything was typed is
 * opened once more, and says so. `beforeTyping` checks the rows shown (it runs on every opening).
 */
export async function chooseFromCommand(
  page: Page,
  title: string,
  inputTitle: string,
  text: string,
  beforeTyping: () => Promise<void> = () => Promise.resolve(),
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const input = await runCommandWithInput(page, title, inputTitle);
    await beforeTyping();
    try {
      await input.fill(text, { timeout: 10_000 });
    } catch (error) {
      if (attempt >= 2 || (await input.isVisible())) throw error;
      console.log(`      the quick pick "${inputTitle}" closed before typing; opening it again`);
      continue;
    }
    await page.keyboard.press('Enter');
    return;
  }
}

/**
 * Waits for a notification matching `pattern`. The test server's --enable-smoke-test-driver keeps VS Code
 * from showing toasts (see the `toasts` option); the Notifications center (what a person opens from the
 * bell) lists them all.
 */
export async function notification(page: Page, pattern: RegExp, timeout = 120_000): Promise<string> {
  const all = page.locator('.notification-list-item-message');
  const item = all.filter({ hasText: pattern }).first();
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (!(await page.locator('.notifications-center.visible').count())) await runPalette(page, 'Notifications: Show Notifications');
    if (await item.count()) return (await item.textContent()) ?? '';
    await page.waitForTimeout(500);
  }
  console.log(`notifications listed: ${JSON.stringify(await all.allTextContents())}`);
  throw new Error(`no notification matching ${pattern} within ${timeout} ms`);
}

/** Runs a palette command by its title without waiting for anything after it. */
export async function runPalette(page: Page, title: string): Promise<void> {
  await typeAndClick(page, title, 3);
}

/** A status bar item containing `text`. */
export function statusBarItem(page: Page, text: string | RegExp): Locator {
  return page.locator('.statusbar-item').filter({ hasText: text }).first();
}

/** The content frame of the currently shown webview. */
export function webviewFrame(page: Page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

/**
 * Saves test-results/screenshots/<name>.png (and the README's copy, see README_SCREENSHOTS); notification
 * toasts are hidden unless asked for; `keepHover` leaves the mouse where it is, so a hover stays open.
 */
export async function screenshot(
  page: Page,
  name: string,
  options: { keepNotifications?: boolean; keepHover?: boolean } = {},
): Promise<string> {
  const dir = join(repoRoot(), 'test-results', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await settle(page, 10_000, !options.keepHover);
  const path = join(dir, `${name}.png`);
  await page.screenshot({
    path,
    animations: 'disabled',
    // Offline toasts (marketplace unreachable, …) are noise in a picture of our UI.
    style: options.keepNotifications ? undefined : '.notifications-toasts { visibility: hidden !important; }',
  });
  const readmeCopy = readmeScreenshotPath(name);
  if (readmeCopy && process.env.OCS_README_SCREENSHOTS === '1') {
    mkdirSync(dirname(readmeCopy), { recursive: true });
    copyFileSync(path, readmeCopy);
  }
  return path;
}

/** Copies every *.log of the VS Code server (ours included) to test-results/logs/<name>/, before stop() removes them. */
function saveLogs(workDir: string, name: string): string {
  const target = join(repoRoot(), 'test-results', 'logs', name);
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.log') && statSync(path).size < 5_000_000) {
        const to = join(target, relative(workDir, path));
        mkdirSync(dirname(to), { recursive: true });
        cpSync(path, to);
      }
    }
  };
  try {
    walk(workDir);
  } catch {
    // best effort: a missing folder must not hide the test's own failure
  }
  return target;
}

/** Waits (best effort) for side-bar progress bars to finish and (unless told not to) moves the mouse off any hover. */
export async function settle(page: Page, timeoutMs = 10_000, moveMouse = true): Promise<void> {
  if (moveMouse) await page.mouse.move(0, 0);
  const busy = page.locator('.part.sidebar .monaco-progress-container.active:visible, .part.activitybar .badge.progress-badge:visible');
  await busy
    .first()
    .waitFor({ state: 'hidden', timeout: timeoutMs })
    .catch(() => undefined);
  // VS Code has no "idle" signal; give the last repaint and fade-outs a moment.
  await page.waitForTimeout(300);
}

/** `text` as a regular expression that matches exactly it. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
