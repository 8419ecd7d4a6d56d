// What kubeopencode-server or the Kubernetes API server said when it did not stop a Task, in words that say what to
// do. kubeopencode-server answers its ErrorResponse `{error, message, code}` (internal/server/types/types.go): 400
// "Task is not running", 404 "Task not found", 500 "Failed to stop task" with the API server's own refusal in
// `message` (it acts as the caller, so a missing RBAC right arrives as a 404 or 500 saying "forbidden"); the API server
// answers a Status `{message, reason, code}`. Bodies are a few hundred bytes: a longer one is not parsed.

/** A refusal body longer than this is not parsed (one JSON.parse of a huge body would hold the thread). */
export const MAX_REFUSAL_CHARS = 16 * 1024;
/** What of a refusal a notification shows. */
const MAX_SAID_CHARS = 300;

export interface StopRefusal {
  status: number;
  /** What the answer said (its `message`, else its `error`, else the start of its text), at most 300 characters. */
  said: string;
  /** The refusal is RBAC's: a 403, or kubeopencode-server passing on the API server's "forbidden". */
  forbidden: boolean;
  /** kubeopencode-server's 400: the Task is not running (any more). */
  notRunning: boolean;
}

export function readStopRefusal(status: number, body: string): StopRefusal {
  let said = '';
  let error = '';
  if (body.length <= MAX_REFUSAL_CHARS) {
    try {
      const parsed: unknown = JSON.parse(body);
      if (parsed && typeof parsed === 'object') {
        const { message, error: kind } = parsed as { message?: unknown; error?: unknown };
        if (typeof kind === 'string') error = kind;
        said = typeof message === 'string' && message ? message : error;
      }
    } catch {
      // Not JSON (a proxy's page, plain text): its start is shown.
    }
  }
  if (!said) said = body.slice(0, MAX_SAID_CHARS).trim();
  said = oneLine(said.length > MAX_SAID_CHARS ? `${said.slice(0, MAX_SAID_CHARS)}…` : said);
  // kubeopencode-server reads the Task as the caller first: a caller who may not answers 404 "Task not found" saying
  // "forbidden"; one who may read but not patch, 500 "Failed to stop task" saying so.
  const forbidden = status === 403 || (status >= 400 && status !== 401 && /\bforbidden\b/i.test(said));
  const notRunning = status === 400 && /not running/i.test(`${error} ${said}`);
  return { status, said, forbidden, notRunning };
}

/** Control characters and line breaks read as spaces: the text goes on one line of a notification. */
function oneLine(text: string): string {
  let out = '';
  for (const ch of text) out += ch < ' ' || ch === '\u007f' ? ' ' : ch;
  return out;
}
