// One error type for every way a server call can fail, with a message that says what happened: a server that
// answered is never reported as unreachable, and no raw JavaScript error ("Unexpected token <") reaches a user.
import { readText } from './send';
import { ServerError } from './serverErrorType';
import { JsonLimitError, parseJson } from './slicedJson';

// The type lives on its own so that the capped reads (send.ts) can throw it without importing this module.
export { ServerError, type ServerErrorKind } from './serverErrorType';

interface SdkResult<T> {
  data?: T;
  error?: unknown;
  response?: Response;
}

const HTML_PAGE = 'the server answered an HTML page (a login or proxy page?)';

/**
 * Unwraps an SDK result (`{data, error, response}`; network failures arrive as `error`, not thrown).
 * Unknown routes answer 200 text/html (the web UI), so a non-JSON answer means "not an OpenCode API". The V1
 * client asks the SDK for the body as a stream (v1/client.ts): it is read here, capped, and parsed a slice at a time.
 */
export async function unwrap<T>(call: Promise<SdkResult<T>>, what: string): Promise<T> {
  let result: SdkResult<T>;
  try {
    result = await call;
  } catch (err) {
    throw asServerError(err, what);
  }
  checkAnswer(result, what);
  const response = result.response;
  // An empty body reads as `{}`, as the SDK's own JSON parsing has it.
  if (result.data instanceof ReadableStream && response) return (await readJsonBody(response, what, {})) as T;
  if (result.error !== undefined || result.data === undefined) {
    if (!response) throw asServerError(result.error, what);
    throw new ServerError('not-opencode', `${what}: the server's answer was not what OpenCode sends${detail(result.error)}`);
  }
  return result.data;
}

/** Throws for a 401, another failed status or an answer that is not JSON (its unread body is let go). */
export function checkAnswer(result: SdkResult<unknown>, what: string): void {
  const response = result.response;
  try {
    if (response?.status === 401) throw new ServerError('unauthorized', `${what}: the server asked for a password (401).`, 401);
    if (response && !response.ok) {
      throw new ServerError('http', `${what}: the server answered HTTP ${response.status}${detail(result.error)}`, response.status);
    }
    const type = response?.headers.get('content-type') ?? '';
    if (response && !type.includes('json')) {
      throw new ServerError(
        'not-opencode',
        `${what}: ${notOpencodeAnswer(looksLikeHtml(result.data) ? 'text/html' : type)} — is this URL an OpenCode server?`,
      );
    }
  } catch (err) {
    if (result.data instanceof ReadableStream) void result.data.cancel().catch(() => undefined);
    throw err;
  }
}

/** A JSON body, capped (send.ts) and parsed a slice at a time (slicedJson.ts); `empty` for no body at all. */
export async function readJsonBody(response: Response, what: string, empty: unknown, onText?: (chars: number) => void): Promise<unknown> {
  try {
    const text = await readText(response);
    onText?.(text.length);
    return text ? await parseJson(text) : empty;
  } catch (err) {
    throw asServerError(err, what);
  }
}

/** An error answer's message for the error's words: its JSON (2.x `{_tag, message}`, 1.x `{name, data: {message}}`), else its text. */
export function errorBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Any failure of a call, in words: timeouts with their limit, invalid JSON, refused connections. */
export function asServerError(err: unknown, what: string): ServerError {
  if (err instanceof ServerError) return err;
  const name = err instanceof Error || err instanceof DOMException ? err.name : '';
  const message = err instanceof Error || err instanceof DOMException ? err.message : '';
  if (name === 'TimeoutError') {
    const seconds = /within (\d+) s/.exec(message)?.[1];
    return new ServerError('timeout', `${what}: the server did not answer within ${seconds ? `${seconds} s` : 'the time limit'}.`);
  }
  if (name === 'AbortError') return new ServerError('timeout', `${what}: stopped before the server answered.`);
  // The SDK parses a JSON body with JSON.parse, which throws SyntaxError: the server answered, but not JSON.
  // The SDK throws this itself for any answer of exactly `text/html`, whatever its status.
  if (/Server responded with text\/html/.test(message))
    return new ServerError('not-opencode', `${what}: ${HTML_PAGE} — is this URL an OpenCode server?`);
  // undici's word for a body cut off mid-way: the server answered, then closed the connection.
  if (name === 'TypeError' && message === 'terminated')
    return new ServerError('unreachable', `${what}: the server closed the connection before its answer was complete.`);
  if (name === 'SyntaxError')
    return new ServerError('not-opencode', `${what}: the server answered with invalid JSON — is this URL an OpenCode server?`);
  if (err instanceof JsonLimitError)
    return new ServerError(
      'not-opencode',
      `${what}: the server's answer is JSON ${message}, more than the extension reads — is this URL an OpenCode server?`,
    );
  return new ServerError('unreachable', `${what}: cannot reach the server${networkCause(err)}.`);
}

/** fetch's "fetch failed" says nothing: its cause (ECONNREFUSED, ENOTFOUND, a TLS error) is what a user can act on. */
function networkCause(err: unknown): string {
  const cause: unknown = err instanceof Error ? err.cause : undefined;
  const code = typeof cause === 'object' && cause && 'code' in cause ? String(cause.code) : '';
  const words: Record<string, string> = {
    ECONNREFUSED: 'nothing is listening at that address',
    ENOTFOUND: 'the host name is unknown',
    EAI_AGAIN: 'the host name could not be looked up',
    ECONNRESET: 'the connection was reset',
    EHOSTUNREACH: 'the host is unreachable',
    ETIMEDOUT: 'the connection timed out',
    UND_ERR_SOCKET: 'the connection was closed',
  };
  if (words[code]) return ` (${words[code]})`;
  if (/CERT|SSL|TLS/i.test(code)) return ` (TLS: ${code})`;
  const text = cause instanceof Error ? cause.message : err instanceof Error && err.message !== 'fetch failed' ? err.message : '';
  return text ? ` (${text.slice(0, 160)})` : '';
}

/** What an answer of the wrong content type was, in words. */
export function notOpencodeAnswer(contentType: string, expected = 'JSON'): string {
  if (/html/i.test(contentType)) return HTML_PAGE;
  return `the server answered ${contentType ? `"${contentType.slice(0, 60)}"` : 'something'} instead of ${expected}`;
}

function looksLikeHtml(data: unknown): boolean {
  return typeof data === 'string' && /^\s*<(!doctype|html|head|body)/i.test(data);
}

/** The server's own message of an error answer: a JSON `message`, or short plain text; never a page of HTML. */
function detail(error: unknown): string {
  if (!error) return '';
  if (typeof error === 'string') {
    // `[^<>]`: each `<` is read only up to the next one (`<a<a<a…` without `>` was quadratic: 131 ms at 16 KB).
    if (looksLikeHtml(error) || /<\/?[a-z][^<>]*>/i.test(error)) return ' (an HTML page — a login or proxy page?)';
    const line = error.trim().split('\n')[0].slice(0, 200);
    return line ? ` — ${line}` : '';
  }
  if (typeof error === 'object' && 'data' in error) {
    const data = (error as { data?: { message?: unknown } }).data;
    if (typeof data?.message === 'string') return ` — ${data.message.slice(0, 200)}`;
  }
  if (typeof error === 'object' && 'message' in error && typeof error.message === 'string') {
    return ` — ${(error as { message: string }).message.slice(0, 200)}`;
  }
  return '';
}
