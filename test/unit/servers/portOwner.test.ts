// Who holds the port the local probe found OpenCode on: read from Linux's /proc/net/tcp and tcp6 (the listening
// socket's uid). A server this user runs is shown; one another user of the machine runs on the port (here a real
// listener started as `nobody`, when the tests run as root) is not.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { describe, test } from 'node:test';
import { listenerUids, portOwnerProblem } from '../../../src/features/servers/portOwner';
import { freePort } from '../../harness/freePort';
import { waitFor } from '../../harness/waitFor';

const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1000 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 11 1 0 100 0 0 10 0
   1: 00000000:1000 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12 1 0 100 0 0 10 0
   2: 0100007F:1000 0100007F:D431 01 00000000:00000000 00:00000000 00000000  1001        0 13 1 0 20 4 30 10 -1
   3: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1002        0 14 1 0 100 0 0 10 0
   4: 0101A8C0:1000 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1003        0 15 1 0 100 0 0 10 0
`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:1000 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1004        0 16 1 0 100 0 0 10 0
   1: 0000000000000000FFFF00000100007F:1000 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1005        0 17 1 0 100 0 0 10 0
   2: 00000000000000000000000000000000:1000 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1006        0 18 1 0 100 0 0 10 0
`;

describe('the owner of the probed port', () => {
  test('listening sockets a loopback connection reaches: 127.x, 0.0.0.0, ::1, ::ffff:127.x, ::; not another port, state or address', () => {
    assert.deepEqual(listenerUids(TCP, 4096), [1000, 0]);
    assert.deepEqual(listenerUids(TCP6, 4096), [1004, 1005, 1006]);
    assert.deepEqual(listenerUids(TCP, 8080), [1002]);
    assert.deepEqual(listenerUids('', 4096), []);
  });

  test('from the tables: shown when every listener is this user’s or none is known; refused when another user’s is', () => {
    const tables =
      (tcp: string, tcp6 = '') =>
      (path: string) =>
        path.endsWith('tcp6') ? tcp6 : tcp;
    const url = 'http://127.0.0.1:4096';
    assert.equal(portOwnerProblem(url, 1000, tables(TCP.split('\n').slice(0, 2).join('\n'))), undefined);
    assert.match(portOwnerProblem(url, 1000, tables(TCP)) ?? '', /another user of this machine \(uid 0\), not by you \(uid 1000\)/);
    assert.equal(portOwnerProblem(url, 1000, tables('')), undefined, 'no listener seen: nothing to tell');
    assert.equal(
      portOwnerProblem(url, 1000, () => {
        throw new Error('ENOENT');
      }),
      undefined,
      'no /proc (not Linux)',
    );
    assert.equal(portOwnerProblem(url, undefined), undefined, 'no uids (Windows)');
  });

  test('a real listener of this user is this user’s', { skip: !hasProc() && 'no /proc/net/tcp' }, async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      assert.equal(portOwnerProblem(`http://127.0.0.1:${port}`), undefined);
      assert.ok(listenerUids(readFileSync('/proc/net/tcp', 'utf8'), port).includes(process.getuid!()));
    } finally {
      server.close();
    }
  });

  test(
    'a real listener of another user is refused',
    { skip: (process.getuid?.() !== 0 || !hasProc()) && 'needs root and /proc' },
    async () => {
      const port = await freePort();
      const script = `require('node:http').createServer((q, s) => s.end('{}')).listen(${port}, '127.0.0.1')`;
      const other = spawn(process.execPath, ['-e', script], { uid: 65534, gid: 65534, stdio: 'ignore' });
      try {
        await waitFor(
          'the other user listening',
          () => listenerUids(readFileSync('/proc/net/tcp', 'utf8'), port),
          (uids) => uids.length > 0,
        );
        assert.match(portOwnerProblem(`http://127.0.0.1:${port}`) ?? '', /held by another user of this machine \(uid 65534\)/);
      } finally {
        other.kill();
      }
    },
  );
});

function hasProc(): boolean {
  try {
    readFileSync('/proc/net/tcp', 'utf8');
    return true;
  } catch {
    return false;
  }
}
