// Stopping a test server for sure. `server.close()` waits for every connection to end, and an HTTPS server's
// `closeAllConnections()` misses a socket still in its TLS handshake (it is counted as an HTTP connection only once
// the handshake is done), so a client that reconnected just then kept `close()` waiting past mocha's limit.
// Every raw socket is tracked from its first byte and destroyed on stop.
import type { Server } from 'node:net';
import type { Socket } from 'node:net';

/** Tracks `server`'s sockets from now on; the returned function stops listening and destroys every one. */
export function closerFor(server: Server): () => Promise<void> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
}
