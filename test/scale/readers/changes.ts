// The changed files view's readers (src/features/changes/): which of a turn's changed files its own tools named
// (composeChanges, attribution.ts), and how a changed file and a set of them read (changeText.ts). A turn's diff is
// the server's and its tools' paths and commands the model's, of any number and length.
import assert from 'node:assert/strict';
import { changedFileLabel, changesSummary, diffTitle, safePath, sideTitle } from '../../../src/features/changes/changeText';
import { composeChanges, type ChangedFile, type TurnFigures } from '../../../src/features/changes/fileChanges';
import { reader, type Reader } from '../reader';

const pathOf = (i: number) => `src/dir${i % 50}/file${i}.ts`;

function turnOf(n: number, tools: { files: string[]; commands: string[] }): TurnFigures[] {
  const files = Array.from({ length: n }, (_, i) => ({
    path: pathOf(i),
    status: 'modified' as const,
    additions: 1,
    deletions: 1,
    binary: false,
    complete: false,
  }));
  return [{ sessionID: 'ses_a', messageID: 'msg_a', created: 1, files, tools: { ...tools, delegated: false } }];
}

export const changesReaders: Array<Reader<unknown, unknown>> = [
  reader<TurnFigures[]>({
    name: "a turn's changed files and whose they are (composeChanges)",
    // Run as the changes view runs it.
    covers: ['src/features/changes/fileChanges.ts#composeChanges', 'src/features/changes/attribution.ts#namedByOwnTools'],
    // An item is a changed file (one synchronous step makes the whole list: 10n is 3 000 files).
    n: 300,
    read: (turns) => composeChanges(turns),
    shapes: [
      {
        name: 'n files, each written by a tool (absolute paths, listed last first)',
        make: (n) => turnOf(n, { files: Array.from({ length: n }, (_, i) => `/home/u/project/${pathOf(n - 1 - i)}`), commands: [] }),
      },
      {
        name: 'n files, n tool paths naming none of them',
        make: (n) => turnOf(n, { files: Array.from({ length: n }, (_, i) => `/elsewhere/other${i}.ts`), commands: [] }),
        worst: true,
      },
      {
        name: 'n files, one shell command of n×200 characters naming none of them',
        make: (n) => turnOf(n, { files: [], commands: ['file'.repeat(n * 50)] }),
        worst: true,
      },
    ],
    check: (answer, n, shape) => {
      const files = answer as Array<{ own: boolean }>;
      assert.equal(files.length, n);
      const own = files.filter((f) => f.own).length;
      assert.equal(own, shape.includes('written by a tool') ? n : 0, `${own} of ${n} the session's own`);
    },
  }),
  reader<{ file: ChangedFile; files: ChangedFile[] }>({
    name: 'A changed file and a set of them in words (changedFileLabel, diffTitle, sideTitle, safePath, changesSummary)',
    covers: [
      'src/features/changes/changeText.ts#changedFileLabel',
      'src/features/changes/changeText.ts#diffTitle',
      'src/features/changes/changeText.ts#sideTitle',
      'src/features/changes/changeText.ts#safePath',
      'src/features/changes/changeText.ts#changesSummary',
      'src/features/changes/fileChanges.ts#changeTotals',
    ],
    // A path of n×10 characters (the server's), and a set of n files summed (a row's description, the view's title).
    // 10n is a path of 100 KB, 25 times Linux's PATH_MAX (at 1.2 MB safePath's step is about 200 ms, linear).
    n: 1_000,
    read: ({ file, files }) => {
      const label = changedFileLabel(file.path);
      return {
        label: label.name.length + label.folder.length,
        titles: diffTitle(file, 'a session').length + sideTitle(file, 'a session').length,
        safe: safePath(file.path).length,
        summary: changesSummary({ files, revertedTurns: 2 }),
      };
    },
    shapes: [
      { name: 'a path of n folders of 8 characters, n files', make: (n) => changed(`src/${'folder1/'.repeat(n)}../a.ts`, n) },
      { name: 'a path of n×10 slashes, n files', make: (n) => changed(`${'/'.repeat(n * 10)}a.ts`, n), worst: true },
      {
        name: 'a path of n×12 control, bidi and zero-width characters in n×2 segments, n files',
        make: (n) => changed('\u202e\u0007/\u200b\\\u2066.'.repeat(n * 2), n),
        worst: true,
      },
    ],
    check: (answer, n) => {
      const { safe, summary } = answer as { safe: number; summary: string };
      assert.ok(safe <= n * 10, `a safe path of ${safe}`);
      assert.equal(summary, `${n} files · +${n * 3} −${n} · 2 turns reverted`);
    },
  }),
];

/** A changed file at `path`, and n files changed (3 lines added and 1 deleted each). */
function changed(path: string, n: number): { file: ChangedFile; files: ChangedFile[] } {
  const file = { path, status: 'modified', additions: 3, deletions: 1, binary: false, complete: false } as ChangedFile;
  return { file, files: Array.from({ length: n }, (_, i) => ({ ...file, path: pathOf(i) })) };
}
