// Files on this machine that other programs write and the extension reads: OpenCode's config (opencode.json, read
// before the extension adds its plugin to it) and OpenCode's auth.json (the OpenCode Go key). Both are read whole and
// parsed by JSON once (linear; neither is capped: found, reported). And where a changed file the server names lies on
// this machine (containedChangedFile): its path is the server's, of any depth. And the claim file another VS Code
// window wrote (ProcessClaim), parsed whole once.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcessClaim } from '../../../src/base/node/processClaim';
import { containedChangedFile, MAX_FOLDERS } from '../../../src/features/changes/changedFilePath';
import { openCodeGoKey } from '../../../src/features/plan/openCodeGoCredential';
import { readConfigFile } from '../../../src/features/servers/configFile';
import { reader, type Reader } from '../reader';

const files = reader<string, string>({
  name: "OpenCode's own files as the extension reads them: its config and its auth.json (readConfigFile, openCodeGoKey)",
  covers: ['src/features/servers/configFile.ts#readConfigFile', 'src/features/plan/openCodeGoCredential.ts#openCodeGoKey'],
  // 10n is a file of 10 000 providers (about 1 MB).
  n: 1_000,
  setup: () => mkdtempSync(join(tmpdir(), 'ocs-scale-files-')),
  teardown: (dir) => rmSync(dir, { recursive: true, force: true }),
  read: async (dir) => {
    const config = readConfigFile(join(dir, 'opencode.json'), { followLinks: false });
    const key = await openCodeGoKey(join(dir, 'auth.json'));
    return { config: config?.length ?? 0, key };
  },
  shapes: [
    {
      name: 'n providers in each, the Go key last',
      make: (n, dir) => {
        const entries = Object.fromEntries(
          Array.from({ length: n }, (_, i) => [`provider-${i}`, { type: 'api', key: `k${i}`.padEnd(60, 'x') }]),
        );
        writeFileSync(join(dir, 'auth.json'), JSON.stringify({ ...entries, 'opencode-go': { type: 'api', key: ' go-key ' } }));
        writeFileSync(join(dir, 'opencode.json'), JSON.stringify({ provider: entries }));
        return dir;
      },
    },
  ],
  check: (answer, n) => {
    const a = answer as { config: number; key?: string };
    assert.equal(a.key, 'go-key');
    assert.ok(a.config > n * 60, `${a.config} characters read`);
  },
});

const changedFile = reader<string, string>({
  name: "A changed file's place on this machine, as the server names it (containedChangedFile)",
  covers: ['src/features/changes/changedFilePath.ts#containedChangedFile'],
  // An item is a folder of the path the server names: 10n is 10 000 folders (80 KB). A path deeper than MAX_FOLDERS
  // is refused by its name; the folders that are there are made as deep as it allows (each real path walks its prefix).
  n: 1_000,
  setup: () => {
    const folder = realpathSync(mkdtempSync(join(tmpdir(), 'ocs-scale-changed-')));
    mkdirSync(join(folder, '.git'));
    mkdirSync(join(folder, 'src'));
    return folder;
  },
  teardown: (folder) => rmSync(folder, { recursive: true, force: true }),
  read: (path, folder) => containedChangedFile(folder, path)?.slice(folder.length) ?? 'outside',
  shapes: [
    { name: 'a file n folders deep, none of them there (a deleted tree)', make: (n) => `src/${'folder1/'.repeat(n)}a.ts`, worst: true },
    { name: 'n×2 parent steps out of the folder', make: (n) => `${'../'.repeat(n * 2)}etc/passwd`, worst: true },
    {
      name: 'a file missing under folders that are there, as deep as allowed',
      make: (n, folder) => {
        const deep = `src/${'d/'.repeat(Math.min(n, MAX_FOLDERS - folder.split('/').length - 2))}`;
        mkdirSync(join(folder, deep), { recursive: true });
        return `${deep}gone.ts`;
      },
    },
  ],
  check: (answer, n, shape) => {
    if (shape.includes('parent steps')) return assert.equal(answer, 'outside');
    if (shape.includes('are there')) return assert.match(String(answer), /^\/src\/(d\/)+gone\.ts$/);
    // Deeper than allowed: refused, not opened.
    assert.equal(answer, n >= MAX_FOLDERS ? 'outside' : `/src/${'folder1/'.repeat(n)}a.ts`);
  },
});

const claimFile = reader<string, string>({
  name: 'A claim file another window wrote (ProcessClaim.claim)',
  covers: ['src/base/node/processClaim.ts#ProcessClaim'],
  // An item is 100 characters of the file: 10n is a file of 1 MB.
  n: 1_000,
  setup: () => mkdtempSync(join(tmpdir(), 'ocs-scale-claim-')),
  teardown: (folder) => rmSync(folder, { recursive: true, force: true }),
  read: (folder) => (ProcessClaim.claim(folder, 'owner') ? 'taken' : 'held'),
  shapes: [
    {
      // This process's parent runs: the file holds.
      name: "a running process's claim with a token of n×100 characters",
      make: (n, folder) => {
        writeFileSync(join(folder, 'owner'), JSON.stringify({ pid: process.ppid, token: 't'.repeat(n * 100) }));
        return folder;
      },
      worst: true,
    },
    {
      // No pid: not a claim, but written less than a minute ago (a claim being written): it holds too.
      name: 'n nested arrays and n×100 characters, no pid',
      make: (n, folder) => {
        writeFileSync(join(folder, 'owner'), `{"x":${'['.repeat(n)}${']'.repeat(n)},"y":"${'y'.repeat(n * 100)}"}`);
        return folder;
      },
      worst: true,
    },
  ],
  check: (answer) => assert.equal(answer, 'held'),
});

export const filesReaders: Array<Reader<unknown, unknown>> = [files, changedFile, claimFile];
