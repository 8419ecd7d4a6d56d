// scripts/kube-apiserver.sh runs the kube-apiserver it cached: only from folders and a file that no one but this user
// (or root) can change. Its checks, sourced from the script itself, on real folders with real owners and modes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { repoRoot } from '../../harness/paths';

const SCRIPT = join(repoRoot(), 'scripts', 'kube-apiserver.sh');

/** What one of the script's checks says of its arguments (nothing: safe). */
function check(fn: 'path_problem' | 'folder_problem', ...args: string[]): string {
  const script = `source "$1"; shift; ${fn} "$@"`;
  return execFileSync('bash', ['-c', script, 'check', SCRIPT, ...args], { encoding: 'utf8' }).trim();
}

describe('the kube-apiserver cache is used only when no one else can change it', () => {
  const base = mkdtempSync(join(tmpdir(), 'ocs-kube-cache-'));
  after(() => rmSync(base, { recursive: true, force: true }));

  /** A cache laid out as the script lays it: root/opencode-sessions/kube-apiserver-<version>/kube-apiserver. */
  function cache(name: string): { root: string; dir: string; binary: string } {
    const root = join(base, name);
    const dir = join(root, 'opencode-sessions', 'kube-apiserver-1.20');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(root, 0o700);
    chmodSync(join(root, 'opencode-sessions'), 0o700);
    const binary = join(dir, 'kube-apiserver');
    writeFileSync(binary, '#!/bin/sh\n', { mode: 0o755 });
    return { root, dir, binary };
  }

  test('this user’s folders and binary, not writable by others: used', () => {
    const { root, dir, binary } = cache('good');
    assert.equal(check('folder_problem', root, dir), '');
    assert.equal(check('path_problem', binary), '');
  });

  test('a binary or a folder others may change, or a symbolic link: refused, saying which and why', () => {
    const { root, dir, binary } = cache('loose');
    chmodSync(binary, 0o777);
    assert.match(check('path_problem', binary), /kube-apiserver may be changed by its group or others \(mode 777\)/);
    chmodSync(binary, 0o775);
    assert.match(check('path_problem', binary), /mode 775/);
    chmodSync(join(root, 'opencode-sessions'), 0o757);
    assert.match(check('folder_problem', root, dir), /opencode-sessions may be changed by its group or others \(mode 757\)/);
    const linked = cache('linked');
    rmSync(linked.binary);
    symlinkSync('/bin/true', linked.binary);
    assert.match(check('path_problem', linked.binary), /is a symbolic link/);
  });

  test('a binary another user owns: refused', { skip: process.getuid?.() !== 0 && 'needs root to give a file away' }, () => {
    const { binary } = cache('foreign');
    chownSync(binary, 65534, 65534);
    assert.match(check('path_problem', binary), /is owned by uid 65534, not by you \(uid 0\) or root/);
  });
});
