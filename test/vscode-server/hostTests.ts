// Runs mocha tests inside a real VS Code's extension host: the raw VS Code server runs `testsPath` (its
// `run()`) in its extension host, driven by headless Chromium, and the tests report through files the
// runner reads (the web workbench forwards the extension host's console only mangled). Used by
// test/run/vscode.ts (the extension loaded from the repository) and test/run/vsix.ts (the packaged .vsix,
// installed). OCS_* variables reach the tests; OCS_TEST_GREP filters.
import { appendFileSync, closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { repoRoot } from '../harness/paths';
import { launchBrowser, type Browser } from './browser';
import { QuietLimit, resultWithoutReport } from './stageResult';
import { hostLooks, StuckHostWatch } from './stuckHost';
import { removeTempDir, tempDir } from './tempDirs';
import { startVsCodeServer, type VsCodeServer, type VsCodeServerOptions } from './vscodeServer';

// A whole suite inside one VS Code takes about 20 minutes on two quiet cores and more than 35 beside two busy loops:
// a hang is a stage whose tests note no result for this long (the longest test and its hook may take 10 minutes
// each), and however it goes, a stage ends after STAGE_LIMIT_MS (a run where every test times out one by one).
const QUIET_MS = Number(process.env.OCS_VSCODE_TIMEOUT_MS) || 25 * 60_000;
const STAGE_LIMIT_MS = 150 * 60_000;
/** How often the tests' progress is looked at. */
const QUIET_CHECK_MS = 5_000;

export interface HostTestRun {
  /** Prefix of every line printed, and of the result files in test-results/ (`<label>.json`, …). */
  label: string;
  /** The compiled extensionTestsPath module. */
  testsPath: string;
  /** Where the extension comes from: a development path, or an extensions folder it is installed in. */
  server: Pick<VsCodeServerOptions, 'extensionDevelopmentPath' | 'extensionsDir'>;
  /** Extra environment for the tests (after the OCS_* variables of this process). */
  env?: Record<string, string>;
}

interface Report {
  stats: { passes: number; failures: number; pending: number };
  failures: { fullTitle: string; err: { message?: string } }[];
}

export interface HostTestResult {
  passed: number;
  failed: number;
  /** 0 when every test passed and VS Code exited cleanly. */
  code: number;
}

/** Runs the tests, printing their progress and failures; the caller prints the `<label>: N passed, N failed` line. */
export async function runHostTests({ label, testsPath, server: where, env }: HostTestRun, vscodeVersion: string): Promise<HostTestResult> {
  const started = Date.now();
  const root = repoRoot();
  // Written in a private folder and copied to test-results/ at the end: parallel runs must not mix.
  const run = tempDir(`${label}-run`);
  const names = {
    report: `${label}.json`,
    log: `${label}.log`,
    browserLog: `${label}-browser.log`,
    hostProfile: `${label}-host.cpuprofile`,
  };
  const files = {
    report: join(run, names.report),
    log: join(run, names.log),
    browserLog: join(run, names.browserLog),
    hostProfile: join(run, names.hostProfile),
    progress: join(run, `${label}.progress`),
  };

  // Tests decide what answers on the local probe: a developer's own OpenCode on :4096 must not show up
  // in suites that expect an empty tree (port 9 is discard; nothing listens there).
  const extensionEnvironment: Record<string, string> = { OCS_LOCAL_PROBE_URL: 'http://127.0.0.1:9' };
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('OCS_') && value !== undefined) extensionEnvironment[key] = value;
  }
  // The logs of the OpenCode servers the tests start: kept when a test fails, removed when all pass.
  const serverLogs = join(root, 'test-results', 'opencode-logs', label);
  rmSync(serverLogs, { recursive: true, force: true });
  Object.assign(extensionEnvironment, env, {
    OCS_TEST_REPORT: files.report,
    OCS_TEST_LOG: files.log,
    OCS_TEST_PROGRESS: files.progress,
    OCS_SERVER_LOG_DIR: serverLogs,
  });

  let server: VsCodeServer | undefined;
  let browser: Browser | undefined;
  let exitCode: number | undefined;
  let stuck: StuckHostWatch | undefined;
  const follow = followFile(files.log, (text) => process.stdout.write(text));
  try {
    // OCS_RESTRICTED=1: the same tests in Restricted Mode (workspaceBudget asserts it holds there too).
    const restricted = process.env.OCS_RESTRICTED === '1';
    server = await startVsCodeServer({ ...where, extensionTestsPath: testsPath, extensionEnvironment, restricted });
    browser = await launchBrowser();
    const { page } = browser;
    // The workbench calls this with the test run's exit code (--enable-smoke-test-driver).
    let onExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (onExit = resolve));
    let onHung: (error: Error) => void = () => undefined;
    const hung = new Promise<never>((_, reject) => (onHung = reject));
    stuck = new StuckHostWatch(
      hostLooks(server, files.hostProfile, {
        summary: (text) => console.error(`${label}: the extension host stopped answering; ${text}`),
        waiting: (text) => console.error(`${label}: ${text}`),
      }),
      `test-results/${names.hostProfile}`,
      (error) => onHung(error),
    );
    const watch = stuck;
    await page.exposeFunction('codeAutomationExit', (code: number) => onExit(Number(code)));
    // The workbench's own log (and a mangled copy of the tests' output): kept for crash diagnosis.
    page.on('console', (message) => {
      appendFileSync(files.browserLog, `[${message.type()}] ${message.text()}\n`);
      watch.line(message.text());
    });
    page.on('pageerror', (error) => appendFileSync(files.browserLog, `[pageerror] ${error.stack ?? error.message}\n`));

    await page.goto(server.workbenchUrl());
    const serverGone = server.exited.then((code) => Promise.reject(new Error(`the VS Code server exited (${code})`)));
    let timer: NodeJS.Timeout | undefined;
    const quietLimit = new QuietLimit(files.progress, QUIET_MS);
    const quiet = new Promise<never>((_, reject) => {
      timer = setInterval(() => {
        const error = Date.now() - started > STAGE_LIMIT_MS ? new Error(`no result after ${STAGE_LIMIT_MS / 1000} s`) : quietLimit.check();
        if (error) reject(error);
      }, QUIET_CHECK_MS);
    });
    try {
      exitCode = await Promise.race([exited, serverGone, quiet, hung]);
    } finally {
      clearInterval(timer);
    }
  } catch (error) {
    console.error(`${label}: ${error instanceof Error ? error.message : String(error)}`);
    if (server) console.error(`${label}: last VS Code server output:\n${server.output().slice(-4000)}`);
  } finally {
    stuck?.dispose();
    follow.stop();
    await browser?.close();
    await server?.stop();
    publish(run, join(root, 'test-results'), Object.values(names));
  }

  const report = readReport(files.report);
  keepServerLogs(label, serverLogs, report !== undefined && report.stats.failures === 0 && exitCode === 0);
  const errors = report ? '' : errorLines(files.browserLog);
  const progress = report ? '' : readText(files.progress);
  removeTempDir(run);
  const seconds = Math.round((Date.now() - started) / 1000);
  if (!report) {
    console.error(`${label}: the tests did not report (VS Code exit code ${exitCode ?? 'none'}); they crashed or never started.`);
    console.error(`${label}: workbench errors (full log: test-results/${names.browserLog}):\n${errors}`);
    // What passed before the run broke off still counts (the tests note each result as it comes).
    return resultWithoutReport(progress);
  }
  for (const failure of report.failures) console.log(`${label}: FAILED ${failure.fullTitle}: ${failure.err.message ?? ''}`);
  const failed = report.stats.failures;
  console.log(`${label}: VS Code ${vscodeVersion}, ${seconds} s, ${report.stats.pending} pending, report test-results/${names.report}`);
  if (failed === 0 && exitCode !== 0) console.error(`${label}: VS Code exited with code ${exitCode ?? 'none'} although no test failed`);
  return { passed: report.stats.passes, failed, code: failed > 0 || exitCode !== 0 ? 1 : 0 };
}

/** Prints what the extension host appends to `path` as it happens (polling: it is another process). */
function followFile(path: string, write: (text: string) => void): { stop(): void } {
  let offset = 0;
  const utf8 = new StringDecoder('utf8'); // a read may end inside a multi-byte character
  const drain = () => {
    if (!existsSync(path)) return;
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(64 * 1024);
      for (let n; (n = readSync(fd, buffer, 0, buffer.length, offset)) > 0; offset += n) write(utf8.write(buffer.subarray(0, n)));
    } finally {
      closeSync(fd);
    }
  };
  const timer = setInterval(drain, 250);
  return {
    stop() {
      clearInterval(timer);
      drain();
    },
  };
}

/** Removes the servers' logs after a clean run; after a failed one, says where they are. */
export function keepServerLogs(label: string, dir: string, passed: boolean): void {
  if (passed || !existsSync(dir)) {
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  console.log(`${label}: the OpenCode servers' logs of this run are kept in ${relative(repoRoot(), dir)}/`);
}

function publish(from: string, to: string, names: string[]): void {
  mkdirSync(to, { recursive: true });
  for (const name of names) {
    rmSync(join(to, name), { force: true });
    if (existsSync(join(from, name))) copyFileSync(join(from, name), join(to, name));
  }
}

function errorLines(path: string): string {
  if (!existsSync(path)) return '(no workbench log)';
  // Offline noise: marketplace lookups, the service worker and web manifest the raw server lacks.
  const noise = /ENOTFOUND|ERR_NAME_NOT_RESOLVED|status of 404|manifest\.json|Service Worker|bad HTTP response code \(404\)/;
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => /\[(error|pageerror)\]|ERR/.test(l) && !noise.test(l));
  return lines.slice(-20).join('\n') || '(none)';
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function readReport(path: string): Report | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Report;
  } catch {
    return undefined;
  }
}
