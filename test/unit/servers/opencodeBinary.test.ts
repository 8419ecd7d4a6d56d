// Which `opencode` the embedded server runs: the user/machine setting only, else PATH; clear "not found".
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { configuredBinaryPath, resolveOpencodeBinary } from '../../../src/app/servers/opencodeBinary';

const only =
  (...paths: string[]) =>
  (path: string) =>
    paths.includes(path);

describe('configuredBinaryPath', () => {
  test('takes the user/machine value, trimmed', () => {
    assert.equal(configuredBinaryPath({ globalValue: ' /opt/opencode/bin/opencode ' }), '/opt/opencode/bin/opencode');
  });

  test('ignores workspace and folder values even when present', () => {
    assert.equal(configuredBinaryPath({ workspaceValue: '/repo/evil', workspaceFolderValue: '/repo/evil' }), undefined);
    assert.equal(configuredBinaryPath({ globalValue: '/usr/bin/opencode', workspaceValue: '/repo/evil' }), '/usr/bin/opencode');
  });

  test('blank, missing or non-string values mean "not set"', () => {
    for (const globalValue of ['', '   ', 42, null, undefined]) assert.equal(configuredBinaryPath({ globalValue }), undefined);
    assert.equal(configuredBinaryPath(undefined), undefined);
  });
});

describe('resolveOpencodeBinary', () => {
  test('searches PATH in order when the setting is empty', () => {
    const found = resolveOpencodeBinary({ pathEnv: '/a:/b:/c', platform: 'linux', isExecutable: only('/b/opencode', '/c/opencode') });
    assert.deepEqual(found, { found: true, path: '/b/opencode', source: 'PATH' });
  });

  test('the setting wins over PATH', () => {
    const found = resolveOpencodeBinary({
      configured: '/opt/oc',
      pathEnv: '/b',
      platform: 'linux',
      isExecutable: only('/opt/oc', '/b/opencode'),
    });
    assert.deepEqual(found, { found: true, path: '/opt/oc', source: 'setting' });
  });

  test('expands ~ and looks a bare name up on PATH', () => {
    assert.deepEqual(
      resolveOpencodeBinary({ configured: '~/bin/oc', home: '/home/u', platform: 'linux', isExecutable: only('/home/u/bin/oc') }),
      {
        found: true,
        path: '/home/u/bin/oc',
        source: 'setting',
      },
    );
    assert.deepEqual(
      resolveOpencodeBinary({ configured: 'opencode-dev', pathEnv: '/x:/y', platform: 'linux', isExecutable: only('/y/opencode-dev') }),
      {
        found: true,
        path: '/y/opencode-dev',
        source: 'setting',
      },
    );
  });

  test('not found says where it looked and how to install', () => {
    const result = resolveOpencodeBinary({ pathEnv: '/usr/bin:/bin', platform: 'linux', isExecutable: () => false });
    assert.equal(result.found, false);
    const { message } = result as { message: string };
    assert.match(message, /no opencode in PATH \(looked in \/usr\/bin, \/bin\)/);
    assert.match(message, /npm install -g opencode-ai/);
    assert.match(message, /opencodeSessions\.localServer\.binaryPath/);
  });

  test('a configured path that is missing, relative or not executable is reported as such (no PATH fallback)', () => {
    const missing = resolveOpencodeBinary({
      configured: '/nope/opencode',
      pathEnv: '/b',
      platform: 'linux',
      isExecutable: only('/b/opencode'),
    });
    assert.equal(missing.found, false);
    assert.match((missing as { message: string }).message, /"\/nope\/opencode", which is not an executable file/);
    const relative = resolveOpencodeBinary({ configured: 'bin/opencode', platform: 'linux', isExecutable: () => true });
    assert.match((relative as { message: string }).message, /not an absolute path/);
  });

  test('Windows: PATHEXT variants, never the extensionless npm shell script', () => {
    const found = resolveOpencodeBinary({
      pathEnv: 'C:\\npm;C:\\tools',
      platform: 'win32',
      pathExt: '.EXE;.CMD',
      isExecutable: (p) => p.endsWith('opencode.cmd') || p.endsWith('opencode'),
    });
    assert.equal(found.found, true);
    assert.match((found as { path: string }).path, /opencode\.cmd$/);
  });

  describe('on the real file system', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocs-binary-'));
    after(() => rmSync(dir, { recursive: true, force: true }));

    test('only executable files count', () => {
      mkdirSync(join(dir, 'plain'));
      mkdirSync(join(dir, 'exec'));
      mkdirSync(join(dir, 'folder', 'opencode'), { recursive: true });
      writeFileSync(join(dir, 'plain', 'opencode'), '#!/bin/sh\n');
      writeFileSync(join(dir, 'exec', 'opencode'), '#!/bin/sh\n');
      chmodSync(join(dir, 'exec', 'opencode'), 0o755);
      const pathEnv = ['folder', 'plain', 'exec'].map((d) => join(dir, d)).join(':');
      assert.deepEqual(resolveOpencodeBinary({ pathEnv, platform: 'linux' }), {
        found: true,
        path: join(dir, 'exec', 'opencode'),
        source: 'PATH',
      });
    });
  });
});
