// List prices in a real VS Code against a real server: the scripted model is configured at cost 0 (a plan or free
// tier) and the same model id is priced under another provider in opencode.json, so the server's own catalog
// (1.18's `GET /provider`, 2.x's `GET /api/model` with names from `/api/provider`) lists it. The row shows the estimate apart from the recorded $0, session_status carries both,
// a countListPrice budget crosses on it, the plugin's own answer (no VS Code to ask) is the same, and a model with
// no listing says "no list price".
import * as assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { formatCost } from '../../../src/present/format';
import type { SessionStatus } from '../../../src/store/sessionStatus';
import type { RunningHarness } from '../../harness/harness';
import { pluginScript } from '../../harness/paths';
import { isOpencode2, models2 } from '../../harness/opencode2';
import { createSession, prompt, stepRecords, toolOutput } from '../../harness/scenario';
import { text, toolCall } from '../../harness/scriptedModel';
import { connectionFor, serverForSuite, shownTree, waitFor } from '../helpers/extensionApi';

const FREE = { input: 0, output: 0, cache_read: 0, cache_write: 0 };
const LIMIT = { context: 200_000, output: 32_000 };
/** The listing's prices as written in opencode.json (USD per million). */
const LISTED = { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 };

describe('List price', function () {
  this.timeout(300_000);
  let h: RunningHarness;
  let api: ExtensionApi;
  const plugin = pathToFileURL(pluginScript()).href;
  const suite = serverForSuite('list price', {
    models: [
      { id: 'alpha', name: 'Alpha', cost: FREE, limit: LIMIT },
      { id: 'unlisted-local', name: 'Unlisted', cost: FREE, limit: LIMIT },
    ],
    extraProviders: {
      listed: {
        npm: '@ai-sdk/openai-compatible',
        name: 'Listed Inc',
        options: { baseURL: 'http://127.0.0.1:9/v1', apiKey: 'never-used' },
        models: { alpha: { name: 'Alpha', cost: LISTED, limit: LIMIT } },
      },
    },
    // The plugin, with no endpoint file in the server's HOME: it answers from its own server, as without VS Code.
    config: { plugin: [plugin] },
  });
  before(() => ({ h, api } = suite));
  after(async () => {
    const config = vscode.workspace.getConfiguration('opencodeSessions');
    await config.update('budget.perHour', undefined, vscode.ConfigurationTarget.Global);
    await config.update('budget.countListPrice', undefined, vscode.ConfigurationTarget.Global);
  });

  /** The catalog's prices for listed/alpha, read from the server itself. */
  async function catalogPrices(): Promise<{ input: number; output: number; cache: { read: number; write: number } }> {
    type Price = { input: number; output: number; cache: { read: number; write: number }; tier?: unknown };
    let cost: Price | undefined;
    if (isOpencode2()) {
      const models = await models2<{ id: string; providerID: string; cost: Price[] }>(h.server);
      cost = models.find((m) => m.providerID === 'listed' && m.id === 'alpha')?.cost.find((c) => c.tier === undefined);
    } else {
      const answer = (await (await fetch(`${h.server.url}/provider`)).json()) as {
        all: Array<{ id: string; models: Record<string, { cost: Price }> }>;
      };
      cost = answer.all.find((p) => p.id === 'listed')?.models.alpha?.cost;
    }
    assert.ok(cost, 'the server lists listed/alpha with a price');
    return cost;
  }

  async function tooltipOf(sessionId: string): Promise<string> {
    const node = api.tree.sessionNode(connectionFor(api, h.server.url)!, sessionId);
    const resolved = await api.tree.resolveTreeItem(api.tree.getTreeItem(node), node, new vscode.CancellationTokenSource().token);
    assert.ok(resolved.tooltip instanceof vscode.MarkdownString);
    // Values are escaped markdown: their spaces are &nbsp;.
    return resolved.tooltip.value.replace(/&nbsp;/g, ' ');
  }

  it('shows the estimate apart from the recorded $0, in the row, the status and session_status; a countListPrice budget crosses on it', async () => {
    const { id } = await createSession(h, { title: 'Plan work' });
    await prompt(h, id, 'work', [text('done', { prompt: 12_000, completion: 600, cached: 2_000, reasoning: 100 })]);
    const prices = await catalogPrices();
    const recorded = await stepRecords(h, id);
    assert.ok(recorded.length > 0 && recorded.every((s) => s.cost === 0), 'OpenCode recorded $0');
    // OpenCode's formula, computed here: reasoning at the output price.
    const expected = recorded.reduce(
      (sum, { tokens: t }) =>
        sum +
        (t.input * prices.input +
          t.output * prices.output +
          t.reasoning * prices.output +
          t.cache.read * prices.cache.read +
          t.cache.write * prices.cache.write) /
          1e6,
      0,
    );
    assert.ok(expected > 0);

    await waitFor(
      'the row at list price',
      () => shownTree(api),
      (r) => r.some((row) => row.sessionId === id && row.label.startsWith(`≈${formatCost(expected)}`)),
    );
    const connection = connectionFor(api, h.server.url)!;
    assert.equal(connection.sessions.get(id)!.own.cost, 0, 'recorded sums unchanged');
    const tooltip = await tooltipOf(id);
    for (const words of ['Cost: $0.00', 'List price: ≈', 'Listed Inc', 'list price; OpenCode recorded $0'])
      assert.ok(tooltip.includes(words), `tooltip has "${words}":\n${tooltip}`);

    const status = (await api.getAPI(1).getSessionStatus(id))!;
    assert.equal(status.usage.session.cost, 0);
    assert.ok(Math.abs(status.usage.session.listCost! - expected) < 1e-12, `listCost ${status.usage.session.listCost} = ${expected}`);
    assert.deepEqual(status.listPrice, { sources: ['Listed Inc'], models: ['listed/alpha'], unlistedTokens: 0 });

    const config = vscode.workspace.getConfiguration('opencodeSessions');
    await config.update('budget.perHour', expected / 2, vscode.ConfigurationTarget.Global);
    const uncounted = (await api.getAPI(1).getSessionStatus(id))!;
    assert.ok(uncounted.budgets!.hour!.used < expected / 2, 'without countListPrice the hour holds only recorded spend');
    await config.update('budget.countListPrice', true, vscode.ConfigurationTarget.Global);
    const counted = (await api.getAPI(1).getSessionStatus(id))!;
    assert.ok(counted.budgets!.hour!.used >= expected - 1e-12, `the hour counts the estimate: ${counted.budgets!.hour!.used}`);
    assert.ok(counted.budgets!.hour!.percent > 100, 'the budget is crossed on the estimate');
  });

  // Not on 2.x: its plugin context reads no messages, so the plugin alone gives the session's own totals without a
  // list price (src/plugin/v2Definition.ts); with VS Code it gives the extension's answer (sessionStatusApi).
  (isOpencode2() ? it.skip : it)("the plugin's own answer (no VS Code to ask) carries the same list price as the extension's", async () => {
    const { id } = await createSession(h, { title: 'Plugin asks' });
    await prompt(h, id, 'some work', [text('done', { prompt: 5_000, completion: 300, cached: 1_000 })]);
    await prompt(h, id, 'how much?', [
      toolCall('session_status', {}, { prompt: 0, completion: 0 }),
      text('ok', { prompt: 0, completion: 0 }),
    ]);
    const output = await toolOutput(h, id, 'session_status');
    assert.ok(output, 'the tool ran');
    const fromPlugin = JSON.parse(output) as SessionStatus;
    assert.equal(fromPlugin.budgets, null, 'the plugin answered by itself');
    const fromExtension = (await api.getAPI(1).getSessionStatus(id))!;
    assert.ok(fromPlugin.usage.session.listCost! > 0);
    assert.ok(
      Math.abs(fromPlugin.usage.session.listCost! - fromExtension.usage.session.listCost!) < 1e-12,
      `${fromPlugin.usage.session.listCost} = ${fromExtension.usage.session.listCost}`,
    );
    assert.deepEqual(fromPlugin.listPrice, fromExtension.listPrice);
  });

  it('a model with no priced listing shows its tokens and "no list price", never $0 as an estimate', async () => {
    const { id } = await createSession(h, { title: 'Local model' });
    await prompt(h, id, 'work', [text('done', { prompt: 800, completion: 80 })], { modelID: 'unlisted-local' });
    const rows = await waitFor(
      'the row with its tokens',
      () => shownTree(api),
      (r) => r.some((row) => row.sessionId === id && row.description.startsWith('880')),
    );
    const row = rows.find((r) => r.sessionId === id)!;
    assert.ok(row.label.startsWith('$0.00'), `recorded, not estimated: ${row.label}`);
    const tooltip = await tooltipOf(id);
    assert.ok(tooltip.includes('No list price: 880 tokens'), tooltip);
    assert.ok(!tooltip.includes('≈'), tooltip);
    const status = (await api.getAPI(1).getSessionStatus(id))!;
    assert.equal(status.usage.session.listCost, null);
    assert.equal(status.listPrice!.unlistedTokens, 880);
  });
});
