// A session's Changes as the view reads them (src/features/changes): its turns as the server's diff route gives them
// (read by the client's registered readers; answered in-process here), kept as figures, the net counts of files
// several turns changed worked out from their patches in slices, composed with its sub-agents', and a diff's two
// sides rebuilt from the patches when it opens. Every path, patch and count is the server's, of any number and size.
import assert from 'node:assert/strict';
import { changeSet, turnChanges } from '../../../src/features/changes/changeSet';
import { composeSides, netCounts, patchSides } from '../../../src/features/changes/fileChanges';
import { SessionChanges } from '../../../src/features/changes/sessionChanges';
import type { ServerConnection } from '../../../src/client/serverConnection';
import type { SessionInfo } from '../../../src/store/events';
import { SessionStore } from '../../../src/store/sessionStore';
import type { FileChange, Turn } from '../../../src/store/turns';
import { reader, type Reader } from '../reader';

const T0 = 1_700_000_000_000;

const info = (id: string, parentID?: string): SessionInfo => ({
  id,
  ...(parentID && { parentID }),
  title: id,
  directory: '/w/p',
  // Reported as having changed files: the view reads its turns.
  summary: { additions: 1, deletions: 1, files: 1 },
  time: { created: T0, updated: T0 },
});

/** A whole-file patch from `before` to `after` (one hunk, every line as context or changed). */
function patchOf(path: string, before: string[], after: string[]): string {
  const body = [...before.map((l) => `-${l}`), ...after.map((l) => `+${l}`)];
  return [`Index: ${path}`, '===', `--- ${path}`, `+++ ${path}`, `@@ -1,${before.length} +1,${after.length} @@`, ...body, ''].join('\n');
}

/** A patch of a file of `lines` lines in which line `changed` was rewritten (the rest context). */
function onePatch(path: string, lines: number, changed: number, version: number): string {
  const body: string[] = [];
  for (let i = 0; i < lines; i++) {
    if (i === changed) body.push(`-line ${i} v${version - 1}`, `+line ${i} v${version}`);
    else body.push(` line ${i}`);
  }
  return [`--- ${path}`, `+++ ${path}`, `@@ -1,${lines} +1,${lines} @@`, ...body, ''].join('\n');
}

const file = (path: string, patch: string, additions = 1, deletions = 1): FileChange => ({
  path,
  status: 'modified',
  additions,
  deletions,
  patch,
});

const turn = (sessionID: string, i: number, files: FileChange[]): Turn => ({
  sessionID,
  messageID: `msg_${String(i).padStart(8, '0')}`,
  created: T0 + i,
  files,
  tools: { files: files.map((f) => `/w/p/${f.path}`), commands: [], delegated: false },
});

interface Scene {
  connection: ServerConnection;
  changes: SessionChanges<ServerConnection>;
  turns: Map<string, Turn[]>;
  /** The root has a file several turns changed: its net count follows the first draw when the patches are big. */
  expectNet: boolean;
}

/** The root session R and its sub-agent S on a server whose diff route answers `turns`. */
function scene(root: Turn[], sub: Turn[], expectNet = false): Scene {
  const store = new SessionStore(() => 0);
  store.loadSnapshot([info('R'), info('S', 'R')], {});
  const turns = new Map([
    ['R', root],
    ['S', sub],
  ]);
  const connection = {
    label: 'scale',
    sessions: store,
    state: { kind: 'online' },
    api: { offers: () => true, sessionTurns: (s: SessionInfo) => Promise.resolve(turns.get(s.id) ?? []) },
  } as unknown as ServerConnection;
  const changes = new SessionChanges<ServerConnection>((_, id, error) => {
    throw new Error(`${id}: ${String(error)}`);
  });
  return { connection, changes, turns, expectNet };
}

const changesView = reader<Scene>({
  name: "A session's Changes: turns read, net counts worked out, composed with its sub-agent's, a diff opened (SessionChanges, changeSet)",
  covers: [
    'src/features/changes/sessionChanges.ts#SessionChanges',
    'src/features/changes/sessionChanges.ts#changesVersion',
    'src/features/changes/changeSet.ts#changeSet',
    'src/features/changes/changeSet.ts#turnChanges',
    'src/features/changes/fileChanges.ts#figuresOf',
    'src/features/changes/fileChanges.ts#netCounts',
    'src/features/changes/fileChanges.ts#composeWithSubagents',
    'src/features/changes/fileChanges.ts#composeSides',
    'src/features/changes/fileChanges.ts#patchSides',
    'src/features/changes/patchTexts.ts#readPatch',
    'src/features/changes/patchTexts.ts#sideText',
    'src/features/changes/patchTexts.ts#countedLines',
    'src/features/changes/patchTexts.ts#isCompletePatch',
    'src/features/changes/patchTexts.ts#isBinaryPatch',
    'src/features/changes/lineCounts.ts#countLineChanges',
    'src/store/sessionRecord.ts#mayHaveChanges',
  ],
  // 10n is 5 000 turns or files: at 10 000 files changeSet's compose was one synchronous step of 184 ms (linear,
  // ×9.2; it does not yield: reported).
  n: 500,
  read: async ({ connection, changes, turns, expectNet }) => {
    const source = connection;
    const loaded = new Set<string>();
    const netOf = (id: string) => changes.figures(source, connection.sessions.get(id)!)?.net.size ?? 0;
    const both = new Promise<void>((resolve) =>
      changes.onDidLoad(({ sessionId }) => {
        loaded.add(sessionId);
        if (loaded.size === 2 && (!expectNet || netOf('R') > 0)) resolve();
      }),
    );
    for (const id of ['R', 'S']) changes.figures(source, connection.sessions.get(id)!);
    await both;
    const set = changeSet(changes, connection, 'R', true)!;
    const last = turns.get('R')!.at(-1)!;
    const picked = turnChanges(changes, connection, 'R', new Set([last.messageID]))!;
    // A diff of the first file opened: its sides from the first and last turns that touched it.
    const path = set.files[0].path;
    const touching = turns.get('R')!.flatMap((t) => t.files.filter((f) => f.path === path));
    const sides = await composeSides(touching[0], touching.at(-1)!);
    const small = patchSides(touching[0].patch.slice(0, 10_000));
    return {
      files: set.files.length,
      turns: set.turns.length,
      picked: picked.length,
      counted: set.files[0].counted,
      additions: set.files[0].additions,
      sides: (sides?.before.length ?? 0) + (sides?.after.length ?? 0),
      small: small !== undefined,
    };
  },
  shapes: [
    {
      // At 10n the root's figures are about 2.7 MB. (A root and a sub-agent of 5 000 such turns each passed the 4 MB
      // the view keeps: each read of one dropped the other's, read again when its row drew: reported, not fixed.)
      name: 'n/2 turns of two files each, the sub-agent one turn',
      make: (n) =>
        scene(
          Array.from({ length: n / 2 }, (_, i) =>
            turn(
              'R',
              i,
              [0, 1].map((k) => file(`src/f${i}_${k}.ts`, onePatch(`f${i}`, 10, 1, 1))),
            ),
          ),
          [turn('S', 0, [file('src/s.ts', onePatch('s', 10, 1, 1))])],
        ),
    },
    {
      // Its net change: the first turn's text before against the last one's after, each a whole-file patch.
      name: 'n turns changing one file of 100 lines, a line each',
      make: (n) =>
        scene(
          Array.from({ length: n }, (_, i) => turn('R', i, [file('src/a.ts', onePatch('src/a.ts', 100, i % 100, i + 1))])),
          [],
          true,
        ),
    },
  ],
  check: (answer, n, shape) => {
    const a = answer as { files: number; turns: number; picked: number; counted: string; additions: number; sides: number; small: boolean };
    assert.ok(a.small, 'a small patch read at once');
    if (shape.startsWith('n/2 turns')) assert.deepEqual([a.files, a.turns, a.picked, a.counted], [n + 1, n / 2 + 1, 2, 'server']);
    if (shape.startsWith('n turns changing')) assert.deepEqual([a.files, a.turns, a.picked, a.counted, a.additions], [1, n, 1, 'net', 2]);
  },
});

const net = reader<Turn[]>({
  name: 'Net line counts of a file several turns changed, from their patches in slices (netCounts, countLineChanges)',
  covers: ['src/features/changes/fileChanges.ts#netCounts', 'src/features/changes/lineCounts.ts#countLineChanges'],
  // 10n is a file of 10 000 lines rewritten, or of 300 000 reversed.
  n: 1_000,
  read: async (turns) => [...(await netCounts(turns)).values()][0],
  shapes: [
    {
      name: 'two turns of a file of n lines, every line rewritten',
      make: (n) => {
        const lines = (v: number) => Array.from({ length: n }, (_, i) => `line ${i} v${v}`);
        return [
          turn('R', 0, [file('src/a.ts', patchOf('src/a.ts', lines(0), lines(1)), n, n)]),
          turn('R', 1, [file('src/a.ts', patchOf('src/a.ts', lines(1), lines(2)), n, n)]),
        ];
      },
      worst: true,
    },
    {
      // Every line kept but in the opposite order: the shortest edit is as long as the file (Myers' worst), and
      // is given up past MAX_EDITS (20 000) edits: the turns' counts summed stand.
      name: 'two turns of a file of n×30 lines, its lines reversed',
      make: (n) => {
        const lines = Array.from({ length: n * 30 }, (_, i) => `line ${i}`);
        const edited = [...lines.slice(0, -1), 'edited'];
        return [
          turn('R', 0, [file('src/a.ts', patchOf('src/a.ts', lines, edited), 1, 1)]),
          turn('R', 1, [file('src/a.ts', patchOf('src/a.ts', edited, [...lines].reverse()), n * 30, n * 30)]),
        ];
      },
      worst: true,
      capped: true,
    },
  ],
  check: (answer, n, shape) => {
    // Past MAX_EDITS (20 000) edits no net count is given: the turns' counts summed stand.
    if (shape.includes('reversed')) assert.equal(answer, undefined);
    else assert.deepEqual(answer, { additions: n, deletions: n });
  },
});

export const changeSetsReaders: Array<Reader<unknown, unknown>> = [changesView, net];
