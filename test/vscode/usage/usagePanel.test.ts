// The usage panel in a real VS Code against a real server (1.18.33, and OpenCode 2 in the opencode2 stage): every
// step the server recorded shows once with its own figures (1.18: step-finish parts; 2.x: assistant messages read
// from /api/session/{id}/message), the compaction's cost shows once (the older 2-line build records it in the
// session's totals only, 2.x releases on the compaction message too), and the rows add up to the session's totals.
import * as assert from 'node:assert/strict';
import type { RunningHarness } from '../../harness/harness';
import { compact, compactionRecord, createSession, getSession, prompt, stepRecords } from '../../harness/scenario';
import { text } from '../../harness/scriptedModel';
import type { ExtensionApi } from '../../../src/extension';
import type { StepRow } from '../../../src/present/usageRows';
import { connectionFor, serverForSuite, waitFor } from '../helpers/extensionApi';

const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;

function totals(rows: readonly StepRow[]) {
  const sum = (pick: (r: StepRow) => number) => rows.reduce((s, r) => s + pick(r), 0);
  return {
    input: sum((r) => r.input),
    output: sum((r) => r.output),
    reasoning: sum((r) => r.reasoning),
    cacheRead: sum((r) => r.cacheRead),
    cacheWrite: sum((r) => r.cacheWrite),
    cost: sum((r) => r.cost),
  };
}

describe('Usage panel', function () {
  this.timeout(300_000);
  let h: RunningHarness;
  let api: ExtensionApi;
  const suite = serverForSuite('usage panel');
  before(() => ({ h, api } = suite));

  it("shows every step with the server's figures, the compaction's cost too, adding up to the session's totals", async () => {
    const { id } = await createSession(h, { title: 'Steps to show' });
    await prompt(h, id, 'first', [text('One.', { prompt: 3_000, completion: 200 })]);
    await prompt(h, id, 'second', [text('Two.', { prompt: 4_100, completion: 120, cached: 1_000, reasoning: 30 })]);
    await prompt(h, id, 'third', [text('Three.', { prompt: 5_200, completion: 90 })]);
    await compact(h, id, { prompt: 7_000, completion: 400 });
    const recorded = await stepRecords(h, id);
    const info = await getSession(h, id);
    const session = { cost: info.cost ?? 0, tokens: info.tokens! };
    assert.ok(session.tokens && session.cost > 0 && recorded.length >= 3, `the server recorded the work: ${JSON.stringify(recorded)}`);

    const panel = api.usage.show({ serverId: connectionFor(api, h.server.url)!.config.id, sessionId: id });
    try {
      const rows = await waitFor(
        "the panel's steps adding up to the session's cost",
        () => panel.steps,
        (all) => close(totals(all).cost, session.cost) && totals(all).input === session.tokens.input,
        60_000,
        (all) => ({ rows: all.map((r) => [r.input, r.output, r.cost]), session: [session.tokens, session.cost] }),
      );
      for (const step of recorded) {
        const same = rows.filter(
          (r) =>
            r.input === step.tokens.input &&
            r.output === step.tokens.output &&
            r.reasoning === step.tokens.reasoning &&
            close(r.cost, step.cost),
        );
        assert.equal(same.length, 1, `step ${JSON.stringify(step)} shows once: ${JSON.stringify(rows)}`);
      }
      const sum = totals(rows);
      assert.deepEqual(
        [sum.input, sum.output, sum.reasoning, sum.cacheRead, sum.cacheWrite],
        [session.tokens.input, session.tokens.output, session.tokens.reasoning, session.tokens.cache.read, session.tokens.cache.write],
        "the rows' tokens are the session's",
      );
      // The summary the compaction wrote: its own row, with its cost (7 000 in, 400 out at $3/$15 per million).
      const compaction = rows.filter((r) => r.output === 400);
      assert.equal(compaction.length, 1, `the compaction shows once: ${JSON.stringify(rows)}`);
      assert.ok(compaction[0].cost > 0, 'with its cost');
      // 2.x releases record the compaction's own cost and tokens on its message: the row is exactly that, once.
      const own = await compactionRecord(h, id);
      if (own)
        assert.ok(
          close(compaction[0].cost, own.cost) && compaction[0].input === own.tokens.input,
          `the compaction's own record: ${JSON.stringify(own)}`,
        );
      // 1.18 records the compaction as a step of its own; 2.x not as an assistant step.
      const compactionRecorded = recorded.some((s) => s.tokens.output === 400);
      assert.equal(rows.length, recorded.length + (compactionRecorded ? 0 : 1), 'no row beyond what the server recorded');
    } finally {
      panel.dispose();
    }
  });
});
