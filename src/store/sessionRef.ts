// The one way to name a session across servers: its server's id and its own. The active session remembers it;
// rows, notifications, the status bar and the panel's saved state hand it on, each adding what it needs on top
// (`interface … extends SessionRef`): a row or command argument its `kind` (app/sessions/sessionRef.ts's sessionRef()), a
// changed file its path, a request its id. A command reads it from an argument with `isSessionRef`.
// (A route on one server names a session by id and folder instead: the client's `SessionAddress`.)
export interface SessionRef {
  readonly serverId: string;
  readonly sessionId: string;
}

/** Whether a value (a command argument, a saved state) names a session: both ids are strings. */
export function isSessionRef(value: unknown): value is SessionRef {
  const ref = value as { serverId?: unknown; sessionId?: unknown } | null | undefined;
  return typeof ref?.serverId === 'string' && typeof ref.sessionId === 'string';
}
