// The Changes rows' lookups: a row's file in its change set (own before meanwhile), and the rows' nodes kept once per
// server, session and path, a removed session forgetting only its own.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ChangeRowNodes, fileInSet } from '../../../src/features/changes/changeRowIndex';
import type { ChangeSet } from '../../../src/features/changes/changeSet';
import { composeChanges, type TurnFigures } from '../../../src/features/changes/fileChanges';

function setOf(paths: string[], ownPaths: string[]): ChangeSet {
  const turn: TurnFigures = {
    sessionID: 'ses_a',
    messageID: 'msg_a',
    created: 1,
    files: paths.map((path) => ({ path, status: 'modified' as const, additions: 1, deletions: 1, binary: false, complete: true })),
    tools: { files: ownPaths.map((p) => `/w/p/${p}`), commands: [], delegated: false },
  };
  const all = composeChanges([turn]);
  return { files: all.filter((f) => f.own), meanwhile: all.filter((f) => !f.own), revertedTurns: 0, turns: [turn] };
}

describe('fileInSet', () => {
  test('finds own and meanwhile files by path, and nothing for a path the set does not hold', () => {
    const set = setOf(['src/a.ts', 'src/b.ts', 'meanwhile'], ['src/a.ts']);
    assert.equal(set.files.length, 1, 'one own file');
    assert.deepEqual(
      ['src/a.ts', 'src/b.ts', 'meanwhile'].map((p) => {
        const found = fileInSet(set, p);
        return found && [found.file.path, found.meanwhile];
      }),
      [
        ['src/a.ts', false],
        ['src/b.ts', true],
        ['meanwhile', true],
      ],
    );
    assert.equal(fileInSet(set, 'src/gone.ts'), undefined);
    assert.equal(fileInSet(set, 'src/a.ts')?.file, set.files[0], 'the set’s own object');
  });

  test('a new set (its inputs changed) is looked up afresh', () => {
    const before = setOf(['src/a.ts'], ['src/a.ts']);
    assert.equal(fileInSet(before, 'src/a.ts')?.meanwhile, false);
    const after = setOf(['src/a.ts', 'src/c.ts'], []);
    assert.equal(fileInSet(after, 'src/a.ts')?.meanwhile, true);
    assert.equal(fileInSet(after, 'src/c.ts')?.file.path, 'src/c.ts');
  });

  test('a path in both lists is the own one, as the rows list it first', () => {
    const set = setOf(['src/a.ts'], ['src/a.ts']);
    const both: ChangeSet = { ...set, meanwhile: [{ ...set.files[0], own: false }] };
    assert.equal(fileInSet(both, 'src/a.ts')?.meanwhile, false);
  });
});

describe('ChangeRowNodes', () => {
  const make = (label: string) => () => ({ label });

  test('one node per row: asked again, the same object', () => {
    const nodes = new ChangeRowNodes<{ label: string }>();
    const changes = nodes.changes('srv', 'ses_a', make('changes'));
    const file = nodes.file('srv', 'ses_a', 'src/a.ts', make('a'));
    assert.equal(nodes.changes('srv', 'ses_a', make('other')), changes);
    assert.equal(nodes.file('srv', 'ses_a', 'src/a.ts', make('other')), file);
    assert.equal(nodes.shownChanges('srv', 'ses_a'), changes);
    assert.notEqual(nodes.file('srv2', 'ses_a', 'src/a.ts', make('a')), file, 'another server’s row');
  });

  test('a file named like a group or a session is still its own row', () => {
    const nodes = new ChangeRowNodes<{ label: string }>();
    const group = nodes.meanwhile('srv', 'ses_a', make('group'));
    const changes = nodes.changes('srv', 'ses_a', make('changes'));
    assert.equal(nodes.file('srv', 'ses_a', 'meanwhile', make('file')).label, 'file');
    assert.equal(nodes.file('srv', 'ses_a', '', make('empty')).label, 'empty');
    assert.equal(nodes.meanwhile('srv', 'ses_a', make('x')), group);
    assert.equal(nodes.changes('srv', 'ses_a', make('x')), changes);
  });

  test('a removed session forgets its own nodes only; a server forgets all of its', () => {
    const nodes = new ChangeRowNodes<{ label: string }>();
    const kept = nodes.file('srv', 'ses_a', 'src/a.ts', make('a'));
    nodes.changes('srv', 'ses_b', make('b'));
    nodes.file('srv', 'ses_b', 'src/a.ts', make('b file'));
    nodes.forget('srv', 'ses_b');
    assert.equal(nodes.shownChanges('srv', 'ses_b'), undefined);
    assert.equal(nodes.file('srv', 'ses_b', 'src/a.ts', make('new')).label, 'new');
    assert.equal(nodes.file('srv', 'ses_a', 'src/a.ts', make('new')), kept);
    nodes.forget('srv');
    assert.equal(nodes.file('srv', 'ses_a', 'src/a.ts', make('new')).label, 'new');
  });
});
