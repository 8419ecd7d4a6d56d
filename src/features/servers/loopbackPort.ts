// Loopback ports for servers we start (the embedded server, and the tests' and demo's servers).
// No `vscode` import: the harness and the demo use it too.
import { createServer } from 'node:net';

/** A loopback port nobody listens on now (OpenCode's own `--port 0` prefers 4096, which we leave alone). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Whether something already listens on this loopback port. */
export function loopbackPortTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(true));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
  });
}
