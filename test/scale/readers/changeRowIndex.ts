// The Changes rows' lookups (src/features/changes/changeRowIndex.ts, used by ChangeRows and the diff documents): VS
// Code asks the TreeItem of every child of a Changes row at once, so a row of F files the server listed asks F
// lookups in one step; and a frame that removes R sessions forgets each one's rows. The files, their paths and the
// sessions are the server's, of any number.
import assert from 'node:assert/strict';
import { ChangeRowNodes, fileInSet } from '../../../src/features/changes/changeRowIndex';
import type { ChangeSet } from '../../../src/features/changes/changeSet';
import { composeChanges, type TurnFigures } from '../../../src/features/changes/fileChanges';
import { reader, type Reader } from '../reader';

const pathOf = (i: number) => `src/generated/module${String(i).padStart(6, '0')}.ts`;

interface Row {
  sessionId: string;
  path?: string;
}

/** A session's change set of n files from one turn, every other one named by its tools (the rest changed meanwhile). */
function setOf(n: number): ChangeSet {
  const turn: TurnFigures = {
    sessionID: 'ses_a',
    messageID: 'msg_a',
    created: 1,
    files: Array.from({ length: n }, (_, i) => ({
      path: pathOf(i),
      status: 'added' as const,
      additions: 10,
      deletions: 0,
      binary: false,
      complete: true,
    })),
    tools: { files: Array.from({ length: n / 2 }, (_, i) => `/w/p/${pathOf(2 * i)}`), commands: [], delegated: false },
  };
  const all = composeChanges([turn]);
  return { files: all.filter((f) => f.own), meanwhile: all.filter((f) => !f.own), revertedTurns: 0, turns: [turn] };
}

const treeItems = reader<ChangeSet>({
  name: "A Changes row of the server's files opened: each file row's file looked up (fileInSet, ChangeRowNodes)",
  covers: ['src/features/changes/changeRowIndex.ts#fileInSet', 'src/features/changes/changeRowIndex.ts#ChangeRowNodes'],
  // 10n is 10 000 files: a scan per row (the old find over the set) was 5.2–5.8 s in one step there.
  n: 1_000,
  read: (set) => {
    // As ChangeRows does when VS Code asks a Changes row's children, then every child's TreeItem and parent.
    const nodes = new ChangeRowNodes<Row>();
    const rows = [...set.files, ...set.meanwhile].map((f) =>
      nodes.file('srv', 'ses_a', f.path, () => ({ sessionId: 'ses_a', path: f.path })),
    );
    let own = 0;
    let meanwhile = 0;
    for (const row of rows) {
      const found = fileInSet(set, row.path!);
      if (found?.meanwhile) meanwhile++;
      else if (found) own++;
    }
    return { rows: rows.length, own, meanwhile };
  },
  shapes: [
    {
      name: 'n files, half named by its tools, half changed meanwhile',
      make: (n) => setOf(n),
      worst: true,
    },
  ],
  check: (answer, n) => assert.deepEqual(answer, { rows: n, own: n / 2, meanwhile: n / 2 }),
});

interface Held {
  nodes: ChangeRowNodes<Row>;
  removed: string[];
}

const forget = reader<Held>({
  name: "Changes rows forgotten as the server's sessions go, one session's at a time (ChangeRowNodes.forget)",
  covers: ['src/features/changes/changeRowIndex.ts#ChangeRowNodes'],
  // 10n is 10 000 sessions removed in one frame while a shown Changes row holds 10 000 file rows (a walk of every
  // row per removed session was 1.17 s there).
  n: 1_000,
  read: ({ nodes, removed }) => {
    for (const id of removed) nodes.forget('srv', id);
    // What stays: the shown session's rows, the same nodes as before.
    const kept = nodes.file('srv', 'ses_a', pathOf(0), () => ({ sessionId: 'new' }));
    return { forgotten: removed.filter((id) => nodes.shownChanges('srv', id) === undefined).length, kept: kept.sessionId };
  },
  shapes: [
    {
      name: 'n sessions removed in one frame, n file rows of another session held',
      make: (n) => {
        const nodes = new ChangeRowNodes<Row>();
        for (let i = 0; i < n; i++) nodes.file('srv', 'ses_a', pathOf(i), () => ({ sessionId: 'ses_a' }));
        const removed = Array.from({ length: n }, (_, i) => `ses_gone_${i}`);
        for (const id of removed) nodes.changes('srv', id, () => ({ sessionId: id }));
        return { nodes, removed };
      },
      worst: true,
    },
  ],
  check: (answer, n) => assert.deepEqual(answer, { forgotten: n, kept: 'ses_a' }),
});

export const changeRowIndexReaders: Array<Reader<unknown, unknown>> = [treeItems, forget];
