// Reads OpenCode Go's usage endpoint (`GET <base>/usage`, Bearer key). Each failure becomes one sentence that says
// what to do; the key is sent only in the Authorization header and never appears in a message.
import { parseGoUsage, type GoUsage } from '../../store/goPlan';
import { readText, send } from '../transport/send';
import { ServerError } from '../transport/serverErrorType';
import { isLoopbackHostname } from '../transport/loopback';
import { withoutTrailingSlashes } from '../transport/endpoint';

export const DEFAULT_GO_BASE_URL = 'https://opencode.ai/zen/go/v1';
const TIMEOUT_MS = 15_000;
/** The answer is a few hundred bytes; anything far larger is not it. */
const MAX_BYTES = 64 * 1024;

export type GoErrorKind = 'offline' | 'unauthorized' | 'noSubscription' | 'rateLimited' | 'server' | 'malformed' | 'insecure';

/**
 * Why the key must not be sent to `baseUrl`, or undefined: https anywhere, plain http only to this machine (a
 * stand-in or a local proxy). The key is a bearer secret: over plain http anyone on the path could read it.
 */
export function goBaseUrlProblem(baseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return `opencodeSessions.go.baseUrl (${baseUrl}) is not a URL`;
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHostname(url.hostname))) return undefined;
  return `opencodeSessions.go.baseUrl must be https: (or http: to this machine); ${url.protocol}//${url.host} would carry the key in the clear, so it was not sent`;
}

export class GoUsageError extends Error {
  constructor(
    readonly kind: GoErrorKind,
    message: string,
    /** 429: when to ask again (ms), from Retry-After. */
    readonly retryAt?: number,
  ) {
    super(message);
  }
}

export async function fetchGoUsage(baseUrl: string, key: string, now = Date.now): Promise<GoUsage> {
  const problem = goBaseUrlProblem(baseUrl);
  if (problem) throw new GoUsageError('insecure', `${problem}.`);
  const url = `${withoutTrailingSlashes(baseUrl)}/usage`;
  let response: Response;
  try {
    response = await send(url, {
      what: 'OpenCode Go usage',
      headers: { authorization: `Bearer ${key}`, accept: 'application/json' },
      timeoutMs: TIMEOUT_MS,
      redirect: 'refuse',
      maxBytes: MAX_BYTES,
    });
  } catch (err) {
    const why =
      err instanceof ServerError
        ? `it answered with a redirect (HTTP ${err.status}), which is not followed`
        : err instanceof Error && err.name === 'TimeoutError'
          ? 'it did not answer within 15 s'
          : 'the network is unreachable';
    throw new GoUsageError(
      'offline',
      `Could not reach OpenCode Go (${hostOf(url)}): ${why}. Check the connection; the figures are read again on the next refresh.`,
    );
  }
  // Undefined past MAX_BYTES: read no further than that, whatever the server declares or sends.
  const text = await readText(response).catch(() => undefined);
  switch (response.status) {
    case 200:
      break;
    case 401:
      throw new GoUsageError(
        'unauthorized',
        'OpenCode Go did not accept the key (401). Run "Set OpenCode Go Key…" with the key from opencode.ai.',
      );
    case 403:
      throw new GoUsageError(
        'noSubscription',
        'This OpenCode Go key has no Go subscription (403). Subscribe at opencode.ai, or remove the key with "Set OpenCode Go Key…".',
      );
    case 429: {
      const retryAt = retryAfter(response.headers.get('retry-after'), now());
      throw new GoUsageError(
        'rateLimited',
        `OpenCode Go asks to wait before reading usage again (429)${retryAt ? `; asking again after ${new Date(retryAt).toISOString()}` : ''}.`,
        retryAt,
      );
    }
    default:
      throw new GoUsageError(
        'server',
        response.status >= 500
          ? `OpenCode Go's usage service failed (${response.status}). Nothing to do here: it is read again on the next refresh.`
          : `OpenCode Go answered ${response.status} to the usage request. Check opencodeSessions.go.baseUrl.`,
      );
  }
  try {
    return parseGoUsage(JSON.parse(text ?? ''));
  } catch (err) {
    throw new GoUsageError(
      'malformed',
      `OpenCode Go's usage answer was not understood: ${err instanceof Error ? err.message : String(err)}.`,
    );
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the configured address';
  }
}

/** Retry-After in seconds or as an HTTP date. */
function retryAfter(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return now + seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : date;
}
