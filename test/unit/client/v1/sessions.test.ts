// A server whose list holds malformed entries (null, wrong types, no id): the good sessions are listed, the
// rest counted, nothing thrown. A hostile HTTP server on loopback answers through the real SDK client.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { listAllSessions, listStatuses, nextCursor } from '../../../../src/client/v1/sessions';
import { clientFor } from '../../../../src/client/v1/client';
import { ServerError } from '../../../../src/client/transport/serverError';

const good = (id: string) => ({ id, title: id, directory: '/w', time: { created: 1, updated: 2 } });

describe('listing a server with malformed entries', () => {
  let server: Server;
  let url = '';

  before(async () => {
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const body =
        path === '/experimental/session'
          ? [null, 42, 'text', { id: 5 }, { id: 'ses_no_time' }, good('ses_a'), good('ses_b')]
          : path === '/session/status'
            ? { ses_a: null, ses_b: { type: 'busy' }, ses_c: 'x', ses_d: { type: 'retry', attempt: 'two' } }
            : undefined;
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body ?? { error: 'no' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => server.close());

  test('the good sessions are listed and the malformed entries counted', async () => {
    const { sessions, malformed } = await listAllSessions(clientFor({ url }));
    assert.deepEqual(
      sessions.map((s) => s.id),
      ['ses_a', 'ses_b'],
    );
    assert.equal(malformed, 5);
  });

  test('a malformed status reads as idle (left out); a readable one is kept with safe defaults', async () => {
    const statuses = await listStatuses((dir) => clientFor({ url }, dir), ['/w']);
    assert.deepEqual(statuses, { ses_b: { type: 'busy' }, ses_d: { type: 'retry', attempt: 0, message: '', next: 0 } });
  });
});

describe('listing a server of many pages', () => {
  let server: Server;
  let url = '';
  const PAGES = 15;

  before(async () => {
    // One session a page, each page's cursor naming the next: 15 pages, more than the 10 listeners Node allows.
    server = createServer((req, res) => {
      const at = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('cursor') ?? PAGES + 1);
      const page = at - 1;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (page > 1) headers['x-next-cursor'] = String(page);
      res.writeHead(200, headers);
      res.end(JSON.stringify([{ id: `ses_${page}`, title: 't', directory: '/w', time: { created: 1, updated: page } }]));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => server.close());

  test('every page is listed, and no page leaves a listener behind (Node warns of none)', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    try {
      const { sessions } = await listAllSessions(clientFor({ url }));
      assert.equal(sessions.length, PAGES);
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    assert.deepEqual(
      warnings.filter((w) => w.startsWith('MaxListenersExceededWarning')),
      [],
    );
  });
});

describe("listing by OpenCode's cursor (`updated < cursor`, the header the last session's time)", () => {
  let server: Server;
  let url = '';
  let sessions: Array<ReturnType<typeof good>> = [];

  before(async () => {
    // As /experimental/session pages: newest first, then the sessions strictly older than the cursor.
    server = createServer((req, res) => {
      const query = new URL(req.url ?? '/', 'http://x').searchParams;
      const cursor = Number(query.get('cursor') ?? Infinity);
      const older = sessions
        .filter((s) => s.time.updated < cursor)
        .sort((a, b) => b.time.updated - a.time.updated || (a.id < b.id ? 1 : -1));
      const page = older.slice(0, Number(query.get('limit')));
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (older.length > page.length) headers['x-next-cursor'] = String(page[page.length - 1].time.updated);
      res.writeHead(200, headers);
      res.end(JSON.stringify(page));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => server.close());

  test('sessions that share the time of a page boundary are all listed', async () => {
    // 130 sessions; the 96th to the 105th share one time, across the first page's end (100).
    sessions = Array.from({ length: 130 }, (_, i) => {
      const s = good(`ses_${String(i).padStart(3, '0')}`);
      s.time.updated = i >= 95 && i < 105 ? 10_000 - 95 : 10_000 - i;
      return s;
    });
    const listed = await listAllSessions(clientFor({ url }));
    assert.equal(listed.sessions.length, 130);
    assert.deepEqual(new Set(listed.sessions.map((s) => s.id)), new Set(sessions.map((s) => s.id)));
  });

  test('a first page of one time is listed whole by the bigger page after it', async () => {
    sessions = [
      ...Array.from({ length: 150 }, (_, i) => ({ ...good(`ses_same${i}`), time: { created: 1, updated: 500 } })),
      good('ses_old'),
    ];
    const listed = await listAllSessions(clientFor({ url }));
    assert.equal(listed.sessions.length, 151);
  });

  test('a header that is not older than the cursor ends the listing instead of looping', () => {
    assert.equal(nextCursor(500, undefined), 501, 'after the first page: from just after its last time');
    assert.equal(nextCursor(400, 501), 401);
    assert.equal(nextCursor(500, 501), 500, 'a page of one time: from the time itself');
    assert.equal(nextCursor(500, 500), undefined, 'the header did not move');
    assert.equal(nextCursor(600, 500), undefined, 'a header newer than the cursor');
    assert.equal(nextCursor(Number.NaN, 500), undefined, 'no header: the last page');
  });
});

describe('a listing whose later page gets no answer', () => {
  let server: Server;
  let url = '';

  before(async () => {
    // The first page names a next one; that page's connection is dropped before any answer.
    server = createServer((req, res) => {
      if (new URL(req.url ?? '/', 'http://x').searchParams.has('cursor')) {
        req.socket.destroy();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'x-next-cursor': '5' });
      res.end(JSON.stringify([good('ses_first')]));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => server.close());

  test('fails with the server error, rather than end as if the first page were all', async () => {
    const shown: string[] = [];
    await assert.rejects(
      listAllSessions(clientFor({ url }), { onPage: (page) => shown.push(...page.map((s) => s.id)) }),
      (err: Error) => err instanceof ServerError && /Listing sessions/.test(err.message),
    );
    assert.deepEqual(shown, ['ses_first'], 'the first page was shown while the rest loaded');
  });
});
