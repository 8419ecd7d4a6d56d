// The 127.0.0.1:4096 probe: only OpenCode's identity answer (or its Basic-auth 401) counts as OpenCode. 1.x answers
// `/global/health`; a 2.x release its web UI's HTML outside `/api` (packages/cli/src/services/web-ui.ts@1066927) and
// `/api/info` (packages/protocol/src/groups/server.ts), with no `/api/health`; the older 2-line build `/api/health`.
import assert from 'node:assert/strict';
import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import { DEFAULT_PROBE_URL, probeLocalServer, probeUrl } from '../../../src/features/servers/probeLocalServer';
import { freePort } from '../../harness/freePort';

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

describe('probeLocalServer', () => {
  test("OpenCode's health JSON", async () => {
    const url = await serve((req, res) => {
      assert.equal(req.url, '/global/health');
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"healthy":true,"version":"1.18.33"}');
    });
    assert.deepEqual(await probeLocalServer(url), { kind: 'opencode', version: '1.18.33', generation: 'v1' });
  });

  /** A 2.x release: the web UI's page on every path outside /api, an empty 404 for an unknown /api route. */
  const release =
    (info: (res: ServerResponse) => void, asked: string[] = []): RequestListener =>
    (req, res) => {
      asked.push(req.url ?? '');
      if (req.url === '/api/info') info(res);
      else if (req.url?.startsWith('/api/')) res.writeHead(404).end();
      else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>OpenCode</title>');
    };

  test('a 2.x release: HTML outside /api, its identity on /api/info (no /api/health)', async () => {
    const asked: string[] = [];
    const info = { version: '2.3.2', pid: 42, urls: ['http://127.0.0.1:4096'], paths: { tmp: '/tmp' } };
    const url = await serve(release((res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(info)), asked));
    assert.deepEqual(await probeLocalServer(url), { kind: 'opencode', version: '2.3.2', generation: 'v2' });
    assert.deepEqual(asked, ['/global/health', '/api/info']);
  });

  test('a 2.x release with a password: 401 on /api/info is an OpenCode 2 server that wants one', async () => {
    const url = await serve(release((res) => res.writeHead(401, { 'www-authenticate': 'Basic realm="Secure Area"' }).end()));
    assert.deepEqual(await probeLocalServer(url), { kind: 'locked', generation: 'v2' });
  });

  test("the older 2-line build: /api/health (V1's route and /api/info are not there)", async () => {
    const asked: string[] = [];
    const url = await serve((req, res) => {
      asked.push(req.url ?? '');
      if (req.url === '/api/health')
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"healthy":true,"version":"2.0.1","pid":42}');
      else res.writeHead(404).end();
    });
    assert.deepEqual(await probeLocalServer(url), { kind: 'opencode', version: '2.0.1', generation: 'v2' });
    assert.deepEqual(asked, ['/global/health', '/api/info', '/api/health']);
  });

  test('another program answering JSON on /api/info is not OpenCode', async () => {
    const url = await serve(release((res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"version":"5.0.0"}')));
    assert.equal((await probeLocalServer(url)).kind, 'none');
  });

  test('401 with Basic auth is OpenCode with a password', async () => {
    const url = await serve((_, res) => res.writeHead(401, { 'www-authenticate': 'Basic realm="Secure Area"' }).end());
    assert.deepEqual(await probeLocalServer(url), { kind: 'locked' });
  });

  test('an HTML page, other JSON, garbage or an error status is not OpenCode', async () => {
    const answers: RequestListener[] = [
      (_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><h1>Vite</h1>'),
      (_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}'),
      (_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"healthy":tru'),
      (_, res) => res.writeHead(404).end('not found'),
      (_, res) => res.writeHead(401).end(),
    ];
    for (const answer of answers) assert.equal((await probeLocalServer(await serve(answer))).kind, 'none');
  });

  test('nothing listening, or no answer in time', async () => {
    const closed = await probeLocalServer(`http://127.0.0.1:${await freePort()}`);
    assert.deepEqual(closed, { kind: 'none', reason: 'nothing listens there' });
    const silent = await serve(() => undefined);
    assert.deepEqual(await probeLocalServer(silent, 200), { kind: 'none', reason: 'no answer within 200 ms' });
  });
});

describe('probe URL', () => {
  test('127.0.0.1:4096 unless the test-only variable says otherwise', () => {
    assert.equal(probeUrl({}), DEFAULT_PROBE_URL);
    assert.equal(probeUrl({ OCS_LOCAL_PROBE_URL: 'http://127.0.0.1:5000/' }), 'http://127.0.0.1:5000');
  });
});
