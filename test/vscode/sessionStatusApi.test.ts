// The extension's own answer to "what has this session used": getAPI(1) in a real VS Code against a real
// server. Its figures must equal the server's own step-finish parts, sub-agents counted once, and its
// budgets the settings' limits against what was spent.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { startHarness, type RunningHarness } from '../harness/harness';
import { children, createSession, prompt } from '../harness/scenario';
import { taskCall, text } from '../harness/scriptedModel';
import { addUsage, totalTokens, usageOf, ZERO_USAGE, type Usage } from '../../src/store/usage';
import { configureServers, connectionFor, extensionApi, waitFor } from './helpers/extensionApi';

describe('Session status API', function () {
  this.timeout(180_000);
  let h: RunningHarness;
  let api: ExtensionApi;

  before(async () => {
    h = await startHarness();
    api = await extensionApi();
    await configureServers([{ name: 'status', url: h.server.url }]);
    await waitFor('online', () => connectionFor(api, h.server.url), (c) => c?.state.kind === 'online');
  });

  after(async () => {
    const config = vscode.workspace.getConfiguration('opencodeSessions');
    await config.update('budget.perSession', undefined, vscode.ConfigurationTarget.Workspace);
    await config.update('budget.perHour', undefined, vscode.ConfigurationTarget.Workspace);
    await configureServers([]);
    await h?.dispose();
  });

  async function serverSteps(sessionID: string): Promise<Usage[]> {
    const result = await h.server.client(h.server.directory).session.messages({ sessionID });
    return (result.data ?? []).flatMap((m) => m.parts.flatMap((p) => (p.type === 'step-finish' ? [usageOf(p.tokens, p.cost)] : [])));
  }
  const sum = (steps: Usage[]) => steps.reduce((a, b) => addUsage(a, b), { ...ZERO_USAGE });

  it('equals the sums of the step-finish parts, the child once, with budgets from the settings', async () => {
    const { id } = await createSession(h, { title: 'API parent' });
    await prompt(h, id, 'first', [text('one', { prompt: 1_000, completion: 100 })]);
    await prompt(h, id, 'delegate', [taskCall('Child work', 'work'), text('child', { prompt: 300, completion: 30 }), text('done', { prompt: 2_000, completion: 50 })]);
    const [child] = await children(h, id);
    const config = vscode.workspace.getConfiguration('opencodeSessions');
    await config.update('budget.perSession', 0.01, vscode.ConfigurationTarget.Workspace);
    await config.update('budget.perHour', 100, vscode.ConfigurationTarget.Workspace);
    await waitFor('the child in the store', () => connectionFor(api, h.server.url)!.sessions.get(child.id), (r) => r !== undefined);

    const status = (await api.getAPI(1).getSessionStatus(id))!;
    const own = await serverSteps(id);
    const childSteps = await serverSteps(child.id);
    assert.equal(status.usage.session.turns, own.length);
    assert.equal(status.usage.session.totalTokens, totalTokens(sum(own)));
    assert.ok(Math.abs(status.usage.session.cost - sum(own).cost) < 1e-12, 'own cost');
    assert.deepEqual([status.usage.subagents.turns, status.usage.subagents.sessions, status.usage.subagents.totalTokens], [childSteps.length, 1, totalTokens(sum(childSteps))]);
    assert.ok(Math.abs(status.usage.total.cost - sum([...own, ...childSteps]).cost) < 1e-12, 'total cost');
    assert.equal(status.context.limit, 200_000);
    assert.equal(status.session.server, 'status');
    const spent = sum([...own, ...childSteps]).cost;
    assert.ok(Math.abs(status.budgets!.session!.used - spent) < 1e-12, 'the session budget counts the whole tree');
    assert.equal(status.budgets!.session!.limit, 0.01);
    assert.equal(status.budgets!.hour!.limit, 100);
    assert.ok(status.budgets!.hour!.used >= spent - 1e-12, 'the hour holds at least this tree');
    assert.equal(status.budgets!.day, null, 'a budget that is off is null');

    const fromChild = (await api.getAPI(1).getSessionStatus(child.id))!;
    assert.deepEqual([fromChild.session.parentId, fromChild.session.rootId, fromChild.usage.session.turns], [id, id, childSteps.length]);
    const listed = api.getAPI(1).listSessions().find((s) => s.id === child.id);
    assert.equal(listed?.parentId, id);
  });

  it('says undefined for a session no server lists, and refuses an API version it does not offer', async () => {
    assert.equal(await api.getAPI(1).getSessionStatus('ses_nope'), undefined);
    assert.throws(() => (api.getAPI as (v: number) => unknown)(2), /version 1, not 2/);
  });
});
