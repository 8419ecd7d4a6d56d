// What a session changed, in a real VS Code against a real server whose scripted model writes and edits
// files through OpenCode's own tools, in a git project (where OpenCode records per-turn diffs).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { RunningHarness } from '../../harness/harness';
import { changingTurn as turnWithChanges, gitProject, NUMBERED, turnWithWritesMeanwhile } from '../../harness/gitProject';
import { createSession, prompt, promptAsync, recordedTurns, turnDiff } from '../../harness/scenario';
import { text, toolCall } from '../../harness/scriptedModel';
import { isOpencode2, offersTurnDiff2 } from '../../harness/opencode2';
import { calmestStalls } from '../../harness/stallWatch';
import { connectionFor, serverForSuite, waitFor } from '../helpers/extensionApi';

const HOSTILE_NAME = '<img src=x onerror=alert(1)> [x](command:workbench.action.quit) $(zap).txt';

describe('Session changes: files, diffs, revert', function () {
  this.timeout(180_000);
  let h: RunningHarness;
  let api: ExtensionApi;
  const suite = serverForSuite('changes');
  before(() => ({ h, api } = suite));

  const connection = () => connectionFor(api, h.server.url)!;
  const children = (node: Parameters<ExtensionApi['tree']['getChildren']>[0]) => api.tree.getChildren(node);
  const changesRow = (sessionId: string) => children(api.tree.sessionNode(connection(), sessionId)).find((n) => n.kind === 'changes');
  const described = (node: NonNullable<ReturnType<typeof changesRow>>) => String(api.tree.getTreeItem(node).description);

  const changingTurn = (title: string, project: string) => turnWithChanges(h, title, project);

  it('lists the files a turn changed with the server’s counts, and opens a diff whose texts are the files before and after', async () => {
    const project = gitProject(h, 'changes-one', { 'existing.txt': NUMBERED });
    const { id, turn } = await changingTurn('Changes two files', project);
    const serverDiff = await turnDiff(h, id, turn, project);
    assert.equal(serverDiff.length, 2, 'the server recorded both files');
    const additions = serverDiff.reduce((n, d) => n + d.additions, 0);
    const deletions = serverDiff.reduce((n, d) => n + d.deletions, 0);

    const row = await waitFor(
      'a Changes row',
      () => changesRow(id),
      (n) => n !== undefined,
      60_000,
    );
    await waitFor(
      'the server’s counts',
      () => described(row!),
      (d) => d === `2 files · +${additions} −${deletions}`,
    );
    assert.equal(
      api.tree.getTreeItem(row!).accessibilityInformation?.label,
      `Changes, 2 files · +${additions} −${deletions}`,
      'a screen reader hears the row and its counts',
    );
    const files = children(row);
    const items = files.map((f) => api.tree.getTreeItem(f));
    for (const d of serverDiff) {
      const item = items.find((i) => i.label === d.file)!;
      assert.ok(item, `a row for ${d.file}`);
      assert.equal(item.description, `+${d.additions} −${d.deletions}`);
      assert.match(String(item.contextValue), new RegExp(`^changedFile ${d.status} text remote`));
      assert.equal(item.accessibilityInformation?.label, `${d.file}, ${d.status}, +${d.additions} −${d.deletions}`);
    }

    const edited = files[items.findIndex((i) => i.label === 'existing.txt')];
    assert.equal(await vscode.commands.executeCommand('opencodeSessions.openChange', edited), true);
    const input = await waitFor(
      'a diff editor',
      () => vscode.window.tabGroups.activeTabGroup.activeTab?.input,
      (i) => i instanceof vscode.TabInputTextDiff,
    );
    const { original, modified } = input as vscode.TabInputTextDiff;
    assert.equal(original.scheme, 'opencode-change');
    assert.equal(modified.scheme, 'opencode-change');
    const left = (await vscode.workspace.openTextDocument(original)).getText();
    const right = (await vscode.workspace.openTextDocument(modified)).getText();
    const after = readFileSync(join(project, 'existing.txt'), 'utf8');
    if (isOpencode2() && !(await offersTurnDiff2(h.server))) {
      // The older build's edit tool records its patch with three lines of context, not the whole file (2.x
      // releases diff whole files on the server): both sides are the changed region, and the title says so.
      assert.match(vscode.window.tabGroups.activeTabGroup.activeTab!.label, /changed regions only/);
      assert.ok(left.length > 0 && NUMBERED.includes(left), `left = the region before the turn: ${left}`);
      assert.ok(right.length > 0 && after.includes(right) && right !== left, `right = the region after: ${right}`);
    } else {
      assert.equal(left, NUMBERED, 'left = the file before the turn');
      assert.equal(right, after, 'right = the file after');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Open All Changes on the row: the multi-file diff editor, with one entry per file.
    assert.equal(await vscode.commands.executeCommand('opencodeSessions.openAllChanges', row), true);
    const multi = await waitFor(
      'a multi-file diff editor',
      () => vscode.window.tabGroups.activeTabGroup.activeTab,
      (t) => t !== undefined && !(t.input instanceof vscode.TabInputTextDiff),
    );
    assert.match(multi!.label, /Changes of Changes two files/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Show Changes of This Turn from a step (the usage panel’s button) opens that turn’s files; a turn without changes says so', async () => {
    const project = gitProject(h, 'changes-turns', { 'existing.txt': NUMBERED });
    const { id, turn } = await changingTurn('Two turns', project);
    await prompt(h, id, 'Just answer', [text('Nothing to change.')], { directory: project });
    await waitFor(
      'a Changes row',
      () => changesRow(id),
      (n) => n !== undefined,
      60_000,
    );
    await connection().loadAllMessages(id);
    const turns = await recordedTurns(h, id, project);
    const stepOf = (userId: string) => turns.find((t) => t.id === userId)!.steps[0];
    const quiet = turns.map((t) => t.id).find((u) => u !== turn)!;
    const session = api.tree.sessionNode(connection(), id);
    assert.equal(await vscode.commands.executeCommand('opencodeSessions.showTurnChanges', session, { stepMessageID: stepOf(turn) }), true);
    assert.equal(
      await vscode.commands.executeCommand('opencodeSessions.showTurnChanges', session, { stepMessageID: stepOf(quiet) }),
      false,
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('one turn’s changes are that turn’s only; a name that climbs out reads nothing from disk', async () => {
    const project = gitProject(h, 'changes-per-turn');
    const id = (await createSession(h, { title: 'Two turns, one file', directory: project })).id;
    await prompt(h, id, 'Write 1', [toolCall('write', { filePath: join(project, 'a.txt'), content: '1\n' }), text('Done.')], {
      directory: project,
    });
    await prompt(h, id, 'Write 2', [toolCall('write', { filePath: join(project, 'a.txt'), content: '2\n' }), text('Done.')], {
      directory: project,
    });
    // The session's total (added, +1 −0) is already right after the first turn, so it cannot tell that the
    // second turn is in: wait for the server's own record of that turn's diff (its user message's
    // summary.diffs; 2.x: its tool results), then for the extension to have read the session's turns with it.
    const recorded = await waitFor(
      'the server’s record of both turns’ diffs',
      () => recordedTurns(h, id, project),
      (turns) => turns.length === 2 && turns.every((t) => t.changes.some((d) => d.file === 'a.txt')),
      undefined,
      (turns) => turns.map((t) => ({ id: t.id, diffs: t.changes.map((d) => [d.file, d.additions, d.deletions]) })),
    );
    const users = recorded.map((t) => t.id);
    await waitFor(
      'the extension’s turns of the session: both, with a.txt',
      () => api.changes.figures(connection(), connection().sessions.get(id)!)?.turns,
      (turns) => users.every((u) => turns?.some((t) => t.messageID === u && t.files.some((f) => f.path === 'a.txt'))),
      undefined,
      (turns) => turns?.map((t) => ({ turn: t.messageID, files: t.files.map((f) => f.path) })),
    );
    assert.equal(described(changesRow(id)!), '1 file · +1 −0', 'the session’s change: added, 2');
    const uri = (file: string, side: string, turns?: string) =>
      vscode.Uri.from({
        scheme: 'opencode-change',
        path: `/${file}`,
        query: new URLSearchParams({ server: connection().config.id, session: id, file, side, ...(turns ? { turns } : {}) }).toString(),
      });
    const read = async (u: vscode.Uri) => (await vscode.workspace.openTextDocument(u)).getText();
    assert.equal(await read(uri('a.txt', 'before')), '', 'the whole session: created');
    assert.equal(await read(uri('a.txt', 'after')), '2\n');
    assert.equal(await read(uri('a.txt', 'before', users[1])), '1\n', 'the second turn alone: 1 → 2');
    assert.equal(await read(uri('a.txt', 'after', users[1])), '2\n');
    assert.match(await read(uri('../../../../etc/passwd', 'after')), /no longer available/, 'never the file on disk');
  });

  it('Revert restores the files on disk and the tree shows it; Undo Revert brings them back', async () => {
    const project = gitProject(h, 'changes-revert', { 'existing.txt': NUMBERED });
    const { id, turn } = await changingTurn('Revert me', project);
    const row = await waitFor(
      'a Changes row',
      () => changesRow(id),
      (n) => n !== undefined,
      60_000,
    );
    await waitFor(
      'both files',
      () => described(row!),
      (d) => d.startsWith('2 files'),
    );
    const session = api.tree.sessionNode(connection(), id);
    assert.equal(await vscode.commands.executeCommand('opencodeSessions.revertTurn', session, { messageID: turn, confirmed: true }), true);
    assert.equal(readFileSync(join(project, 'existing.txt'), 'utf8'), NUMBERED, 'the edit is undone on disk');
    assert.ok(!existsSync(join(project, 'new.txt')), 'the new file is gone');
    await waitFor(
      'the reverted state',
      () => [described(changesRow(id)!), api.tree.getTreeItem(session).contextValue],
      ([d, c]) => d === '0 files · +0 −0 · 1 turn reverted' && /\breverted\b/.test(String(c)),
    );

    assert.equal(await vscode.commands.executeCommand('opencodeSessions.unrevertSession', session), true);
    assert.ok(readFileSync(join(project, 'existing.txt'), 'utf8').includes('line fifteen'), 'the edit is back');
    assert.equal(readFileSync(join(project, 'new.txt'), 'utf8'), 'hello\nworld\n');
    await waitFor(
      'the changes again',
      () => described(changesRow(id)!),
      (d) => d.startsWith('2 files') && !d.includes('reverted'),
    );
  });

  it('refuses to revert a busy session, with nothing changed', async () => {
    const project = gitProject(h, 'changes-busy', { 'existing.txt': NUMBERED });
    const { id, turn } = await changingTurn('Busy when reverted', project);
    let release!: () => void;
    const hold = new Promise<void>((resolve) => (release = resolve));
    await promptAsync(h, id, 'Keep working', [{ kind: 'text', text: 'Later.', hold }], project);
    await waitFor(
      'busy',
      () => connection().sessions.get(id)?.status.type,
      (s) => s === 'busy',
    );
    try {
      assert.equal(
        await vscode.commands.executeCommand('opencodeSessions.revertTurn', api.tree.sessionNode(connection(), id), {
          messageID: turn,
          confirmed: true,
        }),
        false,
      );
      assert.ok(readFileSync(join(project, 'existing.txt'), 'utf8').includes('line fifteen'), 'nothing reverted');
    } finally {
      await h.model.waitForRequests(h.model.requests.filter((r) => r.kind !== 'title').length);
      release();
    }
    await waitFor(
      'idle',
      () => connection().sessions.get(id)?.status.type,
      (s) => s === 'idle',
    );
  });

  // The older 2-line build records only what its own tools changed (no work-tree diff per turn), so nothing
  // else's change reaches a turn there; 2.x releases' /diff does (snapshots of the work tree), and 1.18.33 here.
  it('a file something else wrote while the session’s turn ran is listed apart, never counted as the session’s', async function () {
    await skipWithoutTurnDiff(this);
    const project = gitProject(h, 'changes-meanwhile');
    const id = (await createSession(h, { title: 'Writes a.txt', directory: project })).id;
    await turnWithWritesMeanwhile(h, id, project, {
      prompt: 'Write a.txt',
      tools: [toolCall('write', { filePath: join(project, 'a.txt'), content: 'mine\n' })],
      writtenLast: 'a.txt',
      reply: text('Done.'),
      meanwhile: { 'b.txt': 'someone else\nwrote this\n' }, // not by the session
      recorded: ['a.txt', 'b.txt'],
    });
    const row = await waitFor(
      'the Changes row: a.txt only',
      () => changesRow(id),
      (n) => n !== undefined && described(n) === '1 file · +1 −0',
      60_000,
    );
    const [own, group] = children(row);
    assert.equal(api.tree.getTreeItem(own).label, 'a.txt');
    assert.equal(api.tree.getTreeItem(group).label, 'Changed meanwhile, not by this session');
    assert.match(api.tree.getTreeItem(row!).tooltip as string, /One more file changed while its turns ran, but not by this session/);
    const apart = children(group);
    assert.deepEqual(
      apart.map((n) => api.tree.getTreeItem(n).label),
      ['b.txt'],
    );
    const tooltip = api.tree.getTreeItem(apart[0]).tooltip as vscode.MarkdownString;
    assert.match(tooltip.value, /Changed meanwhile, not by this session/);
    assert.equal(api.tree.getParent(apart[0]), group, 'its row sits in the group');
  });

  it('a hostile file name is plain text in the tree and its diff stays in the extension’s own scheme', async () => {
    const project = gitProject(h, 'changes-hostile');
    const id = (await createSession(h, { title: 'Hostile file name', directory: project })).id;
    await prompt(h, id, 'Write it', [toolCall('write', { filePath: join(project, HOSTILE_NAME), content: 'x\n' }), text('Done.')], {
      directory: project,
    });
    const row = await waitFor(
      'a Changes row',
      () => changesRow(id),
      (n) => n !== undefined,
      60_000,
    );
    const [file] = children(row);
    const item = api.tree.getTreeItem(file);
    assert.equal(item.label, HOSTILE_NAME);
    const tooltip = item.tooltip as vscode.MarkdownString;
    assert.equal(tooltip.isTrusted, false);
    assert.ok(!tooltip.value.includes('<img') && !tooltip.value.includes('](command:'), tooltip.value);
    await vscode.commands.executeCommand('opencodeSessions.openChange', file);
    // An added file opens alone (there is nothing before it to diff against), from the server's text.
    const input = (await waitFor(
      'the added file opened',
      () => vscode.window.tabGroups.activeTabGroup.activeTab?.input,
      (i) => i instanceof vscode.TabInputText,
    )) as vscode.TabInputText;
    assert.equal(input.uri.scheme, 'opencode-change');
    assert.equal((await vscode.workspace.openTextDocument(input.uri)).getText(), 'x\n');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  // Every 20th line changed, then every 50th: OpenCode itself diffs each write with jsdiff, whose time grows with
  // the lines times the changes (every other line of 20 000 held the server for minutes and the turn timed out;
  // this takes it ~2 s), while a synchronous jsdiff in the extension, the bug this guards, would stall ~1 s.
  // Skipped on the older 2-line build for a real reason: it records no diff for a write over a file the session had
  // not written (the first turn's change is unknown, to the extension too). Its write diffs in the host are capped
  // by their cost (src/client/v2/turns.ts, unit-tested in v2Shapes). Releases diff each turn themselves.
  it('a 20 000-line file rewritten in two turns: the row draws without stalling the host over 50 ms, with git’s counts', async function () {
    await skipWithoutTurnDiff(this);
    const numbered = (n: number, change: (i: number) => string | undefined) =>
      Array.from({ length: n }, (_, i) => change(i + 1) ?? `line ${i + 1}`).join('\n') + '\n';
    const project = gitProject(h, 'changes-big', { 'big.txt': numbered(20_000, () => undefined) });
    const file = join(project, 'big.txt');
    const id = (await createSession(h, { title: 'Rewrites a big file twice', directory: project })).id;
    const first = (i: number) => (i % 20 === 0 ? `first ${i}` : undefined);
    const second = (i: number) => (i % 50 === 0 ? `second ${i}` : first(i));
    await prompt(h, id, 'Rewrite it', [toolCall('write', { filePath: file, content: numbered(20_000, first) }), text('Done.')], {
      directory: project,
    });
    await prompt(h, id, 'Rewrite it again', [toolCall('write', { filePath: file, content: numbered(20_000, second) }), text('Done.')], {
      directory: project,
    });
    const turns = await waitFor(
      'the server’s record of both turns’ changes',
      () => recordedTurns(h, id, project),
      (ts) => ts.length === 2 && ts.every((t) => t.changes.some((c) => c.file === 'big.txt')),
    );
    const [added, removed] = execFileSync('git', ['diff', '--numstat', '--', 'big.txt'], { cwd: project, encoding: 'utf8' }).split('\t');
    assert.deepEqual([added, removed], ['1200', '1200'], 'git’s net count of the two rewrites');
    // The turns' own counts summed (+1400 −1400) are not the net change: the row must count it.
    const summed = turns.flatMap((t) => t.changes.filter((c) => c.file === 'big.txt')).reduce((n, c) => n + c.additions, 0);
    assert.equal(summed, 1400, 'the turns’ own counts');
    await waitFor(
      'the session idle in the extension',
      () => connection().sessions.get(id)?.status.type,
      (s) => s === 'idle',
    );
    // The row read again and drawn, under watch: twice if the first run stalls (calmestStalls says why).
    const { delayMax, worstGap, worstBusy, cpu, runs } = await calmestStalls(async () => {
      let reads = 0;
      const counting = api.changes.onDidLoad((e) => void (e.sessionId === id && reads++));
      api.changes.forget(connection(), id);
      try {
        await waitFor(
          'the Changes row read again, with git’s counts',
          () => [reads, changesRow(id) && described(changesRow(id)!)] as const,
          ([r, d]) => r > 0 && d === `1 file · +${added} −${removed}`,
          60_000,
        );
      } finally {
        counting.dispose();
      }
    }, 50);
    console.log(
      `    event loop while the row was read and drawn: worst busy gap ${runs.map((r) => r.toFixed(1)).join(' ms, then ')} ms ` +
        `(${cpu} CPU), max delay ${delayMax.toFixed(1)} ms, worst wall-clock gap ` +
        `${worstGap.toFixed(1)} ms (both include time the machine ran others)`,
    );
    assert.ok(
      worstBusy < 50,
      `the extension host ran ${worstBusy.toFixed(1)} ms without a turn of its event loop (every run: ${runs.map((r) => r.toFixed(1)).join(', ')} ms)`,
    );
    const [row] = children(changesRow(id));
    assert.equal(api.tree.getTreeItem(row).description, `+${added} −${removed}`);
  });

  /** Runs on 1.x and on 2.x releases, whose per-turn diff route the server's document names; skipped on the older build. */
  async function skipWithoutTurnDiff(test: Mocha.Context): Promise<void> {
    if (isOpencode2() && !(await offersTurnDiff2(h.server))) test.skip();
  }
});
