// A session's ref (store/sessionRef.ts, the one shape) made for a command argument: marked with `kind`.
import type { ServerConnection } from '../client/serverConnection';
import type { SessionRef } from '../store/sessionRef';

export type { SessionRef };

export function sessionRef(connection: ServerConnection, sessionId: string): SessionRef {
  return { kind: 'session', serverId: connection.config.id, sessionId };
}
