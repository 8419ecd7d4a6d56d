// Runs inside the private network namespace (`unshare -n`) the real API server gets, started by apiServerProcess.ts.
// The service proxy refuses loopback endpoints, so Agents' pods need real-looking addresses: here every address of
// POD_RANGE is local (an "AnyIP" route on lo), which no one outside this namespace sees. The namespace has no other
// way out, so it is joined to the host's loopback through unix sockets in `dir`:
//   apiserver.sock                 → 127.0.0.1:6443 here (the host side listens on 127.0.0.1:<random> and pipes to it)
//   etcd.sock                      → 127.0.0.1:2379 here (tests compact etcd to expire watches)
//   <pod address>:<port> here      → endpoint-<address>-<port>.sock (the test that serves that Agent listens there)
// Prints one line, `ready`, once /readyz answers; on SIGTERM it stops etcd and the apiserver.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { request } from 'node:https';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { ADVERTISE_ADDRESS, endpointSocket, POD_RANGE, SECURE_PORT, ETCD_PORT, type NamespaceConfig } from './namespaceLayout';
import { joinSockets } from './sockets';

function main(config: NamespaceConfig): void {
  execFileSync('ip', ['link', 'set', 'lo', 'up']);
  execFileSync('ip', ['route', 'add', 'local', POD_RANGE, 'dev', 'lo']);
  const children: ChildProcess[] = [];
  const start = (name: string, binary: string, args: string[]) => {
    const log = createWriteStream(join(config.dir, `${name}.log`));
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    child.once('exit', (code, signal) => {
      if (!stopping) {
        process.stderr.write(`${name} exited (${code ?? signal}); see ${join(config.dir, `${name}.log`)}\n`);
        stop(1);
      }
    });
    children.push(child);
  };
  let stopping = false;
  const stop = (code: number) => {
    stopping = true;
    for (const child of children) child.kill('SIGKILL');
    process.exit(code);
  };
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));

  const etcdUrl = `http://127.0.0.1:${ETCD_PORT}`;
  start('etcd', config.etcd, [
    `--data-dir=${join(config.dir, 'etcd')}`,
    `--listen-client-urls=${etcdUrl}`,
    `--advertise-client-urls=${etcdUrl}`,
    '--listen-peer-urls=http://127.0.0.1:2380',
    '--log-level=warn',
  ]);
  start('apiserver', config.apiserver, [
    `--etcd-servers=${etcdUrl}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${SECURE_PORT}`,
    '--insecure-port=0',
    `--advertise-address=${ADVERTISE_ADDRESS}`,
    ...config.apiserverFlags,
  ]);

  const relay = (path: string, port: number) => createServer((client) => joinSockets(client, connect(port, '127.0.0.1'))).listen(path);
  relay(join(config.dir, 'apiserver.sock'), SECURE_PORT);
  relay(join(config.dir, 'etcd.sock'), ETCD_PORT);
  // Any pod address, each port: the apiserver's proxy connects here, and the test's server is behind the socket.
  for (const port of config.podPorts) {
    createServer((client) => {
      joinSockets(client, connect(endpointSocket(config.dir, client.localAddress ?? '', port)));
    }).listen(port, '0.0.0.0');
  }

  const deadline = Date.now() + 120_000;
  const probe = () => {
    const req = request(
      {
        host: '127.0.0.1',
        port: SECURE_PORT,
        path: '/readyz',
        rejectUnauthorized: false,
        headers: { authorization: `Bearer ${config.adminToken}` },
      },
      (res) => {
        res.resume();
        if (res.statusCode === 200) process.stdout.write('ready\n');
        else retry();
      },
    );
    req.on('error', retry);
    req.end();
  };
  const retry = () => {
    if (Date.now() > deadline) {
      process.stderr.write(`kube-apiserver not ready within 120 s; see ${join(config.dir, 'apiserver.log')}\n`);
      return stop(1);
    }
    setTimeout(probe, 250);
  };
  probe();
}

main(JSON.parse(process.argv[2]) as NamespaceConfig);
