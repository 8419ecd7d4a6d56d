// UI tests: every out/test/ui/**/*.test.js under Node's test runner, one file at a time (each starts
// its own VS Code server and Chromium). Build first (`node esbuild.mjs --tests`).
// Env: OCS_TEST_GREP → --test-name-pattern; OCS_TEST_FILES (file names, comma-separated, without .test.js): only
// those. Screenshots land in test-results/screenshots/.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from '../harness/paths';
import { keepServerLogs } from '../vscode-server/hostTests';
import { ensureToolchain } from '../vscode-server/toolchain';

const LABEL = 'ui';

async function main(): Promise<number> {
  const started = Date.now();
  // Install before the test runner starts, so its progress is not buried in test output.
  const toolchain = await ensureToolchain();
  console.log(`${LABEL}: VS Code ${toolchain.vscodeVersion} in Chromium`);

  const root = repoRoot();
  const dir = join(root, 'out', 'test', 'ui');
  const only = process.env.OCS_TEST_FILES?.split(',').map((f) => f.trim().replace(/\.test\.(js|ts)$/, ''));
  const files = (existsSync(dir) ? testFiles(dir) : []).filter((f) => !only || only.some((o) => f.endsWith(`/${o}.test.js`)));
  if (files.length === 0 || !existsSync(join(root, 'dist', 'extension.js'))) {
    console.error(`${LABEL}: no built UI tests or extension; build first: node esbuild.mjs --tests`);
    return 2;
  }
  mkdirSync(join(root, 'test-results'), { recursive: true });
  // Per run, so that two runs at once never read each other's counts; copied to test-results/ at the end.
  const tap = join(root, 'test-results', `ui-${process.pid}.tap`);
  rmSync(tap, { force: true });

  const args = [
    '--enable-source-maps',
    '--test',
    '--test-concurrency=1',
    ...['--test-reporter=spec', '--test-reporter-destination=stdout'],
    ...['--test-reporter=tap', `--test-reporter-destination=${tap}`],
    ...(process.env.OCS_TEST_GREP ? [`--test-name-pattern=${process.env.OCS_TEST_GREP}`] : []),
    ...files.map((f) => relative(root, f)),
  ];
  // The logs of the OpenCode servers the tests start: kept when a test fails, removed when all pass.
  const serverLogs = join(root, 'test-results', 'opencode-logs', LABEL);
  rmSync(serverLogs, { recursive: true, force: true });
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, OCS_SERVER_LOG_DIR: serverLogs } });
    // A terminal's Ctrl+C reaches the child anyway; a `kill` aimed at this runner (CI) must too.
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, forward);
    child.once('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });

  const counts = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  if (existsSync(tap)) renameSync(tap, join(root, 'test-results', 'ui.tap'));
  const count = (name: string) => Number(counts.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
  const failed = count('fail') + count('cancelled') || (code === 0 ? 0 : 1);
  keepServerLogs(LABEL, serverLogs, code === 0 && failed === 0);
  console.log(
    `${LABEL}: VS Code ${toolchain.vscodeVersion}, ${Math.round((Date.now() - started) / 1000)} s, screenshots in test-results/screenshots/`,
  );
  console.log(`${LABEL}: ${count('pass')} passed, ${failed} failed`);
  return code === 0 && failed === 0 ? 0 : 1;
}

function testFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return testFiles(path);
      return name.endsWith('.test.js') ? [path] : [];
    });
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`${LABEL}:`, error);
    process.exit(1);
  },
);
