// Turns what client-node throws (ApiException with an HTTP code, a Watch error with statusCode, or a
// node-fetch FetchError for connection/TLS/DNS failures) into a ClusterProblem that says what to do.
import { STATUS_CODES } from 'node:http';
import { ApisApi, type KubeConfig } from '@kubernetes/client-node';
import type { ClusterProblem } from '../kubeBackend';

export const GROUP = 'kubeopencode.io';
export const VERSION = 'v1alpha1';

/** The HTTP status of a failed call, or undefined when no answer came (connection, TLS, timeout). */
export function httpStatus(err: unknown): number | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as { code?: unknown; statusCode?: unknown };
  if (typeof e.statusCode === 'number') return e.statusCode;
  // ApiException puts the HTTP status in `code`; FetchError puts a string such as ECONNREFUSED there.
  if (typeof e.code === 'number') return e.code;
  return undefined;
}

/** A Status body is a few hundred bytes: a longer one is not parsed (one JSON.parse would hold the host). */
const MAX_STATUS_CHARS = 16 * 1024;
/** What of a message a tree item, a tooltip or a log line shows. */
const MAX_MESSAGE_CHARS = 500;

/** The apiserver's Status message when the body has one, else the error's own message; at most 500 characters. */
export function errorMessage(err: unknown): string {
  const message = fullErrorMessage(err);
  return message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS)}…` : message;
}

function fullErrorMessage(err: unknown): string {
  const body = (err as { body?: unknown } | undefined)?.body;
  if (typeof body === 'string' && body.length <= MAX_STATUS_CHARS) {
    try {
      const status = JSON.parse(body) as { message?: unknown };
      if (typeof status.message === 'string' && status.message) return status.message;
    } catch {
      // not JSON: fall through
    }
  }
  if (body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string')
    return (body as { message: string }).message;
  // An ApiException without a Status body (a 401, say): its own message is a dump of headers.
  const status = httpStatus(err);
  if (status !== undefined) return `HTTP ${status} ${STATUS_CODES[status] ?? ''}`.trim();
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    if (err.name === 'AbortError') return 'the request timed out';
    return typeof code === 'string' && !err.message.includes(code) ? `${err.message} (${code})` : err.message;
  }
  // client-node rejects a failed websocket handshake with the `ws` ErrorEvent, whose message carries the status.
  const message = (err as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && message ? message : String(err);
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|SSL|EPROTO/i;

export interface ProblemScope {
  server: string;
  context: string;
  /** Undefined: the cluster-wide list. */
  namespace?: string;
  plural: string;
}

function where(scope: ProblemScope): string {
  return scope.namespace ? `in namespace "${scope.namespace}"` : 'in all namespaces';
}

/** A list the API server paged without end (resourceStream.ts): it answers, so no advice about the network. */
export class EndlessListError extends Error {
  override readonly name = 'EndlessListError';
}

export function unreachable(err: unknown, scope: ProblemScope): ClusterProblem {
  const status = httpStatus(err);
  const said = errorMessage(err);
  // The sentence below ends the reason: one full stop, not two.
  const reason = said.endsWith('.') ? said.slice(0, -1) : said;
  if (err instanceof EndlessListError)
    return {
      kind: 'unreachable',
      message: `The API server at ${scope.server} answered, but its list of kubeopencode ${scope.plural} ${where(scope)} ${reason}. Retrying.`,
    };
  if (status !== undefined) {
    return {
      kind: 'unreachable',
      message: `The API server at ${scope.server} answered ${status} (${reason}) for kubeopencode ${scope.plural} ${where(scope)}. Retrying.`,
    };
  }
  const rawCode = (err as { code?: unknown } | undefined)?.code;
  const code = typeof rawCode === 'string' || typeof rawCode === 'number' ? String(rawCode) : '';
  const hint =
    TLS_CODES.test(code) || TLS_CODES.test(reason)
      ? "Its TLS certificate is not trusted: check the cluster's certificate-authority in the kubeconfig."
      : 'Check that the cluster is running and your network or VPN reaches it.';
  return { kind: 'unreachable', message: `Cannot reach the API server at ${scope.server}: ${reason}. ${hint} Retrying.` };
}

export function unauthorized(scope: ProblemScope): ClusterProblem {
  return {
    kind: 'unauthorized',
    message: `The API server at ${scope.server} rejected the credentials of context "${scope.context}" (401 Unauthorized). Log in again or refresh the token in your kubeconfig.`,
  };
}

export function forbidden(err: unknown, scope: ProblemScope): ClusterProblem {
  return {
    kind: 'forbidden',
    message: `Not allowed to read kubeopencode ${scope.plural} ${where(scope)}: ${errorMessage(err)}. Ask for get, list and watch on agents and tasks (${GROUP}), or show another namespace.`,
  };
}

export const crdsMissing = (): ClusterProblem => ({
  kind: 'crdsMissing',
  message: `kubeopencode is not installed on this cluster (no ${GROUP} API group). Install kubeopencode, or pick another context.`,
});

/**
 * A 404 on kubeopencode's routes means its CRDs are missing only if discovery agrees; a group that exists
 * without v1alpha1 is another kubeopencode version. Undefined: discovery has the group (the 404 is something else).
 */
export async function confirmCrdsMissing(kc: KubeConfig): Promise<ClusterProblem | undefined> {
  const list = await kc.makeApiClient(ApisApi).getAPIVersions();
  const group = list.groups.find((g) => g.name === GROUP);
  if (!group) return crdsMissing();
  const versions = group.versions.map((v) => v.version);
  if (versions.includes(VERSION)) return undefined;
  return {
    kind: 'crdsMissing',
    message: `kubeopencode on this cluster serves ${GROUP} ${versions.join(', ')}, not ${VERSION}, which this extension reads. Update the extension or kubeopencode.`,
  };
}
