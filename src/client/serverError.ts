// One error type for every way a server call can fail, with a message a user can act on.
export type ServerErrorKind = 'unauthorized' | 'unreachable' | 'not-opencode' | 'http';

export class ServerError extends Error {
  constructor(
    readonly kind: ServerErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ServerError';
  }
}

interface SdkResult<T> {
  data?: T;
  error?: unknown;
  response?: Response;
}

/**
 * Unwraps a v2 SDK result (`{data, error, response}`; network failures arrive as `error`, not thrown).
 * Unknown routes answer 200 text/html (the web UI), so a non-JSON answer means "not an OpenCode API".
 */
export async function unwrap<T>(call: Promise<SdkResult<T>>, what: string): Promise<T> {
  let result: SdkResult<T>;
  try {
    result = await call;
  } catch (err) {
    throw asServerError(err, what);
  }
  const response = result.response;
  if (response?.status === 401) throw new ServerError('unauthorized', `${what}: the server asked for a password (401).`, 401);
  if (response && !response.ok) {
    throw new ServerError('http', `${what}: HTTP ${response.status}${detail(result.error)}`, response.status);
  }
  if (response && !(response.headers.get('content-type') ?? '').includes('json')) {
    throw new ServerError('not-opencode', `${what}: the answer was not JSON — is this URL an OpenCode server?`);
  }
  if (result.error !== undefined || result.data === undefined) {
    if (!response) throw asServerError(result.error, what);
    throw new ServerError('not-opencode', `${what}: unexpected answer${detail(result.error)}`);
  }
  return result.data;
}

export function asServerError(err: unknown, what: string): ServerError {
  if (err instanceof ServerError) return err;
  const name = err instanceof Error ? err.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') return new ServerError('unreachable', `${what}: no answer in time.`);
  const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : err instanceof Error ? `: ${err.message}` : '';
  return new ServerError('unreachable', `${what}: cannot reach the server${cause}`);
}

function detail(error: unknown): string {
  if (!error) return '';
  if (typeof error === 'string') return error ? ` — ${error.slice(0, 200)}` : '';
  if (typeof error === 'object' && error && 'data' in error) {
    const data = (error as { data?: { message?: unknown } }).data;
    if (typeof data?.message === 'string') return ` — ${data.message.slice(0, 200)}`;
  }
  return '';
}
