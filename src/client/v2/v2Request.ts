// One JSON request to a V2 route (`/api/*`), with the same errors in words as every SDK call (unwrap):
// a 401, an HTML page, invalid JSON, a timeout. Plain fetch, because 2.x answers shapes the 1.18 SDK's
// types do not know ({items, cursor} pages, /api/info); the parsers in ../v2 read both.
import { readCappedText } from '../cappedBody';
import { deadline, release } from '../deadline';
import { authHeaders, type ServerEndpoint } from '../endpoint';
import { asServerError, ServerError, unwrap } from '../serverError';

const TIMEOUT_MS = 10_000;

export interface V2RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** One server's V2 routes, its endpoint bound: what the V2 adapter's parts are given to call. */
export type V2Requester = (path: string, what: string, options?: V2RequestOptions) => Promise<unknown>;

/** The parsed JSON answer (undefined for 204 No Content); throws a ServerError for anything else. */
export async function v2Request(endpoint: ServerEndpoint, path: string, what: string, options: V2RequestOptions = {}): Promise<unknown> {
  const url = new URL(endpoint.url + path);
  for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
  const headers: Record<string, string> = { accept: 'application/json', ...authHeaders(endpoint) };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const limit = deadline(options.timeoutMs ?? TIMEOUT_MS, options.signal);
  const call = (async () => {
    const response = await fetch(url, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: limit,
    });
    if (response.status === 204) return { response: noContent(), data: null };
    const text = await readCappedText(response, what);
    const type = response.headers.get('content-type') ?? '';
    // OpenCode 2 answers an unknown route 404 with nothing; a missing session or message is 404 with its error.
    if (response.status === 404 && !text.trim()) return { noRoute: true };
    if (!response.ok) return { response, error: readError(text) };
    return { response, data: type.includes('json') ? (JSON.parse(text) as unknown) : text };
  })()
    .finally(() => release(limit))
    .catch((err: unknown) => {
      throw asServerError(err, what);
    });
  const answered = await call;
  if ('noRoute' in answered) throw new ServerError('http', `${what}: the server has no such route (404).`, 404, true);
  const data = await unwrap(Promise.resolve(answered), what);
  return data === null ? undefined : data;
}

/** `{data: …}` in 1.18 and 2.x single-item answers; the item itself otherwise. */
export function dataOf(answer: unknown): unknown {
  return typeof answer === 'object' && answer !== null && 'data' in answer ? answer.data : answer;
}

/** A 204 carries no content type; unwrap must not read it as "not JSON". */
function noContent(): Response {
  return new Response(null, { status: 200, headers: { 'content-type': 'application/json' } });
}

/** 2.x errors are `{_tag, message}`, 1.x `{name, data: {message}}`; either reaches the user as its message. */
function readError(text: string): unknown {
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed;
  } catch {
    return text;
  }
}
