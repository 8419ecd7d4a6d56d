// Load: a real `opencode serve` holding 2 000 sessions over four folders, then about a minute of real work
// (parallel scripted sessions streaming many small chunks, steps with known usage, `task` children) while the
// extension follows the event stream. Afterwards, with the server idle, every badge in the tree and the status
// bar must equal the server's own totals. The event rate, extension-host CPU time and memory growth are
// printed; nothing here is a timed assertion.
import * as assert from 'node:assert/strict';
import type { Session } from '@opencode-ai/sdk/v2/client';
import type { ExtensionApi } from '../../../src/extension';
import { sessionBadge } from '../../../src/present/format';
import { addUsage, usageOf, type Usage } from '../../../src/store/usage';
import { expectedRow, isDescendant } from '../../harness/expectedRow';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { runLoad } from '../../harness/loadWork';
import { createManySessions } from '../../harness/manySessions';
import { allSessions } from '../../harness/scenario';
import { countEvents } from '../helpers/eventCounter';
import { costItem, configureServers, connectionFor, extensionApi, shownTree, waitFor } from '../helpers/extensionApi';

const SESSIONS = 2_000;
const LOAD_MS = Number(process.env.OCS_LOAD_MS ?? 60_000);
const WORKERS = Number(process.env.OCS_LOAD_WORKERS ?? 8);
const REPLY_CHARS = Number(process.env.OCS_LOAD_REPLY_CHARS ?? 16_000);
const TARGET_RATE = 1_000;
// A leak detector, not a speed goal: the store holds 2 000 sessions and their newest messages; hundreds of MB
// more after the server went idle would mean something keeps every event.
const LEAK_BOUND_MB = 400;

describe('load: 2 000 sessions and a minute of streaming on a real server', function () {
  this.timeout(300_000);
  let h: RunningHarness;
  let api: ExtensionApi;

  before(async () => {
    h = await startHarness();
    const folders = ['alpha', 'beta', 'gamma', 'delta'].map((name) => h.server.projectDir(name));
    const started = Date.now();
    await createManySessions(h, SESSIONS, { directories: folders, concurrency: 16 });
    console.log(`    (${SESSIONS} sessions created over ${folders.length} folders in ${Date.now() - started} ms)`);
    api = await extensionApi();
    await configureServers([{ name: 'load', url: h.server.url }]);
    await waitFor(
      `online with ${SESSIONS} sessions`,
      () => connectionFor(api, h.server.url),
      (c) => c?.state.kind === 'online' && c.sessions.size === SESSIONS,
      120_000,
    );
  });

  after(async () => {
    await configureServers([]);
    await h?.dispose();
  });

  it('follows about 1 000 events/s and ends with every badge and the status bar equal to the server totals', async () => {
    const connection = connectionFor(api, h.server.url)!;
    const all = await allSessions(h);
    // Workers spread over the folders, so every folder's stream and status carry load.
    const workers = all.filter((_, i) => i % Math.floor(SESSIONS / WORKERS) === 0).slice(0, WORKERS);
    let storeChanges = 0;
    const listening = connection.onDidChangeSessions.on(() => storeChanges++);
    const counter = await countEvents(h.server.url, h.server.authHeaders());
    const cpuBefore = process.cpuUsage();
    const memBefore = process.memoryUsage();
    const started = Date.now();
    const load = await runLoad(h, {
      workers,
      durationMs: LOAD_MS,
      replyChars: REPLY_CHARS,
      taskEvery: 4,
      usage: { prompt: 1_200, completion: 300, cached: 200, reasoning: 20 },
    });
    const elapsed = (Date.now() - started) / 1000;
    const events = counter.total();
    const rate = events / elapsed;
    counter.stop();
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    const types = [...counter.byType]
      .sort((a, b) => b[1] - a[1])
      .map(([t, n]) => `${t} ${n}`)
      .join(', ');
    console.log(`    load: ${WORKERS} parallel sessions, ${load.turns} turns (${load.tasks} task children), ${elapsed.toFixed(1)} s`);
    console.log(`    events from the server: ${events} (${rate.toFixed(0)}/s; ${types}); extension store changes: ${storeChanges}`);
    if (rate < TARGET_RATE * 0.9) {
      console.log(
        `    NOTE: the real server sustained only ${rate.toFixed(0)} events/s here, below the ${TARGET_RATE}/s goal; no event was faked to make it up.`,
      );
    }
    assert.deepEqual(load.failures, [], 'every scripted turn completed on the server');

    // The server is idle now: the truth, read straight from its API.
    const truth = await allSessions(h);
    const settleStart = Date.now();
    const rows = await waitFor(
      'every session row to equal the server figures',
      async () => (await shownTree(api, undefined, { everyPage: true })).filter((r) => r.sessionId),
      (shown) => shown.length === truth.length && mismatches(truth, shown).length === 0,
      60_000,
    ).catch(async (err: Error) => {
      const shown = (await shownTree(api, undefined, { everyPage: true })).filter((r) => r.sessionId);
      throw new Error(
        `${err.message.slice(0, 200)}…\n      rows ${shown.length} vs sessions ${truth.length}; first mismatches: ${JSON.stringify(mismatches(truth, shown).slice(0, 5))}`,
      );
    });
    const settleMs = Date.now() - settleStart;
    const cpu = process.cpuUsage(cpuBefore);
    const memAfter = process.memoryUsage();
    listening.dispose();

    console.log(
      `    extension host: CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms (user ${(cpu.user / 1000).toFixed(0)}, system ${(cpu.system / 1000).toFixed(0)}) over ${elapsed.toFixed(1)} s of load and ${settleMs} ms to settle (the event counter runs in this host too)`,
    );
    console.log(
      `    extension host memory: heap ${mb(memBefore.heapUsed)} → ${mb(memAfter.heapUsed)} MB, rss ${mb(memBefore.rss)} → ${mb(memAfter.rss)} MB`,
    );
    console.log(
      `    ${rows.length} rows checked against ${truth.length} server sessions (${truth.filter((s) => s.parentID).length} children)`,
    );

    // The status bar: the workers (parents of task children) and a session that did nothing.
    const idle = truth.find((s) => !workers.some((w) => w.id === s.id) && !s.parentID)!;
    for (const session of [...workers, idle].map((w) => truth.find((s) => s.id === w.id)!)) {
      api.active.set({ serverId: connection.config.id, sessionId: session.id });
      const expected = `$(pulse) ${expectedBadge(truth, session)}`;
      await waitFor(
        `the status bar for ${session.title} to read ${expected}`,
        () => costItem(api).text,
        (t) => t === expected,
      );
    }
    assert.ok(
      truth.some((s) => s.parentID),
      'the load spawned child task sessions',
    );
    assert.ok(
      memAfter.heapUsed - memBefore.heapUsed < LEAK_BOUND_MB * 1024 * 1024,
      `heap grew by ${mb(memAfter.heapUsed - memBefore.heapUsed)} MB (leak bound ${LEAK_BOUND_MB} MB)`,
    );
  });
});

/** Rows whose money, title or tokens differ from what the server's records say. */
function mismatches(
  truth: Session[],
  shown: Array<{ sessionId?: string; label: string; description: string }>,
): Array<{ id: string; shown?: string; expected: string }> {
  const byId = new Map(shown.map((r) => [r.sessionId, r]));
  const children = new Map<string, Session[]>();
  for (const s of truth) if (s.parentID) children.set(s.parentID, [...(children.get(s.parentID) ?? []), s]);
  const out: Array<{ id: string; shown?: string; expected: string }> = [];
  for (const session of truth) {
    // Only sessions in a family need expectedRow's descendant walk; the rest is own figures.
    const family =
      session.parentID || children.has(session.id)
        ? truth.filter((s) => s.id === session.id || isDescendant(truth, s, session.id) || s.id === session.parentID)
        : [session];
    const want = expectedRow(family, session);
    const row = byId.get(session.id);
    const got = row ? `${row.label} | ${row.description}` : undefined;
    if (got !== `${want.label} | ${want.description}`)
      out.push({ id: session.id, shown: got, expected: `${want.label} | ${want.description}` });
  }
  return out;
}

function expectedBadge(all: Session[], session: Session): string {
  const own = usageOf(session.tokens, session.cost);
  const inclusive = all
    .filter((s) => isDescendant(all, s, session.id))
    .reduce<Usage>((sum, s) => addUsage(sum, usageOf(s.tokens, s.cost)), own);
  return sessionBadge(
    own,
    inclusive,
    all.some((s) => s.parentID === session.id),
  );
}
