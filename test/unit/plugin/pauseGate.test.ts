// Issue 73's server half: the project's plugin in a real `opencode serve` (1.18.33), and no VS Code running. A prompt
// to a session whose tree spent past the session budget the extension's ledger names (budget.onExceeded = pause) gets
// no model request: the scripted model counts them, and the refused step carries the plugin's words. The same for a
// session the ledger lists as paused, and for one a window said was paused before it went away (the plugin keeps the
// last pause it was told); a tree resumed without raising runs on, and a window that says the pause ended lets it go.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { startStatusEndpoint, type StatusEndpoint } from '../../../src/api/statusEndpoint';
import {
  ENDPOINT_DIR_VARIABLE,
  newEntryFile,
  removeEndpointInfo,
  writeEndpointInfo,
} from '../../../src/client/discovery/endpointDiscovery';
import { writePauseLedger } from '../../../src/client/discovery/pauseLedgerFile';
import type { PauseAnswer, PauseLedger } from '../../../src/store/pauseGate';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { pluginScript } from '../../harness/paths';
import { createSession, prompt, stepRecords } from '../../harness/scenario';
import { text } from '../../harness/scriptedModel';

const PLUGIN = pluginScript();
/** $0.0165 a step on alpha ($3 per million input, $15 per million output): past a $0.01 budget after one. */
const STEP = { prompt: 5_000, completion: 100 };

describe('the plugin refuses model requests of a paused tree, with no VS Code running', () => {
  let h: RunningHarness;
  let endpoint: StatusEndpoint | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'ocs-pause-gate-'));
  const entry = newEntryFile(dir);
  const ledger = (over: Partial<PauseLedger> = {}) =>
    writePauseLedger(dir, { v: 1, written: Date.now(), sessionLimit: 0.01, pauses: [], exempt: [], ...over });
  /** The model requests a session's prompts brought (title requests aside), by the prompt's words. */
  const asked = (words: string) => h.model.requests.filter((r) => r.kind !== 'title' && r.firstUserText.includes(words)).length;

  /** A session that spent one step ($0.0165) under a ledger without a budget. */
  async function spent(title: string): Promise<string> {
    ledger({ sessionLimit: undefined });
    const { id } = await createSession(h, { title });
    await prompt(h, id, `${title}: first`, [text('First.', STEP)]);
    assert.equal(asked(title), 1);
    return id;
  }

  /** The last step's error, as every client shows it. */
  async function lastError(id: string): Promise<string> {
    const messages = (await h.server.client().session.messages({ sessionID: id })).data ?? [];
    const last = messages.filter((m) => m.info.role === 'assistant').at(-1)?.info as
      { error?: { data?: { message?: string } } } | undefined;
    return last?.error?.data?.message ?? '';
  }

  before(async () => {
    h = await startHarness({ config: { plugin: [pathToFileURL(PLUGIN).href] }, env: { [ENDPOINT_DIR_VARIABLE]: dir } });
  });
  after(async () => {
    await h?.dispose();
    await endpoint?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("past the ledger's session budget: the prompt gets no model request and spends nothing; the step says why", async () => {
    const id = await spent('Over budget');
    const cost = (await stepRecords(h, id)).reduce((sum, s) => sum + s.cost, 0);
    assert.ok(cost > 0.01, `spent past the budget: ${cost}`);
    ledger();
    await prompt(h, id, 'Over budget: second', [text('Should not be asked.', STEP)]);
    assert.equal(asked('Over budget'), 1, 'the scripted model received no request for the paused session');
    assert.equal(
      (await stepRecords(h, id)).reduce((sum, s) => sum + s.cost, 0),
      cost,
      'nothing more spent',
    );
    assert.match(
      await lastError(id),
      /OpenCode Sessions: This session is paused by its session budget of \$0\.01\. The model was not asked\./,
    );
    h.model.clearQueue();
  });

  test('resumed without raising (its root exempt in the ledger): it runs on', async () => {
    const id = await spent('Exempt tree');
    ledger({ exempt: [id] });
    await prompt(h, id, 'Exempt tree: second', [text('Asked.', STEP)]);
    assert.equal(asked('Exempt tree'), 2);
  });

  test('a pause the ledger lists holds whatever the spend; so does one a window told before it went away', async () => {
    const id = await spent('Told paused');
    const pause = { sessionId: id, rootId: id, budget: 'day' as const, limit: 5, spent: 5.2, at: Date.now() };
    ledger({ sessionLimit: undefined, pauses: [pause] });
    await prompt(h, id, 'Told paused: ledger', [text('Should not be asked.', STEP)]);
    assert.equal(asked('Told paused'), 1, 'refused by the ledger');
    assert.match(await lastError(id), /paused by its daily budget of \$5\.00/);
    h.model.clearQueue();

    // A window answers: the pause holds. Then it goes away, and the ledger is older than what the window said.
    const answers: PauseAnswer[] = [];
    let holds = true;
    endpoint = await startStatusEndpoint(
      () => Promise.resolve(undefined),
      (sessionId) => {
        const answer = { sessionID: sessionId, rootId: sessionId, holds, ...(holds && { pause }), title: 'Told paused' };
        answers.push(answer);
        return answer;
      },
    );
    writeEndpointInfo(entry, { url: endpoint.url, token: endpoint.token, pid: process.pid, folders: [], startedAt: 1 });
    ledger({ sessionLimit: undefined, written: Date.now() - 60_000 });
    await prompt(h, id, 'Told paused: window', [text('Should not be asked.', STEP)]);
    assert.ok(answers.length > 0, 'the window was asked');
    assert.match(await lastError(id), /"Told paused" is paused by its daily budget/);
    removeEndpointInfo(entry);
    await endpoint.close();
    endpoint = undefined;
    await prompt(h, id, 'Told paused: no window', [text('Should not be asked.', STEP)]);
    assert.equal(asked('Told paused'), 1, 'no window to ask: the last pause it was told holds');
    h.model.clearQueue();

    // A window says the pause ended (raised, resumed): the request goes.
    holds = false;
    endpoint = await startStatusEndpoint(
      () => Promise.resolve(undefined),
      (sessionId) => ({ sessionID: sessionId, rootId: sessionId, holds }),
    );
    writeEndpointInfo(entry, { url: endpoint.url, token: endpoint.token, pid: process.pid, folders: [], startedAt: 1 });
    await prompt(h, id, 'Told paused: lifted', [text('Asked.', STEP)]);
    assert.equal(asked('Told paused'), 2);
    removeEndpointInfo(entry);
  });
});
