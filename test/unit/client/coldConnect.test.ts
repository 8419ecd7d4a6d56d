// How a connection's first snapshot is read, in order: the health check and the event stream go out together,
// the listing waits for the stream's first event (so no change between the listing and the stream is lost),
// each folder's statuses and requests are read while later pages still load, and health failures still
// explain themselves (health is awaited first, so its error wins over the stream's). A scripted HTTP server on loopback records the order in which requests arrive.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { after, afterEach, before, describe, test } from 'node:test';
import { DEFAULT_CONNECTION_OPTIONS, type ConnectionState } from '../../../src/client/connection/connectionState';
import { ServerConnection } from '../../../src/client/serverConnection';
import { waitFor } from '../../harness/waitFor';

const session = (id: string, directory: string, updated: number) => ({ id, title: id, directory, time: { created: 1, updated } });

type Handler = (req: IncomingMessage, res: ServerResponse, path: string) => void | Promise<void>;

const json = (res: ServerResponse, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(200, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
const sse = (res: ServerResponse, item: unknown) => res.write(`data: ${JSON.stringify(item)}\n\n`);
/** The project folder a request is scoped to (the SDK sends it as `?directory=` on GETs). */
const directoryOf = (req: IncomingMessage) => new URL(req.url ?? '/', 'http://x').searchParams.get('directory') ?? undefined;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('cold connect: what is read when', () => {
  let server: Server;
  let url = '';
  let handle: Handler = () => undefined;
  /** Requests as they arrived: `GET /path` (directory in brackets when the client sent one). */
  let order: string[] = [];
  const connections: ServerConnection[] = [];
  const streams: ServerResponse[] = [];

  before(async () => {
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const dir = directoryOf(req);
      order.push(`${path}${dir ? ` [${dir}]` : ''}`);
      if (path === '/global/event') streams.push(res);
      void handle(req, res, path);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterEach(() => {
    for (const c of connections.splice(0)) c.dispose();
    for (const s of streams.splice(0)) s.end();
    order = [];
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  function connect(): { connection: ServerConnection; states: ConnectionState[]; settled: Promise<ConnectionState> } {
    const connection = new ServerConnection(
      { id: url, url, origin: 'configured' },
      () => Promise.resolve({ url }),
      { info() {}, warn() {}, error() {} },
      DEFAULT_CONNECTION_OPTIONS,
    );
    connections.push(connection);
    const states: ConnectionState[] = [];
    const settled = new Promise<ConnectionState>((resolve) => {
      connection.onDidChangeState.on((state) => {
        states.push(state);
        if (state.kind !== 'connecting') resolve(state);
      });
    });
    connection.start();
    return { connection, states, settled };
  }

  /** An OpenCode-like server: two pages over two folders, per-folder statuses and empty request lists. */
  function opencodeLike(overrides: Partial<Record<string, Handler>> = {}): Handler {
    return async (req, res, path) => {
      const override = overrides[path];
      if (override) return override(req, res, path);
      const query = new URL(req.url ?? '/', 'http://x').searchParams;
      switch (path) {
        case '/global/health':
          return json(res, { healthy: true, version: '1.18.33' });
        case '/global/event':
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          return void sse(res, { directory: 'global', payload: { type: 'server.connected', properties: {} } });
        case '/experimental/session':
          if (!query.get('cursor')) return json(res, [session('ses_a2', '/a', 20), session('ses_b2', '/b', 19)], { 'x-next-cursor': '19' });
          return json(res, [session('ses_a1', '/a', 10), session('ses_b1', '/b', 9)]);
        case '/session/status':
          return json(res, directoryOf(req) === '/a' ? { ses_a1: { type: 'busy' } } : {});
        case '/permission':
          return json(
            res,
            directoryOf(req) === '/a' ? [{ id: 'per_1', sessionID: 'ses_a1', permission: 'bash', patterns: ['ls'], always: [] }] : [],
          );
        case '/question':
          return json(res, []);
        default:
          res.writeHead(404).end();
      }
    };
  }

  test('the health check and the event stream go out together: health waits for the stream here, and still connects', async () => {
    let streamOpened!: () => void;
    const opened = new Promise<void>((resolve) => (streamOpened = resolve));
    const base = opencodeLike();
    handle = opencodeLike({
      // Answers only once the stream was asked for (or after 3 s): one after the other, health would come first.
      '/global/health': async (req, res, path) => {
        await Promise.race([opened, delay(3000)]);
        order.push('health answered');
        await base(req, res, path);
      },
      '/global/event': (req, res, path) => {
        streamOpened();
        return base(req, res, path);
      },
    });
    const { connection, settled } = connect();
    assert.equal((await settled).kind, 'online');
    assert.ok(order.indexOf('/global/event') < order.indexOf('health answered'), order.join(', '));
    assert.equal(connection.sessions.size, 4);
  });

  test('the listing starts only after the stream has delivered its first event, and an event sent meanwhile is kept', async () => {
    const base = opencodeLike();
    handle = opencodeLike({
      '/global/event': async (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.flushHeaders();
        await delay(300); // a slow subscription: nothing may be listed before it is confirmed
        order.push('stream confirmed');
        sse(res, { directory: 'global', payload: { type: 'server.connected', properties: {} } });
      },
      '/experimental/session': async (req, res, path) => {
        // A session created while the listing is read: the page does not have it, the stream reports it.
        if (!new URL(req.url ?? '/', 'http://x').searchParams.get('cursor')) {
          sse(streams[0], { directory: '/a', payload: { type: 'session.created', properties: { info: session('ses_new', '/a', 30) } } });
          await delay(50);
        }
        await base(req, res, path);
      },
    });
    const { connection, settled } = connect();
    assert.equal((await settled).kind, 'online');
    assert.ok(order.indexOf('stream confirmed') < order.indexOf('/experimental/session'), order.join(', '));
    assert.ok(connection.sessions.get('ses_new'), 'the session created during the listing is in the store');
    assert.equal(connection.sessions.size, 5);
  });

  test("a folder's statuses are read as soon as the first page shows it, before the listing ends", async () => {
    let statusAsked!: () => void;
    const asked = new Promise<void>((resolve) => (statusAsked = resolve));
    const base = opencodeLike();
    handle = opencodeLike({
      '/experimental/session': async (req, res, path) => {
        // The second page waits for /a's status read (or 3 s): read only after the listing, it would come after.
        if (new URL(req.url ?? '/', 'http://x').searchParams.get('cursor')) await Promise.race([asked, delay(3000)]);
        order.push('page answered');
        await base(req, res, path);
      },
      '/session/status': async (req, res, path) => {
        if (directoryOf(req) === '/a') statusAsked();
        await base(req, res, path);
      },
    });
    const { connection, settled } = connect();
    assert.equal((await settled).kind, 'online');
    assert.ok(order.indexOf('/session/status [/a]') < order.lastIndexOf('page answered'), order.join(', '));
    assert.equal(connection.sessions.size, 4);
    assert.equal(connection.sessions.get('ses_a1')?.status.type, 'busy');
  });

  test("the next page is asked for as soon as a page's headers are in, while its body still downloads", async () => {
    let secondAsked!: () => void;
    const asked = new Promise<void>((resolve) => (secondAsked = resolve));
    const base = opencodeLike();
    handle = opencodeLike({
      '/experimental/session': async (req, res, path) => {
        if (new URL(req.url ?? '/', 'http://x').searchParams.get('cursor')) {
          secondAsked();
          return base(req, res, path);
        }
        // The first page's headers (with the cursor) and half its body; the rest once page 2 was asked for (or after 3 s).
        const body = JSON.stringify([session('ses_a2', '/a', 20), session('ses_b2', '/b', 19)]);
        res.writeHead(200, { 'content-type': 'application/json', 'x-next-cursor': '19' });
        res.write(body.slice(0, 40));
        await Promise.race([asked, delay(3000)]);
        order.push('first page complete');
        res.end(body.slice(40));
      },
    });
    const { connection, settled } = connect();
    assert.equal((await settled).kind, 'online');
    const second = order.findIndex((line, i) => line === '/experimental/session' && i > order.indexOf('/experimental/session'));
    assert.ok(second >= 0 && second < order.indexOf('first page complete'), order.join(', '));
    assert.equal(connection.sessions.size, 4);
  });

  test('a long listing asks for a small first page and shows it while the later pages still load', async () => {
    let releaseRest!: () => void;
    const rest = new Promise<void>((resolve) => (releaseRest = resolve));
    const limits: string[] = [];
    const first = Array.from({ length: 100 }, (_, i) => session(`ses_f${i}`, '/a', 1000 - i));
    handle = opencodeLike({
      '/experimental/session': async (req, res) => {
        const query = new URL(req.url ?? '/', 'http://x').searchParams;
        limits.push(query.get('limit') ?? '');
        if (!query.get('cursor')) return json(res, first, { 'x-next-cursor': '901' });
        // The rest waits until the test has seen the first page in the store.
        await rest;
        json(res, [session('ses_last', '/b', 5)]);
      },
    });
    const { connection, settled } = connect();
    try {
      await waitFor(
        'the first page shown before the listing ends',
        () => connection.sessions.size,
        (n) => n === 100,
      );
      assert.equal(connection.state.kind, 'connecting', 'still listing');
    } finally {
      // Also when the wait fails: a held request would keep the server from closing.
      releaseRest();
    }
    assert.equal((await settled).kind, 'online');
    assert.deepEqual(limits, ['100', '1000']);
    assert.equal(connection.sessions.size, 101);
  });

  test('pending requests are listed in folders where something runs, and not asked for where all is idle', async () => {
    handle = opencodeLike();
    const { connection, settled } = connect();
    assert.equal((await settled).kind, 'online');
    assert.deepEqual([...(connection.sessions.get('ses_a1')?.requests.keys() ?? [])], ['per_1']);
    assert.ok(order.includes('/permission [/a]') && order.includes('/question [/a]'), order.join(', '));
    assert.ok(!order.includes('/permission [/b]') && !order.includes('/question [/b]'), order.join(', '));
    assert.ok(order.indexOf('/session/status [/a]') < order.indexOf('/permission [/a]'), order.join(', '));
  });

  test('a server that is not OpenCode is reported by its health check, whatever its event stream answers', async () => {
    handle = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>login</html>');
    };
    const { settled } = connect();
    const state = await settled;
    assert.equal(state.kind, 'offline');
    assert.match(state.kind === 'offline' ? state.reason : '', /^Health check: /);
  });

  test('a 401 is reported as a password request, whatever its event stream answers', async () => {
    handle = (_req, res) => void res.writeHead(401, { 'content-type': 'application/json' }).end('{}');
    const { settled } = connect();
    const state = await settled;
    assert.equal(state.kind, 'unauthorized');
    assert.match(state.kind === 'unauthorized' ? state.reason : '', /Health check/);
  });
  test('while connecting, the state names the step it waits for, in order, so a slow step is visible', async () => {
    const base = opencodeLike();
    // The stream holds its first event until the test has seen the connection wait for it.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    handle = opencodeLike({
      '/global/event': async (req, res, path) => {
        await released;
        await base(req, res, path);
      },
    });
    const { states, settled } = connect();
    await waitFor(
      'the wait for the first event',
      () => states.at(-1),
      (s) => s?.kind === 'connecting' && s.waitingFor === "the event stream's first event",
    );
    const waiting = states.at(-1);
    assert.equal(waiting?.kind, 'connecting');
    assert.ok(waiting?.kind === 'connecting' && typeof waiting.since === 'number', 'says since when');
    release();
    assert.equal((await settled).kind, 'online');
    const steps = states.flatMap((s) => (s.kind === 'connecting' && s.waitingFor ? [s.waitingFor] : []));
    assert.deepEqual(dedupe(steps), [
      'the health check',
      "the event stream's first event",
      'the session list',
      "each folder's session statuses",
    ]);
  });
});

const dedupe = (values: string[]) => values.filter((v, i) => v !== values[i - 1]);
