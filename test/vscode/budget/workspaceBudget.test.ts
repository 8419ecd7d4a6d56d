// A cloned repository cannot stop the user's agents: its `.vscode/settings.json` with a $0.0001 hourly budget
// and onExceeded "abort" aborts nothing (in a trusted workspace, where VS Code would apply a window-scoped
// setting; OCS_RESTRICTED=1 runs the same file in Restricted Mode), while the same budget in the user's own
// settings stops a busy session at once. In a real VS Code against a real server.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { RunningHarness } from '../../harness/harness';
import { createSession, prompt } from '../../harness/scenario';
import { text } from '../../harness/scriptedModel';
import { busySession as busy } from '../helpers/busySession';
import { connectionFor, serverForSuite, waitFor } from '../helpers/extensionApi';
import { budgetCheckAfter } from '../helpers/budgetChecks';
import { budgetNotices } from '../helpers/budgetSaid';

describe('a workspace’s budget settings abort nothing; the user’s own do', function () {
  this.timeout(180_000);
  let h: RunningHarness;
  let api: ExtensionApi;
  const suite = serverForSuite('workspace-budget');
  before(() => ({ h, api } = suite));
  const config = () => vscode.workspace.getConfiguration('opencodeSessions');
  const setUser = (key: string, value: unknown) => config().update(key, value, vscode.ConfigurationTarget.Global);
  const workspaceSettings = () => join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.vscode', 'settings.json');
  /** The workspace's settings file as it was, or undefined when it had none. */
  let original: string | undefined;

  before(() => {
    try {
      original = readFileSync(workspaceSettings(), 'utf8');
    } catch {
      original = undefined;
    }
  });
  after(async () => {
    if (original === undefined) rmSync(workspaceSettings(), { force: true });
    else writeFileSync(workspaceSettings(), original);
    await setUser('budget.onExceeded', undefined);
    await setUser('budget.perHour', undefined);
  });

  const connection = () => connectionFor(api, h.server.url)!;
  const statusOf = (id: string) => connection().sessions.get(id)?.status.type;

  const busySession = (title: string) => busy(h, statusOf, title);

  it('a repository’s $0.0001 hourly budget with onExceeded "abort": nothing is aborted, the budget reads off', async () => {
    console.log(`      workspace trusted: ${vscode.workspace.isTrusted}`);
    if (process.env.OCS_RESTRICTED === '1') assert.equal(vscode.workspace.isTrusted, false, 'Restricted Mode');
    // As a cloned repository ships it; a window-scoped marker in the same file says when VS Code has read it.
    const marker = 7 + Math.floor(Math.random() * 5);
    const repository = {
      ...(JSON.parse(original ?? '{}') as Record<string, unknown>),
      'opencodeSessions.budget.perHour': 0.0001,
      'opencodeSessions.budget.perSession': 0.0001,
      'opencodeSessions.budget.onExceeded': 'abort',
      'editor.tabSize': marker,
    };
    mkdirSync(dirname(workspaceSettings()), { recursive: true });
    writeFileSync(workspaceSettings(), JSON.stringify(repository, null, 2));
    await waitFor(
      'VS Code to read the workspace settings',
      () => vscode.workspace.getConfiguration('editor').inspect('tabSize')?.workspaceValue,
      (v) => v === marker,
    );
    // The notices of the files run before this one are theirs.
    const noticesBefore = api.said.total;
    const busy = await busySession('Busy bystander');
    const { id: spender } = await createSession(h, { title: 'Spender' });
    await prompt(h, spender, 'Spend', [text('Spent.', { prompt: 20_000, completion: 10 })]);
    await waitFor(
      'the spend in the store',
      () => connection().sessions.get(spender)?.own.cost ?? 0,
      (cost) => cost > 0.05,
    );
    // Once the enforcer has checked with the spend in, it has decided. A check may have run between the spend's
    // arrival and this line, and nothing else need change after it: a change of the spender's own (its title) seen
    // in the store starts one that surely follows the spend.
    const check = budgetCheckAfter(api);
    await h.server.client().session.update({ sessionID: spender, title: 'Spender, renamed' });
    await waitFor(
      'the rename in the store',
      () => connection().sessions.get(spender)?.info.title,
      (title) => title === 'Spender, renamed',
    );
    await check.heard('a budget check with the spend in');
    assert.equal(statusOf(busy.id), 'busy', 'the bystander still runs');
    const status = await api.getAPI(1).getSessionStatus(spender);
    assert.ok(!status?.budgets?.hour, 'the hourly budget reads off: the workspace does not set it');
    assert.ok(!status?.budgets?.session, 'so does the session budget');
    assert.deepEqual(budgetNotices(api, noticesBefore), [], 'no budget notification');
    // Said once per window (here, or by an earlier file of this host): a workspace sets what it cannot decide.
    const told = api.said.since(0).filter((m) => /^OpenCode: this workspace sets opencodeSessions\.[\w.]+, which only your own/.test(m));
    assert.equal(told.length, 1, `told once that the workspace's budget is ignored: ${JSON.stringify(api.said.since(0).slice(-5))}`);

    // The same budget in the user's own settings stops it.
    await setUser('budget.onExceeded', 'abort');
    await setUser('budget.perHour', 0.0001);
    await waitFor(
      'the bystander aborted by the user’s budget',
      () => statusOf(busy.id),
      (s) => s === 'idle',
    );
    // Said once the server answered the abort, which may come after the stream says the bystander is idle.
    await waitFor(
      'the hourly budget’s notice',
      () => budgetNotices(api, noticesBefore),
      (notices) => notices.some((n) => /hourly budget/.test(n)),
    );
    busy.release();
  });
});
