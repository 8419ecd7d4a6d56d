// Pairing by code on 2.x's shapes (packages/protocol/src/groups/server.ts@8f1e7f9, packages/server/src/handlers/
// server.ts, middleware/authorization.ts): what each answer of `GET /auth/connect/{code}` means, what a code and a
// pairing link are, which documents offer pairing, and the reads themselves against a loopback server that answers
// as those files do (with the release-shape adapter's own pairing, releasePairing.ts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { RouteTable } from '../../../../src/client/v2/openApiRoutes';
import {
  documentOffersPairing,
  MAX_PAIRING_ANSWER_BYTES,
  MAX_TOKEN_CHARS,
  pairingAnswer,
  pairingCode,
  pairingLink,
  readPairingOffer,
  redeemPairingCode,
} from '../../../../src/client/v2/pairing';
import { repoRoot } from '../../../harness/paths';
import { PAIRING_REFUSED, ReleasePairing } from '../../../harness/release/releasePairing';
import { releaseDocument } from '../../../harness/release/releaseRoutes';

const REFUSED = { _tag: 'UnauthorizedError', message: PAIRING_REFUSED };
const CREDENTIALS = { _tag: 'UnauthorizedError', message: 'Authentication required' };

describe('pairing: what the connect route answers means', () => {
  test('200 {token}: paired, the token as it came', () => {
    assert.deepEqual(pairingAnswer(200, false, { token: 'tok_abc-123' }), { kind: 'paired', token: 'tok_abc-123' });
  });

  test('401 UnauthorizedError "Pairing link expired or already used", no challenge: the code is refused', () => {
    assert.deepEqual(pairingAnswer(401, false, REFUSED), { kind: 'refused' });
  });

  test('401 from the credential check (its message, or a challenge, or no JSON): the route is not offered', () => {
    for (const [challenged, body] of [
      [false, CREDENTIALS],
      [true, REFUSED],
      [true, undefined],
      [false, undefined],
      [false, { message: PAIRING_REFUSED }],
    ] as const)
      assert.equal(pairingAnswer(401, challenged, body).kind, 'notOffered', JSON.stringify([challenged, body]));
  });

  test('a web page, another JSON, 404, 405 or a redirect: not offered; a token that cannot be one is never taken', () => {
    for (const [status, body] of [
      [200, undefined],
      [200, { data: [] }],
      [200, { token: '' }],
      [200, { token: 42 }],
      [200, { token: 'a\nb' }],
      [200, { token: 'x'.repeat(MAX_TOKEN_CHARS + 1) }],
      [200, [{ token: 't' }]],
      [404, undefined],
      [405, undefined],
      [302, undefined],
    ] as const)
      assert.equal(pairingAnswer(status, false, body).kind, 'notOffered', JSON.stringify([status, body]).slice(0, 80));
  });

  test('anything else fails with its status in words', () => {
    assert.deepEqual(pairingAnswer(503, false, { code: 'service_starting' }), { kind: 'failed', reason: 'the server answered HTTP 503' });
  });
});

describe('pairing: codes and links as typed', () => {
  test('a code is trimmed; empty, spaces inside, slashes, dots alone, controls and overlong ones are refused', () => {
    assert.equal(pairingCode('  ABCD2345 \n'), 'ABCD2345');
    for (const bad of ['', '   ', 'AB CD', 'AB/CD', 'AB\\CD', 'AB\u0000CD', 'x'.repeat(129), '.', '..'])
      assert.equal(pairingCode(bad), undefined, JSON.stringify(bad));
  });

  test('a pairing link gives the server and its code; other URLs and credentials in the URL give nothing', () => {
    assert.deepEqual(pairingLink('http://127.0.0.1:4096/auth/connect/ABCD2345'), { url: 'http://127.0.0.1:4096', code: 'ABCD2345' });
    assert.deepEqual(pairingLink(' https://box.example:8443/auth/connect/A%42C '), { url: 'https://box.example:8443', code: 'ABC' });
    for (const other of [
      'http://127.0.0.1:4096',
      'http://127.0.0.1:4096/auth/connect/',
      'http://127.0.0.1:4096/auth/connect/a/b',
      'http://u:p@127.0.0.1:4096/auth/connect/ABC',
      'file:///auth/connect/ABC',
      'not a url',
    ])
      assert.equal(pairingLink(other), undefined, other);
  });
});

describe('pairing: which documents offer it', () => {
  test("a release's document names the connect route; one without it, and the older 2-line build's recorded one, do not", async () => {
    assert.equal(documentOffersPairing((await RouteTable.read(releaseDocument()))!), true);
    assert.equal(documentOffersPairing((await RouteTable.read(releaseDocument(['GET /auth/connect/{code}'])))!), false);
    const recorded = JSON.parse(readFileSync(join(repoRoot(), 'test', 'fixtures', 'opencode2', 'openapi.json'), 'utf8')) as unknown;
    assert.equal(documentOffersPairing((await RouteTable.read(recorded))!), false);
  });
});

describe('pairing: the reads, against a server answering as 2.x does', () => {
  const pairing = new ReleasePairing();
  let server: Server;
  let url = '';
  /** How the loopback server answers /openapi.json: 2.x asks credentials; a proxy may publish it. */
  let documentAnswer: 'credentials' | 'with pairing' | 'without pairing' = 'credentials';
  let connectHeaders: IncomingHttpHeaders | undefined;
  let oversized = false;

  before(async () => {
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/openapi.json') {
        if (documentAnswer === 'credentials')
          return void res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify(CREDENTIALS));
        const doc = releaseDocument(documentAnswer === 'with pairing' ? [] : ['GET /auth/connect/{code}']);
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc));
      }
      if (path.startsWith('/auth/connect/')) {
        connectHeaders = req.headers;
        if (oversized)
          return void res.writeHead(200, { 'content-type': 'application/json' }).end(`{"token":"${'x'.repeat(MAX_PAIRING_ANSWER_BYTES)}"}`);
        const token = pairing.consume(decodeURIComponent(path.slice('/auth/connect/'.length)));
        res.writeHead(token ? 200 : 401, { 'content-type': 'application/json' }).end(JSON.stringify(token ? { token } : REFUSED));
        return;
      }
      res
        .writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="Secure Area"' })
        .end(JSON.stringify(CREDENTIALS));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('the document: unknown behind credentials (every 2.x server), else whether it names the connect route', async () => {
    documentAnswer = 'credentials';
    assert.deepEqual(await readPairingOffer(url), { kind: 'unknown' });
    documentAnswer = 'with pairing';
    assert.deepEqual(await readPairingOffer(url), { kind: 'offered' });
    documentAnswer = 'without pairing';
    assert.equal((await readPairingOffer(url)).kind, 'notOffered');
    documentAnswer = 'credentials';
  });

  test('a code redeems once, as a JSON client, without credentials; again it is refused; an expired one too', async () => {
    const { code, expires_in } = pairing.issue();
    assert.ok(expires_in > 0);
    const paired = await redeemPairingCode(url, code);
    assert.equal(paired.kind, 'paired');
    assert.equal(connectHeaders?.accept, 'application/json');
    assert.equal(connectHeaders?.authorization, undefined, 'no credentials go with a code');
    assert.ok(pairing.accepts((paired as { token: string }).token));
    assert.deepEqual(await redeemPairingCode(url, code), { kind: 'refused' }, 'used');
    const late = pairing.issue().code;
    pairing.expireAll();
    assert.deepEqual(await redeemPairingCode(url, late), { kind: 'refused' }, 'expired');
  });

  test('an answer past the cap fails as too large; nothing listening is a failure in words', async () => {
    oversized = true;
    try {
      const answer = await redeemPairingCode(url, 'ANY');
      assert.equal(answer.kind, 'failed');
      assert.match((answer as { reason: string }).reason, /larger than 64 KB/);
    } finally {
      oversized = false;
    }
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const gone = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    assert.deepEqual(await redeemPairingCode(gone, 'ANY'), { kind: 'failed', reason: `nothing answers at ${gone}` });
    assert.deepEqual(await readPairingOffer(gone), { kind: 'unreachable', reason: `nothing answers at ${gone}` });
  });
});
