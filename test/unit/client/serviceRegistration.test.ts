// The OpenCode 2 service registration (service.json), read and confirmed as OpenCode's client does
// (packages/client/src/service-probe.ts@1066927: `/api/info`, whose pid and version must match), plus the checks
// this extension adds: owner, mode, live pid. The older 2-line build answered only `/api/health`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { findService } from '../../../src/client/discovery/findService';
import { readRegistration, registrationFiles, serviceStateDir } from '../../../src/client/discovery/serviceRegistration';

const root = mkdtempSync(join(tmpdir(), 'ocs-service-'));
const servers: Server[] = [];
after(() => {
  rmSync(root, { recursive: true, force: true });
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
});

let n = 0;
function stateDir(): string {
  const dir = join(root, `state-${++n}`, 'opencode');
  mkdirSync(dir, { recursive: true });
  return dir;
}

function write(file: string, value: unknown, mode = 0o600): string {
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value), { mode });
  chmodSync(file, mode);
  return file;
}

const uid = process.getuid?.();
const GOOD = { id: 'b0c1', version: '2.0.0', url: 'http://127.0.0.1:49374', pid: process.pid, password: 'secret-pw' };

describe('service registration file', () => {
  test('where OpenCode looks: $XDG_STATE_HOME/opencode, else ~/.local/state/opencode', () => {
    assert.equal(serviceStateDir({ XDG_STATE_HOME: '/x/state' }, '/home/u'), join('/x/state', 'opencode'));
    assert.equal(serviceStateDir({}, '/home/u'), join('/home/u', '.local', 'state', 'opencode'));
  });

  test('service.json first, then other channels; temp files and other names are not registrations', () => {
    const dir = stateDir();
    for (const name of ['service-beta.json', 'service.json.abc.tmp', 'service-alpha.json', 'opencode.db', 'service.json'])
      write(join(dir, name), '{}');
    assert.deepEqual(
      registrationFiles(dir).map((f) => f.slice(dir.length + 1)),
      ['service.json', 'service-alpha.json', 'service-beta.json'],
    );
    assert.deepEqual(registrationFiles(join(root, 'nowhere')), [join(root, 'nowhere', 'service.json')]);
  });

  test('a good file: every field, the trailing slash dropped', () => {
    const file = write(join(stateDir(), 'service.json'), { ...GOOD, url: 'http://127.0.0.1:49374/' });
    assert.deepEqual(readRegistration(file), { kind: 'found', registration: { ...GOOD, file } });
  });

  test('id, version and password are optional (service.ts Info)', () => {
    const file = write(join(stateDir(), 'service.json'), { url: GOOD.url, pid: GOOD.pid });
    assert.deepEqual(readRegistration(file), { kind: 'found', registration: { url: GOOD.url, pid: GOOD.pid, file } });
  });

  test('missing', () => {
    assert.deepEqual(readRegistration(join(root, 'none', 'service.json')), { kind: 'missing', file: join(root, 'none', 'service.json') });
  });

  test('owned by another user: ignored', { skip: uid === undefined && 'no user ids on this platform' }, () => {
    const file = write(join(stateDir(), 'service.json'), GOOD);
    const read = readRegistration(file, { uid: uid! + 1 });
    assert.equal(read.kind, 'ignored');
    assert.match(read.kind === 'ignored' ? read.reason : '', new RegExp(`owned by user ${uid}, not by this user \\(${uid! + 1}\\)`));
  });

  test('readable or writable by others: ignored (OpenCode writes 600)', { skip: uid === undefined && 'no modes on this platform' }, () => {
    for (const mode of [0o644, 0o640, 0o602, 0o660]) {
      const file = write(join(stateDir(), 'service.json'), GOOD, mode);
      const read = readRegistration(file);
      assert.equal(read.kind, 'ignored', mode.toString(8));
      assert.match(read.kind === 'ignored' ? read.reason : '', new RegExp(`mode ${mode.toString(8)}`));
    }
    assert.equal(readRegistration(write(join(stateDir(), 'service.json'), GOOD, 0o400)).kind, 'found');
  });

  test('a symbolic link in its place is not followed', { skip: uid === undefined && 'POSIX only' }, () => {
    const dir = stateDir();
    const real = write(join(dir, 'elsewhere.json'), GOOD);
    symlinkSync(real, join(dir, 'service.json'));
    const read = readRegistration(join(dir, 'service.json'));
    assert.equal(read.kind, 'ignored');
    assert.match(read.kind === 'ignored' ? read.reason : '', /symbolic link/);
  });

  test('its process is gone: ignored', () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    const file = write(join(stateDir(), 'service.json'), { ...GOOD, pid: gone });
    assert.deepEqual(readRegistration(file), { kind: 'ignored', file, reason: `its process ${gone} is gone` });
  });

  test('garbage: ignored with a reason that never quotes the file', () => {
    const cases: Array<[unknown, RegExp]> = [
      ['not json {', /not JSON/],
      ['[1,2]', /not a JSON object/],
      ['null', /not a JSON object/],
      [{ ...GOOD, url: 5 }, /"url" is not an http\(s\) URL/],
      [{ ...GOOD, url: 'file:///etc/passwd' }, /"url" is not an http\(s\) URL/],
      [{ ...GOOD, url: 'http://user:pw@127.0.0.1:1' }, /"url" is not an http\(s\) URL/],
      [{ ...GOOD, pid: 0 }, /"pid" is not a process id/],
      [{ ...GOOD, pid: 1.5 }, /"pid" is not a process id/],
      [{ ...GOOD, pid: '12' }, /"pid" is not a process id/],
      [{ ...GOOD, password: 12 }, /"password" is not a string/],
      ['x'.repeat(70_000), /bytes, not a registration/],
    ];
    for (const [content, reason] of cases) {
      const file = write(join(stateDir(), 'service.json'), content);
      const read = readRegistration(file);
      assert.equal(read.kind, 'ignored', JSON.stringify(content).slice(0, 60));
      const text = read.kind === 'ignored' ? read.reason : '';
      assert.match(text, reason);
      assert.ok(!text.includes('secret-pw'));
    }
  });
});

describe('findService: the registration confirmed by its server', () => {
  /** A server with the given routes; any other path answers 404 with nothing, as OpenCode 2 does. */
  async function serve(routes: Record<string, (auth: string | undefined) => [number, unknown]>): Promise<string> {
    const server = createServer((req, res) => {
      const route = routes[req.url ?? ''];
      if (!route) return void res.writeHead(404).end();
      const [status, body] = route(req.headers.authorization);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  const basic = `Basic ${Buffer.from('opencode:secret-pw').toString('base64')}`;
  /** A 2.x release's `/api/info` (packages/protocol/src/groups/server.ts@1066927 ServerInfo), no `/api/health`. */
  const info = (version: string, pid: number) => ({ version, pid, urls: ['http://127.0.0.1:49374'], paths: { tmp: '/tmp' } });
  const release = (answer: (auth: string | undefined) => [number, unknown]) => serve({ '/api/info': answer });
  const older = (answer: (auth: string | undefined) => [number, unknown]) => serve({ '/api/health': answer });

  test('a 2.x release: found by /api/info when the pid (and version) match, asked with Basic opencode:<password>', async () => {
    const url = await release((auth) => (auth === basic ? [200, info('2.0.0', process.pid)] : [401, {}]));
    const dir = stateDir();
    write(join(dir, 'service.json'), { ...GOOD, url });
    const found = await findService({ env: { XDG_STATE_HOME: join(dir, '..') } });
    assert.deepEqual(found, {
      service: { registration: { ...GOOD, url, file: join(dir, 'service.json') }, version: '2.0.0' },
      ignored: [],
    });
  });

  test('the older 2-line build (no /api/info): confirmed by /api/health', async () => {
    const url = await older(() => [200, { healthy: true, version: '2.0.0', pid: process.pid }]);
    const dir = stateDir();
    write(join(dir, 'service.json'), { ...GOOD, url });
    const found = await findService({ env: { XDG_STATE_HOME: join(dir, '..') } });
    assert.equal(found.service?.version, '2.0.0');
  });

  test('another pid, another version, a 401 or nothing listening: not used, with a line each, the next file tried', async () => {
    const otherPid = await release(() => [200, info('2.0.0', process.pid + 1)]);
    const otherVersion = await release(() => [200, info('2.0.1', process.pid)]);
    const refused = await release(() => [401, {}]);
    const good = await release(() => [200, info('2.0.0', process.pid)]);
    const dir = stateDir();
    write(join(dir, 'service.json'), { ...GOOD, url: otherPid });
    write(join(dir, 'service-a.json'), { ...GOOD, url: otherVersion });
    write(join(dir, 'service-b.json'), { ...GOOD, url: refused });
    write(join(dir, 'service-c.json'), { ...GOOD, url: 'http://127.0.0.1:9' });
    write(join(dir, 'service-d.json'), { ...GOOD, url: good });
    write(join(dir, 'service-e.json'), 'garbage');
    const found = await findService({ env: { XDG_STATE_HOME: join(dir, '..') } });
    assert.equal(found.service?.registration.url, good);
    assert.equal(found.ignored.length, 4, 'the files after the one used are not read');
    assert.match(found.ignored[0], /service\.json does not confirm it: .* served by process \d+, not the registered/);
    assert.match(found.ignored[1], /service-a\.json does not confirm it: .* runs version 2\.0\.1, not the registered 2\.0\.0/);
    assert.match(found.ignored[2], /service-b\.json does not confirm it: .* refuses its password \(HTTP 401\)/);
    assert.match(found.ignored[3], /service-c\.json does not confirm it: nothing answers at/);
    assert.ok(!found.ignored.join('\n').includes('secret-pw'), 'no line carries the password');
  });

  test('a registration there whose server answers otherwise is reported, with what it answered, not dropped', async () => {
    // A release of a kind this extension does not know: neither identity route.
    const unknownKind = await serve({});
    const dir = stateDir();
    write(join(dir, 'service.json'), { ...GOOD, url: unknownKind });
    const found = await findService({ env: { XDG_STATE_HOME: join(dir, '..') } });
    assert.equal(found.service, undefined);
    assert.equal(found.unconfirmed?.registration.url, unknownKind);
    assert.match(found.unconfirmed?.reason ?? '', /HTTP 404 on \/api\/info and HTTP 404 on \/api\/health/);
  });

  test('nothing registered: nothing found, nothing said', async () => {
    assert.deepEqual(await findService({ env: { XDG_STATE_HOME: join(root, 'empty') } }), { ignored: [] });
  });
});
