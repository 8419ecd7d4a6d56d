// Budgets that act, in a real VS Code against a real server: with budget.onExceeded = abort, a session kept
// busy by a slow reply is aborted once another session's spend crosses the hourly budget (how long it took is
// printed, never asserted), with one notification naming the budget; with warn, nothing is aborted. Budgets
// are quiet until something spends: finished sessions over a lowered session budget raise nothing; a new
// session crossing it is stopped, and one notification names it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { RunningHarness } from '../../harness/harness';
import { createSession, prompt, promptAsync } from '../../harness/scenario';
import { text, toolCall } from '../../harness/scriptedModel';
import { busySession as busy } from '../helpers/busySession';
import { connectionFor, serverForSuite, waitFor } from '../helpers/extensionApi';
import { budgetCheckAfter } from '../helpers/budgetChecks';
import { budgetNotices } from '../helpers/budgetSaid';

describe('Budgets that act', function () {
  this.timeout(180_000);
  let h: RunningHarness;
  let api: ExtensionApi;
  const suite = serverForSuite('budgets');
  before(() => ({ h, api } = suite));
  const config = () => vscode.workspace.getConfiguration('opencodeSessions');
  const set = (key: string, value: unknown) => config().update(key, value, vscode.ConfigurationTarget.Global);

  after(async () => {
    await set('budget.onExceeded', undefined);
    await set('budget.perHour', undefined);
    await set('budget.perSession', undefined);
  });

  const connection = () => connectionFor(api, h.server.url)!;
  const statusOf = (id: string) => connection().sessions.get(id)?.status.type;

  const busySession = (title: string) => busy(h, statusOf, title);

  /** What the hour window holds now, as the extension counts it. */
  async function hourSpent(anyId: string): Promise<number> {
    return (await api.getAPI(1).getSessionStatus(anyId))!.budgets!.hour?.used ?? 0;
  }

  it('abort: a busy session is aborted when another session crosses the hourly budget', async () => {
    const said = api.said.total;
    const busy = await busySession('Busy bystander');
    const spent = await hourSpent(busy.id);
    // $0.06 at alpha's $3 per million input tokens crosses a budget set $0.03 above what the hour holds.
    await set('budget.perHour', Number((spent + 0.03).toFixed(6)));
    await set('budget.onExceeded', 'abort');
    const { id: spender } = await createSession(h, { title: 'Big spender' });
    // Not awaited to its end: the spender is busy past the budget too, so it may be aborted itself.
    await promptAsync(h, spender, 'Spend', [text('Spent.', { prompt: 20_000, completion: 10 })]);
    const crossedAt = await waitFor(
      'the spend in the store',
      () => connection().sessions.get(spender)?.own.cost ?? 0,
      (cost) => cost > 0.05,
    ).then(() => Date.now());
    await waitFor(
      'the bystander aborted',
      () => statusOf(busy.id),
      (s) => s === 'idle',
    );
    // How fast is reported, not asserted: a loaded machine must not decide the result.
    console.log(`      aborted ${Date.now() - crossedAt} ms after the crossing`);
    const notice =
      (
        await waitFor(
          'the crossing notice',
          () => budgetNotices(api, said),
          (n) => n.length > 0,
        )
      ).at(-1) ?? '';
    assert.match(notice, /the hourly budget of \$[\d.]+ is exceeded by \$[\d.]+/);
    assert.match(notice, /it resets /, 'names when the window resets');
    assert.match(notice, /Stopped (1 session|\d+ sessions)\./, 'the enforcer aborted, and the server confirmed it');
    assert.equal(budgetNotices(api, said).filter((n) => n.includes('hourly budget')).length, 1, 'one notification for the crossing');
    busy.release();
  });

  it('warn: the same crossing aborts nothing', async () => {
    await set('budget.onExceeded', 'warn');
    const busy = await busySession('Left alone');
    const { id: spender } = await createSession(h, { title: 'Another spender' });
    await prompt(h, spender, 'Spend more', [text('Spent.', { prompt: 20_000, completion: 10 })]);
    await waitFor(
      'the spend in the store',
      () => connection().sessions.get(spender)?.own.cost ?? 0,
      (cost) => cost > 0.05,
    );
    // A budget change makes the enforcer check again, now with the spend in the store: once it has, it has
    // decided (in warn mode: nothing to abort).
    const check = budgetCheckAfter(api, 'budget.perHour');
    await set('budget.perHour', Number(((await hourSpent(busy.id)) - 0.01).toFixed(6)));
    await check.heard('a budget check with the spend in');
    assert.equal(statusOf(busy.id), 'busy', 'still running');
    busy.release();
    await waitFor(
      'it finishes by itself',
      () => statusOf(busy.id),
      (s) => s === 'idle',
    );
  });

  it('session budget: finished sessions over it raise nothing; a new session crossing it is stopped, one notification names it', async () => {
    await set('budget.onExceeded', undefined);
    await set('budget.perHour', undefined);
    const finished: string[] = [];
    for (const title of ['Old one', 'Old two', 'Old three']) {
      const { id } = await createSession(h, { title });
      await prompt(h, id, 'Spend', [text('Spent.', { prompt: 20_000, completion: 10 })]);
      finished.push(id);
    }
    await waitFor(
      'the finished sessions idle with their spend in the store',
      () => finished.map((id) => connection().sessions.get(id)),
      (rs) => rs.every((r) => r?.status.type === 'idle' && r.own.cost > 0.05),
      undefined,
      (rs) => rs.map((r) => [r?.status.type, r?.own.cost]),
    );
    const before = api.said.total;
    // $0.03 per session: every finished session here (and every earlier one in this suite) is over it.
    const lowered = budgetCheckAfter(api, 'budget.perSession');
    await set('budget.perSession', 0.03);
    await lowered.heard('a budget check with the lowered budget');
    const aborting = budgetCheckAfter(api, 'budget.onExceeded');
    await set('budget.onExceeded', 'abort');
    await aborting.heard('a budget check in abort mode');
    assert.deepEqual(budgetNotices(api, before), [], 'idle sessions over their budget raise nothing');

    const { id } = await createSession(h, { title: 'Budget crosser' });
    let release!: () => void;
    const hold = new Promise<void>((resolve) => (release = resolve));
    // The first step spends $0.06 (crossing $0.03 while the session runs); the second waits, so it is still busy.
    await promptAsync(h, id, 'Spend and keep going', [
      toolCall('glob', { pattern: 'no-such-file-*' }, { prompt: 20_000, completion: 10 }),
      text('Late.', { prompt: 10, completion: 1 }, { hold }),
    ]);
    await waitFor(
      'the crossing in the store',
      () => connection().sessions.get(id)?.own.cost ?? 0,
      (cost) => cost > 0.03,
    );
    await waitFor(
      'the crosser stopped',
      () => statusOf(id),
      (s) => s === 'idle',
    );
    const notices = await waitFor(
      'its notification',
      () => budgetNotices(api, before),
      (n) => n.length > 0,
    );
    release();
    assert.equal(notices.length, 1, notices.join('\n'));
    assert.match(notices[0], /“Budget crosser” on .+ is over its session budget of \$0\.03/);
    assert.match(notices[0], /Stopped 1 session\./);
    assert.ok(!finished.some((f) => statusOf(f) !== 'idle'), 'the old sessions were left alone');
  });
});
