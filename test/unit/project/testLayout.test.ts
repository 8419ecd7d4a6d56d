// Where tests go (ARCHITECTURE.md): test/<runner>/<area>/<name>.test.ts, so a feature's tests are found from its
// folder name. Every feature has an area of its own in some runner, and base names stay unique within a runner
// (OCS_TEST_FILES narrows by base name).
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { repoRoot } from '../../harness/paths';

const RUNNERS = ['unit', 'scale', 'vscode', 'ui'];
/** Areas whose tests sit one folder deeper, as their sources do: the client's server generations (src/client/v1, v2). */
const SUBAREAS = ['client/v1', 'client/v2'];

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('test layout', () => {
  const root = repoRoot();
  const files = RUNNERS.map((runner) => ({ runner, files: testFiles(join(root, 'test', runner)).map((f) => relative(root, f)) }));

  test('every test file sits in an area folder of its runner (or a generation folder of the client area)', () => {
    const total = files.reduce((n, r) => n + r.files.length, 0);
    assert.ok(total > 100, `${total} test files`);
    const placed = (file: string) => {
      const parts = file.split('/');
      return parts.length === 4 || (parts.length === 5 && SUBAREAS.includes(`${parts[2]}/${parts[3]}`));
    };
    assert.deepEqual(
      files.flatMap((r) => r.files.filter((f) => !placed(f))),
      [],
    );
    assert.ok(
      SUBAREAS.every((sub) => files.some((r) => r.files.some((f) => f.startsWith(`test/unit/${sub}/`)))),
      'each generation folder holds tests (a positive control)',
    );
  });

  test('every feature folder names an area with tests in it', () => {
    const features = readdirSync(join(root, 'src', 'features')).filter((n) => statSync(join(root, 'src', 'features', n)).isDirectory());
    assert.ok(features.includes('changes') && features.includes('plan'), features.join(', '));
    const without = features.filter((f) => !files.some((r) => r.files.some((file) => file.split('/')[2] === f)));
    assert.deepEqual(without, []);
  });

  test('base names are unique within a runner', () => {
    for (const { runner, files: list } of files) {
      const names = list.map((f) => basename(f));
      assert.deepEqual(
        names.filter((n, i) => names.indexOf(n) !== i),
        [],
        runner,
      );
    }
  });
});
