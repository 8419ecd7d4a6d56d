// Extension-host tests in a real VS Code, with the extension loaded from the repository
// (extensionDevelopmentPath): every out/test/vscode/**/*.test.js. Build first (`node esbuild.mjs --tests`).
// Env: OCS_* variables are passed through to the tests; OCS_TEST_GREP (titles) and OCS_TEST_FILES (file names,
// comma-separated) filter; OCS_VSCODE_TIMEOUT_MS (a stage whose tests note no result for this long ends);
// OCS_HOST_LABEL names the run (its lines and its files in test-results/), so a later run of other files keeps an
// earlier one's report and kept logs.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from '../harness/paths';
import { runHostTests } from '../vscode-server/hostTests';
import { CODE_SERVER_VERSION, ensureToolchain } from '../vscode-server/toolchain';

const LABEL = process.env.OCS_HOST_LABEL || 'vscode-host';

async function main(): Promise<number> {
  const toolchain = await ensureToolchain();
  console.log(`${LABEL}: VS Code ${toolchain.vscodeVersion} (server from code-server ${CODE_SERVER_VERSION}, Node 24 extension host)`);
  const root = repoRoot();
  const testsPath = join(root, 'out', 'test', 'vscode', 'index.js');
  for (const built of [testsPath, join(root, 'dist', 'extension.js')]) {
    if (!existsSync(built)) {
      console.error(`${LABEL}: ${relative(root, built)} is missing; build first: node esbuild.mjs --tests`);
      return 2;
    }
  }
  const result = await runHostTests({ label: LABEL, testsPath, server: { extensionDevelopmentPath: root } }, toolchain.vscodeVersion);
  console.log(`${LABEL}: ${result.passed} passed, ${result.failed} failed`);
  return result.code;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`${LABEL}:`, error);
    process.exit(1);
  },
);
