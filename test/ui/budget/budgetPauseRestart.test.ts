// A budget pause outlives a restart of VS Code's window, in Chromium against a real server: a session crosses its
// session budget set to pause and its row says so; Developer: Reload Window starts a new extension host, which reads
// the pause back from the extension's storage, checks it against the server (the session is idle there) and shows
// it again with its Raise Budget and Resume… action; that action, used after the restart, raises the budget in the
// user's settings and resumes the session, which finishes its task (the model reads the continue prompt).
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { createSession, promptAsync } from '../../harness/scenario';
import { text, toolCall } from '../../harness/scriptedModel';
import { waitFor } from '../../harness/waitFor';
import { openOpenCodeView, pickCommand, sideBarTitle, withWorkbench } from '../../vscode-server/workbench';
import { clickInlineAction, treeRows } from '../../vscode-server/treeRows';

const SERVER = 'pause-server';
const TITLE = 'Paused across a restart';
const CONTINUE = 'Paused by the test budget: carry on.';
/** The row's words ($0.030: a cost under $0.10 shows three decimals). */
const PAUSED = /paused by the \$0\.030 session budget/;
let h: RunningHarness;

before(async () => {
  h = await startHarness();
});

after(async () => {
  await h?.dispose();
});

/** The processes of the extension hosts that run now: each writes its window's endpoint entry, with its pid. */
function hostPids(workDir: string): number[] {
  const dir = join(workDir, 'home', '.opencode-sessions', 'endpoints');
  return readdirSync(dir)
    .filter((name) => name.startsWith('window-') && name.endsWith('.json'))
    .flatMap((name) => {
      try {
        return [(JSON.parse(readFileSync(join(dir, name), 'utf8')) as { pid: number }).pid];
      } catch {
        return [];
      }
    });
}

/** What the server has of the session: whether it runs, and its last reply's text. */
async function serverRecord(id: string): Promise<{ busy: boolean; lastText: string }> {
  const client = h.server.client(h.server.directory);
  const messages = (await client.session.messages({ sessionID: id })).data ?? [];
  const statuses = (await client.session.status()).data ?? {};
  const texts = messages.flatMap((m) => (m.info.role === 'assistant' ? m.parts : [])).filter((p) => p.type === 'text');
  return {
    busy: (statuses[id]?.type ?? 'idle') !== 'idle',
    lastText: texts.length ? (texts[texts.length - 1] as { text: string }).text : '',
  };
}

test(
  'a budget pause outlives a window reload, and Raise Budget and Resume… after it lets the session finish',
  { timeout: 600_000 },
  async () => {
    // The budgets are machine settings: in this remote window a user value of them is not read, and the raise
    // writes its new limit where the budget is read from.
    const machineSettings = {
      'opencodeSessions.servers': [{ name: SERVER, url: h.server.url }],
      'opencodeSessions.budget.perSession': 0.03,
      'opencodeSessions.budget.onExceeded': 'pause',
      'opencodeSessions.budget.resumePrompt': CONTINUE,
    };
    let release: (() => void) | undefined;
    h.model.route = (req) => (req.kind === 'chat' && req.lastUserText.includes(CONTINUE) ? text('Finished after the pause.') : undefined);
    try {
      await withWorkbench('budget-pause-restart', { machineSettings, viewport: { width: 1280, height: 720 } }, async ({ page, server }) => {
        let pane = await openOpenCodeView(page);
        // The first step spends $0.06 while the session runs (its second waits), crossing the $0.03 budget.
        const { id } = await createSession(h, { title: TITLE });
        const hold = new Promise<void>((resolve) => (release = resolve));
        await promptAsync(h, id, 'Spend and keep going', [
          toolCall('glob', { pattern: 'no-such-file-*' }, { prompt: 20_000, completion: 10 }),
          text('Late.', { prompt: 10, completion: 1 }, { hold }),
        ]);
        await treeRows(pane, TITLE).filter({ hasText: PAUSED }).first().waitFor({ timeout: 120_000 });
        await waitFor(
          'the session stopped on the server',
          () => serverRecord(id),
          (r) => !r.busy,
        );
        const asked = h.model.requests.length;
        const [before] = await waitFor(
          "the extension host's endpoint entry",
          () => hostPids(server.workDir),
          (pids) => pids.length === 1,
        );

        // Reloaded the way a person does, so the old extension host ends and a new one starts.
        const reloaded = page.waitForEvent('load', { timeout: 60_000 });
        await sideBarTitle(page).click();
        await pickCommand(page, 'Developer: Reload Window');
        await reloaded;
        await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
        pane = await openOpenCodeView(page);
        const row = treeRows(pane, TITLE).filter({ hasText: PAUSED }).first();
        await row.waitFor({ timeout: 120_000 });
        const after = await waitFor(
          'a new extension host, the old one gone',
          () => hostPids(server.workDir),
          (pids) => pids.length === 1 && pids[0] !== before,
        );
        console.log(`      extension host ${before} → ${after[0]}`);
        assert.equal((await serverRecord(id)).busy, false, 'still stopped on the server after the restart');
        assert.equal(h.model.requests.length, asked, 'nothing asked the model meanwhile');

        // Raise Budget and Resume… from the row, after the restart.
        await clickInlineAction(row, 'Raise Budget and Resume…');
        const input = page.locator('.quick-input-widget input');
        await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Raise the session budget' }).waitFor({ timeout: 30_000 });
        await input.fill('1');
        await page.keyboard.press('Enter');
        const finished = await waitFor(
          'the session finished after the resume',
          () => serverRecord(id),
          (r) => !r.busy && r.lastText === 'Finished after the pause.',
        );
        assert.equal(finished.lastText, 'Finished after the pause.');
        assert.equal(
          h.model.requests.filter((r) => r.lastUserText.includes(CONTINUE)).length,
          1,
          'the model read the continue prompt once',
        );
        await treeRows(pane, TITLE).filter({ hasNotText: 'paused by' }).first().waitFor({ timeout: 60_000 });
      });
    } finally {
      h.model.route = undefined;
      release?.();
    }
  },
);
