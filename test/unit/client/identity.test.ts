// The identity reader: the three shapes of answer (1.x's `/global/health` `{healthy: true, version}`, a 2.x release's
// `/api/info` `{version, pid, urls, paths}` from packages/protocol/src/groups/server.ts@1066927, the older build's
// `/api/health` `{healthy, version, pid}` and 1.18.33's `{healthy: true}`), and the walk over the routes that asks
// them. The probe (test/unit/servers/probeLocalServer.test.ts), the service's confirmation
// (serviceRegistration.test.ts) and API detection (apiDetection.test.ts) test its users.
import assert from 'node:assert/strict';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import { askIdentity, checkIdentity, IDENTITY_ROUTES, identify, readIdentity } from '../../../src/client/discovery/identity';
import { ServerError } from '../../../src/client/transport/serverError';

const servers: Server[] = [];
after(() => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
});

async function serve(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const json = (body: unknown) => JSON.stringify(body);
const info = (version: string, pid: number) => ({ version, pid, urls: ['http://127.0.0.1:4096'], paths: { tmp: '/tmp' } });

describe('readIdentity', () => {
  test("V1's health insists on healthy: true and a version", () => {
    assert.deepEqual(readIdentity('v1Health', { healthy: true, version: '1.18.33' }), { generation: 'v1', version: '1.18.33' });
    for (const body of [
      { healthy: false, version: '1' },
      { healthy: true },
      { healthy: 'true', version: '1' },
      { healthy: true, version: '' },
      null,
      'ok',
      [],
    ])
      assert.equal(readIdentity('v1Health', body), undefined, JSON.stringify(body));
  });

  test("a release's info insists on its identity: a version, a pid (0 too: a runtime without a process), urls", () => {
    assert.deepEqual(readIdentity('v2Info', info('2.3.2', 20414)), { generation: 'v2', version: '2.3.2', pid: 20414 });
    assert.deepEqual(readIdentity('v2Info', info('2.3.2', 0)), { generation: 'v2', version: '2.3.2', pid: 0 });
    const others = [
      { version: '2' },
      { version: '5.0.0', pid: 1 },
      { version: '2', pid: -1, urls: [] },
      { version: '2', pid: 1.5, urls: [] },
    ];
    for (const body of [...others, { healthy: true, version: '1.18.33' }, null, '<!doctype html>'])
      assert.equal(readIdentity('v2Info', body), undefined, JSON.stringify(body));
  });

  test("the older build's health names its version and pid; 1.18.33's names neither", () => {
    assert.deepEqual(readIdentity('v2Health', { healthy: true, version: 'local', pid: 20414 }), {
      generation: 'v2',
      version: 'local',
      pid: 20414,
    });
    assert.deepEqual(readIdentity('v2Health', { healthy: true }), { generation: 'v2' });
    assert.deepEqual(readIdentity('v2Health', { healthy: true, version: 7, pid: -3 }), { generation: 'v2' });
    for (const body of [{ healthy: false, version: '2', pid: 1 }, info('2.3.2', 1), '<!doctype html>', null])
      assert.equal(readIdentity('v2Health', body), undefined, JSON.stringify(body));
  });
});

describe('identify: the routes in order', () => {
  test('V1 first, then the release, then the older build; a missing route or a page moves on', async () => {
    const asked: string[] = [];
    const url = await serve((req, res) => {
      asked.push(req.url ?? '');
      if (req.url === '/api/health')
        res.writeHead(200, { 'content-type': 'application/json' }).end(json({ healthy: true, version: '2.0.1', pid: 7 }));
      else if (req.url === '/api/info') res.writeHead(404).end();
      else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>OpenCode</title>');
    });
    const answer = await identify({ url }, ['v1', 'v2'], { timeoutMs: 5_000 });
    assert.deepEqual(answer.identity, { generation: 'v2', version: '2.0.1', pid: 7 });
    assert.deepEqual(asked, ['/global/health', '/api/info', '/api/health']);
  });

  test("a server's own refusal ends the walk: a 5xx, in the words of every request, with its message", async () => {
    const asked: string[] = [];
    const url = await serve((req, res) => {
      asked.push(req.url ?? '');
      res.writeHead(503, { 'content-type': 'application/json' }).end(json({ message: 'starting' }));
    });
    const answer = await identify({ url }, ['v1', 'v2'], { timeoutMs: 5_000 });
    assert.equal(answer.status, 503);
    assert.ok(answer.error instanceof ServerError && answer.error.status === 503, String(answer.error));
    assert.equal(answer.error.message, 'Health check: the server answered HTTP 503 — starting');
    assert.deepEqual(asked, ['/global/health']);
  });

  test('neither generation: the first generation’s answer, in its words', async () => {
    const url = await serve((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html>'));
    await assert.rejects(
      checkIdentity({ url }, ['v1', 'v2'], AbortSignal.timeout(5_000)),
      (err: unknown) => err instanceof ServerError && err.kind === 'not-opencode' && /^Health check: .*HTML page/.test(err.message),
    );
  });

  test('a redirect is not followed where the caller says so (a port anyone may hold)', async () => {
    const target = await serve((_, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(json({ healthy: true, version: '1.0.0' })),
    );
    const url = await serve((req, res) => res.writeHead(302, { location: `${target}${req.url}` }).end());
    const manual = await askIdentity({ url }, IDENTITY_ROUTES.v1[0], { timeoutMs: 5_000, redirect: 'manual' });
    assert.equal(manual.status, 302);
    assert.equal(manual.identity, undefined);
    const followed = await askIdentity({ url }, IDENTITY_ROUTES.v1[0], { timeoutMs: 5_000 });
    assert.deepEqual(followed.identity, { generation: 'v1', version: '1.0.0' });
  });

  test('a 401 that asks for Basic is OpenCode behind its password; the password goes along', async () => {
    const seen: Array<string | undefined> = [];
    const url = await serve((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(401, { 'www-authenticate': 'Basic realm="opencode"' }).end();
    });
    const answer = await askIdentity({ url, password: 'pw' }, IDENTITY_ROUTES.v2[0], { timeoutMs: 5_000 });
    assert.equal(answer.locked, true);
    assert.equal(answer.error?.kind, 'unauthorized');
    assert.deepEqual(seen, [`Basic ${Buffer.from('opencode:pw').toString('base64')}`]);
  });

  test('at most 64 KB of an answer is read: more is not an identity', async () => {
    let sent = 0;
    const url = await serve((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"healthy":true,"version":"1","x":"');
      const more = () => {
        while (sent < 8 * 1024 * 1024 && res.write('x'.repeat(16 * 1024))) sent += 16 * 1024;
        if (sent < 8 * 1024 * 1024) res.once('drain', more);
        else res.end('"}');
      };
      more();
    });
    const answer = await askIdentity({ url }, IDENTITY_ROUTES.v1[0], { timeoutMs: 10_000 });
    assert.equal(answer.identity, undefined);
    assert.match(answer.error?.message ?? '', /^Health check: the server's answer is over 64 KB/);
    assert.ok(sent < 8 * 1024 * 1024, `stopped reading: ${sent} bytes sent`);
  });
});
