// A loopback HTTP relay to an Agent's OpenCode server through an HTTP proxy route that takes the user's cluster
// credentials: the kube-apiserver's service proxy, or kubeopencode-server's Agent proxy. The OpenCode client talks
// plain HTTP to 127.0.0.1; the relay adds the credentials (computed by client-node from the kubeconfig) on the way
// out. A random Basic-auth password guards it, so other local processes cannot borrow those credentials. Bodies
// stream both ways, unbuffered, so SSE works.
import {
  createServer,
  request as httpRequest,
  type ClientRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { Socket } from 'node:net';
import type { AgentRelay, BackendLogger } from '../kubeBackend';
import { newRelayAuth } from './relayAuth';

const HOP_BY_HOP = new Set([
  'authorization',
  'host',
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function forwardable(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  // Headers named in `Connection` are hop-by-hop too.
  const named = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  );
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value !== undefined && !HOP_BY_HOP.has(lower) && !named.has(lower)) out[name] = value;
  }
  return out;
}

export interface HttpRelayRoute {
  /** The route's base URL; the OpenCode path and query are appended. */
  base: string;
  /** Who answers there, for messages: "the Kubernetes API server", "kubeopencode-server". */
  name: string;
  /** Its address, for messages. */
  server: string;
  /** Adds the user's credentials (and TLS settings) to a request's options. */
  authorize(options: RequestOptions): Promise<void>;
  /** For the log: namespace/agent. */
  label: string;
}

export async function openHttpRelay(route: HttpRelayRoute, log: BackendLogger): Promise<AgentRelay> {
  const { base } = route;
  const auth = newRelayAuth();
  const upstreams = new Set<ClientRequest>();
  const sockets = new Set<Socket>();

  /** Errors of a connection that could not be made at all. */
  const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT']);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!auth.accepts(req.headers.authorization)) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="opencode"', 'content-type': 'text/plain' }).end('Unauthorized');
      req.resume();
      return;
    }
    const url = new URL(base + (req.url ?? '/'));
    const options: RequestOptions = { method: req.method, headers: forwardable(req.headers) };
    try {
      await route.authorize(options);
    } catch (err) {
      return fail(res, `cannot authenticate to ${route.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
    const upstream = send(url, options);
    upstreams.add(upstream);
    upstream.on('close', () => upstreams.delete(upstream));
    upstream.on('response', (answer) => {
      // kubeopencode's servers have no password, so a 401 here is the route refusing the kubeconfig's
      // credentials: passed through, it would read as "this OpenCode server wants a password".
      if (answer.statusCode === 401) {
        answer.resume();
        return fail(res, `${route.name} refused the kubeconfig credentials (401); choose another context or log in again`);
      }
      // The route's own errors (503 no endpoints, 502 a suspended Agent, 404, 403) pass through with their status and body.
      res.writeHead(answer.statusCode ?? 502, forwardable(answer.headers));
      // An event stream that has sent nothing yet is already open for the client.
      res.flushHeaders();
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    });
    let clientGone = false;
    upstream.on('error', (err: NodeJS.ErrnoException) => {
      if (res.headersSent) res.destroy();
      // Ended because the client went away (a stream closed, a reconnect): nothing failed.
      else if (clientGone) res.end();
      // Only a connection that could not be made is the route's: the rest happened behind it.
      else if (UNREACHABLE.has(err.code ?? '')) fail(res, `cannot reach ${route.name} at ${route.server}: ${err.message}`);
      else fail(res, `the Agent did not answer through ${route.name}: ${err.message}`);
    });
    // The client went away: end the upstream request, and its event stream with it.
    res.on('close', () => {
      clientGone = !res.writableFinished;
      upstream.destroy();
    });
    req.pipe(upstream);
  };

  // The same failure again (every retry of an Agent that stays down) is logged once, until another one.
  let logged: string | undefined;
  const fail = (res: ServerResponse, message: string) => {
    if (message !== logged) log.warn(`relay ${route.label}: ${message}`);
    logged = message;
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(message);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => fail(res, err instanceof Error ? err.message : String(err)));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  log.info(`relay ${route.label}: ${url} -> ${base}`);

  return {
    url,
    password: auth.password,
    via: base,
    dispose: () => {
      server.close();
      for (const upstream of upstreams) upstream.destroy();
      for (const socket of sockets) socket.destroy();
    },
  };
}
