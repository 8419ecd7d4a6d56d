// A finished Task's session as kubeopencode-server answers `GET /api/v1/namespaces/{ns}/tasks/{name}/session`
// (internal/server/handlers/task_session_handler.go passes on the Agent's OpenCode `GET /session/{id}`: a 1.x
// Session.Info). A session's info is small (title, times, summary): a longer answer is not parsed.

/** An answer longer than this is not parsed (one JSON.parse of a huge body would hold the thread). */
export const MAX_SESSION_INFO_CHARS = 256 * 1024;

/** The Session.Info in `body` when it is an object for the session `id`, else undefined. */
export function readTaskSessionInfo(body: string, id: string): Record<string, unknown> | undefined {
  if (body.length > MAX_SESSION_INFO_CHARS) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const info = parsed as Record<string, unknown>;
  return info.id === id ? info : undefined;
}
