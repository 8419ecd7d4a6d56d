// The `opencode2` stage: the extension-host files of test/vscode/opencode2Cases.ts against OpenCode 2's API. By
// default (every CI run) on OpenCode 1.18.33 from npm behind the release-shape adapter
// (test/harness/release/releaseAdapter.ts), which answers in a 2.x release's shapes what 1.18.33's own engine does;
// where OCS_OPENCODE2 names an OpenCode 2 binary (OCS_OPENCODE2=$(which opencode); nothing builds one), on that
// binary instead, without the adapter. The same cases run unchanged on both.
// Build first (`node esbuild.mjs --tests`). OCS_TEST_FILES narrows the list; OCS_TEST_GREP filters titles.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { opencodeBinary, repoRoot } from '../harness/paths';
import { runHostTests } from '../vscode-server/hostTests';
import { CODE_SERVER_VERSION, ensureToolchain } from '../vscode-server/toolchain';
import { OPENCODE2_CASES } from '../vscode/opencode2Cases';
import { DID_NOT_RUN } from './stageLine';

const LABEL = 'opencode2';

/** The version the binary reports, or why it cannot run. */
function versionOf(binary: string): { version?: string; problem?: string } {
  if (!existsSync(binary)) return { problem: `OCS_OPENCODE2=${binary} does not exist` };
  try {
    return { version: execFileSync(binary, ['--version'], { encoding: 'utf8', timeout: 60_000 }).trim() };
  } catch (error) {
    return { problem: `OCS_OPENCODE2=${binary} did not run: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
  }
}

/** The listed files that are built, narrowed to those OCS_TEST_FILES also names. */
function files(root: string): string[] {
  const only = process.env.OCS_TEST_FILES?.split(',').map((n) => n.trim().replace(/\.test\.[jt]s$/, ''));
  // Test files live in per-feature folders under out/test/vscode: found by base name, as OCS_TEST_FILES names them.
  const dir = join(root, 'out', 'test', 'vscode');
  const names = new Set(existsSync(dir) ? readdirSync(dir, { recursive: true }).map((f) => basename(String(f))) : []);
  const built = OPENCODE2_CASES.filter((name) => names.has(`${name}.test.js`));
  return only ? built.filter((name) => only.includes(name)) : built;
}

async function main(): Promise<number> {
  const binary = process.env.OCS_OPENCODE2 || undefined;
  let server: string;
  if (binary) {
    const { version, problem } = versionOf(binary);
    if (problem) {
      console.error(`${LABEL}: ${problem}`);
      return 1;
    }
    server = `OpenCode ${version} (${binary})`;
  } else {
    const engine = opencodeBinary();
    const { version, problem } = versionOf(engine);
    if (problem) {
      console.error(`${LABEL}: ${problem.replace('OCS_OPENCODE2=', '')}`);
      return 1;
    }
    server = `OpenCode 2 release shapes on OpenCode ${version}'s engine (the release-shape adapter; OCS_OPENCODE2 names no OpenCode 2 binary)`;
  }
  const root = repoRoot();
  const chosen = files(root);
  if (!chosen.length) {
    console.log(`${LABEL}: ${DID_NOT_RUN}: OCS_TEST_FILES names none of its files (${OPENCODE2_CASES.join(', ')})`);
    return 0;
  }
  const toolchain = await ensureToolchain();
  console.log(`${LABEL}: ${server}, VS Code ${toolchain.vscodeVersion} (code-server ${CODE_SERVER_VERSION})`);
  console.log(`${LABEL}: ${chosen.join(', ')}`);
  const testsPath = join(root, 'out', 'test', 'vscode', 'index.js');
  for (const built of [testsPath, join(root, 'dist', 'extension.js')]) {
    if (!existsSync(built)) {
      console.error(`${LABEL}: ${relative(root, built)} is missing; build first: node esbuild.mjs --tests`);
      return 2;
    }
  }
  const result = await runHostTests(
    {
      label: LABEL,
      testsPath,
      server: { extensionDevelopmentPath: root },
      env: { OCS_SERVER: 'opencode2', ...(binary ? { OCS_OPENCODE2: binary } : {}), OCS_TEST_FILES: chosen.join(',') },
    },
    toolchain.vscodeVersion,
  );
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
