// What a server is, asked of the server: one reader of its identity answers and one way to ask, for every place
// that asks (which API a connection speaks, the OpenCode 2 service's confirmation, the 127.0.0.1:4096 probe). Only
// OpenCode's own identity counts: another program on a port (a dev server's HTML page, any other JSON) must not pass
// for a server. 1.x answers `{healthy: true, version}` on `/global/health`. A 2.x release answers its web UI's HTML
// on every path outside `/api` (packages/cli/src/services/web-ui.ts@1066927) and `{version, pid, urls, paths}` on
// `/api/info` (packages/protocol/src/groups/server.ts `ServerInfo`, not wrapped in `data`; pid ≥ 0, 0 being a
// runtime without a process), with no `/api/health` (404). The older 2-line build answered only `/api/health`
// (`{healthy, version, pid}`, packages/protocol/src/groups/health.ts@7c3c912); 1.18.33's early V2 answers
// `{healthy: true}` there and its web page on `/api/info`. OpenCode's own client asks `/api/info` the same way
// (packages/client/src/service-probe.ts@1066927, `probeResult()`). The routes are the contracts'
// (v1/contract.ts, v2/contract.ts).
import { readText, send } from '../transport/send';
import { authHeaders, withoutTrailingSlashes, type ServerEndpoint } from '../transport/endpoint';
import { asServerError, checkAnswer, errorBody, ServerError } from '../transport/serverError';
import type { ApiGeneration } from '../serverApi';
import { V1_ROUTES } from '../v1/contract';
import { ROUTES } from '../v2/contract';

/** What a server says it is. */
export interface ServerIdentity {
  generation: ApiGeneration;
  /** Absent where the answer names none (1.18.33's `/api/health`). */
  version?: string;
  /** The process that serves it: `/api/info` always names it, the older build's `/api/health` too. */
  pid?: number;
}

/** The shapes an identity answer takes: V1's health, a 2.x release's info, the older V2 health. */
export type IdentityShape = 'v1Health' | 'v2Info' | 'v2Health';

export interface IdentityRoute {
  shape: IdentityShape;
  path: string;
  /** What a failure says it was. */
  what: string;
}

/** Each generation's identity routes, in the order they are asked. */
export const IDENTITY_ROUTES = {
  v1: [{ shape: 'v1Health', path: V1_ROUTES.health, what: 'Health check' }],
  // ROUTES.info lists the release's route first, the older build's second.
  v2: [
    { shape: 'v2Info', path: ROUTES.info[0].path, what: 'Server info' },
    { shape: 'v2Health', path: ROUTES.info[1].path, what: 'Health check' },
  ],
} as const satisfies Record<ApiGeneration, readonly IdentityRoute[]>;

/** An identity answer is tens of bytes: whatever holds the port cannot make us read more than this. */
const MAX_ANSWER_BYTES = 64 * 1024;
/** A version is a few characters: the rest of a longer one is not shown. */
const MAX_VERSION_CHARS = 40;
/** As every other request of a connection. */
const CHECK_TIMEOUT_MS = 10_000;

/**
 * The identity in one answer's body, read as its route's shape; undefined for anything else. V1's health names its
 * version; `/api/info` its version, its pid and its urls; the older V2 health only needs `healthy: true`.
 */
export function readIdentity(shape: IdentityShape, body: unknown): ServerIdentity | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const { healthy, version, pid, urls } = body as Record<string, unknown>;
  const named = typeof version === 'string' && version ? version : undefined;
  const serving = typeof pid === 'number' && Number.isInteger(pid) && pid >= 0 ? pid : undefined;
  switch (shape) {
    case 'v1Health':
      return healthy === true && named ? { generation: 'v1', version: named } : undefined;
    case 'v2Info':
      return named && serving !== undefined && Array.isArray(urls) ? { generation: 'v2', version: named, pid: serving } : undefined;
    case 'v2Health':
      if (healthy !== true) return undefined;
      return { generation: 'v2', ...(named && { version: named }), ...(serving !== undefined && { pid: serving }) };
  }
}

export interface AskOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /**
   * 'manual' where a port is asked that anyone may hold (an answer from elsewhere must not count); a connection
   * follows redirects, as its other requests do.
   */
  redirect?: 'follow' | 'manual';
}

/** One identity route's answer: an identity, or why not (in the words every other request uses). */
export type IdentityAnswer = {
  route: IdentityRoute;
  /** Undefined when nothing answered (the error says why: a timeout, or nothing reachable). */
  status?: number;
  /** A 401 that asks for HTTP Basic: OpenCode behind its password (its identity routes are behind it too). */
  locked: boolean;
} & ({ identity: ServerIdentity; error?: undefined } | { identity?: undefined; error: ServerError });

/** One identity request, with the endpoint's password: at most 64 KB of its answer is read. */
export async function askIdentity(endpoint: ServerEndpoint, route: IdentityRoute, options: AskOptions): Promise<IdentityAnswer> {
  let response: Response;
  try {
    response = await send(withoutTrailingSlashes(endpoint.url) + route.path, {
      what: route.what,
      headers: authHeaders(endpoint),
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      redirect: options.redirect ?? 'follow',
      maxBytes: MAX_ANSWER_BYTES,
    });
  } catch (err) {
    return { route, locked: false, error: asServerError(err, route.what) };
  }
  try {
    return await readAnswer(route, response);
  } finally {
    // Never leave a body half-read on a keep-alive socket.
    await response.body?.cancel().catch(() => undefined);
  }
}

async function readAnswer(route: IdentityRoute, response: Response): Promise<IdentityAnswer> {
  const status = response.status;
  const locked = status === 401 && /^basic\b/i.test(response.headers.get('www-authenticate') ?? '');
  if (status === 404 || status === 405)
    return {
      route,
      status,
      locked,
      error: new ServerError('http', `${route.what}: the server has no such route (${status}).`, status, true),
    };
  try {
    checkAnswer({ response, error: response.ok ? undefined : errorBody(await readText(response).catch(() => '')) }, route.what);
    const identity = readIdentity(route.shape, JSON.parse(await readText(response)));
    if (identity) return { route, status, locked, identity };
    return {
      route,
      status,
      locked,
      error: new ServerError('not-opencode', `${route.what}: the answer was not OpenCode's — is this URL an OpenCode server?`),
    };
  } catch (err) {
    return { route, status, locked, error: asServerError(err, route.what) };
  }
}

/** An answer, but not this route's identity: a page, other JSON, no such route, a redirect elsewhere. */
function answeredSomethingElse(answer: IdentityAnswer): boolean {
  const status = answer.status;
  if (status === undefined) return false;
  return (status >= 200 && status < 400) || status === 404 || status === 405;
}

/**
 * Who answers at `endpoint`: each generation's identity routes in order (V1's, then a 2.x release's, then the older
 * build's). An answer of something else (a page, other JSON, no such route) moves on to the next route; any other (a
 * 401, a timeout, a 5xx of a server still starting) is this server's own and ends the walk. The answer that names
 * an identity, else the one that ended the walk, else the first generation's last answer.
 */
export async function identify(
  endpoint: ServerEndpoint,
  generations: readonly [ApiGeneration, ...ApiGeneration[]],
  options: AskOptions,
): Promise<IdentityAnswer> {
  let first: IdentityAnswer | undefined;
  for (const generation of generations) {
    let last: IdentityAnswer | undefined;
    for (const route of IDENTITY_ROUTES[generation]) {
      last = await askIdentity(endpoint, route, options);
      if (last.identity || !answeredSomethingElse(last)) return last;
    }
    first ??= last;
  }
  return first!;
}

/**
 * A connection's check: the identity of the first of `generations` that answers one, its version cut for showing;
 * else a ServerError in the words of the first generation (or the server's own refusal: a 401, a timeout).
 */
export async function checkIdentity(
  endpoint: ServerEndpoint,
  generations: readonly [ApiGeneration, ...ApiGeneration[]],
  signal: AbortSignal,
): Promise<ServerIdentity> {
  const answer = await identify(endpoint, generations, { timeoutMs: CHECK_TIMEOUT_MS, signal });
  if (answer.error) throw answer.error;
  const { version } = answer.identity;
  return version === undefined ? answer.identity : { ...answer.identity, version: version.slice(0, MAX_VERSION_CHARS) };
}
