// The README's pictures exist in the repository, the README shows each of them, and they stay small.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../harness/paths';
import { README_SCREENSHOTS, README_SCREENSHOTS_DIR } from '../../vscode-server/readmeScreenshots';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

test('every README screenshot is in docs/screenshots/, a PNG under 300 KB, and shown by the README', () => {
  const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
  assert.ok(README_SCREENSHOTS.length >= 5);
  for (const name of README_SCREENSHOTS) {
    const path = `${README_SCREENSHOTS_DIR}/${name}.png`;
    assert.ok(existsSync(join(repoRoot(), path)), `${path} exists (npm run screenshots)`);
    assert.ok(readFileSync(join(repoRoot(), path)).subarray(0, 8).equals(PNG), `${path} is a PNG`);
    assert.ok(statSync(join(repoRoot(), path)).size < 300_000, `${path} is small`);
    assert.ok(readme.includes(`](${path})`), `the README shows ${path}`);
  }
});
