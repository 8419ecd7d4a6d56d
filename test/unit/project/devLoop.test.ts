// The F5 loop of .vscode/: launch configurations that start what exists, after the watch task, whose
// background problem matcher waits for what esbuild.mjs prints and reads the errors of a real esbuild build.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import * as esbuild from 'esbuild';
import ts from 'typescript';
import { watchReporter } from '../../../scripts/watchReporter.mjs';
import { repoRoot } from '../../harness/paths';

interface LaunchConfig {
  name: string;
  type: string;
  args: string[];
  preLaunchTask?: string;
}
interface Pattern {
  regexp: string;
  severity?: number;
  message?: number;
  file?: number;
  line?: number;
  column?: number;
}
interface Task {
  label?: string;
  type?: string;
  script?: string;
  isBackground?: boolean;
  dependsOn?: string[];
  group?: { kind: string; isDefault?: boolean };
  problemMatcher?: string | { pattern: Pattern[]; background: { beginsPattern: string; endsPattern: string } };
}

const root = repoRoot();

/** JSON with comments, as VS Code reads its .vscode files (TypeScript's tsconfig reader takes the same). */
function jsonc<T>(path: string): T {
  const parsed = ts.parseConfigFileTextToJson(path, readFileSync(join(root, path), 'utf8'));
  assert.equal(parsed.error, undefined, `${path}: ${ts.flattenDiagnosticMessageText(parsed.error?.messageText, '\n')}`);
  return parsed.config as T;
}

const launch = jsonc<{ configurations: LaunchConfig[] }>('.vscode/launch.json').configurations;
const tasks = jsonc<{ tasks: Task[] }>('.vscode/tasks.json').tasks;
const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const watch = tasks.find((t) => t.label === 'watch')!;
const configuration = (name: string) => launch.find((c) => c.name === name)!;
const expand = (arg: string) => arg.replace('${workspaceFolder}', root);

/** A task and every task it depends on. */
function withDependencies(label: string): Task[] {
  const task = tasks.find((t) => t.label === label);
  assert.ok(task, `no task labelled "${label}" in .vscode/tasks.json`);
  return [task, ...(task.dependsOn ?? []).flatMap(withDependencies)];
}

describe('.vscode: the F5 loop', () => {
  test('Run Extension loads this repository after the watch build', () => {
    const run = configuration('Run Extension');
    assert.equal(run.type, 'extensionHost');
    assert.ok(run.args.includes('--extensionDevelopmentPath=${workspaceFolder}'));
    assert.ok(withDependencies(run.preLaunchTask!).includes(watch));
  });

  test('Extension Tests runs the built extension-host tests, in a temporary profile, after the watch build', () => {
    const tests = configuration('Extension Tests');
    assert.equal(tests.type, 'extensionHost');
    const testsPath = tests.args.find((a) => a.startsWith('--extensionTestsPath='))!.split('=')[1];
    // npm run test:unit builds with --tests first, as the watch task does: the entry exists.
    assert.ok(existsSync(expand(testsPath)), `${testsPath} is built by esbuild.mjs --tests`);
    assert.ok(tests.args.includes('--profile-temp'), 'the tests change user settings: never the developer’s own');
    assert.ok(withDependencies(tests.preLaunchTask!).includes(watch));
  });

  test('the watch task is the default build task, in the background, running esbuild.mjs --watch --tests', () => {
    assert.equal(watch.type, 'npm');
    assert.equal(watch.isBackground, true);
    assert.deepEqual(watch.group, { kind: 'build', isDefault: true });
    assert.match(scripts[watch.script!], /^node esbuild\.mjs (?=.*--watch)(?=.*--tests)/);
  });

  /** What esbuild.mjs --watch prints for one build of `source` (two bundles sharing the reporter, as there). */
  async function watchOutput(source: string): Promise<string[]> {
    const lines: string[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'ocs-watch-'));
    try {
      writeFileSync(join(dir, 'a.ts'), source);
      const reporter = watchReporter((line) => lines.push(line));
      const options: esbuild.BuildOptions = {
        absWorkingDir: dir,
        entryPoints: ['a.ts'],
        bundle: true,
        write: false,
        logLevel: 'silent',
        plugins: [reporter],
      };
      await Promise.all(
        [esbuild.build({ ...options, outfile: 'a.js' }), esbuild.build({ ...options, outfile: 'b.js' })].map((b) =>
          b.catch(() => undefined),
        ),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return lines;
  }
  const matcher = () => watch.problemMatcher as Exclude<Task['problemMatcher'], string | undefined>;

  test('its background patterns match the one started/finished pair esbuild.mjs prints around a rebuild', async () => {
    const { beginsPattern, endsPattern } = matcher().background;
    const lines = await watchOutput('export const a = 1;\n');
    assert.equal(lines.length, 2, `one pair for both bundles: ${JSON.stringify(lines)}`);
    assert.match(lines[0], new RegExp(beginsPattern));
    assert.doesNotMatch(lines[0], new RegExp(endsPattern));
    assert.match(lines[1], new RegExp(endsPattern));
  });

  test('its problem pattern reads message, file, line and column of a real esbuild error, on consecutive lines', async () => {
    const [first, second] = matcher().pattern;
    const lines = await watchOutput('export const x: number = ;\n');
    const at = lines.findIndex((l) => new RegExp(first.regexp).test(l));
    assert.ok(at > 0, `no line matches ${first.regexp}: ${JSON.stringify(lines)}`);
    const head = new RegExp(first.regexp).exec(lines[at])!;
    assert.deepEqual([head[first.severity!], head[first.message!]], ['ERROR', 'Unexpected ";"']);
    // A multi-line matcher reads its second pattern on the very next line.
    const location = new RegExp(second.regexp).exec(lines[at + 1]);
    assert.ok(location, `${JSON.stringify(lines[at + 1])} does not match ${second.regexp}`);
    // The ";" is the 26th character (VS Code counts columns from 1).
    assert.deepEqual([location[second.file!], location[second.line!], location[second.column!]], ['a.ts', '1', '26']);
    assert.match(lines[lines.length - 1], new RegExp(matcher().background.endsPattern));
  });
});
