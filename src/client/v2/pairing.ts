// Pairing with an OpenCode 2 server by a short code (packages/protocol/src/groups/server.ts@8f1e7f9: `server.pair`,
// `server.connect`). A client that already has the password asks `POST /api/pair` → `{code, expires_in}` and shows
// the code; a new client redeems it once with `GET /auth/connect/{code}` (Accept: application/json) → `{token}`, a
// session token used as the Basic password for user `opencode` (browsers get a cookie instead). The connect route is
// the one path a 2.x server answers without credentials (packages/server/src/process.ts, `dispatch` and
// `isPairingConnectURL`). A used or expired code is 401 `UnauthorizedError` "Pairing link expired or already used"
// (packages/server/src/handlers/server.ts); a server without the route refuses it at its credential check instead:
// 401 "Authentication required", with `www-authenticate` only for clients that send no `sec-fetch-mode` (Node's fetch
// sends one) (packages/server/src/middleware/authorization.ts, `unauthorizedResponse`).
// Everything here reads a server the user has only named: answers are capped, parsed in slices, and never logged.
import { readText, send } from '../transport/send';
import { parseJson } from '../transport/slicedJson';
import { RouteTable } from './openApiRoutes';
import { fillRoute, ROUTES } from './contract';

/** A token or an error is tens of bytes: whatever answers cannot make the extension read more than this. */
export const MAX_PAIRING_ANSWER_BYTES = 64 * 1024;
/** Longer is no session token (2.x's are tens of characters); refused rather than stored. */
export const MAX_TOKEN_CHARS = 4096;
/** Longer is no pairing code (2.x's are short, typed by hand). */
export const MAX_CODE_CHARS = 128;
/** The route the document must name for the server to offer pairing. */
export const CONNECT_ROUTE = ROUTES.connect[0].path;
/** What the credential check says (authorization.ts `UNAUTHORIZED_MESSAGE`): the route asked for a password. */
const CREDENTIALS_REQUIRED = 'Authentication required';
const DEFAULT_TIMEOUT_MS = 15_000;

export type PairingOffer =
  | { kind: 'offered' }
  | { kind: 'notOffered'; why: string }
  /** The document needs credentials to be read (every 2.x server): the code's answer decides. */
  | { kind: 'unknown' }
  | { kind: 'unreachable'; reason: string };

export type PairingResult =
  | { kind: 'paired'; token: string }
  /** The server took the route but refused the code: it expired or was used. */
  | { kind: 'refused' }
  | { kind: 'notOffered'; why: string }
  | { kind: 'failed'; reason: string };

/** The code as typed, trimmed; undefined when it cannot be one (empty, spaces inside, a slash, too long). */
export function pairingCode(input: string): string | undefined {
  const code = input.trim();
  // `.` and `..` are left as they are by encodeURIComponent and would move the request to another path.
  if (!code || code.length > MAX_CODE_CHARS || code === '.' || code === '..') return undefined;
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    // Controls, spaces and slashes: the code is one path segment.
    if (c <= 0x20 || c === 0x7f || c === 0x2f || c === 0x5c) return undefined;
  }
  return code;
}

/**
 * A pairing link (`http://host:port/auth/connect/CODE`, what `opencode pair` shows) as the server's URL and its
 * code; undefined for anything else.
 */
export function pairingLink(input: string): { url: string; code: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(input.trim());
  } catch {
    return undefined;
  }
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.username || parsed.password) return undefined;
  // The route up to its `{code}` slot.
  const prefix = CONNECT_ROUTE.slice(0, CONNECT_ROUTE.indexOf('{'));
  if (!parsed.pathname.startsWith(prefix)) return undefined;
  let segment: string;
  try {
    segment = decodeURIComponent(parsed.pathname.slice(prefix.length));
  } catch {
    return undefined;
  }
  const code = pairingCode(segment);
  return code ? { url: parsed.origin, code } : undefined;
}

/** Whether a document's routes include pairing: the route that redeems a code. */
export function documentOffersPairing(table: RouteTable): boolean {
  return table.has('GET', CONNECT_ROUTE);
}

/**
 * What the server's own document (`GET /openapi.json`, asked without credentials) says of pairing. 2.x asks
 * credentials for it, so on a 2.x server this is `unknown` and the code's answer decides.
 */
export async function readPairingOffer(url: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<PairingOffer> {
  let response: Response;
  try {
    response = await send(`${url}/openapi.json`, {
      what: 'The server’s API document',
      headers: { accept: 'application/json' },
      timeoutMs,
      redirect: 'manual',
    });
  } catch (error) {
    return { kind: 'unreachable', reason: unreachable(url, error) };
  }
  try {
    if (!response.ok || !isJson(response)) return { kind: 'unknown' };
    const table = await RouteTable.read(await parseJson(await readText(response)));
    if (!table) return { kind: 'unknown' };
    return documentOffersPairing(table)
      ? { kind: 'offered' }
      : { kind: 'notOffered', why: `its API document (GET /openapi.json) names no ${CONNECT_ROUTE} route` };
  } catch {
    // Past the caps, or not JSON: no answer about pairing; the code's answer decides.
    return { kind: 'unknown' };
  } finally {
    await response.body?.cancel().catch(() => undefined);
  }
}

/** Redeems `code` once at `url`'s connect route, without credentials, as a JSON client. */
export async function redeemPairingCode(url: string, code: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<PairingResult> {
  let response: Response;
  try {
    response = await send(url + fillRoute(ROUTES.connect[0], { code }), {
      what: 'The pairing answer',
      headers: { accept: 'application/json' },
      timeoutMs,
      // A browser's answer is a redirect with a cookie: never followed, it is not ours.
      redirect: 'manual',
      maxBytes: MAX_PAIRING_ANSWER_BYTES,
    });
  } catch (error) {
    return { kind: 'failed', reason: unreachable(url, error) };
  }
  try {
    let text = '';
    try {
      if (isJson(response)) text = await readText(response);
    } catch {
      // Past the cap, or cut off: no token can be in it.
      const kb = MAX_PAIRING_ANSWER_BYTES / 1024;
      return { kind: 'failed', reason: `its answer to ${CONNECT_ROUTE} is larger than ${kb} KB or cut off, not a pairing answer` };
    }
    let body: unknown;
    try {
      body = text ? await parseJson(text) : undefined;
    } catch {
      body = undefined;
    }
    return pairingAnswer(response.status, response.headers.has('www-authenticate'), body);
  } finally {
    await response.body?.cancel().catch(() => undefined);
  }
}

/**
 * What the connect route's answer means (`body`: its JSON, undefined when it was none): a token, a refused code,
 * a server that does not offer pairing, or another failure in words.
 */
export function pairingAnswer(status: number, challenged: boolean, body: unknown): PairingResult {
  const record = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  if (status >= 200 && status < 300) {
    const token = record?.token;
    if (typeof token === 'string' && token.length > 0 && token.length <= MAX_TOKEN_CHARS && !hasControl(token))
      return { kind: 'paired', token };
    // A web page (1.x, or a 2.x build without the route serves its UI on every other path) or another answer.
    return { kind: 'notOffered', why: `${CONNECT_ROUTE} answers no session token` };
  }
  if (status === 401) {
    // The credential check refused the route: it is not the pairing route's own refusal.
    if (challenged || record?.message === CREDENTIALS_REQUIRED || record?._tag !== 'UnauthorizedError')
      return { kind: 'notOffered', why: `it asks for a password on ${CONNECT_ROUTE}` };
    return { kind: 'refused' };
  }
  if (status === 404 || status === 405) return { kind: 'notOffered', why: `it has no ${CONNECT_ROUTE} route (HTTP ${status})` };
  if (status >= 300 && status < 400)
    return { kind: 'notOffered', why: `${CONNECT_ROUTE} redirects (HTTP ${status}) instead of answering a token` };
  return { kind: 'failed', reason: `the server answered HTTP ${status}` };
}

function isJson(response: Response): boolean {
  return (response.headers.get('content-type') ?? '').toLowerCase().includes('json');
}

function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

function unreachable(url: string, error: unknown): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `${url} did not answer in time`;
  return `nothing answers at ${url}`;
}
