// One OpenCode 2 server's routes (`/api/*`), spoken with plain fetch: JSON answers with the same errors in words
// as every V1 call (a 401, an HTML page, invalid JSON, a timeout), and each read or action sent to the route the
// server's contract names (v2/contract.ts). What V1's v1/client is to the V1 adapter, this is to the V2 one.
import { readText, send } from '../transport/send';
import { parseJson } from '../transport/slicedJson';
import { authHeaders, type ServerEndpoint } from '../transport/endpoint';
import { asServerError, errorBody, ServerError, unwrap } from '../transport/serverError';
import { fillRoute, V2Contract, type Route, type RouteName } from './contract';

const TIMEOUT_MS = 10_000;

export interface V2RequestOptions {
  method?: Route['method'];
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export class V2Client {
  /** Probed until `V2Api.loadContract` reads the server's document, once per connection. */
  contract = V2Contract.probing();

  constructor(readonly endpoint: ServerEndpoint) {}

  /** One request to a path (the answer's JSON, undefined for 204); throws a ServerError for anything else. */
  request(path: string, what: string, options?: V2RequestOptions): Promise<unknown> {
    return v2Request(this.endpoint, path, what, options);
  }

  /**
   * `name` on the route the contract names, its slots filled from `params`. A route the server lacks (probed)
   * moves on to the next; none left, or none documented, fails as "not offered" (a ServerError with `noRoute`).
   */
  async call(name: RouteName, params: Record<string, string>, what: string, options: V2RequestOptions = {}): Promise<unknown> {
    for (;;) {
      const route = this.contract.route(name);
      if (!route) throw notOffered(what);
      try {
        return await this.request(fillRoute(route, params), what, { ...options, method: route.method });
      } catch (err) {
        if (!lacksRoute(err)) throw err;
        if (!this.contract.lacks(name)) throw this.contract.route(name) ? err : notOffered(what);
      }
    }
  }

  /** The route `name` would go to now (the caller shapes its body or reads its answer by it). */
  route(name: RouteName): Route | undefined {
    return this.contract.route(name);
  }
}

/** A 404 with no body (OpenCode 2's answer for an unknown route) or a 405: the server has no such route. */
export function lacksRoute(err: unknown): boolean {
  return err instanceof ServerError && (err.noRoute || err.status === 405);
}

/** A 400 that refuses the body's shape (`InvalidRequestError`): another variant of the body may be the server's. */
export function refusedBody(err: unknown): boolean {
  return err instanceof ServerError && err.status === 400;
}

function notOffered(what: string): ServerError {
  return new ServerError('http', `${what}: this server does not offer it.`, 404, true);
}

/** The parsed JSON answer (undefined for 204 No Content); throws a ServerError for anything else. */
export async function v2Request(endpoint: ServerEndpoint, path: string, what: string, options: V2RequestOptions = {}): Promise<unknown> {
  const url = new URL(endpoint.url + path);
  for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
  const headers: Record<string, string> = { accept: 'application/json', ...authHeaders(endpoint) };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const call = (async () => {
    const response = await send(url, {
      what,
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      timeoutMs: options.timeoutMs ?? TIMEOUT_MS,
      signal: options.signal,
      redirect: 'follow',
    });
    if (response.status === 204) return { noContent: true };
    const text = await readText(response);
    const type = response.headers.get('content-type') ?? '';
    // OpenCode 2 answers an unknown route 404 with nothing; a missing session or message is 404 with its error.
    if (response.status === 404 && !text.trim()) return { noRoute: true };
    if (!response.ok) return { response, error: errorBody(text) };
    // Parsed a slice at a time (slicedJson.ts): a listing of thousands of sessions must not hold the host.
    return { response, data: type.includes('json') ? await parseJson(text) : text };
  })().catch((err: unknown) => {
    throw asServerError(err, what);
  });
  const answered = await call;
  if ('noContent' in answered) return undefined;
  if ('noRoute' in answered) throw new ServerError('http', `${what}: the server has no such route (404).`, 404, true);
  const data = await unwrap(Promise.resolve(answered), what);
  return data === null ? undefined : data;
}
