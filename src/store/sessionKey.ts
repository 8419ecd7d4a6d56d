// One key for a session across servers: session ids are unique per server only. NUL cannot occur in a
// server id (a URL) or a session id, so two different pairs never make the same key.
export function sessionKey(serverId: string, sessionId: string): string {
  return `${serverId}\u0000${sessionId}`;
}
