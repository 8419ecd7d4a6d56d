// `npm run test:servers`: the extension-host stage (test/run/vscode.ts) once per OpenCode server version in
// serverVersions.ts, the opencode2 stage's core cases in OpenCode 2's release shapes on node_modules' 1.18.33
// behind the release-shape adapter, and with OCS_OPENCODE2 the same cases on that OpenCode 2 binary (the 2.x
// line), then the compatibility table (feature × version) in test-results/compatibility.md and, with
// --write-readme, in docs/compatibility.md between its markers. Not part of `npm test`.
// OCS_TEST_FILES / OCS_TEST_GREP pick tests as for the stage; the options are in USAGE.
// A version other than node_modules' opencode-linux-x64 is installed into .cache/opencode-servers/<version>/.
// Each version's report and log: test-results/servers/<version>.{json,log}. Exits 1 when any version fails.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { hasAvx2, repoRoot } from '../harness/paths';
import { compatibilityTable, replaceBetweenMarkers, type TestOutcome, type VersionRun } from '../vscode-server/compatibility';
import { readArgs, runMain, UsageError } from './commandLine';
import { SERVER_VERSIONS } from './serverVersions';

const LABEL = 'test:servers';
const USAGE = `usage: npm run test:servers -- [options]
  --versions a,b    these OpenCode server versions, not the list in test/run/serverVersions.ts
  --write-readme    also write the table into docs/compatibility.md between its markers
  --help            this text
The core cases of test/vscode/opencode2Cases.ts run in OpenCode 2's release shapes on 1.18.33 (the release-shape
adapter); OCS_OPENCODE2=<binary> adds the 2.x line: the same cases on that OpenCode 2 server.`;
/** The column of the core cases in 2.x's shapes on 1.18.33's own engine, behind the release-shape adapter. */
const RELEASE_SHAPES = 'OpenCode 2 release shapes (1.18.33 behind the adapter)';
const root = repoRoot();
const results = join(root, 'test-results');

/** The `opencode` of `version`: node_modules' when it is that version, else npm installs it into .cache. */
function opencodeFor(version: string): string {
  // Like paths.ts and opencode-ai's installer: a CPU without AVX2 runs the baseline build.
  const name = hasAvx2() ? 'opencode-linux-x64' : 'opencode-linux-x64-baseline';
  const local = join(root, 'node_modules', name);
  if (existsSync(join(local, 'bin', 'opencode')) && packageVersion(local) === version) return join(local, 'bin', 'opencode');
  const prefix = join(root, '.cache', 'opencode-servers', version);
  const binary = join(prefix, 'node_modules', name, 'bin', 'opencode');
  if (!existsSync(binary)) {
    console.log(`${LABEL}: installing ${name}@${version} into ${relative(root, prefix)}/`);
    const npm = spawnSync(
      'npm',
      ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `${name}@${version}`],
      { encoding: 'utf8' },
    );
    if (npm.status !== 0 || !existsSync(binary))
      throw new Error(`npm could not install ${name}@${version}: ${(npm.stderr || npm.stdout).trim().split('\n').slice(-3).join(' ')}`);
  }
  // The binary must say it is the version its row claims.
  const said = spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout.trim();
  if (said !== version) throw new Error(`${relative(root, binary)} says it is ${said || 'nothing'}, not ${version}`);
  return binary;
}

/** "2.0.0-src.b6226260" from the binary's `opencode v2.0.0-src.b6226260` (a release prints the bare version). */
function opencode2Version(binary: string): string {
  const said = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 60_000 }).stdout?.trim() ?? '';
  return said.replace(/^opencode\s+v?/, '') || 'OpenCode 2 (no version)';
}

function packageVersion(dir: string): string | undefined {
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string }).version;
}

/** The stage that runs a 1.x version (OPENCODE_BIN) or the OpenCode 2 binary (OCS_OPENCODE2). */
interface StageRun {
  /** The stage's label: its report is test-results/<label>.json. */
  label: 'vscode-host' | 'opencode2';
  env: Record<string, string>;
}

/**
 * Runs the stage for `version`, its output shown and kept in test-results/servers/<version>.log: the whole
 * extension-host suite with OPENCODE_BIN for 1.x, the opencode2 stage's core cases for 2.x.
 */
async function runStage(version: string, stage: StageRun, column?: string): Promise<VersionRun> {
  const out = join(results, 'servers');
  mkdirSync(out, { recursive: true });
  const report = join(results, `${stage.label}.json`);
  rmSync(report, { force: true }); // never read an earlier run's report
  const log = createWriteStream(join(out, `${version}.log`));
  const script = stage.label === 'opencode2' ? 'out/test/run/opencode2.js' : 'out/test/run/vscode.js';
  const child = spawn(process.execPath, ['--enable-source-maps', join(root, script)], {
    env: { ...process.env, ...stage.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const [stream, to] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ] as const) {
    stream.on('data', (chunk: Buffer) => {
      to.write(chunk);
      log.write(chunk);
    });
  }
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  await new Promise((resolve) => log.end(resolve));

  // Keep this version's report, and the servers' logs the stage keeps after a failure.
  const serverLogs = join(results, 'opencode-logs', stage.label);
  if (existsSync(serverLogs)) {
    rmSync(join(out, `${version}-opencode-logs`), { recursive: true, force: true });
    renameSync(serverLogs, join(out, `${version}-opencode-logs`));
  }
  if (!existsSync(report))
    return { version, column, tests: [], error: `the stage gave no report (exit code ${code}); see test-results/servers/${version}.log` };
  copyFileSync(report, join(out, `${version}.json`));
  const mocha = JSON.parse(readFileSync(report, 'utf8')) as { passes: TestOutcome[]; failures: TestOutcome[] };
  const tests = [...mocha.passes.map((t) => ({ ...t, passed: true })), ...mocha.failures.map((t) => ({ ...t, passed: false }))];
  const error = code !== 0 && mocha.failures.length === 0 ? `the stage exited with code ${code} although no test failed` : undefined;
  return { version, ...(column ? { column } : {}), tests, ...(error ? { error } : {}) };
}

function selection(): string {
  const parts = [
    process.env.OCS_TEST_FILES ? `files ${process.env.OCS_TEST_FILES}` : 'every file',
    ...(process.env.OCS_TEST_GREP ? [`titles matching ${process.env.OCS_TEST_GREP}`] : []),
  ];
  return parts.join(', ');
}

async function main(): Promise<number> {
  const args = readArgs({ versions: { type: 'string' }, 'write-readme': { type: 'boolean', default: false } });
  if (args === 'help') {
    console.log(USAGE);
    return 0;
  }
  const versions = args.versions === undefined ? [...SERVER_VERSIONS] : args.versions.split(',').filter(Boolean);
  if (!versions.length) throw new UsageError('--versions needs at least one version, such as 1.18.33');
  const runs: VersionRun[] = [];
  for (const version of versions) {
    console.log(`${LABEL}: OpenCode ${version}`);
    try {
      // OCS_OPENCODE2 emptied: a 1.x column holds only that server's results, not the 2.x-only cases'.
      runs.push(await runStage(version, { label: 'vscode-host', env: { OPENCODE_BIN: opencodeFor(version), OCS_OPENCODE2: '' } }));
    } catch (error) {
      runs.push({ version, tests: [], error: error instanceof Error ? error.message : String(error) });
    }
  }
  // OpenCode 2's release shapes on 1.18.33 (the adapter): the core cases, in every run.
  console.log(`${LABEL}: ${RELEASE_SHAPES}`);
  runs.push(await runStage('release-shapes', { label: 'opencode2', env: { OCS_OPENCODE2: '' } }, RELEASE_SHAPES));
  // The 2.x line: the OpenCode 2 binary OCS_OPENCODE2 names (an installed one: `which opencode`), its core cases.
  const opencode2 = process.env.OCS_OPENCODE2;
  if (opencode2) {
    const version = opencode2Version(opencode2);
    console.log(`${LABEL}: OpenCode ${version}`);
    runs.push(await runStage(version, { label: 'opencode2', env: { OCS_OPENCODE2: opencode2 } }));
  } else {
    console.log(`${LABEL}: no OpenCode 2 line: OCS_OPENCODE2 names no OpenCode 2 binary (set OCS_OPENCODE2=$(which opencode))`);
  }

  const sdk = packageVersion(join(root, 'node_modules', '@opencode-ai', 'sdk'));
  const table = [
    `Extension-host tests (${selection()}) against each OpenCode server, ${new Date().toISOString().slice(0, 10)}, ` +
      `built with \`@opencode-ai/sdk\` ${sdk}; ✓ n: all n tests of the feature passed, – not tested.`,
    '',
    compatibilityTable(runs),
  ].join('\n');
  writeFileSync(join(results, 'compatibility.md'), `# OpenCode compatibility\n\n${table}\n`);
  if (args['write-readme']) {
    const readme = join(root, 'docs', 'compatibility.md');
    writeFileSync(readme, replaceBetweenMarkers(readFileSync(readme, 'utf8'), table));
  }

  let failed = false;
  for (const run of runs) {
    const bad = run.tests.filter((t) => !t.passed).length;
    failed ||= bad > 0 || run.error !== undefined;
    console.log(`${LABEL}: OpenCode ${run.version}: ${run.tests.length - bad} passed, ${bad} failed${run.error ? `; ${run.error}` : ''}`);
  }
  console.log(`${LABEL}: table in test-results/compatibility.md${args['write-readme'] ? ' and docs/compatibility.md' : ''}`);
  return failed ? 1 : 0;
}

runMain(LABEL, USAGE, main);
