// The pairing readers of the scale registry (../registry.ts): what src/client/v2/pairing.ts reads of a server the
// user has only named, before any password — its API document asked without credentials, and the connect route's
// answer to a code. Both fetch from the suite's loopback adversary (../v2Server.ts), which asks no credentials.
import assert from 'node:assert/strict';
import { readPairingOffer, redeemPairingCode } from '../../../src/client/v2/pairing';
import { releaseDocument } from '../../harness/release/releaseRoutes';
import { reader, type Reader } from '../reader';
import { V2Adversary } from '../v2Server';

const V2 = 'src/client/v2/';
const CODE = 'ABCD2345';
const CONNECT = `GET /auth/connect/${CODE}`;

const redeem = reader<number, V2Adversary>({
  name: 'Pairing answer (redeemPairingCode)',
  covers: [`${V2}pairing.ts#redeemPairingCode`, `${V2}pairing.ts#pairingAnswer`],
  // A thousand: ten thousand is past the answer's cap in every shape.
  n: 1_000,
  setup: () => V2Adversary.start(),
  teardown: (server) => server.close(),
  read: (_n, server) => redeemPairingCode(server.endpoint.url, CODE),
  shapes: [
    {
      name: 'a token of n characters',
      make: (n, server) => {
        server.reset();
        server.json(CONNECT, { token: 't'.repeat(n) });
        return n;
      },
    },
    {
      name: 'a token beside n padding keys',
      worst: true,
      make: (n, server) => {
        server.reset();
        server.json(CONNECT, { token: 'tok', ...Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])) });
        return n;
      },
    },
    {
      name: 'an endless answer of n×1 KB chunks',
      worst: true,
      capped: true,
      make: (n, server) => {
        server.reset();
        server.routes.set(CONNECT, (_q, res) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"token":"');
          let sent = 0;
          const more = () => {
            while (sent < n && res.write('x'.repeat(1024))) sent++;
            if (sent < n) res.once('drain', more);
            else res.end('"}');
          };
          more();
        });
        return n;
      },
    },
  ],
  check: (answer, n, shape) => {
    const read = answer as { kind: string; token?: string; reason?: string };
    if (shape === 'a token of n characters') {
      // A token longer than 4096 characters is no session token.
      if (n <= 4096) assert.equal(read.token?.length, n);
      else assert.equal(read.kind, 'notOffered');
      return;
    }
    const size = shape.startsWith('an endless') ? n * 1024 : n * 12;
    if (size <= 60 * 1024) return assert.equal(read.token, 'tok');
    assert.equal(read.kind, 'failed');
    assert.match(read.reason ?? '', /larger than 64 KB/, 'a clear "too large"');
  },
});

/** The release's document with n more routes (the pairing route among them, or not). */
function documentOf(n: number, pairing: boolean): Record<string, unknown> {
  const document = releaseDocument(pairing ? [] : ['GET /auth/connect/{code}']) as { paths: Record<string, unknown> };
  for (let i = 0; i < n; i++) document.paths[`/api/extra/${i}/{id}`] = { get: { responses: {} } };
  return document;
}

const offer = reader<boolean, V2Adversary>({
  name: 'Pairing offer in the API document (readPairingOffer)',
  covers: [`${V2}pairing.ts#readPairingOffer`],
  // A thousand: ten thousand routes is past what RouteTable reads.
  n: 1_000,
  setup: () => V2Adversary.start(),
  teardown: (server) => server.close(),
  read: (_pairing, server) => readPairingOffer(server.endpoint.url),
  shapes: [
    {
      name: 'a document of n routes with the pairing route',
      make: (n, server) => {
        server.reset();
        server.json('GET /openapi.json', documentOf(n, true));
        return true;
      },
    },
    {
      name: 'a document of n routes without it',
      make: (n, server) => {
        server.reset();
        server.json('GET /openapi.json', documentOf(n, false));
        return false;
      },
    },
  ],
  check: (answer, n, shape) => {
    const read = answer as { kind: string };
    // Past RouteTable's 4 000 operations the document is no answer about pairing (the code's answer decides).
    if (n > 3_900) return assert.equal(read.kind, 'unknown');
    assert.equal(read.kind, shape.includes('without') ? 'notOffered' : 'offered');
  },
});

export const pairingReaders: Array<Reader<unknown, unknown>> = [redeem, offer];
