// The registry keeps up with the code: every value export of a watched module (exportsOf.ts) is run by a reader of
// registry.ts or named in notReaders.ts with why, so a new reader of outside data cannot skip the suite; and every
// name either of them gives still exists.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { repoRoot } from '../../harness/paths';
import { valueExports, watchedModules } from '../exportsOf';
import { NOT_READERS } from '../notReaders';
import { READERS } from '../registry';

describe('the scale registry covers every reader of outside data', () => {
  const root = repoRoot();
  const modules = watchedModules(root);
  const exports = modules.flatMap((file) => valueExports(root, file));
  const covered = new Set(READERS.flatMap((r) => r.covers));

  test('the watched modules were read (a positive control)', () => {
    assert.ok(
      modules.includes('src/client/v2/openApiRoutes.ts') && modules.includes('src/base/pattern/linearPattern.ts'),
      modules.join(' '),
    );
    assert.ok(exports.includes('src/client/v2/openApiRoutes.ts#RouteTable'), 'RouteTable is an export');
    assert.ok(exports.length > 150, `${exports.length} exports`);
  });

  test('every export is a registered reader or named as none, with why', () => {
    const unclassed = exports.filter((name) => !covered.has(name) && !(name in NOT_READERS));
    assert.deepEqual(
      unclassed,
      [],
      'register these in test/scale/registry.ts (readers/…) or name them in test/scale/notReaders.ts with why',
    );
  });

  test('nothing is both, and every "why" says something', () => {
    assert.deepEqual(
      Object.keys(NOT_READERS).filter((name) => covered.has(name)),
      [],
    );
    assert.deepEqual(
      Object.entries(NOT_READERS)
        .filter(([, why]) => why.trim().length < 12)
        .map(([name]) => name),
      [],
    );
  });

  test('every name the registry and the list give is an export of a watched module', () => {
    const known = new Set(exports);
    assert.deepEqual(
      [...covered, ...Object.keys(NOT_READERS)].filter((name) => !known.has(name)),
      [],
    );
  });

  test('reader and shape names are unique (a test title finds one)', () => {
    const names = READERS.map((r) => r.name);
    assert.deepEqual(
      names.filter((n, i) => names.indexOf(n) !== i),
      [],
    );
    for (const r of READERS) {
      const shapes = r.shapes.map((s) => s.name);
      assert.ok(shapes.length > 0, `${r.name} has no shape`);
      assert.deepEqual(
        shapes.filter((n, i) => shapes.indexOf(n) !== i),
        [],
        r.name,
      );
    }
  });
});
