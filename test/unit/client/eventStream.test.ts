// The event stream against a loopback server that misbehaves on purpose, read by the real SDK client: a login
// page instead of a stream says so at once (not after the stall limit), and malformed frames and a 2 MB line
// are passed over while the good events around them arrive.
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { runEventStream } from '../../../src/client/transport/eventStream';
import { ServerError } from '../../../src/client/transport/serverError';
import { V1_ROUTES } from '../../../src/client/v1/contract';
import { parseEvent } from '../../../src/client/v1/events';
import { ROUTES } from '../../../src/client/v2/contract';

const session = (id: string, title: string) => ({
  directory: '/w',
  payload: {
    type: 'session.updated',
    properties: { sessionID: id, info: { id, title, directory: '/w', time: { created: 1, updated: 2 } } },
  },
});

describe('the event stream against a misbehaving server', () => {
  let server: Server;
  let url = '';
  let answer: (res: ServerResponse) => void = () => undefined;

  before(async () => {
    server = createServer((_req, res) => answer(res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  // At once, not at the stall limit: the watchdog's rejection would say "No event or heartbeat", and a page read as
  // a stream would end it without a rejection (the words are what this asserts, not a stopwatch).
  test('an HTML page instead of a stream fails at once, in words', async () => {
    answer = (res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<html><body>Sign in</body></html>');
    await assert.rejects(
      runEventStream({ url }, { path: V1_ROUTES.event, stallMs: 60_000, signal: new AbortController().signal, onItem: () => undefined }),
      (err: unknown) =>
        err instanceof ServerError &&
        err.message === 'Event stream: the server answered an HTML page (a login or proxy page?) — is this URL an OpenCode server?',
    );
  });

  test('malformed frames and a 2 MB line are skipped; the good events around them arrive', async () => {
    const huge = 'x'.repeat(2 * 1024 * 1024);
    answer = (res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const frames = [
        JSON.stringify(session('ses_a', 'before')),
        '{"payload": {"type": "session.updated", "properti', // cut JSON
        JSON.stringify({ payload: { type: 'no.such.event', properties: {} } }),
        JSON.stringify({ payload: { type: 'session.updated', properties: { info: null } } }),
        `{"payload": {"type": "session.updated", "properties": {"info": {"id": "ses_huge", "title": "${huge}"`, // 2 MB, never closed
        JSON.stringify(session('ses_b', 'after')),
      ];
      for (const frame of frames) res.write(`data: ${frame}\n\n`);
      res.end();
    };
    const parsed: string[] = [];
    let items = 0;
    await runEventStream(
      { url },
      {
        path: V1_ROUTES.event,
        stallMs: 60_000,
        signal: new AbortController().signal,
        onItem: (item) => {
          items += 1;
          const event = parseEvent(item);
          if (event?.type === 'session.upsert') parsed.push(`${event.info.id}:${event.info.title}`);
        },
      },
    );
    assert.equal(items, 6, 'every frame reached the parser');
    assert.deepEqual(parsed, ['ses_a:before', 'ses_b:after']);
  });
  test('V2 heartbeats are SSE comments: they keep the stream alive, and the item after them arrives', async () => {
    // 30 comments, 100 ms apart (3 s), against a 1 s stall limit: without comments counting, it stalls.
    let sent = 0;
    answer = (res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${JSON.stringify({ id: 'evt_1', type: 'server.connected', data: {} })}\n\n`);
      const timer = setInterval(() => {
        res.write(': heartbeat\n\n');
        if (++sent < 30) return;
        clearInterval(timer);
        res.end(`data: ${JSON.stringify({ id: 'evt_2', type: 'session.deleted', data: { sessionID: 'ses_x' } })}\n\n`);
      }, 100);
      res.on('close', () => clearInterval(timer));
    };
    const types: string[] = [];
    await runEventStream(
      { url },
      {
        stallMs: 1_000,
        path: ROUTES.event[0].path,
        signal: new AbortController().signal,
        onItem: (item) => types.push((item as { type: string }).type),
      },
    );
    assert.equal(sent, 30);
    assert.deepEqual(types, ['server.connected', 'session.deleted']);
  });
  test(
    'bytes that never finish an event do not keep the stream alive: it stalls, and the oversize event is told once',
    { timeout: 20_000 },
    async () => {
      // A trickle every 50 ms of one event that never ends, against a 1 s stall limit and a 10 000-character cap.
      answer = (res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(`data: ${JSON.stringify({ id: 'evt_1', type: 'server.connected', data: {} })}\n\ndata: "`);
        const timer = setInterval(() => res.write('x'.repeat(1000)), 50);
        res.on('close', () => clearInterval(timer));
      };
      const items: unknown[] = [];
      const oversize: number[] = [];
      await assert.rejects(
        runEventStream(
          { url },
          {
            stallMs: 1_000,
            path: ROUTES.event[0].path,
            maxEventChars: 10_000,
            signal: new AbortController().signal,
            onItem: (item) => items.push(item),
            onOversize: (chars) => oversize.push(chars),
          },
        ),
        (err: unknown) => err instanceof ServerError && /No event or heartbeat for 1 s/.test(err.message),
      );
      assert.equal(items.length, 1);
      assert.equal(oversize.length, 1);
    },
  );
});
