// A session budget stops the whole task tree, in a real VS Code against a real server: a parent whose `task`
// sub-agent is mid-reply is stopped with it, and neither spends afterwards. An abort the server refuses
// (a proxy answers 500) is reported as failed with the server's reason; the tree stays over budget and is
// stopped when it next spends.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { FaultProxy } from '../../harness/faultProxy';
import type { RunningHarness } from '../../harness/harness';
import { children, createSession, prompt, promptAsync } from '../../harness/scenario';
import { taskCall, text, toolCall, type Reply } from '../../harness/scriptedModel';
import { configureServers, connectionFor, serverForSuite, waitFor } from '../helpers/extensionApi';
import { budgetNotices } from '../helpers/budgetSaid';

/** $0.06 at alpha's $3 per million input tokens: past the $0.03 session budget these tests set. */
const SPEND = { prompt: 20_000, completion: 10 };
const CHEAP = { prompt: 10, completion: 1 };

describe('Budgets stop the whole task tree', function () {
  this.timeout(180_000);
  let h: RunningHarness;
  let api: ExtensionApi;
  const suite = serverForSuite('budget tree');
  before(async () => {
    ({ h, api } = suite);
    await set('budget.perSession', 0.03);
    await set('budget.onExceeded', 'abort');
  });
  const config = () => vscode.workspace.getConfiguration('opencodeSessions');
  const set = (key: string, value: unknown) => config().update(key, value, vscode.ConfigurationTarget.Global);
  after(async () => {
    await set('budget.onExceeded', undefined);
    await set('budget.perSession', undefined);
  });

  /** A reply the model gives only once the test releases it. */
  function held(reply: Reply): { reply: Reply; release: () => void } {
    let release!: () => void;
    const hold = new Promise<void>((resolve) => (release = resolve));
    return { reply: { ...reply, hold }, release };
  }

  /** The step-finish parts the server recorded for a session, and whether it still runs there. */
  async function serverRecord(id: string): Promise<{ steps: number; busy: boolean }> {
    const client = h.server.client(h.server.directory);
    const messages = (await client.session.messages({ sessionID: id })).data ?? [];
    const statuses = (await client.session.status()).data ?? {};
    return {
      steps: messages.flatMap((m) => m.parts).filter((p) => p.type === 'step-finish').length,
      busy: (statuses[id]?.type ?? 'idle') !== 'idle',
    };
  }

  it('a parent whose task sub-agent is mid-reply is stopped with it; neither spends afterwards', async () => {
    const connection = connectionFor(api, h.server.url)!;
    const { id } = await createSession(h, { title: 'Tree parent' });
    const late = held(text('Child late.', CHEAP));
    const before = api.said.total;
    // The parent delegates cheaply; the sub-agent's first step crosses the budget, its next reply is held, so
    // both run when the budget is crossed: the parent waits in its task tool, the child for the model.
    await promptAsync(h, id, 'Delegate', [
      taskCall('Dig', 'Dig deep', CHEAP),
      toolCall('glob', { pattern: 'no-such-file-*' }, SPEND),
      late.reply,
    ]);
    const [child] = await waitFor(
      'the sub-agent',
      () => children(h, id),
      (cs) => cs.length === 1,
    );
    await waitFor(
      'the crossing in the store',
      () => connection.sessions.inclusive(id).cost,
      (cost) => cost > 0.03,
    );
    const stopped = await waitFor(
      'both stopped, on the server',
      async () => [await serverRecord(id), await serverRecord(child.id)],
      (rs) => rs.every((r) => !r.busy),
      undefined,
      JSON.stringify,
    );
    await waitFor(
      'both idle in the store',
      () => [id, child.id].map((s) => connection.sessions.get(s)?.status.type),
      (ss) => ss.every((s) => s === 'idle'),
    );
    const notices = await waitFor(
      'its notification',
      () => budgetNotices(api, before),
      (n) => n.length > 0,
    );
    assert.equal(notices.length, 1, notices.join('\n'));
    assert.match(notices[0], /“Tree parent” on budget tree is over its session budget of \$0\.03/);
    assert.match(notices[0], /Stopped 2 sessions\./, 'the parent and its sub-agent, both confirmed by the server');

    // The held reply goes out now; a later prompt elsewhere, run to its end, is the point by which anything the
    // tree still had coming would have reached the model.
    const requestsBefore = h.model.requests.length;
    late.release();
    // A child stopped before it asked again left its reply queued: the marker takes it, so no reply is left over.
    const lateTaken = h.model.requests.some((r) => r.reply === late.reply);
    const { id: marker } = await createSession(h, { title: 'Marker' });
    await prompt(h, marker, 'Marker prompt', lateTaken ? [text('Marked.', CHEAP)] : []);
    const asked = h.model.requests.slice(requestsBefore).filter((r) => r.kind === 'chat');
    assert.deepEqual(
      asked.map((r) => r.lastUserText),
      ['Marker prompt'],
      'no model request from the tree after the stop',
    );
    assert.deepEqual([await serverRecord(id), await serverRecord(child.id)], stopped, 'no later step-finish in either, both idle');
  });

  it('an abort the server refuses is reported as failed with its reason; the tree stays over budget and is stopped when it next spends', async () => {
    const proxy = await new FaultProxy(h.server.url).start();
    try {
      await configureServers([{ name: 'via proxy', url: proxy.url }]);
      const connection = (await waitFor(
        'online through the proxy',
        () => connectionFor(api, proxy.url),
        (c) => c?.state.kind === 'online',
      ))!;
      proxy.setFaults([
        { path: /^\/session\/[^/]+\/abort$/, fault: { kind: 'status', status: 500, message: 'abort refused by the test' } },
      ]);
      const { id } = await createSession(h, { title: 'Hard to stop' });
      const second = held(toolCall('glob', { pattern: 'still-no-file-*' }, SPEND));
      const last = held(text('Late.', CHEAP));
      const before = api.said.total;
      await promptAsync(h, id, 'Spend twice', [toolCall('glob', { pattern: 'no-such-file-*' }, SPEND), second.reply, last.reply]);
      const notices = await waitFor(
        'its notification',
        () => budgetNotices(api, before),
        (n) => n.length > 0,
      );
      assert.equal(notices.length, 1, notices.join('\n'));
      assert.match(notices[0], /“Hard to stop” on via proxy is over its session budget of \$0\.03/);
      assert.match(notices[0], /Could not stop “Hard to stop” on via proxy: .*HTTP 500.*abort refused by the test/);
      assert.doesNotMatch(notices[0], /Stopped/, 'nothing is claimed stopped');
      assert.ok((proxy.seen.get(`/session/${id}/abort`) ?? 0) >= 1, 'the abort was sent');
      assert.equal(connection.sessions.get(id)?.status.type, 'busy', 'still running');
      const status = (await api.getAPI(1).getSessionStatus(id))!;
      assert.ok(status.budgets!.session!.used > 0.03 && status.budgets!.session!.remaining === 0, 'still over its budget');

      // The server takes aborts again; the next step spends, and the tree is stopped without another notification.
      proxy.setFaults([]);
      second.release();
      await waitFor(
        'stopped once it spent again',
        () => connection.sessions.get(id)?.status.type,
        (s) => s === 'idle',
      );
      assert.equal((await serverRecord(id)).busy, false, 'idle on the server');
      assert.equal(budgetNotices(api, before).length, 1, 'the retry is not announced again');
      last.release();
    } finally {
      await configureServers([{ name: 'budget tree', url: h.server.url }]);
      await proxy.stop();
    }
  });
});
