// `npm run screenshots`: the UI tests that take the README's pictures, with OCS_README_SCREENSHOTS=1 so that
// they also land in docs/screenshots/ (see test/vscode-server/readmeScreenshots.ts). Every picture must be
// written anew by this run, by a test that passed: a picture is only as true as the assertions before it.
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from '../harness/paths';
import { README_SCREENSHOTS, readmeScreenshotPath } from '../vscode-server/readmeScreenshots';

const LABEL = 'screenshots';
/** The UI tests that take them (test names). */
const PRODUCERS = '^the (sidebar|status bar|usage panel|Kubernetes cluster view|demo’s Changes|demo at the default side bar width) ';

async function main(): Promise<number> {
  const started = Date.now();
  const root = repoRoot();
  const env = { ...process.env, OCS_README_SCREENSHOTS: '1', OCS_TEST_GREP: PRODUCERS };
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--enable-source-maps', join(root, 'out', 'test', 'run', 'ui.js')], {
      cwd: root,
      env,
      stdio: 'inherit',
    });
    child.once('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });
  const stale = README_SCREENSHOTS.map((name) => readmeScreenshotPath(name)!).filter(
    (path) => !existsSync(path) || statSync(path).mtimeMs < started,
  );
  for (const path of stale) console.error(`${LABEL}: ${relative(root, path)} was not written by this run`);
  if (code !== 0) console.error(`${LABEL}: the UI tests failed; the pictures they wrote may show a broken state`);
  console.log(
    `${LABEL}: ${README_SCREENSHOTS.length - stale.length} of ${README_SCREENSHOTS.length} pictures in docs/screenshots/ written`,
  );
  return code === 0 && stale.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`${LABEL}:`, error);
    process.exit(1);
  },
);
