// The changed files view's readers (src/features/changes/): which of a turn's changed files its own tools named
// (composeChanges, attribution.ts). A turn's diff is the server's and its tools' paths and commands the model's, of
// any number and length.
import assert from 'node:assert/strict';
import { composeChanges, type TurnFigures } from '../../../src/features/changes/fileChanges';
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
];
