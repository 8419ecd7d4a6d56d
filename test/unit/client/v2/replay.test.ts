// After a gap in OpenCode 2's volatile `/api/event`, a session that was working is replayed from its durable log
// (`GET /api/experimental/session/{id}/log?after=<seq>&follow=true`) while its live items wait: every step is
// applied once, in order, whether it came replayed, live, or both. Shapes from the recorded server (the envelope
// `{id, created, type, data, durable: {aggregateID, seq, version}}`, `session.step.ended`, and the older build's
// `{type: "log.synced", aggregateID, seq}`).
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, beforeEach, test } from 'node:test';
import { RouteTable } from '../../../../src/client/v2/openApiRoutes';
import { V2Client } from '../../../../src/client/v2/client';
import { V2Contract } from '../../../../src/client/v2/contract';
import { V2EventReader } from '../../../../src/client/v2/events';
import { V2EventStream } from '../../../../src/client/v2/eventStream';
import { catchUp, SEQ_AHEAD, SequenceGate } from '../../../../src/client/v2/replay';
import { AppliedSequences } from '../../../../src/client/sessions/appliedSequences';
import type { StoreEvent } from '../../../../src/store/events';
import { SessionStore } from '../../../../src/store/sessionStore';
import { releaseDocument } from '../../../harness/release/releaseRoutes';
import { json, send, V2Adversary } from '../../../scale/v2Server';
import { message, session } from '../../../scale/v2Shapes';
import { loadEveryV2Message } from '../../../../src/client/v2/messages';

const SES = 'ses_def4b5217ffeFBpTSR3uFOgc0j';
const LOG = `GET /api/experimental/session/${SES}/log`;

/** A durable item of the session, as `/api/event` and the log carry it. */
function durable(seq: number, type: string, data: Record<string, unknown>): Record<string, unknown> {
  return {
    id: `evt_${String(seq).padStart(8, '0')}`,
    created: 1_000 + seq,
    type,
    data: { sessionID: SES, ...data },
    durable: { aggregateID: SES, seq, version: 1 },
  };
}

/** A step's end, as recorded (`session.step.ended`): its tokens set apart by `input`. */
const stepEnded = (seq: number, step: number) =>
  durable(seq, 'session.step.ended', {
    assistantMessageID: `msg_step${step}`,
    finish: 'tool-calls',
    cost: 0.002265,
    tokens: { input: 600 + step, output: 16, reasoning: 5, cache: { read: 500, write: 0 } },
    snapshot: 'abc',
    files: [],
  });

let server: V2Adversary;
before(async () => (server = await V2Adversary.start()));
after(() => server.close());
beforeEach(() => server.reset());

async function client(document = releaseDocument()): Promise<V2Client> {
  const c = new V2Client(server.endpoint);
  c.contract = V2Contract.documented((await RouteTable.read(document))!);
  return c;
}

interface Run {
  steps: string[];
  /** Every store event, in order. */
  events: StoreEvent[];
  rereads: string[];
  /** Why each was read again, in order. */
  why: string[];
  caughtUp: string[];
  applied: AppliedSequences;
  logAsked: string[];
}

/** The marker a log ends its replay with; a stock 2.x server's log answers only it, with the session's latest sequence. */
const synced = (seq: number) => ({ type: 'log.synced', aggregateID: SES, seq });

/**
 * One stream after a gap: `live` on `/api/event` after `server.connected`, `log` on the session's log (then
 * `log.synced` seq 57, unless `log` has its own marker). The stream ends once `until` steps were applied and the
 * session was caught up on or read again.
 */
async function afterGap(
  c: V2Client,
  appliedBefore: number,
  live: unknown[],
  log: unknown[] | undefined,
  until: number,
  readerKey?: object,
  behind: string[] = [SES],
): Promise<Run> {
  const run: Run = { steps: [], events: [], rereads: [], why: [], caughtUp: [], applied: new AppliedSequences(), logAsked: [] };
  run.applied.applied(SES, appliedBefore);
  let stream!: ServerResponse;
  server.routes.set('GET /api/event', (_q, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    stream = res;
    res.write(`data: ${JSON.stringify({ id: 'evt_0', type: 'server.connected', data: {} })}\n\n`);
    for (const item of live) res.write(`data: ${JSON.stringify(item)}\n\n`);
  });
  server.routes.set('GET /api/session/active', json({ data: {} }));
  server.routes.set(`GET /api/session/${SES}`, json({ data: session(SES) }));
  if (log)
    server.routes.set(LOG, (q, res: ServerResponse) => {
      run.logAsked.push(q.toString());
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const item of log) res.write(`data: ${JSON.stringify(item)}\n\n`);
      if (!log.some((item) => (item as { type?: string }).type === 'log.synced')) res.write(`data: ${JSON.stringify(synced(57))}\n\n`);
      // Followed: open until the client leaves.
    });
  const ended = () => stream.end();
  await new V2EventStream(c).streamEvents(
    { stallMs: 30_000, signal: AbortSignal.timeout(10_000), readerKey, behind },
    {
      onItem: () => undefined,
      onEvent: (event: StoreEvent) => {
        run.events.push(event);
        if (event.type !== 'step.finished') return;
        run.steps.push(event.messageID);
        if (run.steps.length === until) setImmediate(ended);
      },
      malformed: (kind) => assert.fail(`malformed ${kind}`),
      appliedSeq: (id) => run.applied.get(id),
      onSeq: (id, seq) => run.applied.applied(id, seq),
      reread: (id, why) => {
        run.rereads.push(id);
        run.why.push(why);
        if (run.steps.length >= until) setImmediate(ended);
      },
      caughtUp: (id) => {
        run.caughtUp.push(id);
        if (run.steps.length >= until) setImmediate(ended);
      },
    },
  );
  return run;
}

test('a session working through a gap is replayed from after its last applied sequence, then its held live items: each step once, in order', async () => {
  // Applied before the gap: up to 2. Live after the reconnect: 5 and 6 (held); the log has 1 to 5 (1 and 2 applied
  // already, 5 both replayed and live).
  const log = [stepEnded(1, 0), stepEnded(2, 1), stepEnded(3, 2), stepEnded(4, 3), stepEnded(5, 4)];
  const run = await afterGap(await client(), 2, [stepEnded(5, 4), stepEnded(6, 5)], log, 4);
  assert.deepEqual(run.steps, ['msg_step2', 'msg_step3', 'msg_step4', 'msg_step5'], 'the missed steps, then the live ones, each once');
  assert.deepEqual(run.logAsked, ['after=2&follow=false'], 'the log was asked after the last applied sequence, without following it');
  assert.equal(run.applied.get(SES), 6, 'the session remembers the last sequence applied');
  assert.deepEqual(run.rereads, []);
  assert.deepEqual(run.caughtUp, [SES], 'caught up: its history is as complete as it was when the stream ended');
});

test('live items at or below the last applied sequence are skipped; the replay stops where the held live items begin', async () => {
  // The log goes on past what the live stream holds (a followed log): the held item's sequence ends the replay.
  const log = [stepEnded(3, 2), stepEnded(4, 3), stepEnded(5, 4)];
  const run = await afterGap(await client(), 2, [stepEnded(2, 1), stepEnded(4, 3), stepEnded(5, 4)], log, 3);
  assert.deepEqual(run.steps, ['msg_step2', 'msg_step3', 'msg_step4']);
  assert.equal(run.applied.get(SES), 5);
});

test('a turn begun before the gap counts the files its replayed steps changed (one reader per connection)', async () => {
  const prompted = durable(1, 'session.prompted', { messageID: 'msg_user' });
  const wrote = (seq: number, step: number, file: string) => ({
    ...stepEnded(seq, step),
    data: { ...(stepEnded(seq, step).data as object), files: [file] },
  });
  const changed = (run: Run) =>
    run.events.flatMap((e) => (e.type === 'message.user' && e.changedFiles !== undefined ? [[e.messageID, e.changedFiles]] : []));
  const connection = {};
  // Before the gap: the prompt (and its first step), on the connection's first stream.
  const first = await afterGap(await client(), 0, [prompted, stepEnded(2, 0)], undefined, 1, connection, []);
  assert.deepEqual(changed(first), [], 'no files yet');
  // After it: two steps that wrote a file each, replayed from the log on the connection's next stream.
  const log = [wrote(3, 1, 'a.txt'), wrote(4, 2, 'b.txt')];
  const next = await afterGap(await client(), 2, [], log, 2, connection);
  assert.deepEqual(
    changed(next),
    [
      ['msg_user', 1],
      ['msg_user', 2],
    ],
    "the turn's files, counted for its user message",
  );
  // A stream of another connection knows no turn: this is what the connection's reader carries over.
  const stranger = await afterGap(await client(), 2, [], log, 2, {});
  assert.deepEqual(changed(stranger), []);
});

test('a session read afresh after a gap forgets what was under way: the next totals are not a compaction begun before it', async () => {
  const started = durable(1, 'session.compaction.started', { inputID: 'msg_compact', reason: 'auto' });
  const totals = { type: 'session.usage.updated', data: { sessionID: SES, cost: 0.5, tokens: { input: 10, output: 2 } } };
  const tagged = (run: Run) => run.events.filter((e) => e.type === 'session.totals' && e.compaction !== undefined).length;
  const connection = {};
  // A first connection (nothing to catch up on): the compaction starts; the stream drops before it ends.
  const first = await afterGap(await client(), 0, [started, stepEnded(2, 0)], undefined, 1, connection, []);
  assert.equal(tagged(first), 0);
  // Reconnected, the session idle by then (not among those caught up on): its messages are read, the totals after
  // are the next step's, not the compaction's growth.
  const next = await afterGap(await client(), 2, [totals, stepEnded(3, 1)], undefined, 1, connection, []);
  assert.equal(tagged(next), 0, 'the totals are not tagged as the compaction begun before the gap');
  // The same reconnect while the session was working (caught up on): the compaction is still under way.
  const again = {};
  await afterGap(await client(), 0, [started, stepEnded(2, 0)], undefined, 1, again, []);
  const working = await afterGap(await client(), 2, [totals, stepEnded(3, 1)], undefined, 1, again);
  assert.equal(tagged(working), 1, 'still its compaction when the session was caught up on');
});

test("a server whose document offers no log: the session's live items go on, and its messages are read again", async () => {
  const run = await afterGap(
    await client(releaseDocument(['GET /api/experimental/session/{sessionID}/log'])),
    2,
    [stepEnded(3, 2)],
    [stepEnded(3, 2)],
    1,
  );
  assert.deepEqual(run.logAsked, [], 'no log asked');
  assert.deepEqual(run.rereads, [SES]);
  assert.deepEqual(run.why, ['no log route']);
  assert.deepEqual(run.caughtUp, [], 'not caught up from a log');
  assert.deepEqual(run.steps, ['msg_step2']);
});

// A stock `opencode serve` keeps no event payloads (../reference opencode2-server.md, "Recorded from the real servers,
// November 2026": the CLI never turns `events.persist` on): after a drop its log answers only `log.synced` with the
// session's latest sequence. That marker says the log is synced, not that it replayed anything.
test('the probe: applied 5, live resumes at 10, the log answers only `log.synced` seq 9: not retained, so the session is read again, never caught up', async () => {
  const run = await afterGap(await client(), 5, [stepEnded(10, 9)], [synced(9)], 1);
  assert.deepEqual(run.logAsked, ['after=5&follow=false']);
  assert.deepEqual(run.caughtUp, [], 'not caught up: 6 to 9 were never seen');
  assert.deepEqual(run.rereads, [SES], 'its messages are read again');
  assert.deepEqual(run.why, ['not retained']);
  assert.deepEqual(run.steps, ['msg_step9'], 'the live step is applied as it came');
});

test('a log that brings nothing past `after` before its `log.synced` was not retained; a marker at `after` itself missed nothing', async () => {
  // Items at or below what was applied (a log that starts before `after`), then a marker past it.
  const stale = await afterGap(await client(), 5, [stepEnded(10, 9)], [stepEnded(4, 3), stepEnded(5, 4), synced(9)], 1);
  assert.deepEqual([stale.rereads, stale.why, stale.caughtUp], [[SES], ['not retained'], []]);
  assert.deepEqual(stale.steps, ['msg_step9'], 'nothing applied twice');
  // Another session's items before the marker say nothing of this one.
  const other = {
    ...stepEnded(7, 6),
    data: { ...(stepEnded(7, 6).data as object), sessionID: 'ses_other' },
    durable: { aggregateID: 'ses_other', seq: 7, version: 1 },
  };
  const stranger = await afterGap(await client(), 5, [stepEnded(10, 9)], [other, synced(9)], 1);
  assert.deepEqual([stranger.rereads, stranger.why, stranger.caughtUp], [[SES], ['not retained'], []]);
  // A marker without a sequence, after nothing: nothing says the log kept anything.
  const bare = await afterGap(await client(), 5, [stepEnded(10, 9)], [{ type: 'log.synced', aggregateID: SES }], 1);
  assert.deepEqual([bare.rereads, bare.why, bare.caughtUp], [[SES], ['not retained'], []]);
  // The marker at what was applied: the session has had no durable event since; nothing to read.
  const quiet = await afterGap(await client(), 5, [], [synced(5)], 0);
  assert.deepEqual([quiet.rereads, quiet.caughtUp], [[], [SES]]);
  // A log that does replay (a server built with retention): replayed as ever, whatever its marker says.
  const kept = await afterGap(await client(), 5, [stepEnded(10, 9)], [stepEnded(7, 6), synced(9)], 2);
  assert.deepEqual([kept.rereads, kept.caughtUp, kept.steps], [[], [SES], ['msg_step6', 'msg_step9']]);
});

test('the gate: durable items once each, per session; items without a sequence always pass', () => {
  const applied = new AppliedSequences();
  applied.applied('ses_a', 3);
  const gate = new SequenceGate((id) => applied.get(id));
  const of = (id: string, seq: number) => ({
    type: 'session.step.started',
    data: { sessionID: id },
    durable: { aggregateID: id, seq, version: 1 },
  });
  assert.equal(gate.admit(of('ses_a', 3)), false, 'applied before this stream');
  assert.deepEqual(gate.admit(of('ses_a', 4)), { sessionID: 'ses_a', seq: 4 });
  assert.equal(gate.admit(of('ses_a', 4)), false, 'a duplicate');
  assert.deepEqual(gate.admit(of('ses_b', 1)), { sessionID: 'ses_b', seq: 1 }, 'another session counts on its own');
  assert.equal(gate.admit({ type: 'session.usage.updated', data: { sessionID: 'ses_a' } }), undefined, 'not durable');
  assert.equal(gate.admit({ ...of('ses_a', 9), durable: { aggregateID: 'ses_a', seq: -1 } }), undefined, 'a sequence below 0 is none');
  // A session first seen far into its life (after VS Code starts): its first sequence is its baseline, then the jump
  // test holds from there.
  assert.deepEqual(gate.admit(of('ses_long', 2_000_000)), { sessionID: 'ses_long', seq: 2_000_000 }, 'no baseline: taken');
  assert.deepEqual(gate.admit(of('ses_long', 2_000_001)), { sessionID: 'ses_long', seq: 2_000_001 });
  assert.equal(gate.admit(of('ses_long', 9_000_000_000)), 'ahead', 'far past the baseline it set');
  gate.hold('ses_a');
  assert.equal(gate.keep(of('ses_a', 7)), true);
  assert.equal(gate.keep({ type: 'session.usage.updated', data: { sessionID: 'ses_a' } }), true, 'its other items wait too, in order');
  assert.equal(gate.keep(of('ses_b', 2)), false);
  assert.equal(gate.firstHeld('ses_a'), 7);
  assert.equal(gate.take('ses_a').length, 2);
  assert.equal(gate.isHeld('ses_a'), false);
});

// `session.usage.recorded {source: "title"|"compaction", cost, tokens}` is internal to the server: already folded into
// `session.usage.updated`'s running totals (title and compaction spend included), and never published by the real
// servers (../reference opencode2-server.md, "Recorded from the real servers, November 2026"). Taking it as spend
// would count that money twice, so it stays ignored, whoever sends it.
test("`session.usage.recorded` stays ignored: its spend is in `session.usage.updated`'s totals already; taking it would count it twice", () => {
  const reader = new V2EventReader((kind) => assert.fail(`malformed ${kind}`));
  const tokens = (input: number, output: number) => ({ input, output, reasoning: 0, cache: { read: 0, write: 0 } });
  const events = [
    // A step of $0.023, then a compaction of $0.027: the server's totals after each are $0.023 and $0.05.
    { type: 'session.usage.updated', data: { sessionID: SES, cost: 0.023, tokens: tokens(3_000, 200) } },
    { type: 'session.usage.recorded', data: { sessionID: SES, source: 'compaction', cost: 0.027, tokens: tokens(4_000, 200) } },
    { type: 'session.usage.updated', data: { sessionID: SES, cost: 0.05, tokens: tokens(7_000, 400) } },
  ].flatMap((item) => reader.read(item));
  assert.deepEqual(
    events.map((e) => e.type),
    ['session.totals', 'session.totals'],
    'the recorded spend makes no event of its own',
  );
  const store = new SessionStore();
  store.apply({ type: 'session.upsert', info: { id: SES, title: '', directory: '/w', time: { created: 0, updated: 0 } } });
  for (const event of events) store.apply(event);
  assert.equal(store.get(SES)!.own.cost, 0.05, "the session's cost is the server's total, once (not $0.077)");
  assert.equal(store.get(SES)!.own.input, 7_000);
});

test('read again without a log: the pages newest first down to the one that holds the last message seen, not the whole session', async () => {
  // 1 000 messages, newest first, 200 a page; the last seen is the 250th newest, on the second page.
  const items = Array.from({ length: 1_000 }, (_, i) => message(999 - i));
  const cursors: string[] = [];
  server.routes.set(`GET /api/session/${SES}/message`, (query, res) => {
    const at = Number(query.get('cursor') ?? 0);
    cursors.push(query.get('cursor') ?? '');
    send(res, json({ data: items.slice(at, at + Number(query.get('limit'))), cursor: { next: String(at + 200) } }));
  });
  const applied: string[] = [];
  const sink = {
    seenLive: () => false,
    apply: (event: StoreEvent) => void (event.type === 'message.user' && applied.push(event.messageID)),
  };
  await loadEveryV2Message(await client(), { id: SES, directory: '/w' }, sink, undefined, 'msg_00000750');
  assert.deepEqual(cursors, ['', '200'], 'two pages asked');
  assert.equal(applied.length, 100, 'the prompts of those two pages');
  cursors.length = 0;
  await loadEveryV2Message(await client(), { id: SES, directory: '/w' }, sink, undefined, 'msg_gone');
  assert.equal(cursors.length, 6, 'a last message the server no longer has: every page (and the empty one past them)');
});

interface Replayed {
  delivered: number[];
  rereads: string[];
  caughtUp: string[];
  malformed: string[];
}

/** One replay of SES (applied up to 2, `held` live items waiting) against a log the route `log` serves. */
async function replayOnce(
  log: (res: ServerResponse) => void,
  held: unknown[] = [],
  tune: { progressMs?: number; replayMs?: number; during?: (gate: SequenceGate) => void } = {},
): Promise<Replayed> {
  server.routes.set(LOG, (_q, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    log(res);
  });
  const out: Replayed = { delivered: [], rereads: [], caughtUp: [], malformed: [] };
  const gate = new SequenceGate((id) => (id === SES ? 2 : undefined));
  gate.hold(SES);
  for (const item of held) gate.keep(item);
  await catchUp(await client(), [SES], {
    gate,
    signal: AbortSignal.timeout(10_000),
    stallMs: 30_000,
    progressMs: tune.progressMs,
    replayMs: tune.replayMs,
    deliver: (item) => {
      const durable = gate.admit(item);
      if (!durable || durable === 'ahead') return;
      out.delivered.push(durable.seq);
      tune.during?.(gate);
    },
    reread: (id) => out.rereads.push(id),
    caughtUp: (id) => out.caughtUp.push(id),
    malformed: (kind) => out.malformed.push(kind),
  });
  return out;
}

const frame = (item: unknown) => `data: ${JSON.stringify(item)}\n\n`;

test('a log that ends without `log.synced` and short of the held live items is not a whole replay: the session is read again', async () => {
  const cut = await replayOnce((res) => res.end(frame(stepEnded(3, 2)) + frame(stepEnded(4, 3))), [stepEnded(7, 6)]);
  assert.deepEqual(cut.delivered, [3, 4, 7], 'what came is applied, then the held item');
  assert.deepEqual(cut.rereads, [SES], 'read again: 5 and 6 were never seen');
  assert.deepEqual(cut.caughtUp, [], 'its history is not called complete');
  const reached = await replayOnce((res) => res.end(frame(stepEnded(3, 2)) + frame(stepEnded(4, 3))), [stepEnded(5, 4)]);
  assert.deepEqual(reached.caughtUp, [SES], 'a log that reaches the held live items missed nothing, synced or not');
  assert.deepEqual(reached.rereads, []);
});

test('a log that never syncs (heartbeats only, or items without end) is given up, and so is one whose session the live stream gave up', async () => {
  /** Writes every few ms until the client leaves. */
  const every = (res: ServerResponse, ms: number, write: () => void) => {
    const timer = setInterval(write, ms);
    res.on('close', () => clearInterval(timer));
  };
  const silent = await replayOnce(
    (res) => {
      res.write(frame(stepEnded(3, 2)));
      every(res, 10, () => res.write(': heartbeat\n\n'));
    },
    [],
    { progressMs: 50 },
  );
  assert.deepEqual(silent.delivered, [3]);
  assert.deepEqual(silent.rereads, [SES], 'no progress: read again');
  assert.deepEqual(silent.caughtUp, []);
  /** A log that brings one more step every few ms, from 3 on. */
  const growing = (res: ServerResponse) => {
    let seq = 2;
    every(res, 5, () => res.write(frame(stepEnded(++seq, seq))));
  };
  const endless = await replayOnce(growing, [], {
    progressMs: 10_000,
    replayMs: 100,
  });
  assert.ok(endless.delivered.length > 0 && endless.rereads.length === 1, 'an endless log stops at the overall limit');
  const givenUp = await replayOnce(growing, [], {
    progressMs: 10_000,
    replayMs: 10_000,
    during: (gate) => void gate.take(SES),
  });
  assert.deepEqual(givenUp.delivered, [3], 'nothing read past the moment its session was given up');
  assert.deepEqual(givenUp.caughtUp, []);
});

test('held live items are capped by size as well as by count: past 32 MB the replay is given up', () => {
  const gate = new SequenceGate(() => undefined);
  gate.hold('ses_a');
  const big = (seq: number) => ({
    type: 'session.step.started',
    data: { sessionID: 'ses_a' },
    durable: { aggregateID: 'ses_a', seq, version: 1 },
  });
  for (let seq = 1; seq <= 8; seq++) assert.equal(gate.keep(big(seq), 4 * 1024 * 1024), true, `4 MB item ${seq} of 32 MB`);
  assert.equal(gate.keep(big(9), 100), 'full', 'the next item, even a small one, is past the cap');
  assert.equal(gate.take('ses_a').length, 8);
  gate.hold('ses_a');
  assert.equal(gate.keep(big(10), 4 * 1024 * 1024), true, 'what was taken no longer counts');
  gate.take('ses_a');
  gate.hold('ses_a');
  // Without its text length, an item is estimated (a bounded look): its text counts.
  const text = 'x'.repeat(3 * 1024 * 1024);
  for (let i = 0; i < 10; i++) assert.equal(gate.keep({ ...big(11), data: { sessionID: 'ses_a', text } }), true, `3 MB item ${i}`);
  assert.equal(gate.keep({ ...big(12), data: { sessionID: 'ses_a', text } }), 'full', 'the 11th 3 MB item');
  gate.take('ses_a');
  gate.hold('ses_a');
  const wide = { ...big(13), data: { sessionID: 'ses_a', list: Array.from({ length: 100_000 }, () => 1) } };
  for (let i = 0; i < 8; i++) assert.equal(gate.keep(wide), true, 'a wide item counts as the biggest one');
  assert.equal(gate.keep(wide), 'full');
});

test('a made-up sequence far past the last (live or logged) is counted as malformed, not applied, and its session read again', async () => {
  const bogus = stepEnded(1e15, 99);
  // Live, no gap: the steps after it still apply.
  const applied = new AppliedSequences();
  applied.applied(SES, 2);
  const steps: string[] = [];
  const malformed: string[] = [];
  const rereads: string[] = [];
  let stream!: ServerResponse;
  server.routes.set('GET /api/event', (_q, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    stream = res;
    for (const item of [{ type: 'server.connected', data: {} }, stepEnded(3, 2), bogus, bogus, stepEnded(4, 3), stepEnded(5, 4)])
      res.write(frame(item));
  });
  server.routes.set('GET /api/session/active', json({ data: {} }));
  server.routes.set(`GET /api/session/${SES}`, json({ data: session(SES) }));
  await new V2EventStream(await client()).streamEvents(
    { stallMs: 30_000, signal: AbortSignal.timeout(10_000) },
    {
      onItem: () => undefined,
      onEvent: (event: StoreEvent) => {
        if (event.type === 'step.finished') steps.push(event.messageID);
        if (steps.length === 3) setImmediate(() => stream.end());
      },
      malformed: (kind) => malformed.push(kind),
      appliedSeq: (id) => applied.get(id),
      onSeq: (id, seq) => applied.applied(id, seq),
      reread: (id) => rereads.push(id),
    },
  );
  assert.deepEqual(steps, ['msg_step2', 'msg_step3', 'msg_step4'], 'the made-up one skipped, the real ones after it applied');
  assert.equal(applied.get(SES), 5);
  assert.deepEqual(malformed, [SEQ_AHEAD, SEQ_AHEAD], 'each counted');
  assert.deepEqual(rereads, [SES], 'read again once');
  // In a log: the replay stops there and the session is read again.
  const logged = await replayOnce((res) => res.end(frame(stepEnded(3, 2)) + frame(bogus) + frame(stepEnded(4, 3))), [stepEnded(5, 4)]);
  assert.deepEqual(logged.malformed, [SEQ_AHEAD]);
  assert.deepEqual(logged.delivered, [3, 5], 'nothing read from the log past it; the held live item after');
  assert.deepEqual(logged.rereads, [SES]);
  assert.deepEqual(logged.caughtUp, []);
});
