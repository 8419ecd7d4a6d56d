// `npm run test:stress`: runs the extension-host and UI stages N times in a row, optionally with a CPU hog
// busy on every core, and prints each test's pass rate and slowest duration. Not part of `npm test`.
// Each stage's output goes to test-results/stress/<run>-<stage>.log; the results to test-results/stress.json.
// Build first (`node esbuild.mjs --tests`).
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { repoRoot } from '../harness/paths';
import { readArgs, runMain, UsageError } from './commandLine';

interface Options {
  runs: number;
  stages: Array<'vscode' | 'ui'>;
  hog: boolean;
  files?: string;
  grep?: string;
  lock?: string;
}

/** One test's outcome in one run. */
interface Outcome {
  stage: string;
  title: string;
  passed: boolean;
  ms: number;
  error?: string;
}

interface TestSummary {
  stage: string;
  title: string;
  passed: number;
  runs: number;
  slowestMs: number;
  errors: string[];
}

const USAGE = `usage: npm run test:stress -- [options]
  --runs N            how many times (default 5)
  --stages vscode,ui  which stages (default both)
  --hog               a busy loop per core in child processes, for the whole run (killed at the end)
  --files a,b         extension-host files only (OCS_TEST_FILES)
  --grep RE           test titles only (OCS_TEST_GREP); --grep=RE when RE starts with -
  --lock FILE         each stage waits for flock(1) on FILE, so a shared machine's heavy runs take turns
  --help              this text`;

const root = repoRoot();
const results = join(root, 'test-results');

function readOptions(): Options | 'help' {
  const given = readArgs({
    runs: { type: 'string', default: '5' },
    stages: { type: 'string', default: 'vscode,ui' },
    hog: { type: 'boolean', default: false },
    files: { type: 'string' },
    grep: { type: 'string' },
    lock: { type: 'string' },
  });
  if (given === 'help') return 'help';
  const runs = Number(given.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new UsageError(`--runs needs a whole number of at least 1, not ${given.runs}`);
  const stages = given.stages.split(',').map((s) => (s === 'vscode-host' ? 'vscode' : s));
  for (const stage of stages) if (stage !== 'vscode' && stage !== 'ui') throw new UsageError(`unknown stage ${stage}: vscode or ui`);
  return { runs, stages: stages as Options['stages'], hog: given.hog, files: given.files, grep: given.grep, lock: given.lock };
}

/** A busy loop per core, in child processes so that the runner itself stays responsive. */
function startHog(): ChildProcess[] {
  const cores = availableParallelism();
  console.log(`stress: CPU hog on ${cores} cores`);
  return Array.from({ length: cores }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}

function runStage(stage: 'vscode' | 'ui', run: number, options: Options, logFile: string): Promise<number> {
  const script = join(root, 'out', 'test', 'run', stage === 'vscode' ? 'vscode.js' : 'ui.js');
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (options.files && stage === 'vscode') env.OCS_TEST_FILES = options.files;
  if (options.grep) env.OCS_TEST_GREP = options.grep;
  const log = createWriteStream(logFile);
  return new Promise((resolve) => {
    const command = [process.execPath, '--enable-source-maps', script];
    if (options.lock) command.unshift('flock', options.lock);
    const child = spawn(command[0], command.slice(1), { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    // The runner's own summary lines, as they come.
    child.stdout.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n'))
        if (/^(vscode-host|ui): (\d+ passed|.*FAILED)/.test(line)) console.log(`  run ${run} ${line}`);
    });
    child.once('close', (code, signal) => {
      log.end();
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

interface MochaTest {
  fullTitle: string;
  duration?: number;
  err?: { message?: string };
}

/** The extension-host stage's mocha JSON report (test-results/vscode-host.json). */
function vscodeOutcomes(): Outcome[] | undefined {
  const file = join(results, 'vscode-host.json');
  if (!existsSync(file)) return undefined;
  const report = JSON.parse(readFileSync(file, 'utf8')) as { tests?: MochaTest[]; failures?: MochaTest[]; pending?: MochaTest[] };
  const pending = new Set((report.pending ?? []).map((t) => t.fullTitle));
  const byTitle = new Map<string, Outcome>();
  for (const t of [...(report.tests ?? []), ...(report.failures ?? [])]) {
    if (pending.has(t.fullTitle)) continue;
    const failed = t.err !== undefined && Object.keys(t.err).length > 0;
    const previous = byTitle.get(t.fullTitle);
    byTitle.set(t.fullTitle, {
      stage: 'vscode',
      title: t.fullTitle,
      passed: !failed && previous?.passed !== false,
      ms: t.duration ?? previous?.ms ?? 0,
      error: failed ? (t.err?.message ?? '').split('\n')[0] : previous?.error,
    });
  }
  return [...byTitle.values()];
}

/** The UI stage's TAP report (test-results/ui.tap): every test that is not a whole file. */
function uiOutcomes(): Outcome[] | undefined {
  const file = join(results, 'ui.tap');
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').split('\n');
  const outcomes: Outcome[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = lines[i].match(/^(\s*)(not ok|ok) \d+ - (.*?)(\s+#\s*(SKIP|TODO).*)?$/);
    if (!m || m[4]) continue;
    const title = m[3];
    let ms = 0;
    let error: string | undefined;
    for (let j = i + 1; j < lines.length && j < i + 40; j++) {
      if (/^\s*(not ok|ok) \d+ - /.test(lines[j]) || /^\s*# Subtest:/.test(lines[j])) break;
      const d = lines[j].match(/^\s*duration_ms: ([\d.]+)/);
      if (d) ms = Number(d[1]);
      const e = lines[j].match(/^\s*error: (.*)$/);
      if (e && !error) error = e[1].replace(/^['|>-]\s*/, '');
    }
    if (/\.test\.js$/.test(title)) continue; // a file's own entry repeats its tests' outcome
    outcomes.push({ stage: 'ui', title, passed: m[2] === 'ok', ms, error });
  }
  return outcomes;
}

async function main(): Promise<number> {
  const options = readOptions();
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  for (const stage of options.stages) {
    if (!existsSync(join(root, 'out', 'test', 'run', `${stage}.js`))) {
      console.error('stress: build first: node esbuild.mjs --tests');
      return 2;
    }
  }
  const dir = join(results, 'stress');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const hog = options.hog ? startHog() : [];
  const stopHog = () => hog.forEach((child) => child.kill('SIGKILL'));
  process.once('exit', stopHog);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopHog();
      process.exit(130);
    });
  }
  const started = Date.now();
  const all: Outcome[] = [];
  const stageFailures: string[] = [];
  try {
    for (let run = 1; run <= options.runs; run++) {
      for (const stage of options.stages) {
        const report = join(results, stage === 'vscode' ? 'vscode-host.json' : 'ui.tap');
        rmSync(report, { force: true });
        const logFile = join(dir, `${run}-${stage}.log`);
        const stageStarted = Date.now();
        console.log(`stress: run ${run}/${options.runs}, ${stage}${options.hog ? ' (CPU hog)' : ''}…`);
        const code = await runStage(stage, run, options, logFile);
        const outcomes = stage === 'vscode' ? vscodeOutcomes() : uiOutcomes();
        console.log(
          `  run ${run} ${stage}: exit ${code}, ${Math.round((Date.now() - stageStarted) / 1000)} s, log ${relative(root, logFile)}`,
        );
        if (!outcomes) {
          stageFailures.push(`run ${run} ${stage}: no report (exit ${code}); see ${relative(root, logFile)}`);
          all.push({ stage, title: '(the stage reported nothing)', passed: false, ms: 0 });
          continue;
        }
        all.push(...outcomes.map((o) => ({ ...o, error: o.error && `run ${run}: ${o.error}` })));
        if (code !== 0 && outcomes.every((o) => o.passed))
          stageFailures.push(`run ${run} ${stage}: exit ${code} although every test passed; see ${relative(root, logFile)}`);
      }
    }
  } finally {
    stopHog();
  }

  const summaries = new Map<string, TestSummary>();
  for (const o of all) {
    const key = `${o.stage}\u0000${o.title}`;
    const s = summaries.get(key) ?? { stage: o.stage, title: o.title, passed: 0, runs: 0, slowestMs: 0, errors: [] };
    s.runs += 1;
    if (o.passed) s.passed += 1;
    else if (o.error) s.errors.push(o.error);
    s.slowestMs = Math.max(s.slowestMs, o.ms);
    summaries.set(key, s);
  }
  const rows = [...summaries.values()].sort(
    (a, b) => a.passed / a.runs - b.passed / b.runs || a.stage.localeCompare(b.stage) || b.slowestMs - a.slowestMs,
  );
  console.log(
    `\n=== stress: ${options.runs} run(s) of ${options.stages.join(', ')}${options.hog ? ', CPU hog on every core' : ''}, ${Math.round((Date.now() - started) / 1000)} s ===`,
  );
  console.log('pass    slowest  stage   test');
  for (const r of rows) {
    console.log(
      `${`${r.passed}/${r.runs}`.padEnd(7)} ${`${(r.slowestMs / 1000).toFixed(1)} s`.padStart(8)}  ${r.stage.padEnd(6)}  ${r.title}`,
    );
    for (const e of r.errors) console.log(`                          ${e.slice(0, 300)}`);
  }
  for (const f of stageFailures) console.log(`stress: ${f}`);
  const flaky = rows.filter((r) => r.passed < r.runs).length;
  console.log(`stress: ${rows.length} tests, ${rows.length - flaky} passed every run, ${flaky} did not`);
  const json = join(results, 'stress.json');
  writeFileSync(json, JSON.stringify({ options, seconds: Math.round((Date.now() - started) / 1000), tests: rows, stageFailures }, null, 2));
  console.log(`stress: results in ${relative(root, json)}`);
  return flaky === 0 && stageFailures.length === 0 ? 0 : 1;
}

runMain('stress', USAGE, main);
