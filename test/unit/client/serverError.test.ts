// What a user reads when a server misbehaves: a loopback HTTP server answers each route badly on purpose, and
// the real SDK client reads it. A server that answered is never "cannot reach"; no raw JavaScript error shows.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { deadline } from '../../../src/client/transport/deadline';
import { clientFor } from '../../../src/client/v1/client';
import { asServerError, ServerError, unwrap } from '../../../src/client/transport/serverError';

const HTML = '<!doctype html><html><head><title>Sign in</title></head><body><form>…</form></body></html>';

describe('messages that say what the server did', () => {
  let server: Server;
  let url = '';

  before(async () => {
    server = createServer((req, res) => {
      const route = new URL(req.url ?? '/', 'http://x').searchParams.get('directory') ?? '';
      switch (route) {
        case 'html':
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HTML);
          return;
        case 'html-502':
          res.writeHead(502, { 'content-type': 'text/html' }).end(HTML);
          return;
        case 'html-503':
          res.writeHead(503, { 'content-type': 'text/plain' }).end(HTML);
          return;
        case 'invalid-json':
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"healthy": tru');
          return;
        case 'plain':
          res.writeHead(200, { 'content-type': 'text/plain' }).end('hello');
          return;
        case 'json-500':
          res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { message: 'database is locked' } }));
          return;
        case 'cut-mid-body':
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '200' });
          res.write('{"healthy": true, "vers', () => res.socket?.destroy());
          return;
        case 'hang-mid-body':
          // Headers and half of the JSON, then silence: only the request's limit can end it.
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"healthy": true, "vers');
          return;
        default:
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ healthy: true, version: '1.18.33' }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  /** The health check as the connection makes it, with a short limit, answered by `route`. */
  async function failure(route: string, limitMs = 5_000, at = url): Promise<ServerError> {
    const client = clientFor({ url: at }, route);
    try {
      await unwrap(client.global.health({ signal: deadline(limitMs) }), 'Health check');
    } catch (err) {
      assert.ok(err instanceof ServerError, `a ServerError, not ${String(err)}`);
      return err;
    }
    assert.fail(`${route} was accepted`);
  }

  const raw = /Unexpected token|is not valid JSON|Cannot read|fetch failed|TypeError|SyntaxError|undefined/;

  test('a login or proxy page answering 200', async () => {
    const err = await failure('html');
    assert.equal(err.message, 'Health check: the server answered an HTML page (a login or proxy page?) — is this URL an OpenCode server?');
    assert.equal(err.kind, 'not-opencode');
  });

  test('a proxy error page (exactly text/html, which the SDK refuses itself): an HTML page, no HTML in the message', async () => {
    const err = await failure('html-502');
    assert.equal(err.message, 'Health check: the server answered an HTML page (a login or proxy page?) — is this URL an OpenCode server?');
  });

  test('an error page of another type: the status, and no HTML in the message', async () => {
    const err = await failure('html-503');
    assert.equal(err.message, 'Health check: the server answered HTTP 503 (an HTML page — a login or proxy page?)');
    assert.equal(err.status, 503);
  });

  test('invalid JSON with a JSON content type', async () => {
    const err = await failure('invalid-json');
    assert.equal(err.message, 'Health check: the server answered with invalid JSON — is this URL an OpenCode server?');
    assert.doesNotMatch(err.message, raw);
  });

  test('plain text instead of JSON', async () => {
    const err = await failure('plain');
    assert.equal(err.message, 'Health check: the server answered "text/plain" instead of JSON — is this URL an OpenCode server?');
  });

  test("an error answer carries the server's own message", async () => {
    const err = await failure('json-500');
    assert.equal(err.message, 'Health check: the server answered HTTP 500 — database is locked');
  });

  test('a server that hangs mid-body: did not answer within the limit', async () => {
    const err = await failure('hang-mid-body', 1_000);
    assert.equal(err.kind, 'timeout');
    assert.equal(err.message, 'Health check: the server did not answer within 1 s.');
  });

  test('a body cut off mid-way: the server closed the connection, in words', async () => {
    const err = await failure('cut-mid-body');
    assert.equal(err.message, 'Health check: the server closed the connection before its answer was complete.');
  });

  test('nothing listening: cannot reach, with the reason in words', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await failure('ok', 5_000, `http://127.0.0.1:${port}`);
    assert.equal(err.kind, 'unreachable');
    assert.equal(err.message, 'Health check: cannot reach the server (nothing is listening at that address).');
  });

  test('no message is a raw JavaScript error', () => {
    for (const thrown of [
      new SyntaxError('Unexpected token < in JSON at position 0'),
      new TypeError('fetch failed'),
      new DOMException('No answer within 10 s.', 'TimeoutError'),
    ]) {
      const message = asServerError(thrown, 'Listing sessions').message;
      assert.doesNotMatch(message, raw, message);
    }
  });
});
