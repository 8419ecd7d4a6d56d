// The demo left open: its prompt ticker at a fast pace against a real OpenCode server seeded like the demo, for
// two whole cycles of its turn sizes (20 minutes at the demo's 20 s). No turn's context reaches the compaction
// threshold, the second cycle's turns are as large as the first's (a steady range, not a ramp), and the session's
// figures as the project computes them (session_status, from the server's messages) agree with the server's own.
// That every later cycle repeats the first (an hour and more) is the sizes' own test, without a server. What a
// cycle costs is what the README says the demo spends (issue 77: it said $12–16 an hour, the status bar $22.86/h).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { statusFromServer } from '../../../src/plugin/statusFromServer';
import { thresholdFraction } from '../../../src/store/contextUsage';
import { agentTarget, DEMO_TICK_MS, flakyTarget, HALF_CYCLE, startDemoTicker, turnUsage, type TickTarget } from '../../harness/demoTicker';
import { seedDemoSessions, type DemoSessions } from '../../harness/demoSessions';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { repoRoot } from '../../harness/paths';
import { createSession, getSession, prompt } from '../../harness/scenario';
import { text } from '../../harness/scriptedModel';
import { waitFor } from '../../harness/waitFor';
import { v1PluginClient } from '../helpers/pluginClient';

/** An hour of the demo's ticks (one each 20 s). */
const HOUR_OF_ROUNDS = 180;
const CYCLE = 2 * HALF_CYCLE;
/** What the server runs: two whole cycles, so the last can be compared with the first. */
const LIVE_ROUNDS = 2 * CYCLE;

describe('the demo ticker’s turn sizes', () => {
  test('rise and fall within one band, round after round', () => {
    const size = { prompt: 16_000, cached: 12_000, completion: 700, step: 900 };
    const prompts = Array.from({ length: 10 * HOUR_OF_ROUNDS }, (_, i) => turnUsage(size, i + 1).prompt);
    assert.equal(Math.min(...prompts), size.prompt);
    assert.equal(Math.max(...prompts), size.prompt + HALF_CYCLE * size.step);
    // Every cycle repeats the first: ten hours in, a turn is the size it was in the first ten minutes.
    for (let i = CYCLE; i < prompts.length; i++) assert.equal(prompts[i], prompts[i % CYCLE], `round ${i + 1}`);
    // It moves every round (the demo's badges change while someone watches).
    for (let i = 1; i < prompts.length; i++) assert.notEqual(prompts[i], prompts[i - 1], `round ${i + 1}`);
  });
});

describe('the demo left open, its ticker at a fast pace for two cycles of its turn sizes', () => {
  let h: RunningHarness;
  let demo: DemoSessions;
  let agentSession: string;
  let targets: TickTarget[];

  before(async () => {
    h = await startHarness();
    demo = await seedDemoSessions(h);
    // The Agent's live session, as demoCluster seeds it (its own server there; the same model and limit here).
    agentSession = (await createSession(h, { title: 'kubeopencode/agents/fix-login-redirect/ee835a3f' })).id;
    await prompt(h, agentSession, 'Fix the redirect after login', [
      text('Found the redirect bug.', { prompt: 21_000, cached: 9_000, completion: 1_800, reasoning: 500 }),
    ]);
    targets = [flakyTarget(h, demo.flaky, h.server.projectDir('cli-tool')), agentTarget(h, agentSession)];
  });

  after(async () => {
    demo?.releaseBusy();
    await h?.dispose();
  });

  test(
    'no turn reaches the compaction threshold; the last cycle is the size of the first; the figures agree',
    { timeout: 900_000 },
    async () => {
      const failures: unknown[] = [];
      const ticker = startDemoTicker(targets, 5, (error) => failures.push(error), 'at once');
      try {
        await waitFor(
          `${LIVE_ROUNDS} rounds`,
          () => ticker.finished,
          (n) => n >= LIVE_ROUNDS,
          840_000,
        );
      } finally {
        await ticker.stopAndSettle();
      }
      assert.deepEqual(failures, [], 'every live turn went through');

      const threshold = thresholdFraction(undefined);
      let cycleCost = 0;
      for (const [target, label] of [
        [targets[0], 'Investigate flaky CI job'],
        [targets[1], 'the Agent’s live session'],
      ] as const) {
        const turns = await liveTurns(h, target);
        assert.ok(turns.length >= LIVE_ROUNDS, `${label}: ${turns.length} live turns`);
        const status = await statusFromServer({ client: v1PluginClient(h), serverUrl: h.server.url }, target.sessionId);
        assert.ok(status, `${label}: session_status answers`);
        const limit = status.context.limit;
        assert.ok(limit, `${label}: the model's context limit is known`);
        const fractions = turns.map((t) => t.contextTokens / limit);
        const highest = Math.max(...fractions);
        console.log(
          `      ${label}: ${turns.length} turns, context ${pct(Math.min(...fractions))}–${pct(highest)} (threshold ${pct(threshold)}), now ${status.context.percent} %`,
        );
        assert.ok(highest < threshold, `${label}: a turn reached ${pct(highest)} of the context, past the ${pct(threshold)} threshold`);
        assert.ok(status.context.percent! < 100 * threshold, `${label}: its context now is ${status.context.percent} %`);
        // A steady range: the last whole cycle's turns are exactly as large, and cost as much, as the first's.
        const cycles = Math.floor(turns.length / CYCLE);
        const first = turns.slice(0, CYCLE);
        const last = turns.slice((cycles - 1) * CYCLE, cycles * CYCLE);
        assert.deepEqual(
          last.map((t) => [t.contextTokens, t.cost]),
          first.map((t) => [t.contextTokens, t.cost]),
          `${label}: the last cycle matches the first`,
        );
        // What the project computes from the messages (the status tool, the tree's figures) is what the server recorded.
        const server = await getSession(h, target.sessionId, target.directory);
        assert.equal(status.usage.session.cost.toFixed(9), (server.cost ?? 0).toFixed(9), `${label}: cost as the server records it`);
        cycleCost += first.reduce((sum, t) => sum + t.cost, 0);
      }
      // The README's spending rate: a round (both prompts) on average over a whole cycle, and an hour of rounds.
      const perRound = cycleCost / CYCLE;
      const perHour = (perRound * 3_600_000) / DEMO_TICK_MS;
      console.log(`      the demo spends $${perRound.toFixed(3)} a round, $${perHour.toFixed(2)} an hour`);
      const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8').replace(/\s+/g, ' ');
      const said = `about $${Math.round(perHour)} an hour ($${perRound.toFixed(3)} every ${DEMO_TICK_MS / 1000} s,`;
      assert.ok(readme.includes(said), `the README says "${said}"`);
    },
  );
});

interface Turn {
  contextTokens: number;
  cost: number;
}

/** The ticker's turns of a session, oldest first: each reply's tokens (what OpenCode's context % counts) and cost. */
async function liveTurns(h: RunningHarness, target: TickTarget): Promise<Turn[]> {
  const messages = (await h.server.client(target.directory).session.messages({ sessionID: target.sessionId })).data ?? [];
  const asks = new Set(Array.from({ length: 10 * HOUR_OF_ROUNDS }, (_, i) => target.words(i + 1).ask));
  const turns: Turn[] = [];
  let live = false;
  for (const { info, parts } of messages) {
    if (info.role === 'user') live = parts.some((p) => p.type === 'text' && asks.has(p.text));
    else if (live && info.role === 'assistant') {
      const t = info.tokens;
      turns.push({ contextTokens: t.input + t.output + t.reasoning + t.cache.read + t.cache.write, cost: info.cost });
    }
  }
  return turns;
}

const pct = (f: number) => `${(100 * f).toFixed(1)} %`;
