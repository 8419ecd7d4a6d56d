// The sessions tree at 10 000 sessions in a real VS Code: the VS Code server from code-server with the
// extension loaded from the repository, driven by Debian's Chromium, connected to a real `opencode serve`
// holding 10 000 sessions over six project folders, against the same with 12 sessions. Each measurement is a
// fresh VS Code server and a fresh browser (a fresh window and extension host, the same machine state); the
// clock runs from the click on the OpenCode activity-bar tab to the first session row visible in the tree.
// Rounds alternate 12 / 10 000 so load from other processes hits both alike; medians are compared.
// OCS_BENCH_TREE_ROUNDS sets the rounds (default 5), OCS_BENCH_TREE_SESSIONS the large size, OCS_BENCH_HOME keeps
// the large server's data between runs (shared with the cold-connect bench).
import type { RunningHarness } from '../test/harness/harness';
import { launchBrowser } from '../test/vscode-server/browser';
import { startVsCodeServer } from '../test/vscode-server/vscodeServer';
import { activityTab } from '../test/vscode-server/workbench';
import { treeRows } from '../test/vscode-server/treeRows';
import { filled, floor } from './coldConnect.bench';
import { median } from './stats';

const SMALL = 12;
const GOAL = 1.1;

export interface TreeScaleResult {
  small: number;
  large: number;
  smallMs: number;
  largeMs: number;
  ratio: number;
}

/** From the tab click to the first session row visible, in a fresh VS Code server and window. */
async function firstRow(h: RunningHarness): Promise<number> {
  const server = await startVsCodeServer({ machineSettings: { 'opencodeSessions.servers': [{ name: 'bench', url: h.server.url }] } });
  try {
    const browser = await launchBrowser({ viewport: { width: 1280, height: 800 } });
    try {
      const { page } = browser;
      await page.goto(server.workbenchUrl());
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      const tab = activityTab(page);
      await tab.waitFor({ timeout: 60_000 });
      const started = performance.now();
      await tab.click();
      await treeRows(page.locator('.sidebar'), /Session \d+/)
        .first()
        .waitFor({ state: 'visible', timeout: 180_000 });
      return performance.now() - started;
    } finally {
      await browser.close();
    }
  } finally {
    await server.stop();
  }
}

export async function benchTreeScale(large: number, rounds: number): Promise<TreeScaleResult> {
  const big = await filled(large);
  try {
    const tiny = await filled(SMALL, '');
    try {
      const counts = { small: await floor(tiny.server.url), large: await floor(big.server.url) };
      // Warm up both (the VS Code server's first start compiles and caches; the OpenCode servers' first reads).
      await firstRow(tiny);
      await firstRow(big);
      const smalls: number[] = [];
      const larges: number[] = [];
      for (let round = 0; round < rounds; round++) {
        smalls.push(await firstRow(tiny));
        larges.push(await firstRow(big));
      }
      console.log(
        `  rounds (ms): ${counts.small} sessions ${smalls.map((t) => t.toFixed(0)).join(' ')} · ${counts.large} sessions ${larges.map((t) => t.toFixed(0)).join(' ')}`,
      );
      const smallMs = median(smalls);
      const largeMs = median(larges);
      return { ...counts, smallMs, largeMs, ratio: largeMs / smallMs };
    } finally {
      await tiny.dispose();
    }
  } finally {
    await big.dispose();
  }
}

export async function runTreeScaleBench(): Promise<TreeScaleResult> {
  const large = Number(process.env.OCS_BENCH_TREE_SESSIONS) || 10_000;
  const rounds = Number(process.env.OCS_BENCH_TREE_ROUNDS) || 5;
  console.log(
    `tree at scale (real VS Code + Chromium, real opencode serve; tab click → first session row visible; ${rounds} alternating rounds, medians)`,
  );
  const r = await benchTreeScale(large, rounds);
  console.log(`  ${r.small} sessions: ${r.smallMs.toFixed(0)} ms`);
  console.log(`  ${r.large} sessions: ${r.largeMs.toFixed(0)} ms`);
  console.log(`  ratio: ×${r.ratio.toFixed(2)} (goal ≤ ×${GOAL.toFixed(2)}: ${r.ratio <= GOAL ? 'met' : 'MISSED'})`);
  return r;
}
