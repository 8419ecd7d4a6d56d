// The usage panel's Trends, in a real VS Code against a real server: today's cost must equal the sum of
// the `cost` of every assistant message the server holds that was created today, over all its sessions.
import * as assert from 'node:assert/strict';
import type { ExtensionApi } from '../../../src/extension';
import { localDay } from '../../../src/store/calendar';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { allSessions, createSession, prompt, spawnChild } from '../../harness/scenario';
import { text } from '../../harness/scriptedModel';
import { configureServers, connectionFor, extensionApi, waitFor } from '../helpers/extensionApi';

describe('Usage trends', function () {
  this.timeout(240_000);
  let api: ExtensionApi;
  let h: RunningHarness;

  before(async () => {
    api = await extensionApi();
    h = await startHarness();
  });

  after(async () => {
    api?.usage.current?.dispose();
    await configureServers([]);
    await h?.dispose();
  });

  it("shows today's cost as the sum of today's assistant messages over every session of the server", async () => {
    const first = (await createSession(h, { title: 'Trend one' })).id;
    await prompt(h, first, 'One', [text('One.', { prompt: 12_000, cached: 4_000, completion: 1_500 })]);
    await prompt(h, first, 'Two', [text('Two.', { prompt: 14_000, cached: 9_000, completion: 700 })]);
    const second = (await createSession(h, { title: 'Trend two' })).id;
    await prompt(h, second, 'Three', [text('Three.', { prompt: 5_000, completion: 300 })]);
    await spawnChild(h, second, {
      description: 'Child',
      parentCall: { prompt: 6_000, completion: 200 },
      child: { prompt: 8_000, completion: 900 },
      parentAfter: { prompt: 7_000, completion: 100 },
    });
    await createSession(h, { title: 'Trend empty' });

    await configureServers([{ name: 'trends', url: h.server.url }]);
    const connection = await waitFor(
      'online',
      () => connectionFor(api, h.server.url),
      (c) => c?.state.kind === 'online' && c.sessions.size === 4,
    );
    const panel = api.usage.show({ serverId: connection!.config.id, sessionId: first });
    const today = localDay(Date.now());
    const summary = await waitFor(
      'every session loaded',
      () => panel.summary,
      (s) => s?.trend?.pending === 0 && s.trend.sessions === 4,
    );
    const truth = await todaysCost();
    assert.ok(truth > 0, 'the scripted replies cost something');
    const shown = summary!.days.find((d) => d.day === today)?.cost ?? 0;
    assert.ok(Math.abs(shown - truth) < 1e-9, `trend today ${shown} = server messages today ${truth}`);

    // A new reply in another session moves today's figure too.
    await prompt(h, second, 'Four', [text('Four.', { prompt: 9_000, completion: 400 })]);
    const after = await todaysCost();
    assert.ok(after > truth);
    await waitFor(
      "today's cost after a live reply",
      () => panel.summary?.days.find((d) => d.day === today)?.cost ?? 0,
      (c) => Math.abs(c - after) < 1e-9,
    );
  });

  /** Straight from the server: every assistant message of every session, created today. */
  async function todaysCost(): Promise<number> {
    const today = localDay(Date.now());
    let total = 0;
    for (const session of await allSessions(h)) {
      const result = await h.server.client(session.directory).session.messages({ sessionID: session.id });
      for (const m of result.data ?? []) if (m.info.role === 'assistant' && localDay(m.info.time.created) === today) total += m.info.cost;
    }
    return total;
  }
});
