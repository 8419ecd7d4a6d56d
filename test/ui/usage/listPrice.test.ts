// List prices as a person sees them: a session on a model configured at cost 0, whose id another provider lists
// with a price in the server's catalog. The tree row leads with "≈$…", and the usage panel shows each step's
// recorded $0 with its list-price estimate apart (screenshot in test-results/screenshots/).
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { formatCost, formatExactCost } from '../../../src/present/format';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { createSession, prompt } from '../../harness/scenario';
import { text } from '../../harness/scriptedModel';
import { waitFor } from '../../harness/waitFor';
import { openOpenCodeView, runCommand, screenshot, webviewFrame, withWorkbench } from '../../vscode-server/workbench';
import { treeRows, selectRow } from '../../vscode-server/treeRows';

const TITLE = 'Plan session';
const LIMIT = { context: 200_000, output: 32_000 };
const LISTED = { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 };
let h: RunningHarness;
let expected = 0;

before(async () => {
  h = await startHarness({
    models: [{ id: 'alpha', name: 'Alpha', cost: { input: 0, output: 0, cache_read: 0, cache_write: 0 }, limit: LIMIT }],
    extraProviders: {
      listed: {
        npm: '@ai-sdk/openai-compatible',
        name: 'Listed Inc',
        options: { baseURL: 'http://127.0.0.1:9/v1', apiKey: 'never-used' },
        models: { alpha: { name: 'Alpha', cost: LISTED, limit: LIMIT } },
      },
    },
  });
  const { id } = await createSession(h, { title: TITLE });
  await prompt(h, id, 'work', [text('done', { prompt: 40_000, cached: 10_000, completion: 2_000, reasoning: 200 })]);
  const result = await h.server.client().session.messages({ sessionID: id });
  for (const m of result.data ?? []) {
    for (const p of m.parts) {
      if (p.type !== 'step-finish') continue;
      assert.equal(p.cost, 0, 'OpenCode recorded $0');
      const t = p.tokens;
      expected +=
        (t.input * LISTED.input +
          t.output * LISTED.output +
          t.reasoning * LISTED.output +
          t.cache.read * LISTED.cache_read +
          t.cache.write * LISTED.cache_write) /
        1e6;
    }
  }
  assert.ok(expected > 0);
});

after(async () => {
  await h?.dispose();
});

test('the row leads with the estimate and the usage panel shows it apart per step', { timeout: 300_000 }, async () => {
  const settings = { 'opencodeSessions.servers': [{ name: 'plan', url: h.server.url }] };
  await withWorkbench(
    'list-price',
    { theme: 'dark', machineSettings: settings, viewport: { width: 1400, height: 900 } },
    async ({ page }) => {
      const pane = await openOpenCodeView(page);
      const row = treeRows(pane, TITLE).first();
      await waitFor(
        'the row at list price',
        async () => (await row.textContent().catch(() => '')) ?? '',
        (t) => t.includes(`≈${formatCost(expected)}`),
      );
      await selectRow(row);
      await runCommand(page, 'OpenCode: Show Usage');
      const frame = webviewFrame(page);
      await frame.locator('#tab-3').click();
      const cells = frame.locator('#steps [role="row"][data-row] [role="gridcell"]');
      const costCell = async () => (await cells.allTextContents().catch(() => [] as string[]))[7] ?? '';
      await waitFor('the step with its list price', costCell, (t) => t === `${formatExactCost(0)} (≈${formatExactCost(expected)} list)`);
      console.log(`screenshot: ${await screenshot(page, 'usage-list-price-table')}`);
    },
  );
});
