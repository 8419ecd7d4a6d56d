// OpenCode 2's `/api/event` is volatile: what happens while the stream is down is not sent again. A proxy cuts the
// stream for at least 10 s while a session takes three steps (two write files) and a compaction, and another
// session, idle at the cut, takes a step too (another client prompts it); once it is back, the tree, the status bar,
// the usage panel (every step), the Timeline's bars, today's trend, a content search for the third step's output and
// Changes equal the server's. The steps are checked in the store first, before any view that reads a whole session
// is open: they must come from the stream (the session's durable log replayed, or its messages after the last one
// held read again), not from such a read. Both sessions held every message when the stream was cut, so once caught
// up they hold them all again: neither history is read whole after the reconnect, and the proxy's log shows the
// busy session's log asked after the last sequence applied and no message page past a first one.
//
// Both ways a 2.x server closes a gap run here: a stock `opencode serve` keeps no event payloads (its log answers
// `log.synced` alone: the sessions are read again), and a server built with retention replays its log
// (../shared/reference/opencode2-server.md, "Recorded from the real servers, November 2026"). The release-shape
// adapter is stock by default and retains when asked; an OpenCode 2 binary (OCS_OPENCODE2) is stock, so the
// retention case runs only on the adapter.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { ServerConnection } from '../../../src/client/serverConnection';
import type { ExtensionApi } from '../../../src/extension';
import { formatCost } from '../../../src/present/format';
import { localDay } from '../../../src/store/calendar';
import { treeTimeline } from '../../../src/store/timeline/treeTimeline';
import { sessionTitle } from '../../../src/present/sessionTitle';
import type { StepRow } from '../../../src/present/usageRows';
import { expectedRow } from '../../harness/expectedRow';
import { FaultProxy } from '../../harness/faultProxy';
import { gitProject } from '../../harness/gitProject';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { messages2, releaseAdapted, wait2 } from '../../harness/opencode2';
import { opencode2Passwords } from '../../harness/opencodeServer';
import {
  allSessions,
  compact,
  compactionRecord,
  createSession,
  getSession,
  prompt,
  promptAsync,
  recordedTurns,
  stepRecords,
} from '../../harness/scenario';
import { text, toolCall } from '../../harness/scriptedModel';
import { costItem, configureServers, connectionFor, extensionApi, shownTree, waitFor } from '../helpers/extensionApi';
import { extensionLog } from '../helpers/logs';
import { RUNS_OPENCODE2 } from '../helpers/opencode2Server';

const CUT_MS = 10_000;
const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;

/** How the server closes a gap: a stock serve's log keeps nothing; one built with retention replays. */
const WAYS = [
  { name: 'a stock server (its log keeps nothing: the sessions are read again)', retention: false },
  { name: 'a server built with retention (its log replays)', retention: true },
] as const;

for (const way of WAYS) gapCase(way);

function gapCase(way: (typeof WAYS)[number]): void {
  describe(`A gap in the event stream (OpenCode 2), on ${way.name}`, function () {
    this.timeout(300_000);
    let api: ExtensionApi;
    let h: RunningHarness;
    let proxy: FaultProxy;
    let connection: ServerConnection;
    /** The session that worked through the gap, and its project: the Changes case reads them. */
    let gapSession: { id: string; project: string } | undefined;

    /** Runs here: retention only behind the adapter (an OpenCode 2 binary keeps no event payloads). */
    const runs = () => RUNS_OPENCODE2 && (!way.retention || releaseAdapted());

    before(async function () {
      if (!runs()) return this.skip();
      api = await extensionApi();
      h = await startHarness({ release: { retention: way.retention } });
      proxy = (await new FaultProxy(h.server.url).start()).record();
      opencode2Passwords.set(proxy.url, opencode2Passwords.get(h.server.url)!);
      await configureServers([{ name: 'gap', url: proxy.url }]);
      connection = (await waitFor(
        'online',
        () => connectionFor(api, proxy.url),
        (c) => c?.state.kind === 'online',
      )) as ServerConnection;
    });

    after(async () => {
      if (!runs()) return;
      api?.active.set(undefined);
      await configureServers([]);
      await proxy?.stop();
      await h?.dispose();
    });

    it("after the stream is back, every view of the sessions that worked in the gap equals the server's", async function () {
      if (!runs()) return this.skip();
      const project = gitProject(h, 'stream-gap', { 'notes.txt': 'notes\n' });
      // Idle at the cut: one step before it, read whole here; another client prompts it while the stream is down.
      const idle = (await createSession(h, { title: 'Idle at the cut', directory: project })).id;
      await prompt(h, idle, 'Before the cut', [text('Before.', { prompt: 2_000, completion: 50 })]);
      const { id } = await createSession(h, { title: 'Works through a gap', directory: project });
      gapSession = { id, project };
      await waitFor(
        'both sessions listed, the first idle with its step',
        () => [connection.sessions.get(id), connection.sessions.get(idle)] as const,
        ([busy, quiet]) => busy !== undefined && quiet?.status.type === 'idle' && quiet.steps.size === 1,
      );
      await connection.loadAllMessages(idle);
      let panel: ReturnType<ExtensionApi['usage']['show']> | undefined;
      try {
        const phrase = `quokka${Date.now().toString(36)}marmot`;
        let release!: () => void;
        const hold = new Promise<void>((resolve) => (release = resolve));
        const first = {
          ...toolCall('write', { filePath: join(project, 'a.txt'), content: 'alpha\n' }, { prompt: 3_000, completion: 200 }),
          hold,
        };
        await promptAsync(h, id, 'Three steps', [
          first,
          toolCall('write', { filePath: join(project, 'b.txt'), content: 'beta\ngamma\n' }, { prompt: 4_100, completion: 120 }),
          text(`The third step says ${phrase}.`, { prompt: 5_200, completion: 90 }),
        ]);
        await waitFor('the first step at the model', () => h.model.requests.some((r) => r.reply === first), Boolean);
        await waitFor(
          'the session busy here',
          () => connection.sessions.get(id)?.status.type,
          (s) => s === 'busy',
        );

        // Every message of both sessions in the store before the cut (the status bar reads today's sessions; made sure).
        await connection.loadAllMessages(id);
        assert.ok(connection.history.isComplete(connection.sessions.get(id)!), 'every message read before the cut');
        assert.ok(connection.history.isComplete(connection.sessions.get(idle)!), 'and of the idle one');
        assert.equal(connection.sessions.get(idle)?.status.type, 'idle', 'idle at the cut');
        // Its Changes read now, before the turn writes a file, as a shown row reads them (an open tree does): that read
        // is kept until something says the turn wrote files — its steps from the stream, or its messages read again.
        api.tree.getChildren(api.tree.sessionNode(connection, id));

        // The cut: the stream fails, and every attempt to open it again too, until the work is done (10 s at least).
        proxy.setFaults([{ path: /^\/api\/event$/, fault: { kind: 'status', status: 503, message: 'cut' } }]);
        proxy.dropStreams();
        const cutAt = Date.now();
        await waitFor(
          'the stream gone',
          () => connection.state.kind,
          (k) => k !== 'online',
        );
        release();
        await wait2(h.server, id);
        await compact(h, id, { prompt: 7_000, completion: 400 });
        await prompt(h, idle, 'While the stream is down', [text('Meanwhile.', { prompt: 2_500, completion: 60 })]);
        const rest = CUT_MS - (Date.now() - cutAt);
        if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
        assert.notEqual(connection.state.kind, 'online', 'still cut when the work was done');
        const reconnectedAt = proxy.requests.length;
        const wholeReads = connection.history.wholeReads;
        proxy.setFaults([]);
        await waitFor(
          'online again',
          () => connection.state.kind,
          (k) => k === 'online',
          60_000,
        );

        const info = await getSession(h, id);
        const recorded = await stepRecords(h, id, project);
        const own = await compactionRecord(h, id);
        assert.ok(
          recorded.length === 3 && info.cost !== undefined && info.tokens,
          `the server recorded three steps: ${JSON.stringify(recorded)}`,
        );

        // Before any view reads the whole session again (the usage panel and the status bar read sessions whose
        // history is not complete): the steps of the gap are in from the stream (or the read after it), each once.
        await waitFor(
          "the gap's steps and the compaction, from the stream",
          () => connection.sessions.get(id)?.steps.size,
          (n) => n === recorded.length + 1,
          30_000,
        );
        await waitFor(
          "the idle session's step of the gap",
          () => connection.sessions.get(idle)?.steps.size,
          (n) => n === 2,
          30_000,
        );
        await waitFor(
          'both sessions caught up: every message held again, without reading either whole',
          () => [id, idle].every((s) => connection.history.isComplete(connection.sessions.get(s)!)),
          Boolean,
          30_000,
        );
        // The log says how each gap was closed.
        const said = (session: string, words: string) => (line: string) =>
          line.includes(`${session} after the gap`) && line.includes(words);
        const busyWords = way.retention ? "replayed from the server's log" : 'its log kept nothing past the last event applied';
        await waitFor(
          'the log says how each gap was closed',
          () => extensionLog(api),
          (lines) => lines.some(said(id, busyWords)) && lines.some(said(idle, 'idle when the event stream dropped and changed meanwhile')),
          10_000,
          (lines) => lines.filter((l) => l.includes('after the gap')),
        );

        // The Timeline: a bar for every step the server recorded, with its cost, in each session's lane.
        for (const session of [id, idle]) {
          const steps = (await messages2(h.server, session)).filter((m): m is Assistant => m.type === 'assistant' && 'cost' in m);
          const lane = treeTimeline(connection.sessions, session, { now: Date.now() })?.lanes[0]?.lane;
          for (const step of steps) {
            const bar = lane?.bars.find((b) => b.messageID === step.id);
            assert.ok(
              bar && close(bar.usage.cost, step.cost),
              `the Timeline bar of ${step.id} ($${step.cost}): ${JSON.stringify(lane?.bars)}`,
            );
          }
        }
        panel = api.usage.show({ serverId: connection.config.id, sessionId: id });
        api.active.set({ serverId: connection.config.id, sessionId: id });
        // The tree: the session's row as the server's figures make it.
        await waitFor(
          "the tree's row",
          async () => {
            const sessions = await allSessions(h);
            const row = (await shownTree(api)).find((r) => r.sessionId === id);
            const expected = expectedRow(sessions, { ...info, title: sessionTitle(info) });
            return row && [row.label, row.description, expected.label, expected.description];
          },
          (r) => r !== undefined && r[0] === r[2] && r[1] === r[3],
        );
        // The status bar: the session's cost.
        await waitFor(
          'the status bar',
          () => costItem(api).text,
          (t) => t.includes(formatCost(info.cost ?? 0)),
        );
        // The usage panel: each step once with its own figures, the compaction once, adding up to the totals.
        const rows = await waitFor(
          "the panel's rows: three steps and the compaction, adding up to the session's totals",
          () => panel!.steps,
          (all) =>
            all.length === recorded.length + 1 &&
            close(
              sum(all, (r) => r.cost),
              info.cost!,
            ) &&
            sum(all, (r) => r.input) === info.tokens!.input,
          30_000,
          (all) => ({ rows: all.map((r) => [r.input, r.output, r.cost]), recorded, own, session: [info.tokens, info.cost] }),
        );
        for (const step of recorded)
          assert.equal(
            rows.filter((r) => r.input === step.tokens.input && r.output === step.tokens.output && close(r.cost, step.cost)).length,
            1,
            `step ${JSON.stringify(step)} shows once: ${JSON.stringify(rows)}`,
          );
        const compaction = rows.filter((r) => r.output === 400);
        assert.equal(compaction.length, 1, `the compaction shows once: ${JSON.stringify(rows)}`);
        if (own) assert.ok(close(compaction[0].cost, own.cost), `the compaction's own cost: ${JSON.stringify(own)}`);

        // Today's trend: everything the server's sessions spent (all of it today, on this fresh server), once.
        const today = localDay(Date.now());
        const spent = (await allSessions(h)).reduce((n, s) => n + (s.cost ?? 0), 0);
        await waitFor(
          "today's trend: every session's spend, the gap's included",
          () => panel!.summary,
          (summary) => summary?.trend?.pending === 0 && close(summary.days.find((d) => d.day === today)?.cost ?? 0, spent),
          30_000,
          (summary) => ({ days: summary?.days, trend: summary?.trend, spent }),
        );

        // Nothing read whole for the tree, the status bar or the panel after the reconnect. The proxy cannot tell that
        // from its log: Changes reads the session's messages (its turns) through the same route whenever it moves on.
        const asked = proxy.requests
          .slice(reconnectedAt)
          .filter((r) => r.path.includes(id))
          .map((r) => `${r.method} ${r.path}${r.search}`);
        assert.equal(connection.history.wholeReads, wholeReads, `no whole read of either history: ${JSON.stringify(asked)}`);
        // The proxy's log: the session's log replayed after a sequence applied before the cut (not from its start), and
        // no message page past a first one.
        const logRead = `GET /api/experimental/session/${id}/log?after=`;
        assert.ok(
          asked.some((r) => r.startsWith(logRead) && Number(new URLSearchParams(r.slice(r.indexOf('?'))).get('after')) > 0),
          `its log replayed after what was applied: ${JSON.stringify(asked)}`,
        );
        assert.deepEqual(
          asked.filter((r) => r.includes('/message?') && new URLSearchParams(r.slice(r.indexOf('?'))).has('cursor')),
          [],
          `no message page past a first one: ${JSON.stringify(asked)}`,
        );

        // Search: the third step's words.
        await waitFor(
          "a search for the third step's output",
          async () => (await api.search.search({ text: phrase })).map((hit) => hit.session.id),
          (ids) => ids.includes(id),
          30_000,
        );
      } finally {
        panel?.dispose();
      }
    });

    // The turn began before the cut and its steps wrote the files after it: only a reader that outlives the stream
    // counts them for the turn, and only then is Changes read again (a read made before the files were written is kept).
    it('after the stream is back, Changes shows the files the turn wrote, with the server’s counts', async function () {
      if (!runs() || !gapSession) return this.skip();
      const { id, project } = gapSession;
      // Changes: the files the turn wrote, with the server's counts.
      const changes = (await recordedTurns(h, id, project)).flatMap((t) => t.changes);
      assert.equal(changes.length, 2, `the server recorded both files: ${JSON.stringify(changes)}`);
      const counts = `2 files · +${changes.reduce((n, c) => n + c.additions, 0)} −${changes.reduce((n, c) => n + c.deletions, 0)}`;
      await waitFor(
        'the Changes row',
        () => {
          const row = api.tree.getChildren(api.tree.sessionNode(connection, id)).find((n) => n.kind === 'changes');
          return row && String(api.tree.getTreeItem(row).description);
        },
        (d) => d === counts,
        // A read of the turns that failed is tried again after a minute (sessionChanges.ts RETRY_MS): past it.
        90_000,
      );
    });
  });
}

/** A step as the server records it (2.x: an assistant message with its cost once ended). */
interface Assistant {
  id: string;
  type: 'assistant';
  cost: number;
}

function sum(rows: readonly StepRow[], pick: (r: StepRow) => number): number {
  return rows.reduce((s, r) => s + pick(r), 0);
}
