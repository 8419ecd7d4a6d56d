// Who listens on a loopback port, from Linux's /proc: the listening sockets in /proc/net/tcp and tcp6 (their owner
// uid and inode), and whether a given process holds one of them (its /proc/<pid>/fd links `socket:[inode]`). A
// registration names a port and a pid; any user of this machine can listen on that port once the service is gone,
// so its password is sent only once the registered process is seen listening there. Node built-ins only.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

const LISTEN = '0A';

export interface Listener {
  uid: number;
  inode: string;
}

/** What the checks read; tests give their own. */
export interface ProcReader {
  read(path: string): string;
  list(dir: string): string[];
  link(path: string): string;
}

const PROC: ProcReader = {
  read: (path) => readFileSync(path, 'utf8'),
  list: (dir) => readdirSync(dir),
  link: (path) => readlinkSync(path),
};

/**
 * The sockets listening on `port` that a connection to loopback reaches: bound to 127.0.0.1 (or any 127.x),
 * 0.0.0.0, ::1, :: or ::ffff:127.x. `table` is /proc/net/tcp's or tcp6's text.
 */
export function loopbackListeners(table: string, port: number): Listener[] {
  const found: Listener[] = [];
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10 || fields[3] !== LISTEN) continue;
    const [address, hexPort] = fields[1].split(':');
    if (parseInt(hexPort, 16) !== port || !reachesLoopback(address)) continue;
    found.push({ uid: Number(fields[7]), inode: fields[9] });
  }
  return found;
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

/** Every loopback listener on `port`, or undefined when the tables cannot be read (not Linux, no /proc). */
export function listenersOn(port: number, proc: ProcReader = PROC): Listener[] | undefined {
  let read = false;
  const found: Listener[] = [];
  for (const path of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let table: string;
    try {
      table = proc.read(path);
    } catch {
      // No such table (no IPv6, not Linux): nothing to tell from it.
      continue;
    }
    read = true;
    for (const listener of loopbackListeners(table, port)) found.push(listener);
  }
  return read ? found : undefined;
}

const LOOPBACK_HOST = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])$/i;

/**
 * Why `url` must not be sent the password registered with process `pid`, or undefined when it may: the registered
 * process listens on the URL's port, and no other user does at an address a connection to loopback reaches. One
 * socket of the registered process is not enough: another user may listen on the same port at another loopback
 * address (127.0.0.1 beside the service's ::1, or ::1 beside its 127.0.0.1), and `localhost` or a dual-stack
 * connect reaches whichever the resolver names first. Sockets of this user's own processes are no stranger's (they
 * could read the registration anyway). Where that cannot be told (not Linux, no /proc) the answer is undefined, as
 * the :4096 owner check (portOwner.ts) has it. A URL that is not loopback is refused: no one can tell who listens
 * there.
 */
export function registeredListenerProblem(
  url: string,
  pid: number,
  proc: ProcReader = PROC,
  uid: number | undefined = process.getuid?.(),
): string | undefined {
  const parsed = new URL(url);
  if (!LOOPBACK_HOST.test(parsed.hostname)) return `${url} is not on this machine (loopback), where its listener could be checked`;
  const port = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
  const listeners = listenersOn(port, proc);
  if (listeners === undefined) return undefined;
  if (listeners.length === 0) return `nothing answers at ${url}`;
  let fds: string[];
  try {
    fds = proc.list(`/proc/${pid}/fd`);
  } catch {
    return `the registered process ${pid} is gone or not this user's`;
  }
  const wanted = new Set(listeners.map((l) => l.inode));
  const held = new Set<string>();
  for (const fd of fds) {
    let target: string;
    try {
      target = proc.link(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue; // closed meanwhile
    }
    const inode = target.startsWith('socket:[') ? target.slice(8, -1) : undefined;
    if (inode !== undefined && wanted.has(inode)) held.add(inode);
  }
  const uids = (of: Listener[]) => [...new Set(of.map((l) => l.uid))].join(', ');
  if (held.size === 0) return `port ${port} is held by another process (of uid ${uids(listeners)}), not by the registered process ${pid}`;
  const strangers = listeners.filter((l) => !held.has(l.inode) && l.uid !== uid);
  if (strangers.length === 0) return undefined;
  return `port ${port} is also held by another user's process (uid ${uids(strangers)}), which a connection to ${parsed.hostname} may reach`;
}
