// Which API a server speaks, asked of the server: a real 1.18.33 (V1 on /global/*, V2 on /api/*), the same
// server behind a proxy that answers V1 routes with HTML as OpenCode 2 does, and scripted answers for what
// only 2.x sends (`/api/info` with a version, `{items, cursor}` pages) or what is neither generation.
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { detectApi } from '../../../src/client/connection/detectApi';
import { V1Api } from '../../../src/client/v1/api';
import { V2Api } from '../../../src/client/v2/api';
import { ServerError } from '../../../src/client/transport/serverError';
import { FaultProxy } from '../../harness/faultProxy';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { createManySessions } from '../../harness/manySessions';
import { createSession } from '../../harness/scenario';

const signal = () => AbortSignal.timeout(30_000);

describe('API detection and V2 listing on a real 1.18.33', () => {
  let h: RunningHarness;
  let proxy: FaultProxy;

  before(async () => {
    h = await startHarness();
    proxy = await new FaultProxy(h.server.url).start();
    proxy.setFaults([{ fault: { kind: 'html' }, path: /^\/(?!api\/)/ }]);
  });
  after(async () => {
    await proxy?.stop();
    await h?.dispose();
  });

  test('a 1.x server is spoken to in V1, with its version', async () => {
    const found = await detectApi({ url: h.server.url }, 'auto', signal());
    assert.equal(found.api.generation, 'v1');
    assert.equal(found.version, h.server.version);
  });

  test('answering only /api/* (HTML on V1 routes, as 2.x does): V2, found without settings', async () => {
    const found = await detectApi({ url: proxy.url }, 'auto', signal());
    assert.equal(found.api.generation, 'v2');
  });

  test('a setting forces the generation', async () => {
    assert.equal((await detectApi({ url: h.server.url }, 'v2', signal())).api.generation, 'v2');
    await assert.rejects(detectApi({ url: proxy.url }, 'v1', signal()), /HTML page/);
  });

  test('V2 lists every session page by page (cursor), equal to V1 listing', async () => {
    await createManySessions(h, 450);
    const parent = await createSession(h, { title: 'parent' });
    await createSession(h, { title: 'child', parentID: parent.id });
    const pages: number[] = [];
    const v2 = await new V2Api({ url: proxy.url }).listSessions({ onPage: (page) => pages.push(page.length) });
    const v1 = await new V1Api({ url: h.server.url }).listSessions({});
    assert.equal(v2.malformed, 0);
    assert.ok(pages.length >= 3, `paged: ${pages.join(', ')}`);
    const byId = new Map(v1.sessions.map((s) => [s.id, s]));
    assert.deepEqual(v2.sessions.map((s) => s.id).sort(), [...byId.keys()].sort());
    for (const s of v2.sessions) {
      const same = byId.get(s.id)!;
      assert.equal(s.directory, same.directory);
      assert.equal(s.parentID, same.parentID);
      assert.equal(s.title, same.title);
      assert.equal(s.cost, same.cost);
    }
  });
});

describe('API detection on scripted answers', () => {
  let server: Server;
  let url = '';
  let routes: Record<string, (res: ServerResponse) => void> = {};
  const html = (res: ServerResponse) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><body>OpenCode</body></html>');
  const json =
    (body: unknown, status = 200) =>
    (res: ServerResponse) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

  before(async () => {
    server = createServer((req, res) => (routes[new URL(req.url ?? '/', 'http://x').pathname] ?? html)(res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  test('OpenCode 2.0.7: /api/info gives the version (packages/protocol/src/groups/server.ts@51819a1)', async () => {
    routes = { '/api/health': json({ healthy: true }), '/api/info': json({ version: '2.0.7', pid: 1, urls: [], paths: { tmp: '/tmp' } }) };
    const found = await detectApi({ url }, 'auto', signal());
    assert.equal(found.api.generation, 'v2');
    assert.equal(found.version, '2.0.7');
  });

  test('2.x health with a version (packages/protocol/src/groups/health.ts@7c3c912), /api/info not there', async () => {
    routes = { '/api/health': json({ healthy: true, version: '2.2.6', pid: 1 }) };
    assert.equal((await detectApi({ url }, 'auto', signal())).version, '2.2.6');
  });

  test('pages as {items, cursor} (packages/opencode/src/server/routes/instance/httpapi/groups/v2/session.ts@36160ef)', async () => {
    const entry = (id: string) => ({
      id,
      title: id,
      projectID: 'p',
      cost: 0.5,
      tokens: { input: 1, output: 2, reasoning: 0, cache: { read: 0, write: 0 } },
      time: { created: 1, updated: 2 },
      location: { directory: '/w' },
    });
    let served = 0;
    routes = {
      '/api/session': (res) =>
        json(served++ === 0 ? { items: [entry('ses_b'), entry('ses_a')], cursor: { next: 'n1' } } : { items: [], cursor: {} })(res),
    };
    const listing = await new V2Api({ url }).listSessions({});
    assert.deepEqual(
      listing.sessions.map((s) => [s.id, s.directory, s.cost]),
      [
        ['ses_b', '/w', 0.5],
        ['ses_a', '/w', 0.5],
      ],
    );
  });

  test('neither generation (a page on every route): "is this an OpenCode server?", as before', async () => {
    routes = {};
    await assert.rejects(
      detectApi({ url }, 'auto', signal()),
      (err: unknown) =>
        err instanceof ServerError &&
        err.kind === 'not-opencode' &&
        /Health check: .*HTML page.*is this URL an OpenCode server\?/.test(err.message),
    );
  });

  test('a V2 server that asks for a password says so (401), not "is this OpenCode?"', async () => {
    routes = { '/api/health': (res) => res.writeHead(401).end() };
    await assert.rejects(detectApi({ url }, 'auto', signal()), (err: unknown) => err instanceof ServerError && err.kind === 'unauthorized');
  });

  test('a V1 401 is a password request at once (no V2 probe)', async () => {
    routes = { '/global/health': (res) => res.writeHead(401).end() };
    await assert.rejects(detectApi({ url }, 'auto', signal()), (err: unknown) => err instanceof ServerError && err.kind === 'unauthorized');
  });
});
