// Budgets that act, in a real VS Code against a real server: with budget.onExceeded = abort, a session kept
// busy by a slow reply is aborted once another session's spend crosses the hourly budget (how long it took is
// printed, never asserted), with one notification naming the budget; with warn, nothing is aborted.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { RunningHarness } from '../harness/harness';
import { createSession, prompt, promptAsync } from '../harness/scenario';
import { text } from '../harness/scriptedModel';
import { connectionFor, serverForSuite, waitFor } from './helpers/extensionApi';

describe('Budgets that act', function () {
  this.timeout(180_000);
  let h: RunningHarness;
  let api: ExtensionApi;
  const suite = serverForSuite('budgets');
  before(() => ({ h, api } = suite));
  const config = () => vscode.workspace.getConfiguration('opencodeSessions');
  const set = (key: string, value: unknown) => config().update(key, value, vscode.ConfigurationTarget.Workspace);

  after(async () => {
    await set('budget.onExceeded', undefined);
    await set('budget.perHour', undefined);
  });

  const connection = () => connectionFor(api, h.server.url)!;
  const statusOf = (id: string) => connection().sessions.get(id)?.status.type;

  /** A session kept busy by a reply that waits for `release`. */
  async function busySession(title: string): Promise<{ id: string; release: () => void }> {
    const { id } = await createSession(h, { title });
    let release!: () => void;
    const hold = new Promise<void>((resolve) => (release = resolve));
    await promptAsync(h, id, 'Take your time', [{ kind: 'text', text: 'Late.', usage: { prompt: 10, completion: 1 }, hold }]);
    await waitFor(`${title} busy`, () => statusOf(id), (s) => s === 'busy');
    return { id, release };
  }

  /** What the hour window holds now, as the extension counts it. */
  async function hourSpent(anyId: string): Promise<number> {
    return (await api.getAPI(1).getSessionStatus(anyId))!.budgets!.hour?.used ?? 0;
  }

  it('abort: a busy session is aborted when another session crosses the hourly budget', async () => {
    const busy = await busySession('Busy bystander');
    const spent = await hourSpent(busy.id);
    // $0.06 at alpha's $3 per million input tokens crosses a budget set $0.03 above what the hour holds.
    await set('budget.perHour', Number((spent + 0.03).toFixed(6)));
    await set('budget.onExceeded', 'abort');
    const { id: spender } = await createSession(h, { title: 'Big spender' });
    // Not awaited to its end: the spender is busy past the budget too, so it may be aborted itself.
    await promptAsync(h, spender, 'Spend', [text('Spent.', { prompt: 20_000, completion: 10 })]);
    const crossedAt = await waitFor('the spend in the store', () => connection().sessions.get(spender)?.own.cost ?? 0, (cost) => cost > 0.05).then(() => Date.now());
    await waitFor('the bystander aborted', () => statusOf(busy.id), (s) => s === 'idle');
    // How fast is reported, not asserted: a loaded machine must not decide the result.
    console.log(`      aborted ${Date.now() - crossedAt} ms after the crossing`);
    const notice = api.budgetEnforcer.notices.at(-1) ?? '';
    assert.match(notice, /the hourly budget of \$[\d.]+ is exceeded by \$[\d.]+/);
    assert.match(notice, /Aborted (1 busy session|\d+ busy sessions)/, 'the enforcer aborted, not the bystander by itself');
    assert.equal(api.budgetEnforcer.notices.filter((n) => n.includes('hourly budget')).length, 1, 'one notification for the crossing');
    busy.release();
  });

  it('warn: the same crossing aborts nothing', async () => {
    await set('budget.onExceeded', 'warn');
    const busy = await busySession('Left alone');
    const { id: spender } = await createSession(h, { title: 'Another spender' });
    await prompt(h, spender, 'Spend more', [text('Spent.', { prompt: 20_000, completion: 10 })]);
    await waitFor('the spend in the store', () => connection().sessions.get(spender)?.own.cost ?? 0, (cost) => cost > 0.05);
    // A budget change makes the enforcer check again, now with the spend in the store: once it has, it has
    // decided (in warn mode: nothing to abort).
    const checked = api.budgetEnforcer.checks;
    await set('budget.perHour', Number(((await hourSpent(busy.id)) - 0.01).toFixed(6)));
    await waitFor('a budget check with the spend in', () => api.budgetEnforcer.checks, (n) => n > checked);
    assert.equal(statusOf(busy.id), 'busy', 'still running');
    busy.release();
    await waitFor('it finishes by itself', () => statusOf(busy.id), (s) => s === 'idle');
  });
});
