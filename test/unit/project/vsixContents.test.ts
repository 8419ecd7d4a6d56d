// The rules the packaged .vsix is checked against (test/run/vsix.ts): each one catches what it is for.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { manifestMedia, MAX_VSIX_BYTES, REQUIRED_FILES, vsixProblems } from '../../vscode-server/vsixContents';
import { repoRoot } from '../../harness/paths';

const manifest = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as Parameters<typeof manifestMedia>[0];
const media = manifestMedia(manifest);
// A lean package: what is required, what the manifest points at, and the one stylesheet the panel loads.
const GOOD = [...REQUIRED_FILES, 'media/usage.css', ...media];

describe('vsix contents', () => {
  test('the manifest names its icon, the view container icon and five walkthrough pages', () => {
    assert.ok(media.includes('media/icon.png') && media.includes('media/opencode.svg'), media.join(', '));
    assert.equal(media.filter((m) => m.startsWith('media/walkthrough/')).length, 5);
  });

  test('a complete, lean package passes', () => {
    assert.deepEqual(vsixProblems(GOOD, 430_000, media), []);
  });

  test('a missing bundle, doc or page is named', () => {
    const without = (file: string) => GOOD.filter((f) => f !== file);
    assert.deepEqual(vsixProblems(without('dist/extension.js'), 1, media), ['dist/extension.js is missing']);
    assert.deepEqual(vsixProblems(without('changelog.md'), 1, media), ['changelog.md is missing']);
    assert.deepEqual(vsixProblems(without('media/walkthrough/budget.md'), 1, media), ['media/walkthrough/budget.md is missing']);
  });

  test('sources, tests, build output, node_modules, .vscode and source maps are refused', () => {
    const extra = [
      'src/extension.ts',
      'test/unit/x.test.ts',
      'out/test/run/all.js',
      'node_modules/ws/index.js',
      '.vscode/launch.json',
      'dist/extension.js.map',
    ];
    assert.deepEqual(vsixProblems([...GOOD, ...extra], 1, media), [
      'src/extension.ts is sources',
      'test/unit/x.test.ts is a development folder',
      'out/test/run/all.js is a development folder',
      'node_modules/ws/index.js is a development folder',
      '.vscode/launch.json is a development folder',
      'dist/extension.js.map is a source map',
    ]);
  });

  test('a package over the bound is refused', () => {
    assert.deepEqual(vsixProblems(GOOD, MAX_VSIX_BYTES + 1, media), [
      `the .vsix is ${MAX_VSIX_BYTES + 1} bytes, more than ${MAX_VSIX_BYTES}`,
    ]);
  });
});
