// A fork counts what it spent, once (issue 72), in a real VS Code against a real server: OpenCode 1.18.33, whose
// fork copies every message with the original's cost, tokens and creation and whose record sums them (measured),
// and, in the opencode2 stage, the release-shape adapter, whose fork's record starts at $0 while its copies keep
// the original's per-message figures (recorded). Forked with the extension's own Fork command and run once: the
// fork's own cost, the tree's Σ, the server row's total, today's spend and a day budget (abort) count the
// original's money once. Truths are the server's own records.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { formatCost } from '../../../src/present/format';
import type { RunningHarness } from '../../harness/harness';
import { isOpencode2 } from '../../harness/opencode2';
import { abortRecorded, createSession, getSession, prompt, promptAsync } from '../../harness/scenario';
import { text, type Reply } from '../../harness/scriptedModel';
import { connectionFor, serverForSuite, shownTree, waitFor } from '../helpers/extensionApi';
import { budgetCheckAfter } from '../helpers/budgetChecks';
import { budgetNotices } from '../helpers/budgetSaid';

/** At alpha's prices ($3/M in, $15/M out): $0.045, then $0.09 — the original's history. */
const FIRST = { prompt: 10_000, completion: 1_000 };
const SECOND = { prompt: 20_000, completion: 2_000 };
/** The fork's own replies: $0.0045 each. */
const CHEAP = { prompt: 1_000, completion: 100 };
const near = (a: number, b: number) => Math.abs(a - b) < 1e-9;

describe('A fork counts what it spent, once', function () {
  this.timeout(240_000);
  let h: RunningHarness;
  let api: ExtensionApi;
  const suite = serverForSuite('fork spend');
  before(() => ({ h, api } = suite));
  const config = () => vscode.workspace.getConfiguration('opencodeSessions');
  const set = (key: string, value: unknown) => config().update(key, value, vscode.ConfigurationTarget.Global);
  after(async () => {
    await set('budget.onExceeded', undefined);
    await set('budget.perDay', undefined);
  });

  const connection = () => connectionFor(api, h.server.url)!;
  const status = (id: string) => api.getAPI(1).getSessionStatus(id);

  it("the fork's own cost, the tree's Σ, the server's total, today's spend and a day budget count the original's money once", async () => {
    // A day budget far off, so that session_status reports the day's window.
    await set('budget.perDay', 1_000);
    const { id } = await createSession(h, { title: 'Forked original' });
    await waitFor(
      'the original in the store',
      () => connection().sessions.get(id),
      (r) => r !== undefined,
    );
    const day0 = (await waitFor(
      'the day window',
      () => status(id),
      (s) => s?.budgets?.day?.limit === 1_000,
    ))!.budgets!.day!.used;
    await prompt(h, id, 'One', [text('First.', FIRST)]);
    await prompt(h, id, 'Two', [text('Second.', SECOND)]);
    const original = (await getSession(h, id)).cost ?? 0;
    assert.ok(original > 0.1, `the original spent ${original}`);
    await waitFor(
      "the original's own cost",
      () => connection().sessions.get(id)?.own.cost,
      (c) => c !== undefined && near(c, original),
    );

    const forkId = await vscode.commands.executeCommand<string>('opencodeSessions.forkSession', api.tree.sessionNode(connection(), id));
    assert.ok(forkId && forkId !== id, 'forked');
    await prompt(h, forkId, 'Three', [text('Third.', CHEAP)]);
    // What the fork spent, from its server's record: 1.18.33's sums its copies, the original's every message
    // (measured); a 2.x release's starts at 0 (recorded).
    const record = (await getSession(h, forkId)).cost ?? 0;
    const spent = isOpencode2() ? record : record - original;
    assert.ok(spent > 0.004 && spent < 0.01, `the fork spent ${spent} (its record: ${record})`);
    if (!isOpencode2()) assert.ok(near(record, original + spent), "1.18.33's record counts the copies: what is taken off");

    const own = await waitFor(
      "the fork's own cost",
      () => connection().sessions.get(forkId)?.own.cost,
      (c) => c !== undefined && near(c, spent),
      undefined,
      (c) => ({ own: c, spent, record }),
    );
    assert.ok(near(own!, spent));
    assert.ok(near(connection().sessions.inclusive(forkId).cost, spent), "the fork's Σ");
    const rows = await waitFor(
      'the rows',
      () => shownTree(api),
      (r) => r.some((row) => row.sessionId === forkId && row.money === formatCost(spent)),
      undefined,
      (r) => r.map((row) => [row.title, row.money, row.description]),
    );
    const server = rows.find((r) => r.depth === 0)!;
    assert.ok(server.description.includes(formatCost(original + spent)), `the server's total: ${server.description}`);

    // Today: the original's replies and the fork's one, each once.
    const today = day0 + original + spent;
    const after = (await waitFor(
      "today's spend",
      () => status(forkId),
      (s) => s !== undefined,
    ))!;
    assert.ok(near(after.budgets!.day!.used, today), `today ${after.budgets!.day!.used}, not ${today}`);
    assert.ok(near(after.usage.session.cost, spent) && after.usage.session.turns === 1, "session_status: the fork's own turn");

    // A day budget that acts: between what was spent and what counting the copies again would make. The fork runs
    // (its reply held) while the budget is judged with the windows read: it is not stopped, and says nothing.
    await set('budget.onExceeded', 'abort');
    const notices = api.said.total;
    const late = held(text('Fourth.', CHEAP));
    await promptAsync(h, forkId, 'Four', [late.reply]);
    await waitFor(
      'the fork running',
      () => connection().sessions.get(forkId)?.status.type,
      (t) => t === 'busy',
    );
    // The budget set while the fork runs: the check that change brings judges the running fork (one heard from before
    // the change, not earlier: an earlier one could be the one its start brought, after which nothing changes while
    // its reply is held).
    const check = budgetCheckAfter(api, 'budget.perDay');
    await set('budget.perDay', Number((today + original / 2).toFixed(6)));
    await check.heard('the budgets checked while the fork runs');
    const judged = await status(forkId);
    assert.ok(judged!.budgets!.day!.used < judged!.budgets!.day!.limit, JSON.stringify(judged!.budgets!.day));
    late.release();
    await waitFor(
      'the fork idle again',
      () => connection().sessions.get(forkId)?.status.type,
      (t) => t === 'idle',
    );
    assert.equal(await abortRecorded(h, forkId), false, 'the fork was not stopped');
    assert.deepEqual(budgetNotices(api, notices), [], 'no budget notice');
  });
});

/** A reply the model gives only once the test releases it. */
function held(reply: Reply): { reply: Reply; release: () => void } {
  let release!: () => void;
  const hold = new Promise<void>((resolve) => (release = resolve));
  return { reply: { ...reply, hold }, release };
}
