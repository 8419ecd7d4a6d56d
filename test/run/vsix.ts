// The extension as users get it: `npm run package` builds the .vsix; its size and files are checked;
// code-server installs that very file into a fresh extensions folder; and the smoke tests
// (test/vscode/app/smoke.test.ts: activation, the view, a live badge from a real `opencode serve`) run against
// the installed copy. Our extension is not loaded from the repository here: VS Code runs extension tests only
// beside an extension under development, so that is a stub without code, and ours is the installed one.
// Build the tests first (`node esbuild.mjs --tests`); this rebuilds dist/ for production (npm run package).
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from '../harness/paths';
import { runHostTests } from '../vscode-server/hostTests';
import { removeTempDir, tempDir } from '../vscode-server/tempDirs';
import { ensureToolchain, type Toolchain } from '../vscode-server/toolchain';
import { manifestMedia, vsixProblems } from '../vscode-server/vsixContents';

const LABEL = 'vsix';

async function main(): Promise<number> {
  const toolchain = await ensureToolchain();
  const root = repoRoot();
  const work = tempDir('vsix');
  try {
    const vsix = join(work, 'opencode-sessions.vsix');
    console.log(`${LABEL}: npm run package`);
    await run('npm', ['run', '--silent', 'package', '--', '--out', vsix], root, process.env);
    const bytes = statSync(vsix).size;

    const extensions = join(work, 'extensions');
    await install(toolchain, vsix, extensions, work);
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      publisher: string;
      name: string;
      version: string;
    } & Parameters<typeof manifestMedia>[0];
    const installed = join(extensions, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
    const files = walk(installed).map((f) => relative(installed, f).split('\\').join('/'));
    const problems = vsixProblems(files, bytes, manifestMedia(manifest));
    for (const problem of problems) console.error(`${LABEL}: FAILED package contents: ${problem}`);
    console.log(
      `${LABEL}: ${(bytes / 1024).toFixed(0)} KB, ${files.length} files installed in ${relative(work, installed)}: ${problems.length ? 'NOT as they should be' : 'as they should be'}`,
    );

    const host = join(work, 'test-host');
    mkdirSync(host, { recursive: true });
    // The development extension VS Code needs beside extension tests: nothing in it runs.
    writeFileSync(
      join(host, 'package.json'),
      JSON.stringify({ name: 'vsix-test-host', publisher: 'opencode-sessions-tests', version: '0.0.0', engines: { vscode: '*' } }),
    );
    const result = await runHostTests(
      {
        label: LABEL,
        testsPath: join(root, 'out', 'test', 'vscode', 'index.js'),
        server: { extensionDevelopmentPath: host, extensionsDir: extensions },
        // The installed copy runs in Production mode: OCS_TEST_INTERNALS lets it hand the tests its internals.
        env: { OCS_TEST_GREP: '^smoke ', OCS_EXPECT_INSTALLED_IN: extensions, OCS_TEST_INTERNALS: '1' },
      },
      toolchain.vscodeVersion,
    );
    // The package checks count as one test each: the contents, and the size with them.
    console.log(`${LABEL}: ${result.passed + (problems.length ? 0 : 1)} passed, ${result.failed + (problems.length ? 1 : 0)} failed`);
    return problems.length ? 1 : result.code;
  } finally {
    removeTempDir(work);
  }
}

/** code-server's own CLI installs the .vsix, as `code --install-extension` would. */
async function install(toolchain: Toolchain, vsix: string, extensions: string, work: string): Promise<void> {
  const home = join(work, 'home');
  mkdirSync(home, { recursive: true });
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local', 'share') };
  const args = [
    toolchain.codeServerBin,
    '--install-extension',
    vsix,
    '--extensions-dir',
    extensions,
    '--user-data-dir',
    join(work, 'user-data'),
  ];
  console.log(`${LABEL}: code-server --install-extension ${relative(work, vsix)}`);
  await run(toolchain.node24, args, work, env);
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${output.slice(-3000)}`)),
    );
  });
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`${LABEL}:`, error);
    console.log(`${LABEL}: 0 passed, 1 failed`);
    process.exit(1);
  },
);
