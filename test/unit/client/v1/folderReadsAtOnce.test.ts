// A 1.x server answers statuses and requests per folder: a listing of sessions in many folders must not have the
// extension ask every folder at once (a request, a socket and a descriptor each, in the host every extension shares).
// A 1.x stand-in of the test's own, answering each request 50 ms later, counts the requests in flight.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { V1Api } from '../../../../src/client/v1/api';

const FOLDERS = 300;
let server: Server;
let url = '';
let inFlight = 0;
let most = 0;
let answered = 0;
let asked = 0;

before(async () => {
  server = createServer((req, res) => {
    inFlight++;
    asked++;
    most = Math.max(most, inFlight);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    // Every folder has a session running (so its requests are read too), and nothing waiting.
    const body = path === '/session/status' ? { [`ses_${asked}`]: { type: 'busy' } } : [];
    setTimeout(() => {
      inFlight--;
      answered++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    }, 50);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

const folders = () => Array.from({ length: FOLDERS }, (_, i) => `/w/project${i}`);

test('a snapshot of sessions in many folders reads a few folders at a time', async () => {
  most = 0;
  answered = 0;
  const reads = new V1Api({ url }).snapshotReads();
  // As a listing reveals them: a page of folders, then another.
  reads.add(folders().slice(0, FOLDERS / 2));
  reads.add(folders().slice(FOLDERS / 2));
  const { statuses } = await reads.settle();
  assert.equal(Object.keys(statuses).length, FOLDERS, 'every folder’s statuses read');
  assert.equal(answered, 3 * FOLDERS, 'statuses, permissions and questions of each');
  assert.ok(most <= 8, `${most} requests in flight at once`);
});

test('requests read again after an answer failed: a few folders at a time', async () => {
  most = 0;
  answered = 0;
  const { requests, failures } = await new V1Api({ url }).listPendingRequests(folders());
  assert.deepEqual([requests, failures], [[], []]);
  assert.equal(answered, 2 * FOLDERS);
  assert.ok(most <= 8, `${most} requests in flight at once`);
});
