// The harness's reading of a server's own OpenAPI document (test/harness/opencode2Contract.ts), and the fault
// proxy's recorder and rewrite, on a real `opencode serve` 1.18.33 (its document is at `GET /doc`; an OpenCode 2
// server's at `/openapi.json`, read the same way). The OpenCode 2 stage relies on both: which route and body a
// 2.x server takes, what the extension sent, and a document with one route taken out.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { contractFrom, routeShape } from '../../harness/opencode2Contract';
import { FaultProxy } from '../../harness/faultProxy';
import { startHarness, type RunningHarness } from '../../harness/harness';

describe('a server’s own contract, read through the recording proxy', () => {
  let h: RunningHarness;
  let proxy: FaultProxy;

  before(async () => {
    h = await startHarness();
    proxy = await new FaultProxy(h.server.url).start();
  });

  after(async () => {
    await proxy?.stop();
    await h?.dispose();
  });

  const doc = async (base: string) =>
    (await (await fetch(`${base}/doc`, { headers: h.server.authHeaders() })).json()) as Parameters<typeof contractFrom>[0];

  test('names the routes the server serves, with their parameters matched and their request bodies', async () => {
    const contract = contractFrom(await doc(h.server.url));
    assert.equal(contract.offers('get', '/session/{id}'), true, 'parameter names do not matter');
    assert.equal(contract.offers('get', '/session/{sessionID}/no-such-route'), false);
    assert.equal(contract.first('post', '/api/experimental/session/{sessionID}/wait', '/session'), '/session');
    assert.equal(contract.routeOf('GET', '/session/ses_abc'), '/session/{sessionID}');
    assert.equal(contract.routeOf('GET', '/session/status'), '/session/status', 'a literal segment wins over a parameter');
    assert.equal(contract.routeOf('DELETE', '/session/ses_abc/nothing'), undefined);
    assert.ok(contract.bodyKeys('post', '/session').includes('title'), 'POST /session takes a title');
    assert.equal(routeShape('/api/session/{sessionID}/form/{formID}'), '/api/session/{}/form/{}');
    // Whatever order the document lists them in (2.0.26 lists `session.active` after `session.list`, before `session.get`).
    const either = contractFrom({ paths: { '/api/session/{sessionID}': { get: {} }, '/api/session/active': { get: {} } } });
    assert.equal(either.routeOf('GET', '/api/session/active'), '/api/session/active');
    assert.equal(either.routeOf('GET', '/api/session/ses_1'), '/api/session/{sessionID}');
  });

  test('the proxy records method, path, query and body, and serves the real document with a route taken out', async () => {
    proxy.record();
    const created = await fetch(`${proxy.url}/session?directory=${encodeURIComponent(h.server.directory)}`, {
      method: 'POST',
      headers: { ...h.server.authHeaders(), 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Recorded on the wire' }),
    });
    assert.equal(created.status, 200);
    const recorded = proxy.requests.find((r) => r.method === 'POST' && r.path === '/session');
    assert.ok(recorded, JSON.stringify(proxy.requests));
    assert.equal(recorded.search, `?directory=${encodeURIComponent(h.server.directory)}`);
    assert.deepEqual(JSON.parse(recorded.body), { title: 'Recorded on the wire' });

    proxy.setFaults([
      {
        path: /^\/doc$/,
        fault: {
          kind: 'rewrite',
          edit: (body) => {
            const document = JSON.parse(body) as { paths: Record<string, Record<string, unknown>> };
            delete document.paths['/session/{sessionID}'].patch;
            return JSON.stringify(document);
          },
        },
      },
    ]);
    const edited = contractFrom(await doc(proxy.url));
    const real = contractFrom(await doc(h.server.url));
    assert.equal(real.offers('patch', '/session/{sessionID}'), true, 'the server offers it');
    assert.equal(edited.offers('patch', '/session/{sessionID}'), false, 'the proxied document does not');
    assert.equal(edited.offers('get', '/session/{sessionID}'), true, 'the other methods of that path stay');
    proxy.setFaults([]);
  });
});
