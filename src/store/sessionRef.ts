// The one way to name a session across servers: its server's id and its own. The active session remembers it;
// rows, notifications and the status bar hand it to session commands, marked with `kind` (app/sessionRef.ts's
// sessionRef()) so that a command tells it from other rows.
// (A route on one server names a session by id and folder instead: the client's `SessionAddress`.)
export interface SessionRef {
  /** Set on a command argument (a session command reads only refs and rows that say what they are). */
  readonly kind?: 'session';
  readonly serverId: string;
  readonly sessionId: string;
}
