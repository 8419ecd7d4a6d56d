// Session actions through their commands, in a real VS Code against a real server: rename, fork, delete
// with children, abort, copy id, refresh, and compaction that succeeds or fails (the endpoint says true
// either way, so the command must read the events).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CompactionReport } from '../../../src/features/sessions/commands/compactSession';
import type { ExtensionApi } from '../../../src/extension';
import type { ViewNode } from '../../../src/features';
import type { RunningHarness } from '../../harness/harness';
import {
  abortRecorded,
  allSessions,
  createSession,
  getSession,
  hasCompactionSummary,
  prompt,
  promptAsync,
  spawnChild,
} from '../../harness/scenario';
import { failure, text } from '../../harness/scriptedModel';
import { costItem, connectionFor, serverForSuite, shownTree, waitFor } from '../helpers/extensionApi';

describe('Session actions', function () {
  this.timeout(180_000);
  let h: RunningHarness;
  let api: ExtensionApi;
  const suite = serverForSuite('actions');
  before(() => ({ h, api } = suite));

  const connection = () => connectionFor(api, h.server.url)!;
  const node = (id: string) => api.tree.sessionNode(connection(), id);
  const inStore = (id: string) =>
    waitFor(
      `session ${id} in the store`,
      () => connection().sessions.get(id),
      (r) => r !== undefined,
    );

  it('renames on the server and in the tree', async () => {
    const id = (await createSession(h, { title: 'Before rename' })).id;
    await inStore(id);
    await vscode.commands.executeCommand('opencodeSessions.renameSession', node(id), 'After rename');
    assert.equal((await getSession(h, id)).title, 'After rename');
    await waitFor(
      'renamed row',
      () => shownTree(api),
      (rows) => rows.some((r) => r.sessionId === id && r.title === 'After rename'),
    );
  });

  it('forks into a new session that becomes active', async () => {
    const id = (await createSession(h, { title: 'Fork me' })).id;
    await prompt(h, id, 'Hello');
    await inStore(id);
    const forkId = await vscode.commands.executeCommand<string>('opencodeSessions.forkSession', node(id));
    assert.ok(forkId && forkId !== id);
    assert.ok((await allSessions(h)).some((s) => s.id === forkId));
    await waitFor(
      'fork active',
      () => api.active.get()?.record.info.id,
      (active) => active === forkId,
    );
  });

  it('the status bar opens the usage of the session it shows, not of the row selected in the tree', async () => {
    const shown = (await createSession(h, { title: 'Shown in the status bar' })).id;
    const selected = (await createSession(h, { title: 'Selected in the tree' })).id;
    await inStore(shown);
    await inStore(selected);
    await vscode.commands.executeCommand('opencodeSessions.switchSession', { serverId: connection().config.id, sessionId: selected });
    await waitFor(
      'the other session selected in the view',
      () => api.sessionsView.selection as ViewNode[],
      (selection) => selection.some((n) => n.kind === 'session' && n.sessionId === selected),
    );
    try {
      // The active session moves on without the tree (as a Changes row's click or the usage panel leave it).
      api.active.set({ serverId: connection().config.id, sessionId: shown });
      await waitFor(
        'the status bar on the active session',
        () => costItem(api).tooltip.replace(/&nbsp;/g, ' '), // markdown's escapes, undone
        (tooltip) => tooltip.includes('Shown in the status bar'),
      );
      const click = costItem(api).command;
      assert.equal(click?.command, 'opencodeSessions.showUsage');
      await vscode.commands.executeCommand(click.command, ...((click.arguments ?? []) as unknown[]));
      assert.equal(api.usage.current?.sessionId, shown, 'the panel shows the session the status bar named');
      assert.equal(api.active.get()?.record.info.id, shown, 'and it stays the active one');
    } finally {
      api.usage.current?.panel.dispose();
      api.active.set(undefined); // back to following the most recent session, for the tests after this one
    }
  });

  it('deletes a session with its children, on the server and in the tree', async () => {
    const parent = (await createSession(h, { title: 'Doomed parent' })).id;
    const child = (await spawnChild(h, parent, { description: 'Doomed helper' })).id;
    const grandchild = (await createSession(h, { title: 'Doomed grandchild', parentID: child })).id;
    await inStore(grandchild);
    await vscode.commands.executeCommand('opencodeSessions.deleteSession', node(parent), true);
    const left = (await allSessions(h)).map((s) => s.id);
    for (const id of [parent, child, grandchild]) assert.ok(!left.includes(id), `${id} deleted on the server`);
    await waitFor(
      'subtree gone from the tree',
      () => shownTree(api),
      (rows) => !rows.some((r) => [parent, child, grandchild].includes(r.sessionId ?? '')),
    );
  });

  it('aborts a busy session', async () => {
    const id = (await createSession(h, { title: 'Abort me' })).id;
    let release!: () => void;
    const hold = new Promise<void>((resolve) => (release = resolve));
    await promptAsync(h, id, 'Take forever', [{ kind: 'text', text: 'Late.', hold }]);
    await waitFor(
      'busy',
      () => connection().sessions.get(id)?.status.type,
      (s) => s === 'busy',
    );
    // Busy shows before OpenCode asks the model: abort only once the held reply is taken, or it would
    // stay queued and answer a later test's request.
    await waitFor(
      'the model to have the request',
      () => h.model.pending,
      (n) => n === 0,
    );
    await vscode.commands.executeCommand('opencodeSessions.abortSession', node(id));
    await waitFor(
      'idle after abort',
      () => connection().sessions.get(id)?.status.type,
      (s) => s === 'idle',
    );
    release();
    // Stopped by the user is not a failure (2.x ends the step with `{type: "aborted"}`, 1.18 with MessageAbortedError).
    await waitFor('the interrupt recorded by the server', () => abortRecorded(h, id), Boolean);
    // Events arrive in order: once a later rename shows, whatever the interrupt sent has been applied.
    await vscode.commands.executeCommand('opencodeSessions.renameSession', node(id), 'Aborted');
    await waitFor(
      'the rename after the interrupt',
      () => connection().sessions.get(id)?.info.title,
      (t) => t === 'Aborted',
    );
    assert.equal(connection().sessions.get(id)?.lastError, undefined, 'no error shown for an interrupt');
  });

  it('copies the id and refreshes one session', async () => {
    const id = (await createSession(h, { title: 'Copy and refresh' })).id;
    await inStore(id);
    await vscode.commands.executeCommand('opencodeSessions.copySessionId', node(id));
    assert.equal(await vscode.env.clipboard.readText(), id);
    // A rename the live stream did not deliver (applied behind its back) shows after Refresh Session.
    connection().sessions.get(id)!.info.title = 'stale';
    await vscode.commands.executeCommand('opencodeSessions.refreshSession', node(id));
    assert.equal(connection().sessions.get(id)?.info.title, 'Copy and refresh');
  });

  it('compacts with the session model and reports the context before and after', async () => {
    const id = (await createSession(h, { title: 'Compact me' })).id;
    await prompt(h, id, 'Do a lot of work', [text('Worked.', { prompt: 60_000, completion: 500 })]);
    await inStore(id);
    h.model.enqueue(text('Summary: work was done.', { prompt: 61_000, completion: 300 }));
    const report = await vscode.commands.executeCommand<CompactionReport>('opencodeSessions.compactSession', node(id));
    console.log(`compaction: ${report?.message}`);
    assert.equal(report?.outcome, 'compacted');
    assert.match(report.message, /context \d+(\.\d)?% → \d+(\.\d)?%/);
    assert.ok(await hasCompactionSummary(h, id), 'the server holds a summary');
  });

  it('reports a failed compaction as a failure', async () => {
    const id = (await createSession(h, { title: 'Compaction fails' })).id;
    await prompt(h, id, 'Some work');
    await inStore(id);
    // A refused request (4xx) fails the compaction at once; OpenCode would retry a 5xx for about a minute.
    assert.equal(h.model.pending, 0, 'no scripted reply left over from an earlier test');
    const fallback = h.model.fallback;
    h.model.fallback = () => failure(400, 'scripted compaction failure');
    const report = await Promise.resolve(
      vscode.commands.executeCommand<CompactionReport>('opencodeSessions.compactSession', node(id)),
    ).finally(() => (h.model.fallback = fallback));
    console.log(`failed compaction: ${report?.message}`);
    assert.equal(report?.outcome, 'error');
  });
});
