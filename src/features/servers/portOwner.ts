// Who listens on the port the local probe found OpenCode on. Any user of this machine can listen on
// 127.0.0.1:4096 first: a server another user runs there must not be shown as the user's own "local" server
// (its sessions and answers would be someone else's, and what the user sends would go to them). On Linux the
// listening socket's owner is in /proc/net/tcp and /proc/net/tcp6; elsewhere it cannot be told, and the server
// is shown as before. Node built-ins only.
import { readFileSync } from 'node:fs';
import { loopbackListeners } from '../../client/beforeConnection';

/** The uids of the sockets listening on `port` that a connection to loopback reaches (portListener.ts). */
export function listenerUids(table: string, port: number): number[] {
  return loopbackListeners(table, port).map((listener) => listener.uid);
}

/**
 * Why the server listening on `url`'s port must not be shown as this user's, or undefined when it may be: this
 * user owns the listening socket, or the owner cannot be read (not Linux, no /proc).
 */
export function portOwnerProblem(
  url: string,
  uid = process.getuid?.(),
  read = (path: string) => readFileSync(path, 'utf8'),
): string | undefined {
  if (uid === undefined) return undefined;
  const parsed = new URL(url);
  const port = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
  const owners: number[] = [];
  for (const path of ['/proc/net/tcp', '/proc/net/tcp6']) {
    try {
      for (const uid of listenerUids(read(path), port)) owners.push(uid);
    } catch {
      // No such table (no IPv6, not Linux): nothing to tell from it.
    }
  }
  const others = owners.filter((owner) => owner !== uid);
  if (owners.length === 0 || others.length === 0) return undefined;
  return `port ${port} is held by another user of this machine (uid ${others[0]}), not by you (uid ${uid})`;
}
