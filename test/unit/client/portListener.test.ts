// The OpenCode 2 service's password goes only to the registered process: a registration whose port another process
// holds (the service gone, anyone listening there since) is refused before any request, so that process never sees
// the password. Real listeners here: one in this process, one in a child process of its own.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import { confirmRegistration } from '../../../src/client/discovery/findService';
import { loopbackListeners, registeredListenerProblem, type ProcReader } from '../../../src/client/discovery/portListener';
import { waitFor } from '../../harness/waitFor';

const linux = existsSync('/proc/net/tcp');
const PASSWORD = 'secret-pw';

/** A child Node process listening on loopback that prints its port, and every authorization header it is sent. */
async function childListener(): Promise<{ child: ChildProcess; port: number; heard: string[] }> {
  const script = `
    const server = require('node:http').createServer((req, res) => {
      process.stdout.write('AUTH ' + (req.headers.authorization ?? '') + '\\n');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ version: '2.0.0', pid: process.pid, urls: [] }));
    });
    server.listen(0, '127.0.0.1', () => process.stdout.write('PORT ' + server.address().port + '\\n'));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const heard: string[] = [];
  let port = 0;
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    for (const line of text.split('\n')) {
      if (line.startsWith('PORT ')) port = Number(line.slice(5));
      if (line.startsWith('AUTH ')) heard.push(line.slice(5));
    }
  });
  await waitFor(
    'the child to listen',
    () => port,
    (p) => p > 0,
  );
  return { child, port, heard };
}

describe('the registered process holds the port before its password is sent', () => {
  const children: ChildProcess[] = [];
  const servers: Server[] = [];
  after(() => {
    for (const child of children) child.kill();
    for (const server of servers) server.close();
  });

  test('another process listening on the registered port: refused, and it is sent nothing', { skip: !linux && 'no /proc' }, async () => {
    const { child, port, heard } = await childListener();
    children.push(child);
    // Registered as this process, which runs, but the child holds the port.
    const answer = await confirmRegistration({
      url: `http://127.0.0.1:${port}`,
      pid: process.pid,
      password: PASSWORD,
      file: 'service.json',
    });
    assert.match(
      typeof answer === 'string' ? answer : JSON.stringify(answer),
      new RegExp(`port ${port} is held by another process \\(of uid \\d+\\), not by the registered process ${process.pid}`),
    );
    assert.deepEqual(heard, [], 'no request reached the listener');
  });

  test('the registered process listening there: confirmed, asked with the password', { skip: !linux && 'no /proc' }, async () => {
    const { child, port, heard } = await childListener();
    children.push(child);
    const answer = await confirmRegistration({
      url: `http://127.0.0.1:${port}`,
      pid: child.pid!,
      password: PASSWORD,
      file: 'service.json',
    });
    assert.deepEqual(answer, { version: '2.0.0' });
    assert.deepEqual(heard, [`Basic ${Buffer.from(`opencode:${PASSWORD}`).toString('base64')}`]);
  });

  test(
    'this process listening (its own socket found among its descriptors); a registered process that is gone',
    { skip: !linux && 'no /proc' },
    async () => {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      assert.equal(registeredListenerProblem(url, process.pid), undefined);
      assert.match(registeredListenerProblem(url, 2 ** 22 + 17) ?? '', /registered process 4194321 is gone or not this user's/);
    },
  );

  test('from given tables: nothing listening, no /proc, a URL that is not loopback', () => {
    const none: ProcReader = { read: () => 'header\n', list: () => [], link: () => '' };
    assert.equal(registeredListenerProblem('http://127.0.0.1:4096', 1, none), 'nothing answers at http://127.0.0.1:4096');
    const noProc: ProcReader = {
      read: () => {
        throw new Error('ENOENT');
      },
      list: () => [],
      link: () => '',
    };
    assert.equal(registeredListenerProblem('http://127.0.0.1:4096', 1, noProc), undefined, 'cannot be told: as before');
    assert.match(registeredListenerProblem('http://10.0.0.2:4096', 1, none) ?? '', /not on this machine/);
    const table = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1000 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0 100 0 0 10 0
`;
    assert.deepEqual(loopbackListeners(table, 4096), [{ uid: 1000, inode: '4242' }]);
    const holding: ProcReader = {
      read: (path) => (path.endsWith('tcp') ? table : ''),
      list: () => ['0', '7'],
      link: (p) => (p.endsWith('/7') ? 'socket:[4242]' : '/dev/null'),
    };
    assert.equal(registeredListenerProblem('http://127.0.0.1:4096', 5, holding), undefined);
    const elsewhere: ProcReader = { ...holding, link: () => 'socket:[99]' };
    assert.match(
      registeredListenerProblem('http://127.0.0.1:4096', 5, elsewhere) ?? '',
      /held by another process \(of uid 1000\), not by the registered process 5/,
    );
  });

  test('another user at another loopback address on the same port: refused, though the registered process listens there too', () => {
    const header = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
    // The service on [::1]:4096 (inode 4242, its own), another user on 127.0.0.1:4096 (inode 99): `localhost` and
    // `127.0.0.1` reach the other user's socket.
    const tcp6 = `${header}   0: 00000000000000000000000001000000:1000 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0 100 0 0 10 0\n`;
    const tcp = `${header}   0: 0100007F:1000 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1001        0 99 1 0 100 0 0 10 0\n`;
    const proc: ProcReader = {
      read: (path) => (path.endsWith('tcp6') ? tcp6 : tcp),
      list: () => ['7'],
      link: () => 'socket:[4242]',
    };
    for (const url of ['http://127.0.0.1:4096', 'http://localhost:4096', 'http://[::1]:4096'])
      assert.match(
        registeredListenerProblem(url, 5, proc, 1000) ?? 'sent the password',
        /port 4096 is also held by another user's process \(uid 1001\), which a connection to .* may reach/,
        url,
      );
    // The other socket this user's own (a helper of the service's): no stranger.
    assert.equal(registeredListenerProblem('http://localhost:4096', 5, proc, 1001), undefined);
    // Both sockets the registered process's: confirmed.
    const both: ProcReader = { ...proc, list: () => ['7', '8'], link: (p) => (p.endsWith('/7') ? 'socket:[4242]' : 'socket:[99]') };
    assert.equal(registeredListenerProblem('http://localhost:4096', 5, both, 1000), undefined);
  });
});
