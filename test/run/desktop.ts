// The same extension-host tests (out/test/vscode/index.js) in VS Code desktop (Electron), through
// @vscode/test-electron — for machines that can download VS Code or have one installed. By default twice:
// on the oldest VS Code the manifest accepts (engines.vscode, 1.95.0) and on the latest (stable).
// Env: VSCODE_VERSION (comma-separated, default "<engines minimum>,stable"), VSCODE_EXECUTABLE (use this
// VS Code instead, no download), OCS_* (passed to the tests). On Linux without a display, run under xvfb-run.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { repoRoot } from '../harness/paths';
import { removeTempDir, tempDir } from '../vscode-server/tempDirs';
import { QUIET_SETTINGS } from '../vscode-server/vscodeServer';

const LABEL = 'vscode-desktop';

async function main(): Promise<number> {
  const root = repoRoot();
  const testsPath = join(root, 'out', 'test', 'vscode', 'index.js');
  if (!existsSync(testsPath) || !existsSync(join(root, 'dist', 'extension.js'))) {
    console.error(`${LABEL}: build first: node esbuild.mjs --tests`);
    return 2;
  }
  if (process.env.VSCODE_EXECUTABLE) return runOn(root, testsPath, 'VSCODE_EXECUTABLE', process.env.VSCODE_EXECUTABLE);
  const versions = (process.env.VSCODE_VERSION || `${minimumVersion(root)},stable`)
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  let worst = 0;
  for (const version of versions) {
    let executable: string;
    try {
      executable = await downloadAndUnzipVSCode({ version, cachePath: join(root, '.cache', 'vscode-test'), timeout: 30_000 });
    } catch (error) {
      console.error(`${LABEL}: could not download VS Code ${version}: ${error instanceof Error ? error.message : String(error)}`);
      console.error(`${LABEL}: this machine cannot reach the VS Code download servers. Set VSCODE_EXECUTABLE=/path/to/code`);
      console.error(`${LABEL}: to use an installed VS Code, or run the same tests in the VS Code server: npm run test:vscode`);
      return 3;
    }
    worst = Math.max(worst, await runOn(root, testsPath, version, executable));
  }
  return worst;
}

/** The oldest VS Code the manifest accepts: "^1.95.0" → "1.95.0". */
function minimumVersion(root: string): string {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { vscode: string } };
  const version = /\d+\.\d+\.\d+/.exec(manifest.engines.vscode)?.[0];
  if (!version) throw new Error(`engines.vscode "${manifest.engines.vscode}" names no version`);
  return version;
}

async function runOn(root: string, testsPath: string, version: string, vscodeExecutablePath: string): Promise<number> {
  const work = tempDir('vscode-desktop');
  const results = join(root, 'test-results');
  const reportPath = join(results, `vscode-desktop-${version.replace(/[^\w.-]+/g, '_')}.json`);
  mkdirSync(results, { recursive: true });
  rmSync(reportPath, { force: true });
  const userData = join(work, 'user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(QUIET_SETTINGS, null, 2));
  const workspace = join(work, 'workspace');
  mkdirSync(workspace, { recursive: true });

  const extensionTestsEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('OCS_') && value !== undefined) extensionTestsEnv[key] = value;
  }
  extensionTestsEnv.OCS_TEST_REPORT = reportPath;

  let exitCode: number;
  try {
    exitCode = await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: root,
      extensionTestsPath: testsPath,
      extensionTestsEnv,
      launchArgs: [
        workspace,
        ...['--user-data-dir', userData, '--extensions-dir', join(work, 'extensions')],
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--disable-gpu',
        '--no-sandbox',
      ],
    });
  } catch (error) {
    // runTests rejects when VS Code exits non-zero (a failing test) as well as when it cannot start.
    console.error(`${LABEL} ${version}: ${error instanceof Error ? error.message : String(error)}`);
    exitCode = 1;
  } finally {
    removeTempDir(work);
  }

  let stats: { passes: number; failures: number } | undefined;
  try {
    stats = (JSON.parse(readFileSync(reportPath, 'utf8')) as { stats: typeof stats }).stats;
  } catch {
    console.error(`${LABEL} ${version}: no test report; VS Code did not start or the tests crashed`);
  }
  console.log(`${LABEL} ${version}: report ${relative(root, reportPath)}`);
  console.log(`${LABEL}: ${stats?.passes ?? 0} passed, ${stats ? stats.failures : 1} failed`);
  return exitCode === 0 && stats !== undefined && stats.failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`${LABEL}:`, error);
    process.exit(1);
  },
);
