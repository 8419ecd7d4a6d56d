// Per-turn diffs as OpenCode 1.18 records them (full-context patches from jsdiff), rebuilt into the texts
// before and after, and composed over turns into one net change per file.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTwoFilesPatch } from 'diff';
import {
  changeTotals,
  composeChanges,
  composeSides,
  composeWithSubagents,
  figuresOf,
  netCounts,
  patchSides,
  type TurnRef,
} from '../../../src/features/changes/fileChanges';
import { turnsOf } from '../../../src/client/v1/turns';
import { parseFileDiff } from '../../../src/client/wire/fileDiff';
import type { Turn } from '../../../src/store/turns';
import { changedFileLabel, changesSummary, safePath } from '../../../src/features/changes/changeText';

/** A patch the way OpenCode writes it: the whole file as context. */
const patch = (path: string, before: string, after: string) =>
  createTwoFilesPatch(path, path, before, after, '', '', { context: Number.MAX_SAFE_INTEGER });
const lines = (n: number, change?: [number, string]) =>
  Array.from({ length: n }, (_, i) => (change && i + 1 === change[0] ? change[1] : `line ${i + 1}`)).join('\n') + '\n';

function turn(
  messageID: string,
  created: number,
  files: Array<{ path: string; before: string; after: string; status?: 'added' | 'modified' | 'deleted' }>,
  sessionID = 'ses_a',
): Turn {
  return {
    sessionID,
    messageID,
    created,
    files: files.map((f) => {
      const p = patch(f.path, f.before, f.after);
      const sides = patchSides(p)!;
      const add = sides.after.split('\n').length - 1;
      return parseFileDiff({ file: f.path, patch: p, status: f.status ?? 'modified', additions: add, deletions: 0 })!;
    }),
  };
}

/**
 * What a row and its diff show: the turns' figures with the net counts worked out (as the cache does when the turns
 * are read), and each file's texts from its first and last turn's patches (as a diff being opened reads them).
 */
async function compose(turns: Turn[], subagents?: Turn[]) {
  const net = new Map([...(await netCounts(turns)), ...(subagents ? await netCounts(subagents) : [])]);
  const lookup = (key: string) => net.get(key);
  const files = subagents
    ? composeWithSubagents(turns.map(figuresOf), subagents.map(figuresOf), lookup)
    : composeChanges(turns.map(figuresOf), lookup);
  const all = [...turns, ...(subagents ?? [])];
  const patchOf = (ref: TurnRef, path: string) => all.find((t) => t.messageID === ref.messageID)!.files.find((f) => f.path === path)!;
  return Promise.all(
    files.map(async (f) => ({ ...f, sides: await composeSides(patchOf(f.sidesFrom.first, f.path), patchOf(f.sidesFrom.last, f.path)) })),
  );
}

describe('patchSides', () => {
  test('a full-context patch gives back both texts exactly', () => {
    const before = lines(30);
    const after = lines(30, [15, 'line fifteen']);
    const sides = patchSides(patch('a.txt', before, after));
    assert.deepEqual(sides, { before, after, complete: true });
  });

  test('an added file has an empty before; a missing final newline is kept', () => {
    assert.deepEqual(patchSides(patch('n.txt', '', 'hello\nworld')), { before: '', after: 'hello\nworld', complete: true });
    assert.deepEqual(patchSides(patch('n.txt', 'x\n', '')), { before: 'x\n', after: '', complete: true });
  });

  test('a patch with limited context is marked incomplete; a binary one has no sides', () => {
    const partial = createTwoFilesPatch('b', 'b', lines(40), lines(40, [20, 'changed']), '', '', { context: 3 });
    assert.equal(patchSides(partial)?.complete, false);
    assert.equal(patchSides('Index: img.png\n===\nBinary files a/img.png and b/img.png differ\n'), undefined);
    assert.equal(patchSides(''), undefined, 'OpenCode 1.18 sends a binary file with an empty patch');
    assert.deepEqual(
      patchSides(patch('empty.txt', '', '')),
      { before: '', after: '', complete: true },
      'an empty text file still has headers',
    );
  });

  test('the recorded 1.18.33 patch of an edit (a real server’s answer) round-trips', () => {
    // From `GET /session/{id}/diff?messageID=` after an `edit` of line 15 of a 30-line file.
    const recorded = `Index: existing.txt\n===================================================================\n--- existing.txt\t\n+++ existing.txt\t\n@@ -1,30 +1,30 @@\n${Array.from({ length: 30 }, (_, i) => (i === 14 ? '-line 15\n+line fifteen' : ` line ${i + 1}`)).join('\n')}\n`;
    const sides = patchSides(recorded)!;
    assert.equal(sides.before, lines(30));
    assert.equal(sides.after, lines(30, [15, 'line fifteen']));
  });
});

describe('turns and their composition', () => {
  test('turnsOf reads user messages’ summary.diffs, oldest first, and skips malformed entries', () => {
    const messages = [
      {
        info: {
          id: 'msg_2',
          role: 'user',
          time: { created: 20 },
          summary: { diffs: [{ file: 'b.ts', patch: '', additions: 1, deletions: 0, status: 'added' }, null, { patch: 'x' }] },
        },
      },
      { info: { id: 'msg_1', role: 'user', time: { created: 10 }, summary: { diffs: [{ file: 'a.ts', additions: '3', deletions: -1 }] } } },
      { info: { id: 'msg_3', role: 'assistant', summary: { diffs: [{ file: 'c.ts' }] } } },
      { info: { id: 'msg_4', role: 'user', time: { created: 30 }, summary: { diffs: [] } } },
      null,
    ];
    const turns = turnsOf('ses_a', messages);
    assert.deepEqual(
      turns.map((t) => [t.messageID, t.files.map((f) => f.path)]),
      [
        ['msg_1', ['a.ts']],
        ['msg_2', ['b.ts']],
      ],
    );
    assert.deepEqual(
      turns[0].files[0],
      { path: 'a.ts', status: 'modified', additions: 0, deletions: 0, patch: '' },
      'bad numbers count as 0',
    );
  });

  test('one turn keeps the server’s counts', async () => {
    const t = turn('msg_1', 1, [{ path: 'a.txt', before: lines(3), after: lines(3, [2, 'two']) }]);
    t.files[0].additions = 7; // whatever the server said
    const [file] = await compose([t]);
    assert.equal(file.additions, 7);
    assert.equal(file.sides?.after, lines(3, [2, 'two']));
  });

  test('several turns: before of the first, after of the last, counted line by line; changed back or created-then-deleted drop out', async () => {
    const turns = [
      turn('msg_1', 1, [
        { path: 'a.txt', before: lines(5), after: lines(5, [2, 'two']) },
        { path: 'tmp.txt', before: '', after: 'x\n', status: 'added' },
        { path: 'same.txt', before: 'a\n', after: 'b\n' },
      ]),
      turn('msg_2', 2, [
        { path: 'a.txt', before: lines(5, [2, 'two']), after: lines(5, [4, 'four']).replace('line 2', 'two') },
        { path: 'tmp.txt', before: 'x\n', after: '', status: 'deleted' },
        { path: 'same.txt', before: 'b\n', after: 'a\n' },
      ]),
    ];
    const files = await compose(turns);
    assert.deepEqual(
      files.map((f) => f.path),
      ['a.txt'],
    );
    assert.deepEqual([files[0].additions, files[0].deletions], [2, 2]);
    assert.equal(files[0].sides?.before, lines(5));
    assert.deepEqual(
      files[0].turns.map((t) => t.messageID),
      ['msg_1', 'msg_2'],
    );
    assert.deepEqual(changeTotals(files), { files: 1, additions: 2, deletions: 2 });
  });

  test('sub-agents: a parent turn already holds what its sub-agent did while it ran; each file once, with every session that touched it', async () => {
    // The parent's turn (A → C) spans its sub-agent's edit (A → B), which started later.
    const files = await compose(
      [turn('msg_1', 1, [{ path: 'a.txt', before: 'A\n', after: 'C\n' }], 'ses_parent')],
      [
        turn(
          'msg_9',
          2,
          [
            { path: 'a.txt', before: 'A\n', after: 'B\n' },
            { path: 'only-child.txt', before: '', after: 'x\n', status: 'added' },
          ],
          'ses_child',
        ),
      ],
    );
    assert.deepEqual(
      files.map((f) => f.path),
      ['a.txt', 'only-child.txt'],
    );
    assert.deepEqual([files[0].sides?.before, files[0].sides?.after], ['A\n', 'C\n'], 'the file ends as the parent left it');
    assert.deepEqual(
      files[0].turns.map((t) => t.sessionID),
      ['ses_parent', 'ses_child'],
    );
  });
});

describe('how changes read', () => {
  test('summary and labels', () => {
    assert.equal(
      changesSummary({
        files: composeChanges([figuresOf(turn('m', 1, [{ path: 'x/y.ts', before: '', after: 'a\nb\n', status: 'added' }]))]),
        revertedTurns: 1,
      }),
      '1 file · +2 −0 · 1 turn reverted',
    );
    assert.deepEqual(changedFileLabel('src/lib/a.ts'), { name: 'a.ts', folder: 'src/lib' });
    assert.deepEqual(changedFileLabel('<img src=x>\u202e.ts'), { name: '<img src=x>.ts', folder: '' }, 'plain text, bidi override dropped');
  });

  test('a document path cannot climb out: no .. or empty segments, no backslashes or control characters', () => {
    assert.equal(safePath('../../etc/passwd'), 'etc/passwd');
    assert.equal(safePath('a\\..\\..\\b/./c\u0000\u202e.ts'), 'a/b/c.ts');
    assert.equal(safePath('..'), 'file');
    assert.equal(
      safePath('command:workbench.action.quit'),
      'command:workbench.action.quit',
      'a path, not a link: it only names a document of our scheme',
    );
  });
});

describe('turnOfStep', () => {
  test('a step belongs to the newest user message not after it', async () => {
    const { turnOfStep } = await import('../../../src/features/changes/turnOfStep');
    const record = {
      userMessages: new Map([
        ['u1', { created: 10, compaction: false }],
        ['u2', { created: 20, compaction: false }],
      ]),
      messages: new Map([
        ['a1', { created: 15 }],
        ['a2', { created: 25 }],
        ['a0', { created: 5 }],
      ]),
    } as unknown as Parameters<typeof turnOfStep>[0];
    assert.equal(turnOfStep(record, 'a1'), 'u1');
    assert.equal(turnOfStep(record, 'a2'), 'u2');
    assert.equal(turnOfStep(record, 'a0'), undefined);
    assert.equal(turnOfStep(record, 'nope'), undefined);
  });
});
