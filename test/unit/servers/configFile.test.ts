// Install Status Tool writes an OpenCode config: a folder's opencode.json (which comes with the repository) that
// is a symbolic link is neither read through nor written through, whatever it points at; the user's own global
// config may be a link (dotfile managers) and is written through it.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { LinkedConfigError, readConfigFile, writeConfigFile } from '../../../src/features/servers/configFile';

describe('an OpenCode config file written for Install Status Tool', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ocs-config-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const folder = { followLinks: false };

  test('a folder’s opencode.json that links elsewhere is not read or written through', () => {
    const target = join(dir, 'elsewhere.json');
    writeFileSync(target, '{"secret": "kept"}\n');
    const linked = join(dir, 'opencode.json');
    symlinkSync(target, linked);
    assert.throws(() => readConfigFile(linked, folder), LinkedConfigError);
    assert.throws(() => writeConfigFile(linked, '{"plugin": []}\n', folder), LinkedConfigError);
    assert.equal(readFileSync(target, 'utf8'), '{"secret": "kept"}\n', 'the target is untouched');
    assert.ok(lstatSync(linked).isSymbolicLink(), 'the link is left as it was');
  });

  test('a plain file is read and written; a missing one is created with its folder', () => {
    const plain = join(dir, 'plain', 'opencode.json');
    assert.equal(readConfigFile(plain, folder), undefined);
    writeConfigFile(plain, '{"plugin": ["a"]}\n', folder);
    assert.equal(readConfigFile(plain, folder), '{"plugin": ["a"]}\n');
    writeConfigFile(plain, '{}\n', folder);
    assert.equal(readFileSync(plain, 'utf8'), '{}\n', 'written whole');
  });

  test('the user’s global config may be a link of their own, and is written through it', () => {
    const dotfile = join(dir, 'dotfiles-opencode.json');
    writeFileSync(dotfile, '{}\n');
    const global = join(dir, 'global-opencode.json');
    symlinkSync(dotfile, global);
    writeConfigFile(global, '{"plugin": ["b"]}\n', { followLinks: true });
    assert.equal(readFileSync(dotfile, 'utf8'), '{"plugin": ["b"]}\n');
  });
});
