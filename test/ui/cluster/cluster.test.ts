// A person's view of a Kubernetes cluster: VS Code in Chromium with the cluster view turned on through user
// settings, a stand-in API server (test/k8s/standInApiServer.ts) serving kubeopencode's Agents and Tasks, and
// behind the Agent "builder" a real `opencode serve` with a scripted model, reached through the service proxy.
// Read the rows: cluster → namespace → Agents (states) and Tasks, the builder's sessions with the server's
// numbers, a live badge after a prompt, and a click on the running Task selecting its session.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Locator } from 'playwright-core';
import { formatCost, formatTokens } from '../../../src/present/format';
import { ROW_SEPARATOR } from '../../../src/present/sessionRow';
import { sessionTitle } from '../../../src/present/sessionTitle';
import { expectedRow } from '../../harness/expectedRow';
import { waitFor, WAIT_LIMIT_MS } from '../../harness/waitFor';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { allSessions, getSession, prompt } from '../../harness/scenario';
import { text } from '../../harness/scriptedModel';
import type { SessionSummary } from '../../k8s/objects';
import type { StandInApiServer } from '../../k8s/standInApiServer';
import { startTeamCluster, TEAM_NS as NS } from '../../k8s/teamCluster';
import {
  escapeRegExp,
  openOpenCodeView,
  runCommandWithInput,
  screenshot,
  widenSideBar,
  withWorkbench,
} from '../../vscode-server/workbench';
import { taskTreeRow, treeRows } from '../../vscode-server/treeRows';

let h: RunningHarness;
let cluster: StandInApiServer;
let kubeconfigPath: string;
let liveSessionId: string;
let liveTitle: string;
let finishedTitle: string;
let summary: SessionSummary;

before(async () => {
  h = await startHarness();
  const team = await startTeamCluster(h);
  ({ apiServer: cluster, liveSessionId, summary } = team);
  // As the tree names them: a Task's session by its Task.
  liveTitle = sessionTitle(await getSession(h, liveSessionId));
  finishedTitle = sessionTitle(await getSession(h, team.finishedSessionId));
  kubeconfigPath = cluster.kubeconfigFile('stand-in');
});

after(async () => {
  await cluster?.stop();
  await h?.dispose();
});

test('the Kubernetes cluster view shows Agents, Tasks and live sessions through the service proxy', { timeout: 300_000 }, async () => {
  // The kubernetes.* settings are machine-scoped: in this (remote) window VS Code ignores them in the user settings
  // and reads them from the remote machine's settings, where Remote-SSH or Codespaces users put them too.
  const machineSettings = { 'opencodeSessions.kubernetes.enabled': true, 'opencodeSessions.kubernetes.kubeconfig': kubeconfigPath };
  await withWorkbench('cluster', { machineSettings, viewport: { width: 1280, height: 800 } }, async ({ page, server }) => {
    console.log(`VS Code ${server.vscodeVersion}, OpenCode ${h.server.version}`);
    const pane = await openOpenCodeView(page);
    // The builder's sessions come from its OpenCode server through the stand-in's service proxy.
    await sessionRow(pane, liveTitle).waitFor({ timeout: 90_000 });
    await sessionRow(pane, finishedTitle).waitFor({ timeout: 30_000 });
    await widenSideBar(page, 600);

    // cluster (1) → namespace (2) → Agents and Tasks (3) → sessions and notices (4); one directory: no groups.
    const clusterRow = row(pane, 'stand-in');
    assert.equal(await level(clusterRow), 1);
    assert.match(await description(clusterRow), /^\$[\d.]+\+? · online · Kubernetes$/);
    assert.equal(await level(row(pane, NS)), 2);
    assert.equal(await level(row(pane, 'default')), 2, "the context's own namespace is listed too");

    const builder = row(pane, 'builder');
    assert.equal(await level(builder), 3);
    assert.match(await description(builder), /^\$[\d.]+ · ready · v/);
    const sleeper = row(pane, 'sleeper');
    assert.equal(await level(sleeper), 3);
    assert.match(await description(sleeper), /^(\$[\d.]+ · )?suspended · /);
    const broken = row(pane, 'broken');
    assert.equal(await level(broken), 3);
    assert.match(await description(broken), /^(\$[\d.]+ · )?not ready · /);
    // The notice row sits right under its Agent, one level deeper.
    assert.equal(await nextRowLabel(pane, sleeper), 'Agent suspended');
    assert.equal(await level(row(pane, 'Agent suspended')), 4);
    assert.equal(await nextRowLabel(pane, broken), 'Agent not ready');
    assert.equal(await level(row(pane, 'Agent not ready')), 4);

    for (const name of ['fix-login', 'add-tests', 'nightly']) assert.equal(await level(taskTreeRow(pane, name)), 3, `Task ${name}`);
    assert.match(await description(taskTreeRow(pane, 'fix-login')), /Running/);
    assert.match(await description(taskTreeRow(pane, 'nightly')), /Pending/);

    // The builder's session rows carry the server's own numbers.
    const sessions = await allSessions(h);
    assert.equal(sessions.length, 2);
    for (const session of sessions) {
      const shown = sessionRow(pane, sessionTitle(session));
      assert.equal(await level(shown), 4, `nesting of ${session.title}`);
      assert.deepEqual(await rowText(shown), expectedRow(sessions, session), `figures of ${session.title}`);
    }

    // A prompt on the live session: the row follows live, through the proxy, in the real UI.
    const liveRow = sessionRow(pane, liveTitle);
    const before = JSON.stringify(await rowText(liveRow));
    await prompt(h, liveSessionId, 'Fix the login', [text('Fixed.', { prompt: 7_000, completion: 700 })]);
    const later = await allSessions(h);
    const expected = JSON.stringify(
      expectedRow(
        later,
        later.find((s) => s.id === liveSessionId)!,
      ),
    );
    assert.notEqual(expected, before, 'the prompt changes the figures');
    await waitUntil(
      `the live figures ${expected}`,
      async () => JSON.stringify(await rowText(liveRow)) === expected,
      60_000,
      async () => `saw ${JSON.stringify(await rowText(liveRow))}`,
    );

    // The cluster's total counts each builder session once, plus the finished Task whose session is elsewhere.
    const total = later.reduce((sum, s) => sum + (s.cost ?? 0), 0) + Number(summary.cost);
    await waitUntil(
      'the cluster total',
      async () => (await description(clusterRow)) === `${formatCost(total)} · online · Kubernetes`,
      30_000,
      async () => `saw "${await description(clusterRow)}"`,
    );
    const summaryTokens = summary.tokenUsage.input + summary.tokenUsage.output + summary.tokenUsage.reasoning + summary.tokenUsage.cache;
    // Its session is on no server: its summary's money leads its label, as a session row's does.
    const addTests = taskTreeRow(pane, 'add-tests');
    assert.equal(
      ((await addTests.locator('.label-name').textContent()) ?? '').trim(),
      `${formatCost(Number(summary.cost))}${ROW_SEPARATOR}add-tests`,
    );
    assert.match(await description(addTests), new RegExp(`^${escapeRegExp(formatTokens(summaryTokens))} · Completed · `));

    // Clicking the running Task shows its live session on the Agent: that row becomes selected.
    assert.notEqual(await liveRow.getAttribute('aria-selected'), 'true');
    await taskTreeRow(pane, 'fix-login').click();
    await waitUntil('the Task session row to be selected', async () => (await liveRow.getAttribute('aria-selected')) === 'true', 30_000);

    console.log(`screenshot: ${await screenshot(page, 'cluster')}`);

    // Choose Kubernetes Namespaces… from the palette: only team-a is watched, so "default" goes away.
    const chooseTeamA = async () => {
      const input = await runCommandWithInput(page, 'OpenCode: Choose Kubernetes Namespaces…', 'Kubernetes Namespaces');
      await input.fill('team-a', { timeout: 10_000 });
      await input.press('Enter');
    };
    // Once in six full runs the input box closed right after it opened (nothing in the logs says why); a
    // person would open it again, and so does the test, saying so.
    for (let attempt = 1; ; attempt++) {
      try {
        await chooseTeamA();
        break;
      } catch (error) {
        if (attempt === 3) throw error;
        console.log(
          `the namespace input box closed before it took the text (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); opening it again`,
        );
        await page.keyboard.press('Escape');
      }
    }
    await row(pane, 'default').waitFor({ state: 'detached', timeout: WAIT_LIMIT_MS });
    await sessionRow(pane, liveTitle).waitFor({ timeout: WAIT_LIMIT_MS });
    assert.equal(await level(row(pane, NS)), 2);
  });
});

/** The row whose label is exactly `label` (session titles contain Task names, so substrings would be ambiguous). */
function row(pane: Locator, label: string): Locator {
  return treeRows(pane)
    .filter({ has: pane.page().locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) })
    .first();
}

/** A session's row: its label is the money, then the title (see src/present/sessionRow.ts). */
function sessionRow(pane: Locator, title: string): Locator {
  return treeRows(pane)
    .filter({ has: pane.page().locator('.label-name', { hasText: new RegExp(`${escapeRegExp(ROW_SEPARATOR + title)}\\s*$`) }) })
    .first();
}

async function rowText(r: Locator): Promise<{ label: string; description: string }> {
  return { label: (await r.locator('.label-name').textContent()) ?? '', description: await description(r) };
}

async function level(r: Locator): Promise<number> {
  return Number(await r.getAttribute('aria-level'));
}

async function description(r: Locator): Promise<string> {
  return ((await r.locator('.label-description').textContent()) ?? '').trim();
}

/** The label of the row shown right below `r` (rows are absolutely positioned: order by data-index). */
async function nextRowLabel(pane: Locator, r: Locator): Promise<string | undefined> {
  const index = Number(await r.getAttribute('data-index'));
  const next = pane.locator(`.monaco-list-row[role="treeitem"][data-index="${index + 1}"] .label-name`);
  return ((await next.textContent()) ?? '').trim();
}

/** The shared wait (test/harness/waitFor.ts): a generous limit, and on timeout what `detail` saw last. */
async function waitUntil(what: string, check: () => Promise<boolean>, _timeoutMs: number, detail?: () => Promise<string>): Promise<void> {
  await waitFor(
    what,
    async () => ({ ok: await check(), seen: detail ? await detail() : undefined }),
    (r) => r.ok,
    undefined,
    (r) => r.seen,
  );
}
