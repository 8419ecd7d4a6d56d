// The trend's background read in a real VS Code against a real server behind the fault proxy:
// while the oldest sessions' message reads are held, the panel says how many sessions are read and its days
// hold the sessions already read; closing the panel aborts the held requests (the proxy sees the client give
// up); reopening reads only what is left, and the trend then equals the server's own records, day by day; a
// read the server fails is counted until Retry reads it.
// Only sessions last active more than a week ago are counted: nothing but the trend reads their messages (the
// status bar's spend windows read at most the week, the Changes rows the sessions active in the last week).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { localDay } from '../../../src/store/calendar';
import { FaultProxy } from '../../harness/faultProxy';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { importedSession } from '../../harness/importedSession';
import { createManySessions } from '../../harness/manySessions';
import { allSessions, createSession, prompt } from '../../harness/scenario';
import { text } from '../../harness/scriptedModel';
import { configureServers, connectionFor, extensionApi, waitFor } from '../helpers/extensionApi';

const DAY = 86_400_000;
/** Old sessions, one a day from 10 days ago back; the HELD oldest of them wait behind the proxy. */
const OLD = 8;
const HELD = 4;

describe('Usage trends: progress, cancel and resume', function () {
  this.timeout(300_000);
  let api: ExtensionApi;
  let h: RunningHarness;
  let proxy: FaultProxy;

  before(async () => {
    api = await extensionApi();
    h = await startHarness();
    // Recorded: a timeout names every request of a held route (its query tells which reader asked).
    proxy = (await new FaultProxy(h.server.url).start()).record();
  });

  after(async () => {
    api?.usage.current?.dispose();
    await configureServers([]);
    await vscode.commands.executeCommand('opencodeSessions.resumeIndexing');
    await proxy?.stop();
    await h?.dispose();
  });

  it('shows progress and the days read, aborts held reads when closed, finishes equal to the server when reopened, and counts a failed read until Retry', async () => {
    const today = (await createSession(h, { title: 'Trend today' })).id;
    await prompt(h, today, 'Now', [text('Now.', { prompt: 3_000, cached: 1_000, completion: 200 })]);
    await createManySessions(h, 30, { title: (i) => `Empty ${i + 1}` });
    const old: string[] = [];
    for (let i = 0; i < OLD; i++) {
      const end = Date.now() - (10 + i) * DAY;
      old.push((await importedSession(h, { steps: 3 + i, title: `Old ${i + 1}`, end })).id);
    }
    // Newest first: old[0] is read first, the HELD oldest last.
    const held = old.slice(OLD - HELD);
    const free = old.slice(0, OLD - HELD);
    const route = (id: string) => `/session/${id}/message`;
    proxy.setFaults([{ fault: { kind: 'hold' }, path: new RegExp(`^/session/(${held.join('|')})/message$`) }]);

    // The content index reads the same message pages: paused, so that every read the proxy sees is the trend's.
    await vscode.commands.executeCommand('opencodeSessions.pauseIndexing');
    await configureServers([{ name: 'trend progress', url: proxy.url }]);
    const total = 1 + 30 + OLD;
    const connection = await waitFor(
      'online with every session',
      () => connectionFor(api, proxy.url),
      (c) => c?.state.kind === 'online' && c.sessions.size === total,
    );
    const ref = { serverId: connection!.config.id, sessionId: today };
    // Asked before the reads are held: from the stuck state to the panel's close nothing waits on a server, so the
    // client's own 15 s limit on a read cannot end a held read before the close does.
    const freeDays = await Promise.all(free.map(lastDay));
    const heldDays = await Promise.all(held.map(lastDay));

    const first = api.usage.show(ref);
    const stuck = await waitFor(
      'the held sessions pending, the rest read',
      () => ({ trend: first.summary?.trend, held: held.map((id) => proxy.held.get(route(id)) ?? 0) }),
      (s) => s.trend?.pending === HELD && s.trend.sessions === total && s.held.every((n) => n === 1),
    );
    assert.equal(stuck.trend?.failed, 0, 'a held read is not a failed one');
    // The days already read are shown: each free old session's day is there, no held one's.
    const days = new Set(first.summary!.days.map((d) => d.day));
    for (const [i, id] of free.entries()) assert.ok(days.has(freeDays[i]), `the day of ${id} is in the trend while others load`);
    for (const [i, id] of held.entries()) assert.ok(!days.has(heldDays[i]), `the day of held ${id} waits until it is read`);

    first.panel.dispose();
    // The panel alone wanted them: the connection's history reads none of them any more (a read another caller
    // still waited for would go on, rightly, and this would name it).
    const stillRead = held.filter((id) => connection!.history.reading(connection!.sessions.get(id)!));
    assert.deepEqual(stillRead, [], 'no held session is still read once the panel that alone wanted it closed');
    await waitFor(
      'the held reads aborted by closing the panel',
      // [held now, given up by the client, requests seen] per held session
      () => held.map((id) => [proxy.held.get(route(id)) ?? 0, proxy.abandoned.get(route(id)) ?? 0, proxy.seen.get(route(id)) ?? 0]),
      (counts) => counts.every(([open, abandoned]) => open === 0 && abandoned === 1),
      undefined,
      (counts) => ({
        heldAbandonedSeen: counts,
        panelOpen: api.usage.current !== undefined,
        failed: first.summary?.trend?.failed,
        // Who asked: each held route's requests with their queries, and whether the history reads it again.
        asked: held.map((id) => proxy.requests.filter((r) => r.path === route(id)).map((r) => r.search)),
        reading: held.map((id) => connection!.history.reading(connection!.sessions.get(id)!)),
      }),
    );
    assert.equal(api.usage.current, undefined);

    proxy.setFaults([]);
    const second = api.usage.show(ref);
    const done = await waitFor(
      'every session read after reopening',
      () => second.summary,
      (s) => s?.trend?.pending === 0 && s.trend.sessions === total,
    );
    // Resumed: the sessions read before the panel closed were not read again.
    for (const id of free) assert.equal(proxy.seen.get(route(id)), 1, `${id} read once`);
    for (const id of held) assert.equal(proxy.seen.get(route(id)), 2, `${id}: the aborted read and the one after reopening`);

    assertSameDays(done!.days, await serverDays());

    // A read that fails is counted, not dropped, until Retry reads it. Every message route fails for now; the
    // trend has read every other session, so only the new one can be counted.
    proxy.setFaults([{ fault: { kind: 'status', status: 500, message: 'disk on fire' }, path: /^\/session\/[^/]+\/message$/ }]);
    const late = (await createSession(h, { title: 'Trend late' })).id;
    await prompt(h, late, 'Late', [text('Late.', { prompt: 2_000, completion: 150 })]);
    await waitFor(
      'the failed read counted',
      () => second.summary?.trend,
      (t) => t?.sessions === total + 1 && t.pending === 1 && t.failed === 1,
    );
    proxy.setFaults([]);
    second.retryTrend();
    const retried = await waitFor(
      'every session read after Retry',
      () => second.summary,
      (s) => s?.trend?.pending === 0 && s.trend.failed === 0 && s.trend.sessions === total + 1,
    );
    assertSameDays(retried!.days, await serverDays());
  });

  function assertSameDays(shown: ReadonlyArray<{ day: string; tokens: number; cost: number }>, truth: typeof shown): void {
    assert.deepEqual(
      shown.map((d) => d.day),
      truth.map((d) => d.day),
    );
    for (const [i, d] of shown.entries()) {
      assert.equal(d.tokens, truth[i].tokens, `${d.day} tokens`);
      assert.ok(Math.abs(d.cost - truth[i].cost) < 1e-9, `${d.day} cost ${d.cost} = server ${truth[i].cost}`);
    }
  }

  /** The local day of a session's last assistant message, from the server. */
  async function lastDay(sessionID: string): Promise<string> {
    const result = await h.server.client().session.messages({ sessionID });
    const created = (result.data ?? []).filter((m) => m.info.role === 'assistant').map((m) => m.info.time.created);
    return localDay(Math.max(...created));
  }

  /** Straight from the server: tokens and cost of every assistant message of every session, per local day. */
  async function serverDays(): Promise<Array<{ day: string; tokens: number; cost: number }>> {
    const days = new Map<string, { day: string; tokens: number; cost: number }>();
    for (const session of await allSessions(h)) {
      const result = await h.server.client(session.directory).session.messages({ sessionID: session.id });
      for (const m of result.data ?? []) {
        if (m.info.role !== 'assistant') continue;
        const day = localDay(m.info.time.created);
        const d = days.get(day) ?? { day, tokens: 0, cost: 0 };
        const t = m.info.tokens;
        d.tokens += t.input + t.output + t.reasoning + t.cache.read + t.cache.write;
        d.cost += m.info.cost;
        days.set(day, d);
      }
    }
    return [...days.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
  }
});
