// The registry keeps up with the code: every value export of a watched module (exportsOf.ts: every module under src/
// and webview/ but those exemptModules.ts names with why) is run by a reader of registry.ts or named in notReaders.ts
// with why, so a new reader of outside data cannot skip the suite wherever it is; and every name any list gives
// still exists. There is no list of exports still to class: a new one is registered or named before it lands.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { repoRoot } from '../../harness/paths';
import { EXEMPT_MODULES } from '../exemptModules';
import { allModules, valueExports, watchedModules } from '../exportsOf';
import { NOT_READERS } from '../notReaders';
import { READERS } from '../registry';

describe('the scale registry covers every reader of outside data', () => {
  const root = repoRoot();
  const modules = watchedModules(root);
  const exports = modules.flatMap((file) => valueExports(root, file));
  const covered = new Set(READERS.flatMap((r) => r.covers));

  test('the watched modules were read (a positive control)', () => {
    assert.ok(
      [
        'src/client/v2/openApiRoutes.ts',
        'src/base/pattern/linearPattern.ts',
        'src/features/cluster/taskClock.ts',
        'webview/timelineState.ts',
      ].every((m) => modules.includes(m)),
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

  test('every name the registry and the lists give is an export of a watched module', () => {
    const known = new Set(exports);
    assert.deepEqual(
      [...covered, ...Object.keys(NOT_READERS)].filter((name) => !known.has(name)),
      [],
    );
  });

  test('every exempt module exists, says why, and is not also registered', () => {
    const all = new Set(allModules(root));
    assert.deepEqual(
      Object.keys(EXEMPT_MODULES).filter((m) => !all.has(m)),
      [],
      'exempt modules that are gone',
    );
    assert.deepEqual(
      Object.entries(EXEMPT_MODULES)
        .filter(([, why]) => why.trim().length < 20)
        .map(([m]) => m),
      [],
    );
    assert.deepEqual(
      [...covered, ...Object.keys(NOT_READERS)].filter((name) => name.split('#')[0] in EXEMPT_MODULES),
      [],
      'an exempt module has registered or listed exports: it is watched, take it off the exempt list',
    );
  });

  test('a module is watched by default, in any folder (a new reader anywhere is caught)', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'ocs-scale-watch-'));
    try {
      mkdirSync(join(scratch, 'src', 'features', 'brandNew'), { recursive: true });
      writeFileSync(
        join(scratch, 'src', 'features', 'brandNew', 'reader.ts'),
        'export function readAnswer(text: string) {\n  return text;\n}\n',
      );
      mkdirSync(join(scratch, 'webview'));
      writeFileSync(join(scratch, 'webview', 'page.ts'), 'export const onMessage = (m: unknown) => m;\n');
      const found = watchedModules(scratch).flatMap((file) => valueExports(scratch, file));
      assert.deepEqual(found, ['src/features/brandNew/reader.ts#readAnswer', 'webview/page.ts#onMessage']);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
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
