// The client readers of the scale registry (../registry.ts): what src/client (but v2/) reads of a server — JSON
// answers, server-sent events, V1's listings, message pages, pending requests, catalogs, events, transcripts and
// turns, and a Kubernetes API server's error bodies. Readers that fetch run against a loopback HostileServer that
// answers the shape's generated data, through the real SDK path (V1Api, its SDK client, unwrap, the caps).
import assert from 'node:assert/strict';
import { confirmRegistration } from '../../../src/client/discovery/findService';
import { checkIdentity, IDENTITY_ROUTES, identify, readIdentity } from '../../../src/client/discovery/identity';
import { fetchGoUsage } from '../../../src/client/go/goUsageClient';
import { errorMessage } from '../../../src/client/k8s/backend/clusterProblems';
import { readStopRefusal } from '../../../src/client/k8s/taskStopAnswer';
import { readTaskSessionInfo } from '../../../src/client/k8s/taskSessionAnswer';
import { watchCluster } from '../../../src/client/k8s/backend/clusterWatcher';
import { kubeConfigForContext, loadKubeconfig } from '../../../src/client/k8s/backend/kubeconfig';
import type { ClusterSnapshot } from '../../../src/client/k8s/kubeBackend';
import { runningTask } from '../../k8s/objects';
import { startStandInApiServer, type StandInApiServer } from '../../k8s/standInApiServer';
import { quietLog, writeKubeconfig } from '../../unit/helpers/k8sBackend';
import type { MessageSink } from '../../../src/client/serverApi';
import { withoutTrailingSlashes } from '../../../src/client/transport/endpoint';
import { parseJson } from '../../../src/client/transport/slicedJson';
import { MAX_EVENT_CHARS, SseParser } from '../../../src/client/transport/sseParser';
import { V1Api } from '../../../src/client/v1/api';
import { backfillMessageTotals, type MessagesClient } from '../../../src/client/v1/messages';
import { readModelLimits, readPriceCatalog } from '../../../src/client/v1/catalogs';
import { readFileDiffs } from '../../../src/client/wire/fileDiff';
import { parseEvent } from '../../../src/client/v1/events';
import type { SessionInfo, StoreEvent } from '../../../src/store/events';
import { v1ForkTitle } from '../../../src/client/v1/forks';
import { HostileServer, jsonArrayChunks, nonAsciiId } from '../hostileServer';
import { reader, type Reader } from '../reader';

const T0 = 1_700_000_000_000;

/** A session as V1 lists it; `id` long and not ASCII in the worst shapes. */
function session(i: number, id = `ses_${i}`) {
  return { id, title: `Session ${i}`, directory: '/w/p', version: '1.18.33', time: { created: T0 + i, updated: T0 + i } };
}

/** A V1 message (`{info, parts}`): an assistant message with a finished step and a text, or a user message with diffs. */
function message(i: number, sessionID = 'ses_1', parts = 2) {
  const id = `msg_${String(i).padStart(8, '0')}`;
  if (i % 2 === 0)
    return {
      info: {
        id,
        sessionID,
        role: 'user',
        time: { created: T0 + i },
        summary: { diffs: [{ file: `f${i}.ts`, additions: 1, deletions: 0 }] },
      },
      parts: [{ id: `prt_${i}`, sessionID, messageID: id, type: 'text', text: 'do it' }],
    };
  const tokens = { input: 10, output: 2, reasoning: 0, cache: { read: 0, write: 0 } };
  return {
    info: {
      id,
      sessionID,
      role: 'assistant',
      parentID: `msg_${String(i - 1).padStart(8, '0')}`,
      time: { created: T0 + i, completed: T0 + i + 1 },
      modelID: 'm',
      providerID: 'p',
      cost: 0.01,
      tokens,
    },
    parts: Array.from({ length: parts }, (_, k) =>
      k === 0
        ? { id: `prt_${i}_s`, sessionID, messageID: id, type: 'step-finish', tokens, cost: 0.01 }
        : {
            id: `prt_${i}_${k}`,
            sessionID,
            messageID: id,
            type: 'tool',
            tool: 'edit',
            state: { status: 'completed', input: { filePath: `src/f${k}.ts` }, output: 'ok', time: { start: 1, end: 2 } },
          },
    ),
  };
}

const sink = () => {
  const applied: StoreEvent[] = [];
  const store: MessageSink = { seenLive: () => false, apply: (event) => void applied.push(event), malformed: () => undefined };
  return { applied, store };
};

/** A read that fails gives its message, so that a check can tell a clear "too large" from a wrong answer. */
async function orError<T>(read: () => Promise<T>): Promise<T | { error: string }> {
  try {
    return await read();
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

// ——— JSON answers: every answer's parse (V1's through unwrap, V2's through v2Request, big SSE events) ———

const jsonAnswers = reader<string>({
  name: 'JSON answers (parseJson)',
  covers: ['src/client/transport/slicedJson.ts#parseJson'],
  read: (text) => parseJson(text),
  shapes: [
    { name: 'a listing of n sessions', make: (n) => JSON.stringify(Array.from({ length: n }, (_, i) => session(i))) },
    { name: 'n empty objects', make: (n) => `[${'{},'.repeat(n * 10)}{}]`, worst: true },
    {
      name: 'one object of n distinct keys',
      make: (n) => JSON.stringify(Object.fromEntries(Array.from({ length: n * 2 }, (_, i) => [`k${i}`, i]))),
      worst: true,
    },
    {
      // The innermost 8 192 levels (16 K characters) are one JSON.parse at any depth, far cheaper per level than
      // the levels around them: the shape grows what grows, the levels outside them.
      name: 'nested n + 16 384 deep',
      make: (n) => '['.repeat(n + 16_384) + ']'.repeat(n + 16_384),
      worst: true,
    },
    {
      name: 'one string of n×100 characters with escapes',
      make: (n) => JSON.stringify('a "tool" \\ output é😀\n'.repeat(n * 5)),
      worst: true,
    },
    {
      name: 'n/100 sessions with 10 KB non-ASCII ids',
      make: (n) => JSON.stringify(Array.from({ length: Math.max(1, n / 100) }, (_, i) => session(i, nonAsciiId(10_000, i)))),
      worst: true,
    },
  ],
  check: (answer) => assert.ok(answer !== undefined && answer !== null, 'a value'),
});

// ——— Server-sent events: the framing, then the stream through fetch ———

interface SseInput {
  chunks: Uint8Array[];
  /** Events the stream holds (dropped ones not counted). */
  events: number;
}

const encoder = new TextEncoder();
const chunked = (text: string, size = 65_536) => {
  const bytes = encoder.encode(text);
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return chunks;
};
const eventLine = (i: number) =>
  `data: ${JSON.stringify({ payload: { type: 'session.status', properties: { sessionID: `ses_${i}`, status: { type: 'busy' } } } })}\n\n`;

const sseFraming = reader<SseInput>({
  name: 'Server-sent events (SseParser)',
  covers: ['src/client/transport/sseParser.ts#SseParser'],
  // Chunks pushed as runEventStream pushes them: a turn of the event loop once 10 ms of them were read in a row.
  read: async ({ chunks, events: expected }) => {
    let events = 0;
    let oversize = 0;
    const parser = new SseParser({ onData: () => void (events += 1), onOversize: () => void (oversize += 1) });
    let lastTurn = performance.now();
    for (const chunk of chunks) {
      parser.push(chunk);
      if (performance.now() - lastTurn >= 10) {
        await new Promise((resolve) => setImmediate(resolve));
        lastTurn = performance.now();
      }
    }
    return { events, oversize, expected };
  },
  check: (answer, _n, shape) => {
    const { events, oversize, expected } = answer as { events: number; oversize: number; expected: number };
    assert.equal(events, expected, 'every event that fits delivered');
    assert.equal(oversize, shape.startsWith('one field') ? 1 : 0, 'events past the cap dropped, and said');
  },
  shapes: [
    {
      name: 'n×5 events in 64 KB chunks',
      make: (n) => ({ chunks: chunked(Array.from({ length: n * 5 }, (_, i) => eventLine(i)).join('')), events: n * 5 }),
    },
    {
      name: 'n×10 lines of one byte, a byte per chunk',
      make: (n) => ({ chunks: chunked('x\n'.repeat(n * 10) + 'data: 1\n\n', 1), events: 1 }),
      worst: true,
    },
    { name: 'n events framed by \\r only', make: (n) => ({ chunks: chunked('data: {"a":1}\r\r'.repeat(n)), events: n }), worst: true },
    {
      name: 'one field of n×1 000 bytes past the event cap, then an event',
      // The cap's 4 MB are read, then the field's n×1 000 bytes past it only searched for its end: what grows with
      // n grows ten times (a field of n×1 000 bytes in all grew 16 times past the cap, 6 MB to 96 MB). The bytes
      // come as one 64 KB chunk given again and again: the parser's work per byte is measured, not the memory
      // bandwidth of a fresh 100 MB buffer.
      make: (n) => {
        const xs = encoder.encode('x'.repeat(65_536));
        const count = Math.ceil((MAX_EVENT_CHARS + n * 1000) / 65_536);
        const chunks = [encoder.encode('data: '), ...Array.from({ length: count }, () => xs), ...chunked(`\n\n${eventLine(0)}`)];
        return { chunks, events: 1 };
      },
      worst: true,
    },
  ],
});

// ——— Readers that fetch, against a HostileServer ———

const startServer = () => HostileServer.start();
const stopServer = (server: HostileServer) => server.close();

/** `/experimental/session` paged by `x-next-cursor` as V1 pages it, over `total` sessions made by `make`. */
function pagedListing(server: HostileServer, total: number, make: (i: number) => unknown, pageSize?: number): void {
  server.route('/experimental/session', (url) => {
    const cursor = Number(url.searchParams.get('cursor') ?? T0 + total);
    const limit = pageSize ?? Number(url.searchParams.get('limit') ?? 1000);
    // Newest first: indexes below the cursor's.
    const end = Math.min(total, cursor - T0);
    const start = Math.max(0, end - limit);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (start > 0) headers['x-next-cursor'] = String(T0 + start);
    return { headers, body: jsonArrayChunks(end - start, (k) => make(end - 1 - k)) };
  });
}

const v1Listing = reader<number, HostileServer>({
  name: 'V1 session listing (V1Api.listSessions)',
  // Sessions over HTTP in pages: 5 000 keeps the big run near half a second.
  n: 5_000,
  covers: [
    'src/client/v1/api.ts#V1Api',
    'src/client/v1/sessions.ts#listAllSessions',
    'src/client/v1/sessions.ts#nextCursor',
    'src/client/v1/client.ts#clientFor',
    'src/client/transport/serverError.ts#unwrap',
    'src/client/transport/serverError.ts#checkAnswer',
    'src/client/transport/serverError.ts#readJsonBody',
    'src/client/transport/send.ts#send',
    'src/client/transport/send.ts#readText',
    'src/client/wire/sessionInfo.ts#sessionInfo',
    // sessionInfo's guards, run on every listed session and its fields.
    'src/base/parse.ts#isObject',
    'src/base/parse.ts#nonEmptyString',
    'src/client/transport/serverError.ts#asServerError',
    'src/client/transport/serverError.ts#notOpencodeAnswer',
  ],
  setup: startServer,
  teardown: stopServer,
  read: (_expected, server) => orError(() => new V1Api(server.endpoint).listSessions({})),
  shapes: [
    {
      name: 'n sessions in pages of 1 000',
      make: (n, server) => {
        pagedListing(server, n, (i) => session(i));
        return n;
      },
    },
    {
      name: 'one page of n sessions (the server ignores the limit)',
      make: (n, server) => {
        server.route('/experimental/session', () => ({ body: jsonArrayChunks(n, (i) => session(i)) }));
        return n;
      },
      worst: true,
    },
    {
      name: 'n/100 sessions with 10 KB non-ASCII ids',
      make: (n, server) => {
        const count = Math.max(1, n / 100);
        pagedListing(server, count, (i) => session(i, nonAsciiId(10_000, i)));
        return count;
      },
      worst: true,
    },
    {
      name: 'an error answer of n×1 KB',
      make: (n, server) => {
        server.route('/experimental/session', () => ({
          status: 500,
          body: (function* () {
            yield '{"name":"UnknownError","data":{"message":"broken';
            for (let i = 0; i < n; i++) yield 'x'.repeat(1024);
            yield '"}}';
          })(),
        }));
        return -1;
      },
      worst: true,
    },
    {
      // Tags that never close: a tag pattern that reads each `<` to the end was quadratic (131 ms at the 16 KB cut).
      name: 'an error answer in plain text of n×1 KB of `<a`',
      make: (n, server) => {
        server.route('/experimental/session', () => ({
          status: 500,
          headers: { 'content-type': 'text/plain' },
          body: (function* () {
            for (let i = 0; i < n; i++) yield '<a'.repeat(512);
          })(),
        }));
        return -1;
      },
      worst: true,
    },
    {
      name: 'an HTML page of n×1 KB',
      make: (n, server) => {
        server.route('/experimental/session', () => ({
          headers: { 'content-type': 'text/html' },
          body: (function* () {
            yield '<html>';
            for (let i = 0; i < n; i++) yield '<p>x</p>'.repeat(128);
          })(),
        }));
        server.route('/session', () => ({ headers: { 'content-type': 'text/html' }, body: '<html></html>' }));
        return -1;
      },
      worst: true,
    },
    {
      name: 'pages that never end (a cursor that always moves)',
      make: (_n, server) => {
        // Pages of 20 000 whatever the limit asked: the cap, not the page count, ends the read.
        pagedListing(server, 10_000_000, (i) => ({ id: `s${i}`, time: { created: T0 + i, updated: T0 + i } }), 20_000);
        return -1;
      },
      worst: true,
      capped: true,
    },
  ],
  check: (answer, n, shape) => {
    const read = answer as { sessions?: unknown[]; error?: string };
    if (shape.startsWith('an error answer')) return assert.match(read.error ?? '', /Listing sessions: the server answered HTTP 500 — /);
    if (shape.startsWith('an HTML page')) return assert.match(read.error ?? '', /the server answered an HTML page/);
    if (shape.startsWith('pages that never end'))
      return assert.match(read.error ?? '', /Listing sessions: the server lists over 100,000 sessions, more than the extension reads/);
    assert.equal(read.error, undefined);
    assert.equal(read.sessions?.length, shape.startsWith('n/100') ? Math.max(1, n / 100) : n);
  },
});

/** `/session/<id>/message` paged by `x-next-cursor` (`before`), newest first, over `total` messages. */
function pagedMessages(server: HostileServer, total: number, make: (i: number) => unknown, pageSize?: number): void {
  server.fallback = (url) => {
    if (!/^\/session\/[^/]+\/message$/.test(url.pathname)) return { status: 404, headers: {} };
    const before = Number(url.searchParams.get('before')?.slice(4) ?? total);
    const limit = pageSize ?? Number(url.searchParams.get('limit') ?? total);
    const start = Math.max(0, before - limit);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (start > 0) headers['x-next-cursor'] = `msg_${start}`;
    return { headers, body: jsonArrayChunks(before - start, (k) => make(start + k)) };
  };
}

const address = { id: 'ses_1', directory: '/w/p' };

const v1Messages = reader<number, HostileServer>({
  name: 'V1 message pages (loadEveryMessage, transcript, turns)',
  covers: [
    'src/client/v1/messagePages.ts#messagePage',
    'src/client/v1/messagePages.ts#messagePages',
    'src/client/v1/messages.ts#loadEveryMessage',
    'src/client/v1/messages.ts#loadNewestMessages',
    'src/client/v1/transcript.ts#v1TranscriptPages',
    'src/client/v1/turns.ts#loadTurns',
    'src/client/v1/messages.ts#backfillMessageTotals',
    'src/client/v1/messages.ts#needsMessageTotals',
    'src/client/v1/transcript.ts#readV1Messages',
    'src/client/v1/turns.ts#turnsOf',
    'src/client/v1/messages.ts#feedMessages',
    'src/client/wire/transcriptText.ts#boundedText',
    // boundedText's cut of each text field, read by readV1Messages.
    'src/store/transcript.ts#bounded',
    'src/client/wire/transcriptText.ts#inputText',
    'src/client/wire/transcriptText.ts#jsonPrefix',
    'src/client/wire/transcriptText.ts#errorText',
    'src/client/wire/transcriptText.ts#toolResult',
    'src/client/wire/transcriptText.ts#toolTimes',
    'src/client/wire/fileDiff.ts#parseFileDiff',
    'src/client/wire/turnTools.ts#noTools',
    'src/client/wire/turnTools.ts#addToolCall',
    'src/client/wire/turnTools.ts#addCommand',
  ],
  // A message is a few hundred bytes and each run reads them four times (usage, transcript, turns, totals).
  n: 500,
  setup: startServer,
  teardown: stopServer,
  read: async (_expected, server) => {
    const api = new V1Api(server.endpoint);
    const { applied, store } = sink();
    const every = await orError(() => api.loadEveryMessage(address, store));
    let transcript = 0;
    const pages = await orError(async () => {
      for await (const page of api.transcriptPages(address)) transcript += page.length;
    });
    const turns = await orError(() => api.sessionTurns(address));
    // A server before 1.15: the totals are summed from every message, read in one answer.
    const before115 = { ...address, title: '', time: { created: T0, updated: T0 } };
    let backfill: unknown;
    await api.backfillTotals([before115], store, {
      signal: new AbortController().signal,
      onError: (_id, error) => void (backfill = error),
    });
    return { applied: applied.length, transcript, turns, backfill, errors: [every, pages].filter((r) => r !== undefined) };
  },
  shapes: [
    {
      name: 'n messages in pages of 200',
      make: (n, server) => {
        pagedMessages(server, n, (i) => message(i));
        return n;
      },
    },
    {
      name: 'one turn whose message has n tool calls on distinct files',
      make: (n, server) => {
        pagedMessages(server, 2, (i) => message(i, 'ses_1', i === 1 ? n : 2));
        return -2;
      },
      worst: true,
    },
    {
      name: 'n messages of one time (sort ties)',
      make: (n, server) => {
        pagedMessages(server, n, (i) => {
          const m = message(i);
          m.info.time.created = T0;
          return m;
        });
        return n;
      },
      worst: true,
    },
    {
      name: 'pages that never end',
      make: (_n, server) => {
        // Pages of 5 000 whatever the limit asked: the cap, not the page count, ends the read.
        const tiny = (i: number) => ({ info: { id: `m${i}`, sessionID: 'x', role: 'user', time: { created: i } }, parts: [] });
        pagedMessages(server, 100_000_000, tiny, 5_000);
        return -1;
      },
      worst: true,
      capped: true,
    },
  ],
  check: (answer, n, shape) => {
    const read = answer as { applied: number; transcript: number; turns: unknown; backfill?: unknown; errors: Array<{ error: string }> };
    if (shape === 'pages that never end') {
      assert.equal(read.errors.length, 2, 'the message read and the transcript fail');
      for (const { error } of [...read.errors, read.turns as { error: string }])
        assert.match(error, /Reading messages: the session has over 50,000 messages .*more than the extension reads; the newest were read/);
      return;
    }
    assert.deepEqual(read.errors, []);
    assert.equal(read.backfill, undefined);
    if (shape.startsWith('one turn'))
      return assert.equal((read.turns as Array<{ tools?: { files: string[] } }>)[0].tools?.files.length, n - 1);
    assert.equal(read.transcript, n);
    assert.equal((read.turns as unknown[]).length, n / 2);
  },
});

/**
 * A server before 1.15 whose n sessions all need their totals summed (serverConnection.ts starts it on every connect),
 * each read answered at once with one assistant message: the client is the structural MessagesClient (as the unit
 * tests pass), so what is measured is the backfill's own handling of its queue, not n requests. shift() off the list
 * made it quadratic (issue 75: 10 000 sessions 268 ms, 100 000 5.4 s).
 */
const v1Backfill = reader<SessionInfo[]>({
  name: 'V1 totals of a server before 1.15: n sessions read at once (backfillMessageTotals)',
  covers: ['src/client/v1/messages.ts#backfillMessageTotals'],
  n: 10_000,
  read: async (sessions) => {
    const { applied, store } = sink();
    const asked: string[] = [];
    const client: MessagesClient = {
      session: {
        messages: ({ sessionID }) => {
          asked.push(sessionID);
          return Promise.resolve({ data: [message(1, sessionID)] });
        },
      },
    };
    const failed: string[] = [];
    await backfillMessageTotals(sessions, () => client, store, { onError: (id) => failed.push(id) });
    return { n: sessions.length, asked, applied: applied.length, failed };
  },
  shapes: [
    {
      name: 'n sessions, each needing its totals',
      make: (n) => Array.from({ length: n }, (_, i) => session(i)),
      worst: true,
    },
  ],
  check: (answer) => {
    const { n, asked, applied, failed } = answer as { n: number; asked: string[]; applied: number; failed: string[] };
    assert.deepEqual(failed, []);
    assert.equal(asked.length, n, 'every session read once');
    // Four at a time, each started as one ends: in the list's order.
    assert.ok(
      asked.every((id, i) => id === `ses_${i}`),
      'read in the order listed',
    );
    assert.ok(applied >= n, `${applied} events applied for ${n} sessions`);
  },
});

const v1Pending = reader<number, HostileServer>({
  name: 'V1 statuses and pending requests (snapshotReads, listPendingRequests)',
  // Three lists of n each, over HTTP: 3 000 keeps the big run under a second.
  n: 3_000,
  covers: [
    'src/client/v1/folderReads.ts#FolderReads',
    'src/client/v1/sessions.ts#listStatuses',
    'src/client/v1/pending.ts#listPendingRequests',
    'src/client/wire/requests.ts#parsePermissionRequest',
    'src/client/wire/requests.ts#parseQuestionRequest',
    'src/client/wire/sessionInfo.ts#parseSessionStatus',
  ],
  setup: startServer,
  teardown: stopServer,
  read: async (_expected, server) => {
    const reads = new V1Api(server.endpoint).snapshotReads();
    reads.add(['/w/p']);
    return reads.settle();
  },
  shapes: [
    {
      name: 'n statuses, n permission requests and n questions',
      make: (n, server) => {
        const statuses = Object.fromEntries(Array.from({ length: n }, (_, i) => [`ses_${i}`, { type: 'busy' }]));
        // Made here, not per request: the server runs in the measured thread.
        const statusBody = JSON.stringify(statuses);
        server.route('/session/status', () => ({ body: statusBody }));
        server.route('/permission', () => ({
          body: jsonArrayChunks(n, (i) => ({ id: `per_${i}`, sessionID: `ses_${i}`, permission: 'edit', patterns: ['*'] })),
        }));
        server.route('/question', () => ({
          body: jsonArrayChunks(n, (i) => ({
            id: `que_${i}`,
            sessionID: `ses_${i}`,
            questions: [{ question: 'Which?', options: [{ label: 'a' }, { label: 'b' }] }],
          })),
        }));
        return n;
      },
    },
    {
      name: 'one question with n×10 options',
      make: (n, server) => {
        server.route('/session/status', () => ({ body: '{"ses_1":{"type":"busy"}}' }));
        server.route('/permission', () => ({ body: '[]' }));
        const options = Array.from({ length: n * 10 }, (_, i) => ({ label: `option ${i}`, description: '' }));
        const questionBody = JSON.stringify([{ id: 'que_1', sessionID: 'ses_1', questions: [{ question: 'Which?', options }] }]);
        server.route('/question', () => ({ body: questionBody }));
        return 2;
      },
      worst: true,
    },
  ],
  check: (answer, n, shape) => {
    const read = answer as { statuses: Record<string, unknown>; pending: { requests: unknown[] } };
    if (shape.startsWith('one question')) return assert.equal(read.pending.requests.length, 1);
    assert.equal(Object.keys(read.statuses).length, n);
    assert.equal(read.pending.requests.length, 2 * n);
  },
});

/** An SSE body of the shape's events, sent as it is made. */
function eventRoute(server: HostileServer, chunks: () => Iterable<string>): void {
  server.route('/global/event', () => ({ headers: { 'content-type': 'text/event-stream' }, body: chunks() }));
}

function* inBatches(count: number, event: (i: number) => string): Generator<string> {
  let batch = '';
  for (let i = 0; i < count; i++) {
    batch += event(i);
    if (batch.length >= 65_536) {
      yield batch;
      batch = '';
    }
  }
  yield batch;
}

const v1EventStream = reader<number, HostileServer>({
  name: 'V1 event stream (V1Api.streamEvents)',
  covers: ['src/client/transport/eventStream.ts#runEventStream', 'src/client/v1/events.ts#parseEvent'],
  setup: startServer,
  teardown: stopServer,
  read: async (_expected, server) => {
    let items = 0;
    let events = 0;
    let malformed = 0;
    await new V1Api(server.endpoint).streamEvents(
      { stallMs: 30_000, signal: new AbortController().signal },
      {
        onItem: () => void (items += 1),
        onEvent: () => void (events += 1),
        malformed: () => void (malformed += 1),
      },
    );
    return { items, events, malformed };
  },
  shapes: [
    {
      name: 'n events',
      make: (n, server) => {
        eventRoute(server, () => inBatches(n, eventLine));
        return n;
      },
    },
    {
      name: 'a burst of n×2 events (200 000 at 10n)',
      make: (n, server) => {
        eventRoute(server, () => inBatches(n * 2, eventLine));
        return n * 2;
      },
      worst: true,
    },
    {
      name: 'one event of n×30 characters (empty objects)',
      make: (n, server) => {
        const props = `{"sessionID":"ses_1","info":{"id":"ses_1","time":{"created":1,"updated":1},"x":[${'{},'.repeat(n * 10)}{}]}}`;
        eventRoute(server, () => [`data: {"payload":{"type":"session.updated","properties":${props}}}\n\n`]);
        return 1;
      },
      worst: true,
    },
  ],
  check: (answer, n, shape) => {
    const read = answer as { items: number; events: number };
    assert.equal(read.events, shape === 'n events' ? n : shape.startsWith('a burst') ? n * 2 : 1);
  },
});

// ——— Parsers of what was read, run on their own ———

interface EventsInput {
  events: unknown[];
}

const v1Events = reader<EventsInput>({
  name: 'V1 events (parseEvent)',
  covers: [
    'src/client/v1/events.ts#followedPart',
    'src/client/v1/events.ts#messagePart',
    'src/client/wire/tokens.ts#serverTokens',
    'src/client/wire/sessionInfo.ts#finite',
    'src/client/wire/sessionInfo.ts#copyStrings',
  ],
  read: ({ events }) => {
    let parsed = 0;
    for (const event of events) if (parseEvent(event, () => undefined)) parsed += 1;
    return parsed;
  },
  shapes: [
    {
      name: 'n events of every kind',
      make: (n) => ({
        events: Array.from({ length: n }, (_, i) => {
          const m = message(i);
          const kinds = [
            { type: 'session.updated', properties: { info: session(i) } },
            { type: 'message.updated', properties: { info: m.info } },
            { type: 'message.part.updated', properties: { part: m.parts[0] } },
            { type: 'session.status', properties: { sessionID: `ses_${i}`, status: { type: 'retry', attempt: 1, message: 'x', next: 1 } } },
            { type: 'permission.asked', properties: { id: `per_${i}`, sessionID: `ses_${i}`, permission: 'edit' } },
          ];
          return { directory: '/w/p', payload: kinds[i % kinds.length] };
        }),
      }),
    },
    {
      name: 'n/100 events with 10 KB non-ASCII ids',
      make: (n) => ({
        events: Array.from({ length: Math.max(1, n / 100) }, (_, i) => ({
          payload: { type: 'session.updated', properties: { info: session(i, nonAsciiId(10_000, i)) } },
        })),
      }),
      worst: true,
    },
  ],
  check: (answer, n, shape) => assert.ok((answer as number) > (shape.startsWith('n/100') ? 0 : n / 2), `${String(answer)} events read`),
});

const v1Catalogs = reader<Record<string, unknown>>({
  name: 'V1 model catalogs (readModelLimits, readPriceCatalog)',
  covers: ['src/client/v1/catalogs.ts#readModelLimits', 'src/client/v1/catalogs.ts#readPriceCatalog'],
  read: async (answer) => ({ limits: await readModelLimits(answer), catalog: await readPriceCatalog(answer) }),
  shapes: [
    {
      name: 'n providers of 10 models',
      make: (n) => {
        const providers = Array.from({ length: n / 10 }, (_, p) => ({
          id: `p${p}`,
          models: Object.fromEntries(
            Array.from({ length: 10 }, (_, m) => [`m${m}`, { id: `m${p}_${m}`, limit: { context: 1000 }, cost: { input: 1, output: 2 } }]),
          ),
        }));
        return { providers, all: providers };
      },
    },
    {
      name: 'n providers listing one model',
      make: (n) => {
        const providers = Array.from({ length: n }, (_, p) => ({
          id: `p${p}`,
          models: { same: { id: 'same', limit: { context: 1000 }, cost: { input: 1, output: 2 } } },
        }));
        return { providers, all: providers };
      },
      worst: true,
    },
  ],
  check: (answer, n) => {
    const { catalog } = answer as { catalog: { models: Map<string, unknown> } };
    assert.equal(catalog.models.size, n);
  },
});

const fileDiffs = reader<unknown>({
  name: 'File diffs (readFileDiffs)',
  covers: ['src/client/wire/fileDiff.ts#readFileDiffs'],
  read: (answer) => readFileDiffs(answer)?.length,
  shapes: [
    {
      name: 'n diffs',
      make: (n) => ({ data: Array.from({ length: n }, (_, i) => ({ file: `f${i}.ts`, additions: 1, deletions: 0, patch: '@@' })) }),
    },
    {
      name: 'n/100 diffs with 10 KB non-ASCII paths',
      make: (n) => ({ data: Array.from({ length: Math.max(1, n / 100) }, (_, i) => ({ file: nonAsciiId(10_000, i), patch: '' })) }),
      worst: true,
    },
  ],
  check: (answer, n, shape) => assert.equal(answer, shape.startsWith('n/100') ? Math.max(1, n / 100) : n),
});

const trailingSlashes = reader<string>({
  name: 'Trailing slashes of a URL (withoutTrailingSlashes)',
  covers: ['src/client/transport/endpoint.ts#withoutTrailingSlashes'],
  read: (text) => withoutTrailingSlashes(text),
  shapes: [
    { name: 'a URL of n path segments', make: (n) => `http://127.0.0.1:4096${'/a'.repeat(n)}/` },
    { name: 'n slashes, then a last character', make: (n) => `http://x/${'/'.repeat(n)}a`, worst: true },
  ],
  check: (answer) => assert.ok(typeof answer === 'string' && !answer.endsWith('/'), 'no trailing slash'),
});

const kubeErrors = reader<unknown>({
  name: 'Kubernetes API error bodies (errorMessage)',
  covers: ['src/client/k8s/backend/clusterProblems.ts#errorMessage'],
  read: (error) => errorMessage(error),
  shapes: [
    {
      name: 'a Status of n characters',
      make: (n) => ({ statusCode: 403, body: JSON.stringify({ kind: 'Status', message: `forbidden: ${'x'.repeat(n)}` }) }),
    },
    { name: 'a body of n empty objects', make: (n) => ({ statusCode: 500, body: `[${'{},'.repeat(n * 10)}{}]` }), worst: true },
  ],
  check: (answer) =>
    assert.ok(
      typeof answer === 'string' && answer.length > 0 && answer.length <= 1_000,
      `a message of ${String(answer).length} characters`,
    ),
});

const stopRefusals = reader<{ status: number; body: string }>({
  name: "A refused Task stop's answer (readStopRefusal)",
  covers: ['src/client/k8s/taskStopAnswer.ts#readStopRefusal'],
  read: ({ status, body }) => readStopRefusal(status, body),
  shapes: [
    {
      name: 'an ErrorResponse whose message has n characters',
      make: (n) => ({
        status: 500,
        body: JSON.stringify({ error: 'Failed to stop task', message: `forbidden ${'x'.repeat(n)}`, code: 500 }),
      }),
    },
    { name: 'n control characters, not JSON', make: (n) => ({ status: 502, body: '\u0007\n'.repeat(n) }) },
    { name: 'a JSON array of n empty objects', make: (n) => ({ status: 500, body: `[${'{},'.repeat(n)}{}]` }), worst: true },
    {
      name: "n repeats of 'forbidden ' in a message",
      make: (n) => ({ status: 404, body: JSON.stringify({ message: 'forbidden '.repeat(n) }) }),
      worst: true,
    },
  ],
  check: (answer) => {
    const said = (answer as { said?: unknown }).said;
    assert.ok(typeof said === 'string' && said.length <= 301, `said ${String(said).length} characters`);
  },
});

const taskSessionInfos = reader<string>({
  name: "A finished Task's session through kubeopencode-server (readTaskSessionInfo)",
  covers: ['src/client/k8s/taskSessionAnswer.ts#readTaskSessionInfo'],
  read: (body) => readTaskSessionInfo(body, 'ses_1'),
  shapes: [
    { name: 'a Session.Info whose title has n characters', make: (n) => JSON.stringify({ id: 'ses_1', title: 'x'.repeat(n) }) },
    { name: 'n control characters, not JSON', make: (n) => '\u0007\n'.repeat(n) },
    { name: 'a JSON array of n empty objects', make: (n) => `[${'{},'.repeat(n)}{}]`, worst: true },
    { name: 'an object of n nested objects', make: (n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`, worst: true },
  ],
  check: (info) => assert.ok(info === undefined || (info as { id?: unknown }).id === 'ses_1', `not session ses_1: ${typeof info}`),
});

// ——— A Kubernetes API server's lists and watches (the stand-in API server of the cluster tests) ———

interface Cluster {
  server: StandInApiServer;
  kubeconfig: string;
  /** The tasks the last shape made, removed before the next one. */
  tasks: string[];
}

/** How many tasks the watcher's snapshots must show, and whether they come as watch events (after the first list). */
interface ClusterInput {
  tasks: number;
  asEvents: boolean;
}

function setTasks(cluster: Cluster, n: number): void {
  for (const name of cluster.tasks.splice(0)) cluster.server.deleteTask('team-a', name);
  for (let i = 0; i < n; i++) {
    const name = `t-${i}`;
    cluster.server.setTask(runningTask(name, 'team-a', 'alpha'));
    cluster.tasks.push(name);
  }
}

const kubeWatch = reader<ClusterInput, Cluster>({
  name: 'Kubernetes lists and watches (watchCluster)',
  covers: ['src/client/k8s/backend/clusterWatcher.ts#watchCluster', 'src/client/k8s/backend/resourceStream.ts#ResourceStream'],
  // Tasks are about 1 KB, and the stand-in API server serves them in this thread (its JSON.stringify of each page is
  // counted in the step). client-node parses each answer in one JSON.parse, so lists are read in pages of 500
  // (resourceStream.ts): before, 10 000 tasks listed took one step of ~300 ms of this thread's CPU. At 10 000 tasks
  // arriving as watch events the longest step was 165 ms here and 234.5 ms in a clean-clone run: 5 000 is measured.
  n: 500,
  setup: async () => {
    const server = await startStandInApiServer({ token: 'scale-token', opencodeUpstream: () => undefined });
    return { server, kubeconfig: writeKubeconfig(server.kubeconfig('scale', 'team-a'), 'scale-config'), tasks: [] };
  },
  teardown: (cluster) => cluster.server.stop(),
  read: async ({ tasks, asEvents }, cluster) => {
    const loaded = loadKubeconfig(cluster.kubeconfig);
    const kc = kubeConfigForContext(loaded.kc, loaded.kc.getCurrentContext())!;
    let online: () => void;
    const listed = new Promise<void>((resolve) => (online = resolve));
    let done: (snapshot: ClusterSnapshot) => void;
    const all = new Promise<ClusterSnapshot>((resolve) => (done = resolve));
    const watcher = watchCluster(kc, { context: 'scale', namespaces: ['team-a'] }, quietLog, (snapshot) => {
      if (snapshot.state === 'online') online();
      if (snapshot.state === 'online' && snapshot.tasks.length === tasks) done(snapshot);
    });
    try {
      if (asEvents) {
        await listed;
        setTasks(cluster, tasks);
      }
      return (await all).tasks.length;
    } finally {
      watcher.dispose();
    }
  },
  shapes: [
    {
      name: 'n tasks listed',
      make: (n, cluster) => {
        setTasks(cluster, n);
        return { tasks: n, asEvents: false };
      },
    },
    {
      name: 'n tasks arriving as watch events',
      make: (n, cluster) => {
        setTasks(cluster, 0);
        return { tasks: n, asEvents: true };
      },
      worst: true,
    },
  ],
  check: (answer, n) => assert.equal(answer, n),
});

// ——— Other servers' answers: OpenCode Go's usage, the OpenCode 2 service's identity ———

const goUsage = reader<number, HostileServer>({
  name: 'OpenCode Go usage (fetchGoUsage)',
  // parseGoUsage checks the answer's three windows (the first shape's check asserts they were read).
  covers: ['src/client/go/goUsageClient.ts#fetchGoUsage', 'src/store/goPlan.ts#parseGoUsage'],
  setup: startServer,
  teardown: stopServer,
  read: (_expected, server) => orError(() => fetchGoUsage(server.url, server.token)),
  shapes: [
    {
      name: 'a usage answer with n workspaces of padding',
      make: (n, server) => {
        const window = { status: 'ok', percent: 12, resetsAt: '2030-01-01T00:00:00Z' };
        const body = {
          workspaceID: 'w',
          userID: 'u',
          usage: { rolling: window, weekly: window, monthly: window },
          pad: 'x'.repeat(Math.min(n, 30_000)),
        };
        server.route('/usage', () => ({ body: JSON.stringify(body) }));
        return n;
      },
    },
    {
      name: 'an endless answer of n×1 KB chunks',
      make: (n, server) => {
        server.route('/usage', () => ({
          body: (function* () {
            for (let i = 0; i < n; i++) yield `${'x'.repeat(1023)}\n`;
          })(),
        }));
        return -1;
      },
      worst: true,
    },
  ],
  check: (answer, _n, shape) => {
    const read = answer as { windows?: unknown; error?: string };
    if (shape.startsWith('an endless')) return assert.match(read.error ?? '', /OpenCode Go's usage answer was not understood/);
    assert.ok(read.windows, read.error);
  },
});

const serviceIdentityReader = reader<number, HostileServer>({
  name: 'OpenCode 2 service identity (confirmRegistration)',
  covers: [
    'src/client/discovery/findService.ts#confirmRegistration',
    'src/client/discovery/identity.ts#askIdentity',
    'src/client/transport/serverError.ts#errorBody',
  ],
  setup: startServer,
  teardown: stopServer,
  // Registered as this process, which listens on the HostileServer's port.
  read: (_expected, server) => confirmRegistration({ url: server.url, pid: process.pid, password: server.token, file: 'service.json' }),
  shapes: [
    {
      name: 'an identity with n paths',
      make: (n, server) => {
        const paths = Object.fromEntries(Array.from({ length: Math.min(n, 2_000) }, (_, i) => [`p${i}`, '/tmp']));
        server.route('/api/info', () => ({ body: JSON.stringify({ version: '2.0.0', pid: process.pid, urls: [server.url], paths }) }));
        return n;
      },
    },
    {
      name: 'an endless identity answer of n×1 KB chunks',
      make: (n, server) => {
        server.route('/api/info', () => ({
          body: (function* () {
            yield '{"version":"2.0.0","pid":1,"x":"';
            for (let i = 0; i < n; i++) yield 'x'.repeat(1024);
          })(),
        }));
        return -1;
      },
      worst: true,
    },
  ],
  check: (answer, _n, shape) => {
    if (shape.startsWith('an endless')) return assert.match(String(answer), /is not OpenCode 2's identity answer/);
    assert.deepEqual(answer, { version: '2.0.0' });
  },
});

/** An identity answer's body with about n entries where its shape lets a server put them. */
const identityBodies = reader<{ shape: 'v1Health' | 'v2Info' | 'v2Health'; body: unknown }>({
  name: 'identity answers (readIdentity)',
  covers: ['src/client/discovery/identity.ts#readIdentity'],
  read: ({ shape, body }) => readIdentity(shape, body),
  shapes: [
    {
      name: "a release's info with n urls and n paths",
      make: (n) => {
        const urls = Array.from({ length: n }, (_, i) => `http://127.0.0.1:${i}`);
        return { shape: 'v2Info', body: { version: '2.0.0', pid: 1, urls, paths: Object.fromEntries(urls.map((u, i) => [`p${i}`, u])) } };
      },
    },
    {
      name: 'a health with n other fields',
      make: (n) => ({
        shape: 'v1Health',
        body: { healthy: true, version: '1.0.0', ...Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])) },
      }),
    },
    {
      name: 'a version of n non-ASCII characters',
      make: (n) => ({ shape: 'v2Health', body: { healthy: true, version: nonAsciiId(n, 1), pid: 1 } }),
      worst: true,
    },
  ],
  check: (answer) => assert.ok((answer as { generation?: string } | undefined)?.generation, 'read as an identity'),
});

/** V1's health, a release's info and the older build's health, asked in order of a server that answers `routes`. */
const serverIdentity = reader<string, HostileServer>({
  name: 'who a server is (identify, checkIdentity)',
  covers: ['src/client/discovery/identity.ts#identify', 'src/client/discovery/identity.ts#checkIdentity'],
  setup: startServer,
  teardown: stopServer,
  read: async (expected, server) => {
    const answer = await identify(server.endpoint, ['v1', 'v2'], { timeoutMs: 30_000, redirect: 'manual' });
    const checked = await checkIdentity(server.endpoint, ['v1', 'v2'], AbortSignal.timeout(30_000)).catch((err: unknown) => String(err));
    return { expected, answer: answer.identity?.generation ?? answer.error?.message, checked };
  },
  shapes: [
    {
      name: 'a page of n KB on V1 and info routes, then the older build’s health',
      make: (n, server) => {
        const page = () => ({
          headers: { 'content-type': 'text/html' },
          body: (function* () {
            for (let i = 0; i < n; i++) yield '<p>'.padEnd(1024, 'x');
          })(),
        });
        server.route(IDENTITY_ROUTES.v1[0].path, page);
        server.route(IDENTITY_ROUTES.v2[0].path, page);
        server.route(IDENTITY_ROUTES.v2[1].path, () => ({ body: JSON.stringify({ healthy: true, version: '2.0.1', pid: 1 }) }));
        return 'v2';
      },
    },
    {
      name: 'an endless health answer of n×1 KB chunks on every route',
      make: (n, server) => {
        const endless = () => ({
          body: (function* () {
            yield '{"healthy":true,"version":"1.0.0","x":"';
            for (let i = 0; i < n; i++) yield 'x'.repeat(1024);
          })(),
        });
        for (const route of [...IDENTITY_ROUTES.v1, ...IDENTITY_ROUTES.v2]) server.route(route.path, endless);
        return 'over 64 KB';
      },
      worst: true,
    },
  ],
  check: (result) => {
    const { expected, answer, checked } = result as { expected: string; answer: string; checked: unknown };
    if (expected === 'v2') {
      assert.equal(answer, 'v2');
      return assert.deepEqual(checked, { generation: 'v2', version: '2.0.1', pid: 1 });
    }
    assert.match(answer, /^Health check: the server's answer is over 64 KB/);
    assert.match(String(checked), /over 64 KB/);
  },
});

const forkTitles = reader<string>({
  name: 'A 1.x title that may name a fork (v1ForkTitle)',
  covers: ['src/client/v1/forks.ts#v1ForkTitle'],
  read: (title) => v1ForkTitle(title),
  shapes: [
    { name: 'a fork title of n characters', make: (n) => `${'t'.repeat(n)} (fork #12)` },
    { name: 'n fork marks, the last one not closed', make: (n) => `${' (fork #1)'.repeat(n)} (fork #1`, worst: true },
    { name: 'a mark with n digits', make: (n) => `x (fork #${'9'.repeat(n)})`, worst: true },
  ],
  check: (answer, _n, shape) => assert.equal(answer, shape.startsWith('a fork title')),
});

export const clientReaders: Array<Reader<unknown, unknown>> = [
  jsonAnswers,
  forkTitles,
  sseFraming,
  v1Listing,
  v1Messages,
  v1Backfill,
  v1Pending,
  v1EventStream,
  v1Events,
  v1Catalogs,
  fileDiffs,
  trailingSlashes,
  kubeErrors,
  stopRefusals,
  taskSessionInfos,
  kubeWatch,
  goUsage,
  serviceIdentityReader,
  identityBodies,
  serverIdentity,
];
