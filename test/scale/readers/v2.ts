// The OpenCode 2 readers of the scale registry (../registry.ts): what src/client/v2 reads of a 2.x server. Readers of
// one answer are run on it directly; readers that fetch (listings, message pages, what waits, the catalogs, the live
// stream) ask a loopback adversary of the suite's own (../v2Server.ts) that answers the shape's generated answers.
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { RouteTable } from '../../../src/client/v2/openApiRoutes';
import { V2Api } from '../../../src/client/v2/api';
import { readV2ModelLimits, readV2PriceCatalog, readV2ProviderNames } from '../../../src/client/v2/catalogs';
import { V2Client } from '../../../src/client/v2/client';
import { V2Contract } from '../../../src/client/v2/contract';
import { V2EventStream } from '../../../src/client/v2/eventStream';
import { durableOf, SequenceGate, sessionOfItem } from '../../../src/client/v2/replay';
import { v2Error, V2EventReader } from '../../../src/client/v2/events';
import { compactionUsage, loadEveryV2Message, loadNewestV2Messages, readV2History, readV2Messages } from '../../../src/client/v2/messages';
import { readEveryV2Message } from '../../../src/client/v2/messagePages';
import { MAX_ASKED_SESSIONS, V2Pending } from '../../../src/client/v2/pending';
import type { ListedSessions } from '../../../src/client/v2/records';
import { getV2Session, searchV2Sessions } from '../../../src/client/v2/sessions';
import { readV2TranscriptMessages, v2TranscriptPages } from '../../../src/client/v2/transcript';
import { loadV2Turns, toolsByTurn, turnsFromTools, turnStarts } from '../../../src/client/v2/turns';
import { wholeFilePatch, WriteCounts } from '../../../src/client/v2/writes';
import type { MessageSink } from '../../../src/client/serverApi';
import { TreeReads } from '../../../src/client/sessions/treeReads';
import { SessionStore } from '../../../src/store/sessionStore';
import type { StoreEvent } from '../../../src/store/events';
import { releaseDocument } from '../../harness/release/releaseRoutes';
import { reader, type Reader } from '../reader';
import { json, send, V2Adversary } from '../v2Server';
import { form, message, model, permission, session, streamItem, tokens } from '../v2Shapes';

const V2 = 'src/client/v2/';

/** `read` after a turn of the event loop. */
const turn = <T>(read: () => T) => new Promise<T>((resolve) => setImmediate(() => resolve(read())));

/** A client of the adversary that knows 2.x's routes from its document (as after `loadContract`). */
async function documentedClient(server: V2Adversary, without: string[] = []): Promise<V2Client> {
  const client = new V2Client(server.endpoint);
  client.contract = V2Contract.documented((await RouteTable.read(releaseDocument(without)))!);
  return client;
}

// —— The OpenAPI document ——

/** An OpenAPI document of n routes, each with a small JSON body. */
function routes(n: number) {
  const paths: Record<string, unknown> = {};
  for (let i = 0; i < n; i++)
    paths[`/api/r${i}/{id}`] = {
      post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Body' } } } } },
    };
  return {
    openapi: '3.1.0',
    paths,
    components: { schemas: { Body: { type: 'object', properties: { text: {}, files: {} }, required: ['text'] } } },
  };
}

/** One route whose body is a union of 8 `$ref`s to itself (473 bytes froze the host for 210 s); n/100 copies of the route. */
function selfReferences(n: number) {
  const doc = routes(Math.max(1, Math.floor(n / 100)));
  const union = { anyOf: Array.from({ length: 8 }, () => ({ $ref: '#/components/schemas/Body' })), properties: { text: {} } };
  doc.components.schemas.Body = union as never;
  return doc;
}

/** A path of n slashes: a trailing-slash RegExp backtracks over every one. */
function slashes(n: number) {
  return { openapi: '3.1.0', paths: { [`${'/'.repeat(n)}x`]: { get: {} }, [`/{${'{'.repeat(n)}`]: { get: {} }, '/api/info': { get: {} } } };
}

/** One route whose body is a union of n sibling objects, each with its own key. */
function siblings(n: number) {
  const doc = routes(1);
  doc.components.schemas.Body = { anyOf: Array.from({ length: n }, (_, i) => ({ properties: { [`k${i}`]: {} } })) } as never;
  return doc;
}

/** n/1000 routes, every one's body a union of the same 1 000 schemas, each a union of $refs to the others. */
function sharedUnions(n: number) {
  const doc = routes(Math.max(1, Math.floor(n / 1000)));
  const schemas: Record<string, unknown> = {};
  for (let i = 0; i < 1000; i++)
    schemas[`S${i}`] = {
      properties: { [`k${i}`]: {} },
      oneOf: [{ $ref: `#/components/schemas/S${(i + 1) % 1000}` }, { $ref: `#/components/schemas/S${(i * 7) % 1000}` }],
    };
  schemas.Body = { anyOf: Array.from({ length: 1000 }, (_, i) => ({ $ref: `#/components/schemas/S${i}` })) };
  doc.components.schemas = schemas as never;
  return doc;
}

const openApi = reader<Record<string, unknown>>({
  name: 'OpenAPI document (RouteTable.read)',
  covers: [`${V2}openApiRoutes.ts#RouteTable`],
  read: async (document) => {
    try {
      return await RouteTable.read(document);
    } catch (err) {
      return err;
    }
  },
  shapes: [
    { name: 'n routes with bodies', make: routes },
    { name: 'anyOf of 8 $refs to itself', make: selfReferences, worst: true },
    { name: 'a path of n slashes', make: slashes, worst: true },
    { name: 'a body of n sibling objects', make: siblings, worst: true },
    { name: 'routes sharing 1 000 unions of $refs to each other', make: sharedUnions, worst: true },
  ],
  check: (table, n, shape) => {
    if (table instanceof Error) {
      assert.match(table.message, /too large|too many|more than/i, 'a clear "too large"');
      assert.ok(
        shape === 'n routes with bodies' && n > 4_000,
        `only a document of thousands of routes is too large (${shape}, n=${n}): ${table.message}`,
      );
      return;
    }
    assert.ok(table instanceof RouteTable && table.size > 0, 'a table of the routes');
    if (shape === 'anyOf of 8 $refs to itself') assert.deepEqual([...table.body('POST', '/api/r0/{x}')!.keys], ['text']);
    if (shape === 'a body of n sibling objects') assert.ok(table.body('POST', '/api/r0/{}')!.keys.has('k0'));
    if (shape === 'routes sharing 1 000 unions of $refs to each other') assert.ok(table.body('POST', '/api/r0/{}')!.keys.has('k999'));
  },
});

// —— The catalogs ——

/** `/api/model` of n models of n/10 providers. */
const models = (n: number) => ({
  data: Array.from({ length: n }, (_, i) => model(`model-${i}`, `prov-${i % Math.max(1, Math.floor(n / 10))}`)),
});
/** n models that share one model id, each of its own provider (30 000 took 11.3 s). */
const sharedModelID = (n: number) => ({ data: Array.from({ length: n }, (_, i) => model('gpt-x', `prov-${i}`)) });
const providers = (n: number) => ({ data: Array.from({ length: n }, (_, i) => ({ id: `prov-${i}`, name: ` Provider ${i} ` })) });

const catalogs = reader<{ models: unknown; providers: unknown; count: number }>({
  name: 'Model catalog (readV2ModelLimits, readV2PriceCatalog, readV2ProviderNames)',
  covers: [
    `${V2}catalogs.ts#readV2ModelLimits`,
    `${V2}catalogs.ts#readV2PriceCatalog`,
    `${V2}catalogs.ts#readV2ProviderNames`,
    `${V2}records.ts#dataOf`,
  ],
  read: async (input) => {
    const names = await readV2ProviderNames(input.providers);
    return {
      limits: await readV2ModelLimits(input.models),
      catalog: await readV2PriceCatalog(input.models, names),
      names,
      count: input.count,
    };
  },
  shapes: [
    { name: 'n models of n/10 providers', make: (n) => ({ models: models(n), providers: providers(n / 10), count: n }) },
    {
      name: 'n models sharing one model id, n providers',
      make: (n) => ({ models: sharedModelID(n), providers: providers(n), count: n }),
      worst: true,
    },
  ],
  check: (answer) => {
    const { limits, catalog, count } = answer as {
      limits: Map<string, number>;
      catalog: Awaited<ReturnType<typeof readV2PriceCatalog>>;
      count: number;
    };
    assert.equal(catalog.models.size, count, 'every model priced');
    assert.equal(
      catalog.byModel.get(catalog.models.values().next().value!.modelID)!.length,
      count === catalog.providers.length ? count : 1,
    );
    assert.equal(limits.size, count, 'every model’s limit');
  },
});

/** The catalogs through the adapter, as on connect: `/api/model` and `/api/provider` from the adversary. */
const catalogsFetched = reader<{ api: V2Api; count: number }, V2Adversary>({
  name: 'Model catalog fetched (V2Api.priceCatalog, modelLimits)',
  covers: [`${V2}api.ts#V2Api`],
  // A model entry is about 170 bytes: 10n is the table's 30 000 models, 5 MB of JSON (parsed in the run).
  n: 3_000,
  setup: () => V2Adversary.start(),
  teardown: (server) => server.close(),
  read: async ({ api, count }) => ({ catalog: await api.priceCatalog(), limits: await api.modelLimits(), count }),
  shapes: [
    {
      name: 'n models sharing one model id, n providers',
      worst: true,
      make: async (n, server) => {
        server.reset();
        server.json('GET /openapi.json', releaseDocument());
        server.json('GET /api/model', sharedModelID(n));
        server.json('GET /api/provider', providers(n));
        const api = new V2Api(server.endpoint);
        await api.loadContract(AbortSignal.timeout(10_000));
        return { api, count: n };
      },
    },
  ],
  check: (answer) => {
    const { catalog, limits, count } = answer as { catalog?: { models: Map<string, unknown> }; limits: Map<string, number>; count: number };
    assert.equal(catalog?.models.size, count, 'every model priced');
    assert.equal(limits.size, count, 'every model’s limit');
  },
});

// —— What waits for an answer ——

/** `/api/session/active` naming `running`; each session asked has one permission and one form, `ses_0` what `first` says. */
async function pendingShape(
  server: V2Adversary,
  listed: ListedSessions,
  running: string[],
  first?: { permissions: Buffer; forms: Buffer },
): Promise<V2Pending> {
  server.reset();
  server.json('GET /api/session/active', { data: Object.fromEntries(running.map((id) => [id, { type: 'running' }])) });
  server.other = (key) => {
    const parts = key.split(' ')[1].split('/');
    const sessionID = parts[3];
    if (parts[4] === 'permission') return sessionID === 'ses_0' && first ? first.permissions : json({ data: [permission(sessionID)] });
    if (parts[4] === 'form') return sessionID === 'ses_0' && first ? first.forms : json({ data: [form(sessionID)] });
    return undefined;
  };
  return new V2Pending(await documentedClient(server), listed);
}

type PendingListing = Awaited<ReturnType<V2Pending['listPendingRequests']>>;

const pendingRequests = reader<V2Pending, V2Adversary>({
  name: 'Pending requests (V2Pending.listPendingRequests)',
  covers: [
    `${V2}pending.ts#V2Pending`,
    `${V2}records.ts#readV2Active`,
    `${V2}records.ts#readV2Requests`,
    `${V2}records.ts#v2PermissionRequest`,
    `${V2}forms.ts#readV2Forms`,
    `${V2}forms.ts#parseForm`,
    `${V2}contract.ts#fillRoute`,
    `${V2}client.ts#V2Client`,
    `${V2}client.ts#v2Request`,
  ],
  setup: () => V2Adversary.start(),
  teardown: (server) => server.close(),
  read: (pending) => pending.listPendingRequests(),
  shapes: [
    {
      name: 'n listed sessions, 10 running with 2 sub-agents each',
      make: (n, server) => {
        const listed: ListedSessions = new Map();
        for (let i = 0; i < n; i++)
          listed.set(`ses_${i}`, { directory: `/w${i % 50}`, ...(i >= 10 && i < 30 && { parentID: `ses_${i % 10}` }) });
        return pendingShape(
          server,
          listed,
          Array.from({ length: 10 }, (_, i) => `ses_${i}`),
        );
      },
    },
    {
      name: 'one running session with n sub-agents',
      worst: true,
      make: (n, server) => {
        const listed: ListedSessions = new Map([['ses_0', { directory: '/w' }]]);
        for (let i = 1; i <= n; i++) listed.set(`ses_${i}`, { directory: `/w${i}`, parentID: 'ses_0' });
        return pendingShape(server, listed, ['ses_0']);
      },
    },
    {
      name: 'n running sessions, the first with n/10 permissions and a form of n/5 fields',
      worst: true,
      make: (n, server) => {
        const listed: ListedSessions = new Map();
        for (let i = 0; i < n; i++) listed.set(`ses_${i}`, { directory: '/w' });
        // A tenth and a fifth: the answers' parse (v2Request's, not these readers') stays out of their longest step.
        const permissions = json({ data: Array.from({ length: n / 10 }, (_, i) => ({ ...permission('ses_0'), id: `per_${i}` })) });
        const forms = json({ data: [form('ses_0', n / 5)] });
        return pendingShape(server, listed, [...listed.keys()], { permissions, forms });
      },
    },
  ],
  check: (answer, n, shape) => {
    const listing = answer as PendingListing;
    const of = (id: string) => listing.requests.filter((r) => r.sessionID === id).length;
    const sessions = new Set(listing.requests.map((r) => r.sessionID));
    if (shape.startsWith('n listed')) {
      assert.equal(sessions.size, 30, 'the running sessions and their sub-agents');
      return assert.equal(listing.requests.length, 60, 'a permission and a form of each');
    }
    // The running session is always asked; past the cap, the rest is said to be left out, their folders kept.
    assert.ok(sessions.has('ses_0'), 'the running session asked');
    assert.equal(sessions.size, Math.min(n + (shape.startsWith('one') ? 1 : 0), MAX_ASKED_SESSIONS));
    assert.ok(
      listing.failures.some((f) => /not asked \(too many/.test(f)),
      `a clear "too many": ${listing.failures.slice(0, 2).join('; ')}`,
    );
    if (shape.startsWith('one')) return assert.equal(listing.requests.length, 2 * sessions.size);
    // ses_0's permissions all read; its form of n/5 fields is past the caps: skipped, and said so.
    assert.equal(of('ses_0'), n / 10);
    assert.ok(
      listing.failures.some((f) => /could not be read/.test(f)),
      'the form named as unreadable',
    );
  },
});

// —— Sessions ——

/**
 * A paged list route: `items` (JSON, made before the clock) served `limit` at a time from `cursor` (an offset);
 * `endless`: the next cursor is always given, and the items go round.
 */
function paged(items: string[], endless: boolean) {
  return (query: URLSearchParams, res: ServerResponse) => {
    const at = Number(query.get('cursor') ?? 0);
    const limit = Number(query.get('limit') ?? 200);
    const end = endless ? at + limit : Math.min(items.length, at + limit);
    const data: string[] = [];
    for (let i = at; i < end; i++) data.push(items[i % items.length]);
    const next = endless || end < items.length ? String(end) : null;
    send(res, Buffer.from(`{"data":[${data.join(',')}],"cursor":{"previous":null,"next":${JSON.stringify(next)}}}`));
  };
}

async function listingApi(server: V2Adversary, n: number, how: 'pages' | 'endless' | 'one page'): Promise<{ api: V2Api; n: number }> {
  server.reset();
  server.json('GET /openapi.json', releaseDocument());
  const items = Array.from({ length: n }, (_, i) => JSON.stringify(session(`ses_${i}`)));
  if (how === 'one page') server.routes.set('GET /api/session', Buffer.from(`{"data":[${items.join(',')}],"cursor":{"next":null}}`));
  else server.routes.set('GET /api/session', paged(items, how === 'endless'));
  const api = new V2Api(server.endpoint);
  await api.loadContract(AbortSignal.timeout(10_000));
  return { api, n };
}

const sessionListing = reader<{ api: V2Api; n: number }, V2Adversary>({
  name: 'Session listing (V2Api.listSessions)',
  covers: [
    `${V2}sessions.ts#listV2Sessions`,
    `${V2}records.ts#readV2Page`,
    `${V2}records.ts#v2SessionInfo`,
    `${V2}sessions.ts#listsByParent`,
  ],
  // A session record is about 200 bytes, a page 200 of them: n sessions are n/200 requests.
  n: 2_000,
  setup: () => V2Adversary.start(),
  teardown: (server) => server.close(),
  read: async ({ api, n }) => ({ listing: await api.listSessions({}), n }),
  shapes: [
    { name: 'n sessions in pages of 200', make: (n, server) => listingApi(server, n, 'pages') },
    {
      name: 'endless pages (cursor.next never null) going round n sessions',
      worst: true,
      make: (n, server) => listingApi(server, n, 'endless'),
    },
    { name: 'one page of n sessions (the limit ignored)', worst: true, make: (n, server) => listingApi(server, n, 'one page') },
  ],
  check: (answer) => {
    const { listing, n } = answer as { listing: { sessions: unknown[] }; n: number };
    assert.equal(listing.sessions.length, n, 'every session, once');
  },
});

const sessionReads = reader<{ client: V2Client; n: number }, V2Adversary>({
  name: 'Session lookups (searchV2Sessions, getV2Session)',
  covers: [`${V2}sessions.ts#searchV2Sessions`, `${V2}sessions.ts#getV2Session`],
  n: 2_000,
  setup: () => V2Adversary.start(),
  teardown: (server) => server.close(),
  read: async ({ client, n }) => ({
    found: await searchV2Sessions(client, 'x'),
    one: await getV2Session(client, { id: 'ses_1', directory: '/w' }),
    n,
  }),
  shapes: [
    {
      name: 'a search answering n sessions, a session titled n characters',
      make: async (n, server) => {
        server.reset();
        server.json('GET /api/session', { data: Array.from({ length: n }, (_, i) => session(`ses_${i}`)) });
        server.json('GET /api/session/ses_1', { data: session('ses_1', { title: 'é'.repeat(n) }) });
        return { client: await documentedClient(server), n };
      },
    },
  ],
  check: (answer) => {
    const { found, one, n } = answer as { found: unknown[]; one?: { info?: { id: string } }; n: number };
    assert.equal(found.length, n);
    assert.equal(one?.info?.id, 'ses_1');
  },
});

// —— Messages, transcripts, turns ——

/** A session's n messages, newest first: in pages of what is asked, going round endlessly, or all in one page. */
async function messageClient(
  server: V2Adversary,
  n: number,
  how: 'pages' | 'endless' | 'one page',
): Promise<{ client: V2Client; n: number }> {
  server.reset();
  const items = Array.from({ length: n }, (_, i) => JSON.stringify(message(n - 1 - i)));
  if (how === 'one page')
    server.routes.set('GET /api/session/ses_1/message', Buffer.from(`{"data":[${items.join(',')}],"cursor":{"next":null}}`));
  else server.routes.set('GET /api/session/ses_1/message', paged(items, how === 'endless'));
  server.json('GET /api/session/ses_1/diff', {
    data: [{ file: 'a.ts', patch: '@@ -1 +1 @@\n-a\n+b\n', additions: 1, deletions: 1, status: 'modified' }],
  });
  return { client: await documentedClient(server), n };
}

function sink(): MessageSink & { events: number; malformedKinds: string[] } {
  const s = {
    events: 0,
    malformedKinds: [] as string[],
    seenLive: () => false,
    apply: () => void (s.events += 1),
    malformed: (kind: string) => void s.malformedKinds.push(kind),
  };
  return s;
}

const messageLoads = reader<{ client: V2Client; n: number }, V2Adversary>({
  name: 'Message pages (loadEveryV2Message, loadNewestV2Messages, readEveryV2Message, v2TranscriptPages)',
  covers: [
    `${V2}messages.ts#loadEveryV2Message`,
    `${V2}messages.ts#loadNewestV2Messages`,
    `${V2}messagePages.ts#readEveryV2Message`,
    `${V2}transcript.ts#v2TranscriptPages`,
  ],
  // A message is about 700 bytes: n messages are n/200 pages, read four ways.
  n: 1_000,
  setup: () => V2Adversary.start(),
  teardown: (server) => server.close(),
  read: async ({ client, n }) => {
    const session = { id: 'ses_1', directory: '/w' };
    const every = sink();
    await loadEveryV2Message(client, session, every);
    const newest = sink();
    await loadNewestV2Messages(client, session, newest, 10);
    const raw = await readEveryV2Message(client, session);
    let transcript = 0;
    for await (const page of v2TranscriptPages(client, session, {})) transcript += page.length;
    return { every, newest, raw: raw.length, transcript, n };
  },
  shapes: [
    { name: 'n messages in pages of 200', make: (n, server) => messageClient(server, n, 'pages') },
    {
      name: 'endless pages (cursor.next never null) going round n messages',
      worst: true,
      make: (n, server) => messageClient(server, n, 'endless'),
    },
    { name: 'one page of n messages (the limit ignored)', worst: true, make: (n, server) => messageClient(server, n, 'one page') },
  ],
  check: (answer) => {
    const { every, newest, raw, transcript, n } = answer as {
      every: { events: number };
      newest: { events: number };
      raw: number;
      transcript: number;
      n: number;
    };
    assert.ok(newest.events > 0, 'the newest messages');
    assert.equal(raw, n, 'every message once, raw');
    assert.equal(transcript, n, 'every message once in the transcript');
    // A user message is one event, an assistant message two (its step and its message).
    assert.equal(every.events, n / 4 + ((n * 3) / 4) * 2, 'every message’s events, once');
  },
});

const turnLoads = reader<{ client: V2Client; n: number }, V2Adversary>({
  name: 'Turns (loadV2Turns)',
  covers: [`${V2}turns.ts#loadV2Turns`],
  // Each turn is a diff request: n messages are n/4 turns.
  n: 200,
  setup: () => V2Adversary.start(),
  teardown: (server) => server.close(),
  read: async ({ client, n }) => ({ turns: await loadV2Turns(client, new WriteCounts(), { id: 'ses_1', directory: '/w' }), n }),
  shapes: [{ name: 'n messages in pages of 200', make: (n, server) => messageClient(server, n, 'pages') }],
  check: (answer) => {
    const { turns, n } = answer as { turns: unknown[]; n: number };
    assert.equal(turns.length, n / 4, 'a turn per prompt');
  },
});

/** The message readers of one answer. */
const messageReads = reader<{ page: unknown; history: unknown; messages: unknown[]; unbilled: Array<{ id: string; created: number }> }>({
  name: 'Message answers (readV2Messages, readV2History, readV2TranscriptMessages, compactionUsage)',
  covers: [
    `${V2}messages.ts#readV2Messages`,
    `${V2}messages.ts#readV2History`,
    `${V2}messages.ts#compactionUsage`,
    `${V2}transcript.ts#readV2TranscriptMessages`,
  ],
  // A message is about 700 bytes: 10n of them are a 14 MB answer (the answer cap is 64 MB).
  n: 2_000,
  // Each a call of its own, as the product makes them (a turn of the event loop between).
  read: async (input) => ({
    page: readV2Messages(input.page, 'ses_1'),
    history: await turn(() => readV2History(input.history)),
    transcript: await turn(() => readV2TranscriptMessages(input.messages, 'ses_1')),
    compaction: await turn(() =>
      compactionUsage(
        { cost: 10, tokens: tokens(1e6) },
        { cost: 0, input: 0, output: 0, reasoning: 0, cacheRead: 0, cacheWrite: 0 },
        input.unbilled,
      ),
    ),
  }),
  shapes: [
    {
      name: 'n messages, n history events, n compactions',
      make: (n) => {
        const messages = Array.from({ length: n }, (_, i) => message(i));
        return {
          page: { data: messages, cursor: { next: null } },
          history: {
            data: Array.from({ length: n }, (_, i) => ({ ...streamItem(i, 10), durable: { seq: i, aggregateID: 'ses_1' } })),
            hasMore: true,
          },
          messages,
          unbilled: Array.from({ length: n }, (_, i) => ({ id: `c${i}`, created: i })),
        };
      },
    },
    {
      name: 'one assistant message of n parts',
      worst: true,
      make: (n) => {
        const one = message(1);
        const content = Array.from({ length: n }, (_, i) =>
          i % 2
            ? { type: 'text', text: 'x' }
            : { type: 'tool', id: `c${i}`, name: 'edit', state: { status: 'completed', content: [{ type: 'text', text: 'y' }] } },
        );
        return { page: { data: [{ ...one, content }] }, history: { data: [] }, messages: [{ ...one, content }], unbilled: [] };
      },
    },
    {
      // A turn's files are counted for its prompt (the count stops at 1 000): n distinct files, then the prompt.
      name: 'a turn of n completed file-tool calls, each naming its own file, then its prompt',
      worst: true,
      make: (n) => {
        const one = message(1);
        const content = Array.from({ length: n }, (_, i) => ({
          type: 'tool',
          id: `c${i}`,
          name: i % 2 ? 'write' : 'apply_patch',
          state: { status: 'completed', input: { filePath: `/w/${'d/'.repeat(i % 50)}f${i}.ts`, patchText: 'x'.repeat(50) } },
        }));
        const prompt = { id: 'msg_u', type: 'user', text: 'go', time: { created: 0 } };
        return { page: { data: [{ ...one, content }, prompt] }, history: { data: [] }, messages: [{ ...one, content }], unbilled: [] };
      },
    },
  ],
  check: (answer, n, shape) => {
    const read = answer as { page?: { events: Array<{ type: string; changedFiles?: number }> }; transcript: unknown[] };
    const prompt = read.page?.events.find((e) => e.type === 'message.user');
    if (shape.includes('file-tool calls')) assert.equal(prompt?.changedFiles, Math.min(n, 1_000), 'the files counted up to the cap');
    assert.ok(read.page?.events.length && read.transcript.length, 'read');
  },
});

/** A turn's tool results: n files changed by one turn. */
const turnReads = reader<{ messages: unknown[]; files: number }>({
  name: 'Turn readers (turnStarts, toolsByTurn, turnsFromTools, wholeFilePatch)',
  covers: [
    `${V2}turns.ts#turnStarts`,
    `${V2}turns.ts#toolsByTurn`,
    `${V2}turns.ts#turnsFromTools`,
    `${V2}writes.ts#WriteCounts`,
    `${V2}writes.ts#WriteChange`,
    `${V2}writes.ts#wholeFilePatch`,
  ],
  // A message is about 700 bytes, sorted twice.
  n: 2_000,
  read: async ({ messages, files }) => {
    const turns = await turnsFromTools('ses_1', messages, new WriteCounts());
    let patched = 0;
    for (const turn of turns) for (const file of turn.files) patched += file.patch.length > 0 ? 1 : 0;
    return {
      starts: turnStarts(messages),
      tools: toolsByTurn(messages),
      turns,
      patched,
      files,
      patch: wholeFilePatch('a', 'x\n'.repeat(100), 'y\n'.repeat(100)),
    };
  },
  shapes: [
    { name: 'n messages', make: (n) => ({ messages: Array.from({ length: n }, (_, i) => message(i)), files: 3 }) },
    {
      name: 'one turn whose tools change n files',
      worst: true,
      make: (n) => {
        const diffs = Array.from({ length: n }, (_, i) => ({
          file: `f${i}.ts`,
          patch: '@@ -1 +1 @@\n-a\n+b\n',
          additions: 1,
          deletions: 1,
          status: 'modified',
        }));
        const tool = { type: 'tool', id: 'c', name: 'apply_patch', state: { status: 'completed', metadata: { files: diffs } } };
        return { messages: [message(0), { ...message(1), content: [tool] }], files: n };
      },
    },
  ],
  check: (answer, n, shape) => {
    const { turns, files } = answer as { turns: Array<{ files: unknown[] }>; files: number };
    if (shape === 'n messages') {
      // A prompt every fourth message, three edits after it.
      assert.equal(turns.length, n / 4);
      return assert.ok(turns.every((t) => t.files.length === files));
    }
    assert.equal(turns.length, 1);
    assert.equal(turns[0].files.length, files);
  },
});

// —— The live stream ——

const eventReads = reader<unknown[]>({
  name: 'Stream events (V2EventReader, v2Error)',
  covers: [`${V2}events.ts#V2EventReader`, `${V2}events.ts#v2Error`],
  // Read here in one synchronous pass (the stream hands the reader one chunk at a time): 10n is 50 000 events and
  // files in one step (100 000 took 140–211 ms of CPU against the 200 ms bound, as busy as the machine was).
  n: 5_000,
  read: (items) => {
    const reader = new V2EventReader();
    let events = 0;
    // As the live stream reads them: the events, and what each settles.
    for (const item of items) {
      const reading = reader.readLive(item);
      events += reading.events.length + reading.settle.length;
    }
    return {
      events,
      one: new V2EventReader().read(items[0]),
      error: v2Error({ type: 'x'.repeat(items.length), message: 'é'.repeat(items.length) }),
    };
  },
  shapes: [
    { name: 'n events of 10 sessions', make: (n) => Array.from({ length: n }, (_, i) => streamItem(i, 10)) },
    { name: 'n events of n sessions', worst: true, make: (n) => Array.from({ length: n }, (_, i) => streamItem(i, n)) },
    {
      name: 'one step that changed n files, and n unknown types',
      worst: true,
      make: (n) => [
        { type: 'session.prompted', data: { sessionID: 's', messageID: 'u', timestamp: 1 } },
        {
          type: 'session.step.ended',
          data: { sessionID: 's', assistantMessageID: 'a', tokens: tokens(), files: Array.from({ length: n }, (_, i) => `f${i}`) },
        },
        ...Array.from({ length: n }, (_, i) => ({ type: `session.next.${'x'.repeat(i % 100)}${i}`, data: {} })),
      ],
    },
  ],
  check: (answer) => assert.ok((answer as { events: number }).events > 0),
});

/**
 * `/api/event` as one burst of the shape's items, ended once the settler has read a session back (`reads` counts
 * those reads) and the read has `released` it; `/api/session/active` names none running.
 */
function eventBurst(server: V2Adversary, items: unknown[]): { reads: number; release(): void } {
  server.reset();
  const body = Buffer.from(items.map((item) => `data: ${JSON.stringify(item)}\n\n`).join(''));
  let settled: () => void = () => undefined;
  const firstRead = new Promise<void>((resolve) => (settled = resolve));
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const seen = { reads: 0, release };
  server.routes.set('GET /api/event', (_query, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(body);
    void Promise.all([firstRead, released]).then(() => res.end());
  });
  server.json('GET /api/session/active', { data: {} });
  server.other = (key) => {
    const id = /^GET \/api\/session\/([^/]+)$/.exec(key)?.[1];
    if (!id) return undefined;
    seen.reads += 1;
    settled();
    // Held until released: reads that run while the shape is still made cost nothing meanwhile.
    const answer = json({ data: session(id) });
    return (_query, res) => void released.then(() => send(res, answer));
  };
  return seen;
}

interface StreamInput {
  stream: V2EventStream;
  /** Events sent. */
  n: number;
  /** Sessions interrupted once the stream is open (V2Api.abort re-reads each soon). */
  interrupts?: number;
  seen: { reads: number; release(): void };
  /** The stream ends once this many sessions were said idle (the settler went through its batch), not at a read. */
  idle?: { want: number; reached(): void };
}

async function streamShape(server: V2Adversary, items: unknown[], interrupts?: number): Promise<StreamInput> {
  const seen = eventBurst(server, items);
  return { stream: new V2EventStream(await documentedClient(server)), n: items.length, interrupts, seen };
}

/**
 * A server without a document that lacks the session route (404 with nothing, as OpenCode 2 answers a route it does
 * not have): the first reads mark it missing, and every read after fails at once, without I/O. `/api/session/active`
 * names none running, so each session is said idle; the stream ends once all `sessions` are.
 */
function lackingSessionRoute(server: V2Adversary, sessions: number): StreamInput {
  server.reset();
  let reached: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (reached = resolve));
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const seen = { reads: 0, release };
  const body = Buffer.from(`data: ${JSON.stringify(usage('ses_0'))}\n\n`);
  server.routes.set('GET /api/event', (_query, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(body);
    void ended.then(() => res.end());
  });
  server.json('GET /api/session/active', { data: {} });
  server.other = (key) => {
    if (!/^GET \/api\/session\/[^/]+$/.test(key)) return undefined;
    seen.reads += 1;
    // Held until the interrupts are in (the shape's own loop), then answered as a route the server lacks.
    return (_query, res) => void released.then(() => res.writeHead(404).end());
  };
  return { stream: new V2EventStream(new V2Client(server.endpoint)), n: 1, interrupts: sessions, seen, idle: { want: sessions, reached } };
}

const usage = (sessionID: string) => ({ type: 'session.usage.updated', data: { sessionID, cost: 1, tokens: tokens() } });

const eventStream = reader<StreamInput, V2Adversary>({
  name: 'Live stream (V2EventStream.streamEvents)',
  covers: [`${V2}eventStream.ts#V2EventStream`],
  setup: () => V2Adversary.start(),
  teardown: (server) => server.close(),
  read: async ({ stream, n, interrupts, seen, idle }) => {
    const counts = { totals: 0, n, seen, idle: 0, wantIdle: idle?.want };
    let opened = false;
    await stream.streamEvents(
      { stallMs: 20_000, signal: AbortSignal.timeout(25_000) },
      {
        onItem: () => {
          // In one turn of the event loop, as a chunk of the stream's events is read.
          if (!opened) for (let i = 0; i < (interrupts ?? 0); i++) stream.settleSoon(`ses_${i}`);
          if (!opened) seen.release();
          opened = true;
        },
        onEvent: (event: StoreEvent) => {
          if (event.type === 'session.totals') counts.totals += 1;
          if (event.type === 'session.status' && event.status.type === 'idle' && ++counts.idle === idle?.want) idle.reached();
        },
        malformed: () => undefined,
      },
    );
    return counts;
  },
  shapes: [
    {
      name: 'n usage events of 10 sessions',
      make: (n, server) =>
        streamShape(
          server,
          Array.from({ length: n }, (_, i) => usage(`ses_${i % 10}`)),
        ),
    },
    {
      name: 'n usage events of n sessions (each re-read once settled)',
      worst: true,
      make: (n, server) =>
        streamShape(
          server,
          Array.from({ length: n }, (_, i) => usage(`ses_${i}`)),
        ),
    },
    {
      // Half: the suite's own loop of n calls is one step of this run too.
      name: 'n/2 sessions interrupted at once (each re-read soon)',
      worst: true,
      make: (n, server) => streamShape(server, [usage('ses_0')], n / 2),
    },
    {
      // Reads that fail without I/O run in microtasks: without slices of its own, the batch was one turn (issue 75).
      name: 'n/2 sessions interrupted at once, the server lacking the session route (404 once, then failing at once)',
      worst: true,
      make: (n, server) => lackingSessionRoute(server, n / 2),
    },
  ],
  check: (answer) => {
    const { totals, n, seen, idle, wantIdle } = answer as {
      totals: number;
      n: number;
      seen: { reads: number };
      idle: number;
      wantIdle?: number;
    };
    assert.equal(totals, n, 'every event read');
    assert.ok(seen.reads > 0, 'sessions read back once settled');
    if (wantIdle !== undefined) assert.equal(idle, wantIdle, 'every session interrupted said idle');
  },
});

/**
 * A root's tree read by parent: n children of `ses_root` in pages of 200, each with none below it (n + 1 listings);
 * or a server that ignores `parentID` and answers all n to every listing (the read stops at the first answer that
 * names another parent, instead of asking n times for n); or n roots active this week read after connect, one
 * listing each, one tree at a time (each answers none below it).
 */
// `listings`: the children listings asked of the server.
type TreeInput = { store: SessionStore; run: () => Promise<void>; listings: () => number };

async function treeApi(server: V2Adversary, n: number, how: 'tree' | 'ignoresParent' | 'recentRoots'): Promise<TreeInput> {
  server.reset();
  server.json('GET /openapi.json', releaseDocument());
  const items = Array.from({ length: n }, (_, i) => JSON.stringify(session(`ses_${i}`, { parentID: 'ses_root' })));
  const all = paged(items, false);
  server.routes.set('GET /api/session', (query: URLSearchParams, res: ServerResponse) =>
    how === 'ignoresParent' || (how === 'tree' && query.get('parentID') === 'ses_root')
      ? all(query, res)
      : send(res, Buffer.from('{"data":[],"cursor":{"next":null}}')),
  );
  const api = new V2Api(server.endpoint);
  await api.loadContract(AbortSignal.timeout(10_000));
  const store = new SessionStore();
  const now = Date.now();
  const roots =
    how === 'recentRoots'
      ? Array.from({ length: n }, (_, i) => ({ id: `ses_r${i}`, title: 'root', directory: '/w', time: { created: now, updated: now } }))
      : [{ id: 'ses_root', title: 'root', directory: '/w', time: { created: 1, updated: 1 } }];
  store.loadSnapshot(roots, {}, [], [], true);
  // Each input its own count (the server's routes are the last input's).
  let listings = 0;
  const counted = Object.assign(Object.create(api) as V2Api, {
    listChildren: (...args: Parameters<V2Api['listChildren']>) => {
      listings += 1;
      return api.listChildren(...args);
    },
  });
  const reads = new TreeReads({ api: () => counted, store, emit: () => undefined, archived: () => false, failed: () => undefined });
  const run =
    how === 'recentRoots'
      ? async () => {
          reads.connected(new AbortController().signal, now - 60_000);
          await reads.reading;
        }
      : () => reads.readSubtree('ses_root');
  return { store, run, listings: () => listings };
}

const treeReads = reader<TreeInput, V2Adversary>({
  name: 'Trees read by parent (TreeReads.readSubtree, TreeReads.connected, listV2Children)',
  covers: ['src/client/sessions/treeReads.ts#TreeReads', `${V2}sessions.ts#listV2Children`],
  n: 200,
  setup: () => V2Adversary.start(),
  teardown: (server) => server.close(),
  read: async ({ store, run, listings }) => {
    await run();
    return { children: store.childrenOf('ses_root').length, listed: listings(), unread: store.anyUnread };
  },
  shapes: [
    { name: 'n children, none below them', make: (n, server) => treeApi(server, n, 'tree') },
    {
      name: 'a server that ignores parentID: n sessions to every listing',
      worst: true,
      make: (n, server) => treeApi(server, n, 'ignoresParent'),
    },
    { name: 'n roots active this week, read after connect', make: (n, server) => treeApi(server, n, 'recentRoots') },
  ],
  check: (answer, n, shape) => {
    const { children, listed, unread } = answer as { children: number; listed: number; unread: boolean };
    if (shape.includes('read after connect')) {
      assert.equal(listed, n, 'one listing per recent root');
      assert.equal(unread, false, 'every recent tree read');
      return;
    }
    assert.equal(children, n, 'every child, once');
    if (shape.includes('ignores')) assert.ok(listed <= 5, 'stopped at the first answers naming other parents (4 at once)');
  },
});

// —— Catching up after a gap ——

interface GapInput {
  stream: V2EventStream;
  /** The sessions that were working, and the sequence the last of them ends at. */
  behind: string[];
  last: number;
  done: Promise<void>;
  finish(): void;
}

const durableItem = (sessionID: string, seq: number) => ({
  id: `evt_${seq}`,
  type: 'session.step.ended',
  data: { sessionID, assistantMessageID: `msg_${seq}`, finish: 'tool-calls', tokens: tokens(), cost: 0 },
  durable: { aggregateID: sessionID, seq, version: 1 },
});

/**
 * After a gap: `/api/event` sends `live` (held while its sessions are replayed) and stays open until every session
 * reached `last`; each session's log sends `log(sessionID)` then `log.synced`, and stays open (followed).
 */
async function gapShape(
  server: V2Adversary,
  behind: string[],
  live: unknown[],
  log: (id: string) => unknown[],
  last: number,
): Promise<GapInput> {
  server.reset();
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const frames = (items: unknown[]) => Buffer.from(items.map((item) => `data: ${JSON.stringify(item)}\n\n`).join(''));
  const liveBody = frames([{ type: 'server.connected', data: {} }, ...live]);
  const logs = new Map(behind.map((id) => [id, frames([...log(id), { type: 'log.synced', aggregateID: id, seq: last }])]));
  server.routes.set('GET /api/event', (_q, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(liveBody);
    void done.then(() => res.end());
  });
  server.json('GET /api/session/active', { data: {} });
  server.other = (key) => {
    const id = /^GET \/api\/experimental\/session\/([^/]+)\/log$/.exec(key)?.[1];
    if (id) return (_q, res) => void (res.writeHead(200, { 'content-type': 'text/event-stream' }), res.write(logs.get(id) ?? ''));
    const read = /^GET \/api\/session\/([^/]+)$/.exec(key)?.[1];
    return read ? json({ data: session(read) }) : undefined;
  };
  return { stream: new V2EventStream(await documentedClient(server)), behind, last, done, finish };
}

const gapCatchup = reader<GapInput, V2Adversary>({
  name: 'Catching up after a gap (V2EventStream with catchUp, SequenceGate, durableOf, sessionOfItem)',
  covers: [`${V2}replay.ts#catchUp`, `${V2}replay.ts#SequenceGate`, `${V2}replay.ts#durableOf`, `${V2}replay.ts#sessionOfItem`],
  setup: () => V2Adversary.start(),
  teardown: (server) => server.close(),
  read: async (input) => {
    const { stream, behind, last, done } = input;
    const applied = new Map<string, number>();
    let steps = 0;
    const reread = new Set<string>();
    const reached = () => behind.every((id) => applied.get(id) === last);
    await stream.streamEvents(
      { stallMs: 20_000, signal: AbortSignal.timeout(25_000), behind },
      {
        onItem: () => undefined,
        onEvent: (event: StoreEvent) => void (event.type === 'step.finished' && (steps += 1)),
        malformed: () => undefined,
        appliedSeq: (id) => applied.get(id),
        onSeq: (id, seq) => {
          applied.set(id, seq);
          if (seq === last && reached()) input.finish();
        },
        // Past the held items' cap the replay is given up and the session read again (its messages, not here).
        reread: (id) => void reread.add(id),
      },
    );
    await done;
    // The gate alone, on the same kind of items: each once.
    const gate = new SequenceGate(() => undefined);
    let admitted = 0;
    for (let seq = 1; seq <= last; seq++)
      if (gate.admit(durableItem(behind[0], seq)) && sessionOfItem(durableItem(behind[0], seq))) admitted += 1;
    return { steps, expected: behind.length * last, reread: reread.size, admitted, last, one: durableOf(durableItem(behind[0], 1)) };
  },
  shapes: [
    {
      name: 'one session: n logged events, the newer half also live (held, then skipped)',
      worst: true,
      make: (n, server) =>
        gapShape(
          server,
          ['ses_0'],
          Array.from({ length: n / 2 }, (_, i) => durableItem('ses_0', n / 2 + i + 1)),
          () => Array.from({ length: n }, (_, i) => durableItem('ses_0', i + 1)),
          n,
        ),
    },
    {
      name: '100 sessions (the most caught up): n/100 logged events each',
      make: (n, server) => {
        const ids = Array.from({ length: 100 }, (_, i) => `ses_${i}`);
        const each = Math.max(1, Math.floor(n / 100));
        return gapShape(server, ids, [], (id) => Array.from({ length: each }, (_, i) => durableItem(id, i + 1)), each);
      },
    },
  ],
  check: (answer) => {
    const { steps, expected, reread, admitted, last } = answer as {
      steps: number;
      expected: number;
      reread: number;
      admitted: number;
      last: number;
    };
    // Each step at most once; all of them unless the replay was given up for a read of the session's messages.
    if (reread) assert.ok(steps <= expected, `${steps} steps applied of ${expected}: some twice`);
    else assert.equal(steps, expected, 'every logged step applied once');
    assert.equal(admitted, last);
  },
});

export const v2Readers: Array<Reader<unknown, unknown>> = [
  treeReads,
  openApi,
  catalogs,
  catalogsFetched,
  pendingRequests,
  sessionListing,
  sessionReads,
  messageLoads,
  turnLoads,
  messageReads,
  turnReads,
  eventReads,
  eventStream,
  gapCatchup,
];
