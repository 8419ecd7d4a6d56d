// Start Local Server's OpenCode 2 path: which generation a binary is, and `serve --service` failing before it
// registers (fake binaries: sh scripts; the real service is in test/vscode/servers/discovery.test.ts).
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { binaryGeneration, startService, versionGeneration } from '../../../src/features/servers/opencodeService';

const dir = mkdtempSync(join(tmpdir(), 'ocs-service-start-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function fakeBinary(name: string, script: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${script}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('opencode --version', () => {
  test('2.x (a release, or this build from source) is OpenCode 2; 1.x is not', () => {
    assert.equal(versionGeneration('opencode v2.0.0-src.b6226260\n'), 'v2');
    assert.equal(versionGeneration('2.0.1'), 'v2');
    assert.equal(versionGeneration('1.18.33\n'), 'v1');
    assert.equal(versionGeneration('0.15.2'), 'v1');
    assert.equal(versionGeneration('command not found'), undefined);
  });

  test('asked of the binary itself', { skip: process.platform === 'win32' && 'sh scripts' }, async () => {
    assert.equal(await binaryGeneration(fakeBinary('oc2', 'echo "opencode v2.0.0-src.b6226260"'), {}), 'v2');
    assert.equal(await binaryGeneration(fakeBinary('oc1', 'echo 1.18.33'), {}), 'v1');
    assert.equal(await binaryGeneration(fakeBinary('broken', 'exit 3'), {}), undefined);
  });
});

describe('startService', { skip: process.platform === 'win32' && 'sh scripts' }, () => {
  test('serve --service that exits before it registers: the reason, with its output', async () => {
    const binary = fakeBinary('failing', 'echo "args: $*"; echo "Managed service port 49374 is already in use" >&2; exit 1');
    await assert.rejects(
      startService({ binary, env: { PATH: process.env.PATH, XDG_STATE_HOME: join(dir, 'state') }, timeoutMs: 20_000 }),
      /opencode serve --service exited \(1\) before it registered\.\nargs: serve --service\nManaged service port 49374 is already in use/,
    );
  });

  test('a binary that cannot run', async () => {
    await assert.rejects(startService({ binary: join(dir, 'missing'), env: {}, timeoutMs: 5000 }), /could not run opencode: .*ENOENT/);
  });
});
