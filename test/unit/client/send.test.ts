// The one door to a server (src/client/transport/send.ts): its deadline, its cap and its redirect policy, each with
// the words a user reads, against a loopback server that misbehaves on purpose; and no request of src/ goes around it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fetchGoUsage } from '../../../src/client/go/goUsageClient';
import { readText, send } from '../../../src/client/transport/send';
import { asServerError, ServerError } from '../../../src/client/transport/serverError';
import { v2Request } from '../../../src/client/v2/client';
import { repoRoot } from '../../harness/paths';

describe('the one door to a server', () => {
  let server: Server;
  let url = '';

  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/silent') return; // accepts, never answers
      if (req.url === '/stalls') return void res.writeHead(200, { 'content-type': 'application/json' }).write('[');
      if (req.url === '/cut-error') {
        // An error answer whose connection closes before the length it declared.
        res
          .writeHead(500, { 'content-type': 'application/json', 'content-length': '100' })
          .write('{"name":"E","data":{"message":"disk full"}}');
        return void setTimeout(() => res.socket?.destroy(), 50);
      }
      if (req.url === '/odd-status') return void res.writeHead(999, { 'content-type': 'application/json' }).end('{}');
      if (req.url === '/big') return void res.writeHead(200).end('x'.repeat(4096));
      if (req.url === '/declared') return void res.writeHead(200, { 'content-length': String(1 << 30) }).write('x');
      if (req.url?.endsWith('/moves') || req.url?.endsWith('/usage')) return void res.writeHead(302, { location: '/elsewhere' }).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"here":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  test('deadline: no answer, or an answer that stops half-way, ends in words with the limit', async () => {
    await assert.rejects(v2Request({ url }, '/silent', 'Listing sessions', { timeoutMs: 1_000 }), {
      message: 'Listing sessions: the server did not answer within 1 s.',
    });
    const stalled = await send(`${url}/stalls`, { what: 'Reading', redirect: 'follow', timeoutMs: 1_000 });
    await assert.rejects(
      readText(stalled).catch((err: unknown) => Promise.reject(asServerError(err, 'Reading'))),
      { message: 'Reading: the server did not answer within 1 s.' },
    );
  });

  test('size cap: past it (sent or declared) the read stops with a ServerError that says so', async () => {
    const tooLarge = /^Reading: the server's answer is over 1 KB, more than the extension reads/;
    const big = await send(`${url}/big`, { what: 'Reading', redirect: 'follow', maxBytes: 1024 });
    await assert.rejects(readText(big), (err) => err instanceof ServerError && tooLarge.test(err.message));
    const declared = await send(`${url}/declared`, { what: 'Reading', redirect: 'follow', maxBytes: 1024 });
    await assert.rejects(readText(declared), (err) => err instanceof ServerError && tooLarge.test(err.message));
  });

  test("an error answer cut off still says the server's message; a status no Response takes is said as it is", async () => {
    await assert.rejects(v2Request({ url }, '/cut-error', 'Listing sessions', { timeoutMs: 5_000 }), {
      message: 'Listing sessions: the server answered HTTP 500 — disk full',
    });
    await assert.rejects(v2Request({ url }, '/odd-status', 'Listing sessions', { timeoutMs: 5_000 }), {
      message: 'Listing sessions: the server answered HTTP 999',
    });
  });

  test('redirect: refused in words, read as the answer, or followed, as the caller says', async () => {
    await assert.rejects(send(`${url}/moves`, { what: 'Asking', redirect: 'refuse' }), {
      message: 'Asking: the server answered a redirect (HTTP 302), not followed.',
    });
    assert.equal((await send(`${url}/moves`, { what: 'Asking', redirect: 'manual' })).status, 302);
    assert.equal(await readText(await send(`${url}/moves`, { what: 'Asking', redirect: 'follow' })), '{"here":true}');
    // The Go key is a bearer secret: a redirect is never followed, and the user reads why.
    await assert.rejects(
      fetchGoUsage(url, 'key'),
      /Could not reach OpenCode Go \(127\.0\.0\.1:\d+\): it answered with a redirect \(HTTP 302\)/,
    );
  });

  test('no request of src/ goes around the door', () => {
    const src = join(repoRoot(), 'src');
    const around: string[] = [];
    for (const file of readdirSync(src, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts') || file === join('client', 'transport', 'send.ts')) continue;
      readFileSync(join(src, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/\bfetch\s*\(/.test(line) && !/^\s*(\/\/|\*)/.test(line)) around.push(`src/${file}:${i + 1}`);
        });
    }
    assert.deepEqual(around, []);
  });
});
