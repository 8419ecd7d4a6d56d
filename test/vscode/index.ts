// extensionTestsPath entry: VS Code loads this inside the extension host and awaits run().
// Runs every *.test.js bundled next to it (out/test/vscode/**) with mocha's BDD ui.
// Env (passed by the runner as extensionEnvironment):
//   OCS_TEST_REPORT  mocha's JSON report is written there (the runner's pass/fail counts);
//   OCS_TEST_PROGRESS a line per test result, as it comes (the runner's counts when a run breaks off unreported);
//   OCS_TEST_LOG     the spec report plus the tests' console output is appended there, because the
//                    web workbench only forwards the extension host's console mangled into its own log;
//   OCS_TEST_GREP    run only tests whose title matches;
//   OCS_TEST_FILES   run only these files (comma-separated names, `.test.js`/`.test.ts` optional: sessionChanges,budgetAbort).
import { appendFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './helpers/extensionApi';
import { recordModulesAfterActivation } from './helpers/loadedModules';
import { pendingWaits, takeLastTimeout } from '../harness/waitFor';
import { progressLine } from '../vscode-server/stageResult';

export async function run(): Promise<void> {
  // Before any test turns a cluster on: what activation alone loaded (the smoke test reads it).
  await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  recordModulesAfterActivation();
  const report = process.env.OCS_TEST_REPORT;
  const restoreConsole = teeConsole(process.env.OCS_TEST_LOG);
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: 60_000,
    color: false,
    reporter: report ? bothReporters(report) : 'spec',
    ...(process.env.OCS_TEST_GREP ? { grep: process.env.OCS_TEST_GREP } : {}),
  });
  // A failed test's report carries what its waits saw last (a mocha timeout otherwise says only "timeout").
  mocha.suite.afterEach(function () {
    const test = this.currentTest;
    if (test?.state !== 'failed') return;
    const seen = [...pendingWaits(), ...[takeLastTimeout()].filter((m): m is string => m !== undefined && !test.err?.message.includes(m))];
    if (!seen.length) return;
    console.log(`      last seen by "${test.title}":\n${seen.map((s) => `        ${s}`).join('\n')}`);
    if (test.err) test.err.message += `\n  last seen: ${seen.join('\n  last seen: ')}`;
  });
  mocha.suite.afterEach(() => void takeLastTimeout());
  for (const file of selected(testFiles(__dirname), process.env.OCS_TEST_FILES)) mocha.addFile(file);

  return new Promise<void>((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
    } catch (error) {
      // A test file that throws while loading ends up here.
      console.error('could not load the tests:', error);
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  }).finally(restoreConsole);
}

function testFiles(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...testFiles(path));
    else if (name.endsWith('.test.js')) found.push(path);
  }
  return found;
}

function selected(files: string[], names: string | undefined): string[] {
  if (!names) return files;
  const wanted = new Set(
    names
      .split(',')
      .map((n) => n.trim().replace(/\.test\.[jt]s$/, ''))
      .filter(Boolean),
  );
  const chosen = files.filter((f) => wanted.has(basename(f).replace(/\.test\.js$/, '')));
  if (chosen.length === 0) throw new Error(`OCS_TEST_FILES=${names} names no test file`);
  return chosen;
}

/** Mocha takes one reporter; this one feeds the same run to spec (console) and json (file). */
function bothReporters(output: string): typeof Mocha.reporters.Base {
  return class Both extends Mocha.reporters.Base {
    constructor(runner: Mocha.Runner, options: Mocha.MochaOptions) {
      super(runner, options);
      new Mocha.reporters.Spec(runner, options);
      new Mocha.reporters.JSON(runner, { ...options, reporterOption: { output } } as Mocha.MochaOptions);
      const progress = process.env.OCS_TEST_PROGRESS;
      if (!progress) return;
      const note = (state: 'pass' | 'fail') => (test: Mocha.Runnable) => {
        try {
          appendFileSync(progress, progressLine(state, test.fullTitle()));
        } catch {
          // the counts are a convenience; never fail a test over them
        }
      };
      runner.on('pass', note('pass'));
      runner.on('fail', note('fail'));
    }
  };
}

/** Copies console output (and mocha's, which captured console.log at load time) into `file`. */
function teeConsole(file: string | undefined): () => void {
  if (!file) return () => undefined;
  const append = (args: unknown[]) => {
    try {
      appendFileSync(file, format(...args) + '\n');
    } catch {
      // the log is a convenience; never fail a test over it
    }
  };
  // VS Code locks the console methods (getter-only, non-configurable), so swap the whole object.
  const original = globalThis.console;
  const teed = Object.create(original) as Console;
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    // defineProperty: a plain assignment would hit the inherited no-op setter.
    Object.defineProperty(teed, method, {
      value: (...args: unknown[]) => {
        original[method](...args);
        append(args);
      },
    });
  }
  globalThis.console = teed;
  const savedMocha = Mocha.reporters.Base.consoleLog;
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => {
    savedMocha(...args);
    append(args);
  };
  return () => {
    globalThis.console = original;
    Mocha.reporters.Base.consoleLog = savedMocha;
  };
}
