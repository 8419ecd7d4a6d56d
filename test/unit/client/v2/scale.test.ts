// What the V2 readers do at scale, beyond the scale suite's coarse bounds: the settler's queue keeps due order for
// any number of sessions and re-reads them in batches, what waits is asked 4 lists at a time and of at most
// MAX_ASKED_SESSIONS sessions (the rest named, their folders kept), paged reads end on a server going round or at
// their cap, and forms and prices past their caps are read as such. Against a loopback server of the test's own.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { RouteTable } from '../../../../src/client/v2/openApiRoutes';
import { DueQueue } from '../../../../src/client/v2/dueQueue';
import { PagedRead } from '../../../../src/client/v2/pagedRead';
import { readV2PriceCatalog } from '../../../../src/client/v2/catalogs';
import { V2Client } from '../../../../src/client/v2/client';
import { V2Contract } from '../../../../src/client/v2/contract';
import { V2EventStream } from '../../../../src/client/v2/eventStream';
import { parseForm } from '../../../../src/client/v2/forms';
import { readEveryV2Message } from '../../../../src/client/v2/messagePages';
import { loadEveryV2Message } from '../../../../src/client/v2/messages';
import { MAX_ASKED_SESSIONS, V2Pending } from '../../../../src/client/v2/pending';
import type { ListedSessions } from '../../../../src/client/v2/records';
import { json, send, V2Adversary } from '../../../scale/v2Server';
import { form, message, permission, session } from '../../../scale/v2Shapes';
import { releaseDocument } from '../../../harness/release/releaseRoutes';

describe('V2 readers at scale', () => {
  let server: V2Adversary;
  before(async () => (server = await V2Adversary.start()));
  after(() => server.close());

  async function client(): Promise<V2Client> {
    const c = new V2Client(server.endpoint);
    c.contract = V2Contract.documented((await RouteTable.read(releaseDocument()))!);
    return c;
  }

  test('the settler’s queue gives sessions back soonest first, whatever their number, and drops none', () => {
    const queue = new DueQueue();
    const due = new Map<string, { at: number }>();
    // 200 000 times in a shuffled order (a spread of them into Math.min threw past ~120 000).
    for (let i = 0; i < 200_000; i++) {
      const at = (i * 7919) % 200_000;
      queue.push(at, `s${at}`);
      due.set(`s${at}`, { at });
    }
    let last = -1;
    for (let i = 0; i < 1000; i++) {
      const top = queue.pop()!;
      assert.ok(top.at >= last, `${top.at} after ${last}`);
      assert.equal(top.id, `s${top.at}`);
      last = top.at;
    }
    queue.rebuild(due);
    assert.equal(queue.size, 200_000);
    for (let i = 0; i < 200_000; i++) assert.equal(queue.pop()!.at, i);
    assert.equal(queue.pop(), undefined);
  });

  test('130 000 sessions interrupted at once are re-read in a batch or two, one status read for each', async () => {
    server.reset();
    let reads = 0;
    let done: () => void = () => undefined;
    const enough = new Promise<void>((resolve) => (done = resolve));
    server.routes.set('GET /api/event', (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${JSON.stringify({ type: 'server.connected', data: {} })}\n\n`);
      void enough.then(() => res.end());
    });
    server.json('GET /api/session/active', { data: {} });
    const ids = new Set<string>();
    server.other = (key) => {
      const id = /^GET \/api\/session\/([^/]+)$/.exec(key)?.[1];
      if (!id) return undefined;
      ids.add(id);
      if (++reads === 40) done();
      return json({ data: session(id) });
    };
    const stream = new V2EventStream(await client());
    let idle = 0;
    let opened = false;
    await stream.streamEvents(
      { stallMs: 30_000, signal: AbortSignal.timeout(60_000) },
      {
        onItem: () => {
          if (!opened) for (let i = 0; i < 130_000; i++) stream.settleSoon(`ses_${i}`);
          opened = true;
        },
        onEvent: (event) => void (event.type === 'session.status' && event.status.type === 'idle' && (idle += 1)),
        malformed: () => undefined,
      },
    );
    // Said together, so that a failure in CI tells all of them.
    const seen = { reads, sessions: ids.size, statusReads: server.asked.get('GET /api/session/active'), idle, atOnce: server.mostInFlight };
    const facts = JSON.stringify(seen);
    assert.ok(reads >= 40 && ids.size === reads, `each session read once: ${facts}`);
    // One batch, one status read; a burst of settleSoon calls that outlasts the debounce on a busy machine spans
    // a second batch (its last sessions fall due after the first is taken): never one read per session.
    assert.ok(seen.statusReads! <= 2, `one status read per batch: ${facts}`);
    assert.ok(idle > 0, `settled sessions are idle: ${facts}`);
    assert.ok(seen.atOnce <= 4 + 1, `4 reads and the stream at once at most: ${facts}`);
  });

  async function pending(listed: ListedSessions, running: string[]) {
    server.reset();
    server.json('GET /api/session/active', { data: Object.fromEntries(running.map((id) => [id, { type: 'running' }])) });
    server.other = (key) => {
      const [, , , sessionID, list] = key.split(' ')[1].split('/');
      // Answered a turn later, so that asks overlap as far as they may.
      if (list === 'permission') return (_q, res) => void setImmediate(() => send(res, json({ data: [permission(sessionID)] })));
      if (list === 'form') return (_q, res) => void setImmediate(() => send(res, json({ data: [form(sessionID)] })));
      return undefined;
    };
    return new V2Pending(await client(), listed).listPendingRequests();
  }

  test('what waits is asked 4 lists at a time, in the order asked whatever the answers’ order', async () => {
    const listed: ListedSessions = new Map([['root', { directory: '/w' }]]);
    for (let i = 0; i < 40; i++) listed.set(`sub${i}`, { directory: `/w${i}`, parentID: i < 20 ? 'root' : `sub${i - 20}` });
    const listing = await pending(listed, ['root']);
    assert.ok(server.mostInFlight <= 4, `${server.mostInFlight} at once`);
    assert.deepEqual(listing.failures, []);
    // Running first, then each level below: root, its 20 sub-agents, theirs; a permission then a form of each.
    const order = ['root', ...Array.from({ length: 40 }, (_, i) => `sub${i}`)];
    assert.deepEqual(
      listing.requests.map((r) => r.sessionID),
      order.flatMap((id) => [id, id]),
    );
  });

  test(`past ${MAX_ASKED_SESSIONS} sessions the rest are not asked: named in the failures, their folders’ requests kept`, async () => {
    const listed: ListedSessions = new Map([['root', { directory: '/w' }]]);
    for (let i = 0; i < 150; i++) listed.set(`sub${i}`, { directory: `/w${i}`, parentID: 'root' });
    const listing = await pending(listed, ['root']);
    assert.equal(new Set(listing.requests.map((r) => r.sessionID)).size, MAX_ASKED_SESSIONS);
    assert.ok(listing.requests.some((r) => r.sessionID === 'root'));
    assert.deepEqual(listing.failures, [
      `51 more sessions below running ones: not asked (too many; at most ${MAX_ASKED_SESSIONS} are asked at a time, running ones first)`,
    ]);
    assert.deepEqual(
      listing.failedDirectories,
      Array.from({ length: 51 }, (_, i) => `/w${i + 99}`),
    );
  });

  test('a paged read ends on a page of nothing new, and at its cap, which it names', () => {
    const pages = new PagedRead(500, 'messages in the session');
    const page = (from: number, next: string) => ({ entries: Array.from({ length: 200 }, (_, i) => ({ id: `m${from + i}` })), next });
    assert.equal(pages.fresh(page(0, 'a')).length, 200);
    assert.ok(pages.more(page(0, 'a'), undefined));
    // Half of it seen before: the new half is read, and the read goes on.
    assert.equal(pages.fresh(page(100, 'b')).length, 100);
    assert.ok(pages.more(page(100, 'b'), 'a'));
    assert.equal(pages.fresh(page(100, 'c')).length, 0);
    assert.ok(!pages.more(page(100, 'c'), 'b'), 'nothing new: a server going round');
    assert.equal(pages.capped, undefined);
    const capped = new PagedRead(500, 'messages in the session');
    let cursor: string | undefined;
    let read = 0;
    for (let at = 0; ; at += 200) {
      const next = page(at, `c${at}`);
      read += capped.fresh(next).length;
      if (!capped.more(next, cursor)) break;
      cursor = next.next;
    }
    assert.equal(read, 600);
    assert.equal(capped.capped, 'more than 500 messages in the session: the rest is not read');
  });

  test('a server whose message pages go round endlessly: each message read once, and the read ends', async () => {
    server.reset();
    const items = Array.from({ length: 500 }, (_, i) => JSON.stringify(message(499 - i)));
    server.routes.set('GET /api/session/ses_1/message', (query, res) => {
      const at = Number(query.get('cursor') ?? 0);
      const data = Array.from({ length: 200 }, (_, i) => items[(at + i) % items.length]);
      send(res, Buffer.from(`{"data":[${data.join(',')}],"cursor":{"next":"${at + 200}"}}`));
    });
    const c = await client();
    assert.equal((await readEveryV2Message(c, { id: 'ses_1', directory: '/w' })).length, 500);
    let events = 0;
    const kinds: string[] = [];
    await loadEveryV2Message(
      c,
      { id: 'ses_1', directory: '/w' },
      { seenLive: () => false, apply: () => void events++, malformed: (k) => void kinds.push(k) },
    );
    assert.equal(events, 125 + 375 * 2, 'a user message one event, an assistant message two, once each');
    assert.deepEqual(kinds, []);
  });

  test('a form past its caps is unreadable; prices read the first 64 entries of a model', async () => {
    assert.ok(parseForm(form('s', 100)));
    assert.equal(parseForm(form('s', 101)), undefined, '101 fields');
    const options = (n: number) => ({
      ...form('s'),
      fields: [{ key: 'q', type: 'multiselect', options: Array.from({ length: n }, (_, i) => ({ value: `v${i}` })) }],
    });
    assert.ok(parseForm(options(1_000)));
    assert.equal(parseForm(options(1_001)), undefined);
    const costs = [
      { input: 1, output: 2 },
      ...Array.from({ length: 100_000 }, (_, i) => ({ tier: { type: 'context', size: i }, input: 2, output: 3 })),
    ];
    const catalog = await readV2PriceCatalog({ data: [{ id: 'm', providerID: 'p', cost: costs }] });
    assert.equal(catalog.models.get('p/m')?.tiers.length, 63);
  });
});
