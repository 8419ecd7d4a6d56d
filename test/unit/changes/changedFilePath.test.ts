// Open File's containment, on real folders and symlinks: a name is followed to its real path before it is judged.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { containedChangedFile, MAX_FOLDERS } from '../../../src/features/changes/changedFilePath';

describe('containedChangedFile', () => {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'ocs-contained-')));
  after(() => rmSync(base, { recursive: true, force: true }));
  const outside = join(base, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), 'secret\n');
  // A repository whose .git is above the opened folder (the workspace is one of its packages).
  const repo = join(base, 'repo');
  const workspace = join(repo, 'packages', 'app');
  mkdirSync(join(repo, '.git'), { recursive: true });
  mkdirSync(join(workspace, 'src'), { recursive: true });
  writeFileSync(join(workspace, 'src', 'a.ts'), 'a\n');
  writeFileSync(join(repo, 'root.txt'), 'root\n');
  symlinkSync(outside, join(workspace, 'linked'));
  symlinkSync(join(outside, 'secret.txt'), join(workspace, 'src', 'secret-link.txt'));

  test('a file of the opened folder, named from the git root above it, is found', () => {
    assert.equal(containedChangedFile(workspace, 'packages/app/src/a.ts'), join(workspace, 'src', 'a.ts'));
    assert.equal(containedChangedFile(workspace, 'packages/app/src/gone.ts'), join(workspace, 'src', 'gone.ts'), 'a deleted file');
  });

  test('a symlink inside the folder that leads outside is refused, whether a folder or a file', () => {
    assert.equal(containedChangedFile(workspace, 'packages/app/linked/secret.txt'), undefined);
    assert.equal(containedChangedFile(workspace, 'packages/app/src/secret-link.txt'), undefined);
  });

  test('the repository above the workspace is not the limit: its other files and climbing names are refused', () => {
    assert.equal(containedChangedFile(workspace, 'root.txt'), undefined);
    assert.equal(containedChangedFile(workspace, '../outside/secret.txt'), undefined);
    assert.equal(containedChangedFile(workspace, '/etc/passwd'), undefined);
  });

  test('a workspace opened through a symlink still finds its own files', () => {
    const alias = join(base, 'alias');
    symlinkSync(workspace, alias);
    assert.equal(containedChangedFile(alias, 'packages/app/src/a.ts'), join(workspace, 'src', 'a.ts'));
    assert.equal(containedChangedFile(join(base, 'missing'), 'a.ts'), undefined, 'a folder that is not there');
  });

  test('a deleted tree is found from its deepest folder that is there, through links as well', () => {
    mkdirSync(join(workspace, 'src', 'x', 'y'), { recursive: true });
    const named = 'packages/app/src/x/y/gone/deeper/still/z.ts';
    assert.equal(containedChangedFile(workspace, named), join(workspace, 'src', 'x', 'y', 'gone', 'deeper', 'still', 'z.ts'));
    assert.equal(containedChangedFile(alias(), 'packages/app/src/x/y/gone/z.ts'), join(workspace, 'src', 'x', 'y', 'gone', 'z.ts'));
    assert.equal(containedChangedFile(workspace, 'packages/app/linked/gone/deeper/z.ts'), undefined, 'under a link out');
    assert.equal(
      containedChangedFile(workspace, 'packages/app/src/a.ts/under/a/file.ts'),
      join(workspace, 'src', 'a.ts', 'under', 'a', 'file.ts'),
    );
  });

  test('a path deeper than any project is refused by its name', () => {
    assert.equal(containedChangedFile(workspace, `packages/app/src/${'d/'.repeat(MAX_FOLDERS)}a.ts`), undefined);
  });

  function alias(): string {
    return join(base, 'alias');
  }
});
