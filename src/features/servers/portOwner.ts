// Who listens on the port the local probe found OpenCode on. Any user of this machine can listen on
// 127.0.0.1:4096 first: a server another user runs there must not be shown as the user's own "local" server
// (its sessions and answers would be someone else's, and what the user sends would go to them). On Linux the
// listening socket's owner is in /proc/net/tcp and /proc/net/tcp6; elsewhere it cannot be told, and the server
// is shown as before. Node built-ins only.
import { readFileSync } from 'node:fs';

const LISTEN = '0A';

/**
 * The uids of the sockets listening on `port` that a connection to loopback reaches: bound to 127.0.0.1 (or any
 * 127.x), 0.0.0.0, ::1, :: or ::ffff:127.x. `table` is /proc/net/tcp's or tcp6's text.
 */
export function listenerUids(table: string, port: number): number[] {
  const uids: number[] = [];
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 8 || fields[3] !== LISTEN) continue;
    const [address, hexPort] = fields[1].split(':');
    if (parseInt(hexPort, 16) !== port || !reachesLoopback(address)) continue;
    uids.push(Number(fields[7]));
  }
  return uids;
}

/** /proc/net's address: IPv4 as one little-endian word, IPv6 as four. */
function reachesLoopback(hex: string): boolean {
  if (hex.length === 8) {
    const firstOctet = parseInt(hex.slice(6, 8), 16);
    return hex === '00000000' || firstOctet === 127;
  }
  if (hex.length !== 32) return false;
  const words = [0, 8, 16, 24].map((i) => hex.slice(i, i + 8));
  if (words.every((w) => w === '00000000')) return true; // ::
  if (words.slice(0, 3).every((w) => w === '00000000') && words[3] === '01000000') return true; // ::1
  // ::ffff:a.b.c.d, the IPv4 word little-endian
  return words[0] === '00000000' && words[1] === '00000000' && words[2] === 'FFFF0000' && parseInt(words[3].slice(6, 8), 16) === 127;
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
      owners.push(...listenerUids(read(path), port));
    } catch {
      // No such table (no IPv6, not Linux): nothing to tell from it.
    }
  }
  const others = owners.filter((owner) => owner !== uid);
  if (owners.length === 0 || others.length === 0) return undefined;
  return `port ${port} is held by another user of this machine (uid ${others[0]}), not by you (uid ${uid})`;
}
