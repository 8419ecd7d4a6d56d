// Issue 77: "a notice changes while it is read". With an hourly budget set to pause, the crossing pauses what runs
// and says so; a session that starts while the window stays exceeded is paused too, and its notice read as the
// first one rewritten ("$1.85 spent, $0.046 past", then "$1.90 / $0.099": the same words, other figures). A notice
// is never changed once shown: each says as of when its figures are, and the later one says the budget is *still*
// exceeded and which session it paused, so the two read apart.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { RunningHarness } from '../../harness/harness';
import { createSession, promptAsync } from '../../harness/scenario';
import { text, toolCall } from '../../harness/scriptedModel';
import { busySession as busy } from '../helpers/busySession';
import { connectionFor, serverForSuite, waitFor } from '../helpers/extensionApi';
import { budgetNotices } from '../helpers/budgetSaid';

/** A notice's figures and clock time blanked: what is left is its words. */
const words = (notice: string) => notice.replace(/\$[\d.,]+/g, '$…').replace(/\b\d{1,2}:\d{2}:\d{2}(\s?[AP]M)?/g, '…');
const AS_OF = /As of \d{1,2}:\d{2}:\d{2}(\s?[AP]M)?: \$[\d.]+ spent, \$[\d.]+ past the budget\./;

describe('Budget pause notices say their figures as of when shown (issue 77)', function () {
  this.timeout(240_000);
  let h: RunningHarness;
  let api: ExtensionApi;
  const suite = serverForSuite('pause notices');
  before(() => ({ h, api } = suite));
  const config = () => vscode.workspace.getConfiguration('opencodeSessions');
  const set = (key: string, value: unknown) => config().update(key, value, vscode.ConfigurationTarget.Global);
  const releases: Array<() => void> = [];

  after(async () => {
    await set('budget.onExceeded', undefined);
    await set('budget.perHour', undefined);
    // Its pauses outlive its server in the window's state: the next suite starts with none.
    api.budgetPauses.releaseAll(api.budgetPauses.all());
    for (const release of releases) release();
  });

  const connection = () => connectionFor(api, h.server.url)!;
  const statusOf = (id: string) => connection().sessions.get(id)?.status.type;
  const pausedNotices = (since: number) => budgetNotices(api, since).filter((n) => /hourly budget/.test(n));

  it('the crossing says "reached"; a session paused later while it stays exceeded gets its own notice, saying "still"', async () => {
    const first = await busy(h, statusOf, 'First runner');
    releases.push(first.release);
    const spent = (await api.getAPI(1).getSessionStatus(first.id))!.budgets!.hour?.used ?? 0;
    // $0.06 at alpha's $3 per million input tokens crosses a budget set $0.03 above what the hour holds.
    await set('budget.perHour', Number((spent + 0.03).toFixed(6)));
    await set('budget.onExceeded', 'pause');
    const before = api.said.total;
    const { id: spender } = await createSession(h, { title: 'Big spender' });
    // It spends in its first step and runs on (its second held), so the crossing pauses it with the first runner. A turn
    // that ended first was held by a later check, whose own "still exceeded" notice the rehearsal read as the later one.
    const spending = new Promise<void>((resolve) => releases.push(resolve));
    await promptAsync(h, spender, 'Spend', [
      toolCall('glob', { pattern: '*.md' }, { prompt: 20_000, completion: 10 }),
      { ...text('Spent.', { prompt: 10, completion: 1 }), hold: spending },
    ]);
    const [crossing] = await waitFor(
      'the crossing’s pause notice',
      () => pausedNotices(before),
      (n) => n.length === 1,
    );
    assert.match(crossing, /the hourly budget of \$[\d.]+ is reached\./);
    assert.match(crossing, AS_OF, 'its figures say when they were taken');

    // The window stays exceeded: a session that starts now is paused as it runs, and said on its own.
    const afterCrossing = api.said.total;
    // Not waited for as busy: the budget may pause it before a poll sees it run.
    const { id: second } = await createSession(h, { title: 'Second runner' });
    const hold = new Promise<void>((resolve) => releases.push(resolve));
    await promptAsync(h, second, 'Take your time', [{ ...text('Late.', { prompt: 10, completion: 1 }), hold }]);
    const [later] = await waitFor(
      'the later pause notice',
      () => pausedNotices(afterCrossing),
      (n) => n.length === 1,
      undefined,
      () => JSON.stringify(budgetNotices(api, before)),
    );
    assert.match(later, /the hourly budget of \$[\d.]+ is still exceeded\./, later);
    // The notice is in the message: a failure under load once said only which assertion failed.
    assert.match(later, /Paused “Second runner” on pause notices between model requests/, `it names the session it paused: ${later}`);
    assert.match(later, AS_OF);
    assert.notEqual(words(later), words(crossing), 'the later notice reads as the first one with other figures');
    assert.equal(pausedNotices(before).length, 2, 'two notices, neither rewritten');
  });
});
