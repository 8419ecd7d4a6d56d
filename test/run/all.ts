// `npm test`: unit tests, the adversarial scale suite, then the extension-host tests inside a real VS Code, the cluster suites on a real
// kube-apiserver, then the UI tests in Chromium, then the packaged .vsix installed and smoke-tested. Some run side by side (LANES).
// Every stage runs even if an earlier one failed, and the run ends with one summary line.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { opencodeBinary, repoRoot } from '../harness/paths';
import { runTeed } from '../harness/teeProcess';
import { ensureToolchain } from '../vscode-server/toolchain';
import { didNotRun, failureLines } from './stageLine';

interface Stage {
  name: string;
  command: string[];
  env?: Record<string, string>;
}

const root = repoRoot();
const stages: Stage[] = [
  // Two files at a time: most unit files wait on a real OpenCode server more than they compute (Node's default, one
  // fewer than the cores, is one file at a time here: 591 s in CI; two at a time took 361 s on a busy machine).
  { name: 'unit', command: [process.execPath, '--enable-source-maps', '--test', '--test-concurrency=2', join(root, 'out/test/unit/')] },
  // Every reader of outside data on hostile inputs at n and 10n (test/scale/registry.ts), one file at a time: its
  // bounds are coarse ratios of its worker threads' own CPU time, which a stage run beside it does not stretch.
  { name: 'scale', command: [process.execPath, '--enable-source-maps', '--test', '--test-concurrency=1', join(root, 'out/test/scale/')] },
  // Without OCS_OPENCODE2: the OpenCode 2 cases run once, in the opencode2 stage.
  {
    name: 'vscode-host',
    command: [process.execPath, '--enable-source-maps', join(root, 'out/test/run/vscode.js')],
    env: { OCS_OPENCODE2: '' },
  },
  // The cluster suites on a real kube-apiserver (on the stand-in where none can be built: one line says so).
  { name: 'cluster', command: [process.execPath, '--enable-source-maps', join(root, 'out/test/run/cluster.js')] },
  // The core extension-host cases again in OpenCode 2's API: on 1.18.33 behind the release-shape adapter, or on the
  // OpenCode 2 binary OCS_OPENCODE2 names.
  { name: 'opencode2', command: [process.execPath, '--enable-source-maps', join(root, 'out/test/run/opencode2.js')] },
  { name: 'ui', command: [process.execPath, '--enable-source-maps', join(root, 'out/test/run/ui.js')] },
  // Last: `npm run package` rebuilds dist/ for production, which the stages above do not want.
  { name: 'vsix', command: [process.execPath, '--enable-source-maps', join(root, 'out/test/run/vsix.js')] },
];

/**
 * Stages run side by side in lanes (none now). Measured on two cores: with the UI stage beside the extension-host
 * stages, the extension-host stage ran past its limit of then 35 minutes; with only the scale and cluster suites
 * beside it (257 and 55 passed), it was slowed by about as much as they took alone (its first 67 tests 736 s against
 * 533 s): no time saved. The machine is CPU-bound, so stages run one after another;
 * a lane is a list of stage names run in order beside the others, the first printed live, the others whole as each ends.
 */
const LANES: string[][] = [];

interface Result {
  name: string;
  passed: number;
  failed: number;
  exitCode: number;
  seconds: number;
  /** Why the stage did not run, as it said (the opencode2 stage when OCS_TEST_FILES names none of its files): zero tests, not a failure. */
  skipped?: string;
  /** The failed tests' lines, repeated under the summary: a CI log is often read from its end. */
  failures: string[];
}

async function main(): Promise<void> {
  const only = process.env.OCS_STAGES?.split(',');
  console.log(`OpenCode server under test: opencode ${execFileSync(opencodeBinary(), ['--version'], { encoding: 'utf8' }).trim()}`);
  const selected = stages.filter((stage) => !only || only.includes(stage.name));
  // The VS Code server toolchain (a one-time install of about two minutes on a fresh clone) is fetched while
  // the unit tests run, not after them. A failed install is left to the stage that needs it, which retries
  // and reports it.
  const toolchain = selected.some((stage) => stage.name !== 'unit' && stage.name !== 'scale')
    ? ensureToolchain().catch(() => undefined)
    : undefined;
  const results = new Map<string, Result>();
  const inLane = (stage: Stage) => LANES.some((lane) => lane.includes(stage.name));
  const lanes = LANES.map((lane) => selected.filter((stage) => lane.includes(stage.name))).filter((lane) => lane.length > 0);
  for (const stage of selected.filter((s) => s.name === 'unit')) results.set(stage.name, await run(stage));
  await toolchain;
  if (lanes.length > 1)
    console.log(
      `\n(side by side: ${lanes.map((l) => l.map((s) => s.name).join(' → ')).join(' and ')}; the second printed stage by stage as each ends)`,
    );
  await Promise.all(
    lanes.map(async (lane, i) => {
      for (const stage of lane) results.set(stage.name, await run(stage, i === 0));
    }),
  );
  for (const stage of selected.filter((s) => s.name !== 'unit' && !inLane(s))) results.set(stage.name, await run(stage));
  const ordered = selected.flatMap((stage) => results.get(stage.name) ?? []);
  console.log('\n=== summary ===');
  for (const r of ordered) {
    const verdict = r.exitCode !== 0 ? `FAILED (exit ${r.exitCode})` : r.skipped !== undefined ? `did not run: ${r.skipped}` : 'ok';
    console.log(`${r.name.padEnd(12)} ${r.passed} passed, ${r.failed} failed  ${r.seconds.toFixed(0)} s  ${verdict}`);
    for (const line of r.failures) console.log(`  ${line}`);
  }
  const passed = ordered.reduce((n, r) => n + r.passed, 0);
  // A stage that crashed before counting is one failure, never a silent zero.
  const failed = ordered.reduce((n, r) => n + (r.exitCode !== 0 && r.failed === 0 ? 1 : r.failed), 0);
  console.log(`total: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || (passed === 0 && ordered.some((r) => r.skipped === undefined)) ? 1 : 0;
}

/** A stage run beside another (`live` false) prints its output whole when it ends: no two stages' lines interleave. */
function run(stage: Stage, live = true): Promise<Result> {
  const started = Date.now();
  if (live) console.log(`\n=== ${stage.name} ===`);
  return runTeed(stage.command, { cwd: root, env: { ...process.env, ...stage.env } }, live).then(({ code, output }) => {
    if (!live) console.log(`\n=== ${stage.name} (run beside) ===\n${output}`);
    const { passed, failed } = counts(output);
    const skipped = didNotRun(stage.name, output);
    const failures = failureLines(output);
    return { name: stage.name, passed, failed, exitCode: code, seconds: (Date.now() - started) / 1000, skipped, failures };
  });
}

/** Reads node's runner (`# pass N` / `# fail N`) or our runners' `name: N passed, N failed` lines. */
function counts(output: string): { passed: number; failed: number } {
  const last = (re: RegExp) => {
    const all = [...output.matchAll(re)];
    return all.length ? Number(all[all.length - 1][1]) : undefined;
  };
  const plain = [...output.matchAll(/^[\w-]+: (\d+) passed, (\d+) failed/gm)].pop();
  if (plain) return { passed: Number(plain[1]), failed: Number(plain[2]) };
  return { passed: last(/^# pass (\d+)$/gm) ?? 0, failed: last(/^# fail (\d+)$/gm) ?? 0 };
}

void main();
