// The loopback status endpoint and its discovery entries: loopback only, the run's token or nothing, and
// one entry per window only this user can read. Real HTTP on 127.0.0.1.
import assert from 'node:assert/strict';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CREATED_MARKER,
  endpointDirProblem,
  newEntryFile,
  pidNamespace,
  readEndpoints,
  removeEndpointInfo,
  writeEndpointInfo,
} from '../../../src/client/discovery/endpointDiscovery';
import { startStatusEndpoint, type StatusEndpoint } from '../../../src/api/statusEndpoint';
import type { SessionStatus } from '../../../src/store/sessionStatus';

const SECRET_FIGURE = 0.123456789;
const known = { session: { id: 'ses_known' }, usage: { total: { cost: SECRET_FIGURE } } } as unknown as SessionStatus;

function get(
  endpoint: StatusEndpoint,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; body: string }> {
  const url = new URL(path, endpoint.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: url.port, path: url.pathname + url.search, method, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('status endpoint', () => {
  let endpoint: StatusEndpoint;
  const asked: string[] = [];
  const auth = () => ({ authorization: `Bearer ${endpoint.token}` });

  before(async () => {
    endpoint = await startStatusEndpoint((id, scope) => {
      asked.push(`${id}:${scope}`);
      return Promise.resolve(id === 'ses_known' ? known : undefined);
    });
  });
  after(() => endpoint?.close());

  test('listens on 127.0.0.1 with a long random token', () => {
    assert.match(endpoint.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(endpoint.token, /^[0-9a-f]{64}$/);
  });

  test('the right token gets the status as JSON; scope is passed on', async () => {
    const res = await get(endpoint, '/v1/session-status?sessionID=ses_known&scope=root', auth());
    assert.equal(res.status, 200);
    assert.equal((JSON.parse(res.body) as { usage: { total: { cost: number } } }).usage.total.cost, SECRET_FIGURE);
    assert.equal(asked.at(-1), 'ses_known:root');
  });

  test('a missing, malformed or wrong token is refused with 401 and nothing of the status', async () => {
    const before = asked.length;
    const variants: Array<Record<string, string>> = [
      {},
      { authorization: 'Bearer' },
      { authorization: `Basic ${endpoint.token}` },
      { authorization: `Bearer ${'0'.repeat(64)}` },
      { authorization: `Bearer ${endpoint.token}x` },
    ];
    for (const headers of variants) {
      const res = await get(endpoint, '/v1/session-status?sessionID=ses_known', headers);
      assert.equal(res.status, 401, JSON.stringify(headers));
      assert.ok(!res.body.includes(String(SECRET_FIGURE)) && !res.body.includes(endpoint.token), 'nothing leaked');
    }
    assert.equal(asked.length, before, 'the status was never computed');
  });

  test('a Host header that is not the loopback address is refused (no DNS rebinding)', async () => {
    const res = await get(endpoint, '/v1/session-status?sessionID=ses_known', {
      ...auth(),
      host: `evil.example:${new URL(endpoint.url).port}`,
    });
    assert.equal(res.status, 403);
    assert.ok(!res.body.includes(String(SECRET_FIGURE)));
  });

  test('unknown session 404, malformed id 400, other methods 405, other paths 404', async () => {
    assert.equal((await get(endpoint, '/v1/session-status?sessionID=ses_other', auth())).status, 404);
    assert.equal((await get(endpoint, '/v1/session-status?sessionID=..%2F..%2Fetc', auth())).status, 400);
    assert.equal((await get(endpoint, '/v1/session-status', auth())).status, 400);
    assert.equal(
      (await get(endpoint, '/v1/session-status?sessionID=ses_known&scope=tree', auth())).status,
      400,
      'a scope other than session or root',
    );
    assert.equal((await get(endpoint, '/v1/session-status?sessionID=ses_known', auth(), 'POST')).status, 405);
    assert.equal((await get(endpoint, '/elsewhere', auth())).status, 404);
  });
});

describe('endpoint discovery entries, one per window', () => {
  const root = mkdtempSync(join(tmpdir(), 'ocs-discovery-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const entry = (port: number, pid = process.pid, folders: string[] = []) => ({
    url: `http://127.0.0.1:${port}`,
    token: 't'.repeat(64),
    pid,
    folders,
    startedAt: port,
  });

  test('written for this user only, read back while its process runs, each window removing only its own', () => {
    const dir = join(root, 'nested', 'endpoints');
    const [a, b] = [newEntryFile(dir), newEntryFile(dir)];
    assert.notEqual(a, b);
    writeEndpointInfo(a, entry(4321, process.pid, ['/work/a']));
    writeEndpointInfo(b, entry(4322));
    assert.equal(statSync(a).mode & 0o777, 0o600);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.deepEqual(
      readEndpoints(dir).sort((x, y) => x.startedAt - y.startedAt),
      [entry(4321, process.pid, ['/work/a']), entry(4322)],
    );
    removeEndpointInfo(a);
    assert.deepEqual(readEndpoints(dir), [entry(4322)], "the other window's entry stays");
  });

  test("a dead process's entry is ignored and removed; garbage and a non-loopback URL are ignored", () => {
    const dir = join(root, 'dead');
    const dead = newEntryFile(dir);
    writeEndpointInfo(dead, entry(4323, 2 ** 22 + 12345));
    for (const content of ['not json', '{}', JSON.stringify({ ...entry(80), url: 'http://10.0.0.1:80' })])
      writeFileSync(newEntryFile(dir), content);
    const live = newEntryFile(dir);
    writeEndpointInfo(live, entry(4324));
    assert.deepEqual(readEndpoints(dir), [entry(4324)]);
    assert.ok(!existsSync(dead), 'cleaned');
    assert.deepEqual(readEndpoints(join(root, 'missing')), [], 'no folder: no endpoint');
  });

  test(
    'a folder this extension created is tightened to 0700 if its permissions were loosened',
    { skip: process.platform === 'win32' },
    () => {
      const dir = join(root, 'ours');
      writeEndpointInfo(newEntryFile(dir), entry(4330));
      assert.ok(existsSync(join(dir, CREATED_MARKER)), 'created here, and marked so');
      chmodSync(dir, 0o755);
      writeEndpointInfo(newEntryFile(dir), entry(4335));
      assert.equal(statSync(dir).mode & 0o777, 0o700);
      chmodSync(dir, 0o755);
      assert.equal(readEndpoints(dir).length, 2);
      assert.equal(statSync(dir).mode & 0o777, 0o700, 'reading tightens it too');
    },
  );

  test(
    'a loose folder it did not create (OPENCODE_SESSIONS_ENDPOINT_DIR=/tmp, say) is refused and never chmodded',
    { skip: process.platform === 'win32' },
    () => {
      const dir = join(root, 'shared-tmp');
      mkdirSync(dir);
      chmodSync(dir, 0o1777);
      assert.throws(() => writeEndpointInfo(newEntryFile(dir), entry(4336)), /cannot be used: .*mode 1777.*not created by this extension/);
      assert.deepEqual(readEndpoints(dir), []);
      assert.equal(statSync(dir).mode & 0o7777, 0o1777, 'its mode is left as it was');
      chmodSync(dir, 0o700);
      writeEndpointInfo(newEntryFile(dir), entry(4337));
      assert.equal(readEndpoints(dir).length, 1, 'a private folder of the user’s own is used as it is');
    },
  );

  test('a symlinked folder is refused: not written, not read', { skip: process.platform === 'win32' }, () => {
    const real = join(root, 'elsewhere');
    writeEndpointInfo(newEntryFile(real), entry(4331));
    const link = join(root, 'linked');
    symlinkSync(real, link);
    assert.throws(() => writeEndpointInfo(newEntryFile(link), entry(4332)), /endpoints folder cannot be used: .*not a plain folder/);
    assert.deepEqual(readEndpoints(link), []);
    assert.match(endpointDirProblem(link) ?? '', /symlink/);
  });

  test(
    "another user's folder is refused and another user's (planted) entry is ignored, not asked",
    { skip: process.getuid?.() !== 0 && 'chown needs root' },
    () => {
      const dir = join(root, 'planted');
      writeEndpointInfo(newEntryFile(dir), entry(4333));
      const planted = newEntryFile(dir);
      writeEndpointInfo(planted, entry(4334));
      chownSync(planted, 12345, 12345);
      const linked = newEntryFile(dir);
      symlinkSync(planted, linked);
      assert.deepEqual(readEndpoints(dir), [entry(4333)]);
      assert.ok(existsSync(planted), 'not ours to delete');
      chownSync(dir, 12345, 12345);
      assert.deepEqual(readEndpoints(dir), [], "another user's folder is not read");
      assert.throws(() => writeEndpointInfo(newEntryFile(dir), entry(4335)), /belongs to another user \(uid 12345\)/);
    },
  );

  test('a pid this reader cannot see is removed only when it is from its own pid namespace', () => {
    const dir = join(root, 'namespaces');
    const invisible = 2 ** 22 + 999;
    const elsewhere = { ...entry(4340, invisible), pidNamespace: 'host-a/pid:[4026531836]' };
    const here = { ...entry(4341, invisible), pidNamespace: 'container-b/pid:[4026532001]' };
    const live = { ...entry(4342), pidNamespace: 'container-b/pid:[4026532001]' };
    const [a, b, c] = [newEntryFile(dir), newEntryFile(dir), newEntryFile(dir)];
    writeEndpointInfo(a, elsewhere);
    writeEndpointInfo(b, here);
    writeEndpointInfo(c, live);
    assert.deepEqual(readEndpoints(dir, 'container-b/pid:[4026532001]'), [live, elsewhere], 'the live one first, then the unjudged one');
    assert.ok(existsSync(a), "another namespace's entry stays");
    assert.ok(!existsSync(b), 'a dead pid of its own namespace is removed');
    assert.match(pidNamespace(), process.platform === 'linux' ? /\/pid:\[\d+\]$/ : /\/$/);
  });
});
