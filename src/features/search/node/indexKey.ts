// Where a server's content index is kept: a folder named by what the server is, not by its URL.
import { createHash } from 'node:crypto';
import type { ServerConnection } from '../../../client/serverConnection';

/**
 * The folder a server's index lives in, a hash of what the server is. A server this extension starts gets a new
 * port every time: it is known by what it is, not by its URL. Whatever answers on the probed port (:4096), and the
 * OpenCode 2 service (which may move, or be another install with another store), may be another server each time:
 * known by what it lists, its oldest session (servers that share one store list the same), and kept in memory until
 * it lists one — so no server is ever asked about another's sessions, nor reads an index of them.
 */
export function storageKey(connection: Pick<ServerConnection, 'config' | 'state' | 'sessions'>): string | undefined {
  const { config } = connection;
  let identity: string;
  if (config.origin === 'embedded') identity = 'embedded';
  else if (config.found) {
    if (connection.state.kind !== 'online') return undefined;
    const oldest = oldestSession(connection);
    if (oldest === undefined) return undefined;
    identity = config.found.by === 'service' ? `service:${config.found.where}\u0000${oldest}` : `probe:${config.id}\u0000${oldest}`;
  } else identity = config.id;
  return createHash('sha256').update(identity).digest('hex').slice(0, 24);
}

/**
 * The id of the session created first (by its time: OpenCode's session ids sort newest first, so the smallest id
 * is the newest); creating sessions does not change it, only deleting that one.
 */
export function oldestSession(connection: Pick<ServerConnection, 'sessions'>): string | undefined {
  let oldest: { id: string; created: number } | undefined;
  for (const { info } of connection.sessions.all()) {
    const created = info.time.created;
    if (!oldest || created < oldest.created || (created === oldest.created && info.id < oldest.id)) oldest = { id: info.id, created };
  }
  return oldest?.id;
}
