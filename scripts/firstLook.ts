// What a newcomer waits for in `npm run demo`, and where the time goes: from opening the URL to the OpenCode entry
// in the activity bar, and from its click to the Sessions view's first row and first session row. Each run is a
// fresh Chromium (empty cache and profile: a first visit). The page stamps each moment itself (a MutationObserver
// on its own clock, so polling adds nothing); the workbench's own performance marks (code/*), the downloads and
// the extension host's log (when its folder is given) say what happened meanwhile.
// Usage, with the demo running:  node out/scripts/firstLook.js URL [runs] [vscode-work-dir]
// The first session row is the first row naming FIRST_LOOK_SESSION (default: the demo's "Investigate flaky CI job").
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from '../test/vscode-server/browser';

interface Stamps {
  tab?: number;
  click?: number;
  row?: number;
  sessionRow?: number;
  rowText?: string;
}

// Runs in the page before any of its scripts. Written as a string: the scripts compile without the DOM library.
const STAMPER = `
  const SESSION = ${JSON.stringify(process.env.FIRST_LOOK_SESSION || 'Investigate flaky CI job')};
  window.__firstLook = {};
  new MutationObserver(() => {
    const s = window.__firstLook, now = performance.now();
    if (s.tab === undefined && document.querySelector('.activitybar [role="tab"] [aria-label^="OpenCode"]')) s.tab = now;
    const rows = document.querySelectorAll('.sidebar .monaco-list-row[role="treeitem"]');
    if (s.click !== undefined && s.row === undefined && rows.length) { s.row = now; s.rowText = rows[0].textContent; }
    if (s.click !== undefined && s.sessionRow === undefined && [...rows].some((r) => r.textContent.includes(SESSION))) s.sessionRow = now;
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-label'] });
  addEventListener('mousedown', () => { if (window.__firstLook.click === undefined) window.__firstLook.click = performance.now(); }, true);
`;

const MILESTONES =
  /^code\/(didStartRenderer|(will|did)LoadWorkbenchMain|willStartWorkbench|didStartWorkbench|LifecyclePhase\/.*|(will|did)LoadExtensions|(will|did)HandleExtensionPoints|(willCreateSocket|didCreateSocketOK)\/ExtensionHost)$/;

interface Entry {
  name: string;
  entryType: string;
  startTime: number;
  duration: number;
  responseEnd?: number;
  transferSize?: number;
  encodedBodySize?: number;
}

async function run(url: string, index: number): Promise<{ tab: number; row: number; sessionRow: number }> {
  const browser = await launchBrowser({ viewport: { width: 1280, height: 800 } });
  try {
    const { page } = browser;
    await page.addInitScript(STAMPER);
    let profileStartedAt = 0;
    const cdp = process.env.FIRST_LOOK_PROFILE ? await page.context().newCDPSession(page) : undefined;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
      await cdp.send('Profiler.start');
      profileStartedAt = Date.now();
    }
    await page.goto(url);
    const tab = page.locator('.activitybar [role="tab"] [aria-label^="OpenCode"]').first();
    await tab.waitFor({ timeout: 120_000 });
    await tab.click();
    await page.waitForFunction('window.__firstLook.sessionRow !== undefined', undefined, { timeout: 120_000, polling: 100 });
    const stamps = await page.evaluate<Stamps>('window.__firstLook');
    const origin = await page.evaluate<number>('performance.timeOrigin');
    console.log(
      `  page clock starts at ${new Date(origin).toISOString()} (${Math.round(origin)}); click at ${Math.round(origin + stamps.click!)}`,
    );
    const entries = await page.evaluate<Entry[]>('performance.getEntries().map((e) => e.toJSON())');
    const nav = entries.find((e) => e.entryType === 'navigation');
    // The workbench's milestones (its per-contribution and per-part marks are left out).
    const marks = entries.filter((e) => e.entryType === 'mark' && MILESTONES.test(e.name)).sort((a, b) => a.startTime - b.startTime);
    const resources = entries.filter((e) => e.entryType === 'resource');
    if (cdp) {
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
      const loadAt = entries.find((e) => e.name === 'code/willLoadExtensions')?.startTime ?? 0;
      const startAt = profileStartedAt - origin;
      summarizeProfile(profile, startAt, 0, loadAt, 'URL → willLoadExtensions');
      summarizeProfile(profile, startAt, loadAt, stamps.tab!, 'willLoadExtensions → tab');
      summarizeProfile(profile, startAt, stamps.click!, stamps.row!, 'click → first row');
    }
    const s = (ms: number | undefined) => (ms === undefined ? '?' : `${(ms / 1000).toFixed(2)} s`);
    console.log(`run ${index}: tab ${s(stamps.tab)} after the URL; first row ${s(stamps.row! - stamps.click!)} after the click`);
    console.log(`  first row "${stamps.rowText?.trim()}", first session row ${s(stamps.sessionRow! - stamps.click!)} after the click`);
    console.log(
      `  document ${s(nav?.responseEnd)}; ${resources.length} downloads, ${Math.round(sum(resources, 'encodedBodySize') / 1024)} KiB`,
    );
    const slow = [...resources].sort((a, b) => b.duration - a.duration).slice(0, 6);
    for (const r of slow)
      console.log(`    ${s(r.startTime)} +${s(r.duration)}  ${Math.round((r.encodedBodySize ?? 0) / 1024)} KiB  ${short(r.name)}`);
    console.log('  workbench marks:');
    for (const m of marks) console.log(`    ${s(m.startTime)}  ${m.name}`);
    return { tab: stamps.tab!, row: stamps.row! - stamps.click!, sessionRow: stamps.sessionRow! - stamps.click! };
  } finally {
    await browser.close();
  }
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/**
 * Where the page's main thread spent [from, to) (page clock, ms): idle or busy, and the busiest functions.
 * `startAt`: when the profiler started, on the page's clock (by wall time: CDP gives no common clock).
 */
function summarizeProfile(profile: CpuProfile, startAt: number, from: number, to: number, label: string): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let at = startAt;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] / 1000;
    if (at < from || at >= to) continue;
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const frame = byId.get(profile.samples[i])!.callFrame;
    const key = frame.functionName.startsWith('(')
      ? frame.functionName
      : `${frame.functionName || '(anonymous)'} ${short(frame.url || 'native')}:${frame.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + ms);
  }
  const top = [...self].sort((x, y) => y[1] - x[1]).slice(0, 8);
  console.log(`  main thread, ${label} (${((to - from) / 1000).toFixed(2)} s):`);
  for (const [key, ms] of top) console.log(`    ${Math.round(ms)} ms  ${key}`);
}

function sum(entries: Entry[], key: 'encodedBodySize'): number {
  return entries.reduce((total, e) => total + (e[key] ?? 0), 0);
}

function short(url: string): string {
  const path = URL.canParse(url) ? new URL(url).pathname : url;
  return path.length > 90 ? `…${path.slice(-90)}` : path;
}

/** The extension host's lines about our extension and the demo server, from a VS Code work folder's logs. */
function extensionHostLines(workDir: string): void {
  const logs = workDir;
  for (const file of walk(logs).filter((f) => f.endsWith('.log'))) {
    const lines = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => /opencode|activat|Extension host|connected to/i.test(l));
    if (!lines.length) continue;
    console.log(`  ${file.slice(logs.length + 1)}:`);
    for (const line of lines.slice(0, 30)) console.log(`    ${line.slice(0, 200)}`);
  }
}

function walk(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

async function main(): Promise<void> {
  const [url, runsArg, workDir] = process.argv.slice(2);
  if (!url) throw new Error('usage: node out/scripts/firstLook.js URL [runs] [vscode-work-dir]');
  const runs = Number(runsArg) || 3;
  const results: { tab: number; row: number; sessionRow: number }[] = [];
  for (let i = 1; i <= runs; i++) results.push(await run(url, i));
  const median = (key: 'tab' | 'row' | 'sessionRow') => results.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(results.length / 2)];
  const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `median of ${runs}: tab ${fmt(median('tab'))} after the URL; first row ${fmt(median('row'))}, first session row ${fmt(median('sessionRow'))} after the click`,
  );
  if (workDir) extensionHostLines(workDir);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
