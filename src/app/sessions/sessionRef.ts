// A session's ref (store/sessionRef.ts, the one shape) made for a command argument: marked with `kind`, so that a
// session command tells it from other rows.
import type { ServerConnection } from '../../client/serverConnection';
import type { SessionRef } from '../../store/sessionRef';

export function sessionRef(connection: ServerConnection, sessionId: string): SessionRef & { readonly kind: 'session' } {
  return { kind: 'session', serverId: connection.config.id, sessionId };
}
